#!/usr/bin/env python3
"""Writes the synthetic captures, the malformed-capture corpus and the Zeek log pair used by FlowBaselineTests.

Synthetic captures cover what the public captures lack: 802.1Q and QinQ tags, IPv6, Linux cooked (SLL, SLL2),
pcapng with two interfaces and both byte orders, nanosecond timestamps and a truncated last record.
The Zeek conn.log/modbus.log pair is derived from tshark's reading of modbusSmall.pcap.
"""
import struct, subprocess, sys, os
from collections import OrderedDict

here = os.path.join(os.path.dirname(__file__), "..", "Tests", "FlowBaselineTests", "Fixtures")

def ipv4(src, dst, proto, payload):
    total = 20 + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 1, 0, 64, proto, 0, bytes(src), bytes(dst))
    return hdr + payload

def ipv6(src, dst, proto, payload):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), proto, 64, bytes(src), bytes(dst)) + payload

def tcp(sport, dport, flags, payload=b"", seq=1, ack=0):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 8192, 0, 0) + payload

def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload

def modbus(tid, unit, fc, data):
    return struct.pack("!HHHBB", tid, 0, 2 + len(data), unit, fc) + data

def eth(dst, src, ethertype, payload, tags=()):
    out = bytes(dst) + bytes(src)
    for tpid, vid in tags:
        out += struct.pack("!HH", tpid, vid)
    return out + struct.pack("!H", ethertype) + payload

MAC_PLC = [0x00, 0x0E, 0x8C, 0x01, 0x02, 0x03]   # Siemens OUI
MAC_HMI = [0x00, 0x50, 0x56, 0x0A, 0x0B, 0x0C]   # VMware OUI
A = [198, 18, 0, 10]
B = [198, 18, 0, 20]
A6 = [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0A]
B6 = [0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x14]

def modbus_exchange():
    """A client at A reads holding registers (FC 3) and writes one register (FC 6) on B:502."""
    q1, r1 = modbus(1, 1, 3, struct.pack("!HH", 0, 2)), modbus(1, 1, 3, bytes([4, 0, 1, 0, 2]))
    q2, r2 = modbus(2, 1, 6, struct.pack("!HH", 5, 99)), modbus(2, 1, 6 | 0x80, bytes([2]))
    c, s = 1000, 5000
    return [
        (A, B, tcp(40000, 502, 0x02, seq=c)),
        (B, A, tcp(502, 40000, 0x12, seq=s, ack=c + 1)),
        (A, B, tcp(40000, 502, 0x18, q1, seq=c + 1, ack=s + 1)),
        (B, A, tcp(502, 40000, 0x18, r1, seq=s + 1, ack=c + 1 + len(q1))),
        (A, B, tcp(40000, 502, 0x18, q2, seq=c + 1 + len(q1), ack=s + 1 + len(r1))),
        (B, A, tcp(502, 40000, 0x18, r2, seq=s + 1 + len(r1), ack=c + 1 + len(q1) + len(q2))),
    ]

def pcap(path, linktype, frames, big_endian=False, nanos=False, snaplen=65535, cut_last=0):
    order = ">" if big_endian else "<"
    magic = 0xA1B23C4D if nanos else 0xA1B2C3D4
    out = struct.pack(order + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)
    for index, frame in enumerate(frames):
        seconds, frac = 1700000000 + index, (123456789 if nanos else 123456)
        out += struct.pack(order + "IIII", seconds, frac, len(frame), len(frame)) + frame
    if cut_last:
        out = out[:-cut_last]
    open(path, "wb").write(out)

def pcapng_block(order, btype, body):
    body += b"\0" * ((4 - len(body) % 4) % 4)
    length = 12 + len(body)
    return struct.pack(order + "II", btype, length) + body + struct.pack(order + "I", length)

def pcapng_section(order, interfaces, packets):
    out = pcapng_block(order, 0x0A0D0D0A, struct.pack(order + "IHHq", 0x1A2B3C4D, 1, 0, -1))
    for linktype, tsresol in interfaces:
        options = struct.pack(order + "HHB3x", 9, 1, tsresol) + struct.pack(order + "HH", 0, 0)
        out += pcapng_block(order, 1, struct.pack(order + "HHI", linktype, 0, 0) + options)
    for kind, interface, stamp, frame in packets:
        if kind == "spb":
            out += pcapng_block(order, 3, struct.pack(order + "I", len(frame)) + frame)
        else:
            out += pcapng_block(order, 6, struct.pack(order + "IIIII", interface, stamp >> 32, stamp & 0xFFFFFFFF, len(frame), len(frame)) + frame)
    return out

