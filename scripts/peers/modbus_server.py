#!/usr/bin/env python3
"""A pymodbus 3.16 Modbus/TCP server on 127.0.0.1 for the guard tests.

Holding registers 0..99 of unit 1 start at 1000 + address. Prints "ready PORT" once it accepts
connections, then serves until stdin closes.
"""
import asyncio
import logging
import socket
import sys

from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def main() -> None:
    logging.disable(logging.CRITICAL)
    device = SimDevice(id=1, simdata=[SimData(0, values=[1000 + n for n in range(100)], datatype=DataType.REGISTERS)])
    port = free_port()
    server = ModbusTcpServer(device, address=("127.0.0.1", port))
    task = asyncio.create_task(server.serve_forever())
    for _ in range(100):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            break
        except OSError:
            await asyncio.sleep(0.05)
    print(f"ready {port}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.shutdown()
    task.cancel()


asyncio.run(main())
