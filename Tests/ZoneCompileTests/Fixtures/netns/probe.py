"""Test peer for the namespace router tests.

serve SPECS        listen on [::] (IPv4 and IPv6) for each tcp:PORT / udp:PORT in SPECS (comma separated);
                   TCP connections are accepted and closed, UDP datagrams are echoed. Prints "ready".
probe JSON         JSON list of [transport, source, destination, port]; prints a JSON list of booleans,
                   true when the connection was accepted or the datagram answered within the timeout.
"""
import json
import socket
import sys
import threading

TIMEOUT = 1.5


def serve(specs):
    def tcp_loop(sock):
        while True:
            connection, _ = sock.accept()
            connection.close()

    def udp_loop(sock):
        while True:
            data, peer = sock.recvfrom(2048)
            sock.sendto(data, peer)

    for spec in specs.split(","):
        transport, port = spec.split(":")
        kind = socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM
        sock = socket.socket(socket.AF_INET6, kind)
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("::", int(port)))
        if transport == "tcp":
            sock.listen(128)
        threading.Thread(target=tcp_loop if transport == "tcp" else udp_loop, args=(sock,), daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


def probe_one(transport, source, destination, port):
    family = socket.AF_INET6 if ":" in destination else socket.AF_INET
    kind = socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM
    sock = socket.socket(family, kind)
    sock.settimeout(TIMEOUT)
    try:
        sock.bind((source, 0))
        if transport == "tcp":
            sock.connect((destination, port))
            return True
        sock.sendto(b"zonectl-probe", (destination, port))
        data, _ = sock.recvfrom(2048)
        return data == b"zonectl-probe"
    except OSError:
        return False
    finally:
        sock.close()


def probe(specs):
    results = [None] * len(specs)

    def run(index, spec):
        results[index] = probe_one(spec[0], spec[1], spec[2], int(spec[3]))

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(specs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        probe(json.loads(sys.argv[2]))