def synthetic():
    out = os.path.join(here, "synthetic")
    exchange = modbus_exchange()
    # 802.1Q (VLAN 10) and QinQ (outer 100, inner 20) tagged Ethernet.
    frames = []
    for index, (src, dst, segment) in enumerate(exchange):
        tags = [(0x8100, 10)] if index < 3 else [(0x88A8, 100), (0x8100, 20)]
        smac, dmac = (MAC_HMI, MAC_PLC) if src == A else (MAC_PLC, MAC_HMI)
        frames.append(eth(dmac, smac, 0x0800, ipv4(src, dst, 6, segment), tags))
    pcap(os.path.join(out, "vlan-qinq.pcap"), 1, frames)
    # IPv6 over Ethernet, nanosecond timestamps, big-endian file.
    frames = []
    for src, dst, segment in exchange:
        s6, d6 = (A6, B6) if src == A else (B6, A6)
        smac, dmac = (MAC_HMI, MAC_PLC) if src == A else (MAC_PLC, MAC_HMI)
        frames.append(eth(dmac, smac, 0x86DD, ipv6(s6, d6, 6, segment)))
    pcap(os.path.join(out, "ipv6-ns-bigendian.pcap"), 1, frames, big_endian=True, nanos=True)
    # Linux cooked capture v1 and v2.
    sll = [struct.pack("!HHH8sH", 0 if src == B else 4, 1, 6, bytes((MAC_HMI if src == A else MAC_PLC) + [0, 0]), 0x0800) + ipv4(src, dst, 6, seg) for src, dst, seg in exchange]
    pcap(os.path.join(out, "sll.pcap"), 113, sll)
    sll2 = [struct.pack("!HHIHBB8s", 0x0800, 0, 2, 1, 0, 6, bytes((MAC_HMI if src == A else MAC_PLC) + [0, 0])) + ipv4(src, dst, 6, seg) for src, dst, seg in exchange]
    pcap(os.path.join(out, "sll2.pcap"), 276, sll2)
    # Raw IP with the last record cut short: five packets read, then a record-past-end error.
    raw = [ipv4(src, dst, 6, seg) for src, dst, seg in exchange]
    pcap(os.path.join(out, "raw-truncated.pcap"), 101, raw, cut_last=10)
    # pcapng: a little-endian section with Ethernet (µs) and raw IP (ns) interfaces, EPB and SPB,
    # then a big-endian section with one Ethernet interface.
    packets = []
    for index, (src, dst, seg) in enumerate(exchange[:4]):
        smac, dmac = (MAC_HMI, MAC_PLC) if src == A else (MAC_PLC, MAC_HMI)
        if index % 2 == 0:
            packets.append(("epb", 0, 1700000000_000000 + index, eth(dmac, smac, 0x0800, ipv4(src, dst, 6, seg))))
        else:
            packets.append(("epb", 1, 1700000000_000000000 + index, ipv4(src, dst, 6, seg)))
    packets.append(("spb", 0, 0, eth(MAC_PLC, MAC_HMI, 0x0800, ipv4(A, B, 17, udp(50000, 123, bytes([0x23]) + bytes(47))))))
    data = pcapng_section("<", [(1, 6), (101, 9)], packets)
    smac, dmac = MAC_PLC, MAC_HMI
    data += pcapng_section(">", [(1, 6)], [("epb", 0, 1700000001_000000 + i, eth(dmac, smac, 0x0800, ipv4(src, dst, 6, seg))) for i, (src, dst, seg) in enumerate(exchange[4:])])
    open(os.path.join(out, "two-interfaces.pcapng"), "wb").write(data)

