"""Writes a deterministic Cisco ASA syslog of about SIZE_MB megabytes: the message mix of a busy plant boundary
(ACL denies, ACL hits, built and teardown connections, translations) over the refinery example's addresses.
A fixed set of 2,000 conversations repeats with fresh source ports and connection ids, as on a real boundary,
so the number of distinct flows does not grow with the log."""
import random
import sys

path, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(62443)
hosts = ["10.30.1.50", "10.30.1.60", "10.30.1.77", "10.40.1.5", "10.40.2.9", "172.16.1.20", "172.16.1.50", "10.20.1.10", "10.20.1.30"]
hosts += [f"10.{rng.choice([20, 30, 40])}.{rng.randrange(256)}.{rng.randrange(1, 255)}" for _ in range(400)]
ports = [502, 502, 502, 4840, 443, 3389, 161, 123, 44818, 102, 53, 5450]
templates = [
    "{t} isa3000 : %ASA-4-106023: Deny tcp src zone-ent:{s}/{sp} dst zone-bpcs:{d}/{p} by access-group \"ENT-IN\" [0x0, 0x0]\n",
    "{t} isa3000 : %ASA-6-106100: access-list OPS-to-BPCS permitted tcp zone-ops/{s}({sp}) -> zone-bpcs/{d}({p}) hit-cnt 1 first hit [0x1a2b3c4d, 0x0]\n",
    "{t} isa3000 : %ASA-6-302013: Built inbound TCP connection {c} for zone-ops:{s}/{sp} ({s}/{sp}) to zone-bpcs:{d}/{p} ({d}/{p})\n",
    "{t} isa3000 : %ASA-6-302014: Teardown TCP connection {c} for zone-ops:{s}/{sp} to zone-bpcs:{d}/{p} duration 0:00:30 bytes 10240 TCP FINs\n",
    "{t} isa3000 : %ASA-6-302015: Built outbound UDP connection {c} for zone-dmz:{d}/{p} ({d}/{p}) to zone-ops:{s}/{sp} ({s}/{sp})\n",
    "{t} isa3000 : %ASA-6-305011: Built dynamic TCP translation from zone-ops:{s}/{sp} to zone-dmz:172.16.1.1/{sp}\n",
]
conversations = [(rng.choice(hosts), rng.choice(hosts), rng.choice(ports)) for _ in range(2000)]
target = size_mb * 1_000_000
written = 0
connection = 1
with open(path, "w") as out:
    chunk = []
    while written < target:
        second = connection // 50
        t = f"Nov {1 + second // 86400 % 28:2d} 2026 {second // 3600 % 24:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        source, destination, port = rng.choice(conversations)
        line = rng.choice(templates).format(t=t, s=source, d=destination, sp=rng.randrange(1024, 65535), p=port, c=connection)
        connection += 1
        chunk.append(line)
        written += len(line)
        if len(chunk) == 10000:
            out.write("".join(chunk))
            chunk = []
    out.write("".join(chunk))
