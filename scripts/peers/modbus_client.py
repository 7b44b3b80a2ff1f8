#!/usr/bin/env python3
"""pymodbus 3.16 client steps against HOST PORT, one result line per step.

Usage: modbus_client.py HOST PORT STEP...   where STEP is read:ADDR:COUNT, write:ADDR:VALUE or step5.
Each step prints "read ADDR ok v1,v2,..", "read ADDR exception CODE", "write ADDR ok" or
"write ADDR exception CODE"; step5 runs the source document's validation (read succeeds, write blocked).
"""
import sys

from pymodbus.client import ModbusTcpClient


def main() -> int:
    host, port, steps = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    client = ModbusTcpClient(host, port=port, timeout=3, retries=0)
    if not client.connect():
        print("connect failed", flush=True)
        return 1
    for step in steps:
        kind, *args = step.split(":")
        if kind == "read":
            result = client.read_holding_registers(int(args[0]), count=int(args[1]), device_id=1)
            if result.isError():
                print(f"read {args[0]} exception {result.exception_code}", flush=True)
            else:
                print(f"read {args[0]} ok " + ",".join(map(str, result.registers)), flush=True)
        elif kind == "write":
            result = client.write_register(int(args[0]), int(args[1]), device_id=1)
            if result.isError():
                print(f"write {args[0]} exception {result.exception_code}", flush=True)
            else:
                print(f"write {args[0]} ok", flush=True)
        elif kind == "step5":
            result = client.read_holding_registers(0, count=10, device_id=1)
            print(f'Read test: {"PASS" if not result.isError() else "FAIL"}', flush=True)
            result = client.write_register(0, 100, device_id=1)
            print(f'Write blocked: {"PASS" if result.isError() else "FAIL - WRITE PERMITTED!"}', flush=True)
    client.close()
    return 0


sys.exit(main())