def nasty():
    out = os.path.join(here, "nasty")
    good = open(os.path.join(here, "synthetic", "vlan-qinq.pcap"), "rb").read()
    cases = {
        "empty.bin": b"",
        "bad-magic.bin": b"GIF89a" + bytes(64),
        "short-header.pcap": good[:20],
        "zero-snaplen.pcap": good[:16] + struct.pack("<I", 0) + good[20:],
        "huge-record.pcap": good[:24] + struct.pack("<IIII", 1, 0, 0x7FFFFFFF, 0x7FFFFFFF) + bytes(32),
        "record-past-end.pcap": good[:24] + struct.pack("<IIII", 1, 0, 500, 500) + bytes(40),
        "partial-record-header.pcap": good[:24 + 7],
        "pcapng-bad-bom.pcapng": struct.pack("<IIIHHq", 0x0A0D0D0A, 28, 0x11223344, 1, 0, -1) + struct.pack("<I", 28),
        "pcapng-bad-length.pcapng": struct.pack("<IIIHHq", 0x0A0D0D0A, 27, 0x1A2B3C4D, 1, 0, -1) + struct.pack("<I", 27),
        "pcapng-unknown-interface.pcapng": pcapng_section("<", [], [("epb", 3, 0, b"\x45" + bytes(30))]),
        "pcapng-spb-first.pcapng": pcapng_section("<", [], [("spb", 0, 0, bytes(20))]),
        "garbage-frames.pcap": good[:24] + b"".join(struct.pack("<IIII", 1, 0, n, n) + bytes([0x45, 0x08, 0x00, 0x45] * n)[:n] for n in range(0, 80, 3)),
    }
    for name, data in cases.items():
        open(os.path.join(out, name), "wb").write(data)

def zeek():
    """conn.log and modbus.log (Zeek TSV layout) for modbusSmall.pcap, from tshark's dissection."""
    capture = os.path.join(here, "captures", "modbusSmall.pcap")
    fields = ["frame.time_epoch", "tcp.stream", "ip.src", "tcp.srcport", "ip.dst", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "ip.len", "modbus.func_code", "mbtcp.unit_id"]
    rows = subprocess.run(["tshark", "-r", capture, "-T", "fields", "-E", "separator=\t"] + sum((["-e", f] for f in fields), []),
                          check=True, capture_output=True, text=True).stdout.splitlines()
    streams = OrderedDict()
    modbus_rows = []
    for line in rows:
        ts, stream, src, sport, dst, dport, syn, ack, iplen, funcs, units = (line.split("\t") + [""] * 11)[:11]
        if not stream:
            continue
        entry = streams.get(stream)
        if entry is None:
            client_is_src = (syn in ("1", "True") and ack in ("0", "False")) or dport == "502"
            orig = (src, sport, dst, dport) if client_is_src else (dst, dport, src, sport)
            entry = streams[stream] = {"ts": float(ts), "last": float(ts), "orig": orig, "op": 0, "rp": 0, "ob": 0, "rb": 0}
        entry["last"] = float(ts)
        from_orig = (src, sport) == entry["orig"][:2]
        entry["op" if from_orig else "rp"] += 1
        entry["ob" if from_orig else "rb"] += int(iplen or 0)
        for func, unit in zip(funcs.split(",") if funcs else [], (units.split(",") if units else []) + [""] * 8):
            code = int(func)
            name = MODBUS_NAMES.get(code, "UNKNOWN-%d" % code)
            modbus_rows.append((ts, "C%s" % stream) + entry["orig"] + ("-", unit or "-", name, "REQ" if from_orig else "RESP", "-"))
    conn = ["#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-", "#path\tconn",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents"]
    for stream, e in streams.items():
        conn.append("\t".join([("%.6f" % e["ts"]), "C" + stream] + list(e["orig"]) + ["tcp", "modbus", "%.6f" % (e["last"] - e["ts"]), "0", "0", "SF", "-", "-", "0", "ShADadFf", str(e["op"]), str(e["ob"]), str(e["rp"]), str(e["rb"]), "-"]))
    open(os.path.join(here, "zeek", "conn.log"), "w").write("\n".join(conn) + "\n")
    mb = ["#separator \\x09", "#path\tmodbus", "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttid\tunit\tfunc\tpdu_type\texception"]
    mb += ["\t".join(r) for r in modbus_rows]
    open(os.path.join(here, "zeek", "modbus.log"), "w").write("\n".join(mb) + "\n")

MODBUS_NAMES = {1: "READ_COILS", 2: "READ_DISCRETE_INPUTS", 3: "READ_HOLDING_REGISTERS", 4: "READ_INPUT_REGISTERS",
                5: "WRITE_SINGLE_COIL", 6: "WRITE_SINGLE_REGISTER", 15: "WRITE_MULTIPLE_COILS", 16: "WRITE_MULTIPLE_REGISTERS",
                23: "READ_WRITE_MULTIPLE_REGISTERS", 43: "ENCAP_INTERFACE_TRANSPORT"}

if __name__ == "__main__":
    synthetic()
    nasty()
    zeek()
