#!/usr/bin/env python3
"""One UDP DNS A query, like `dig +short +tries=1 @SERVER NAME` (written for lab/).

usage: dns_client.py SERVER_IP NAME [--port 53] [--timeout 2]
Prints the answer (or NXDOMAIN) and the address the reply came from; exit code
0 = an A record came back, 1 = NXDOMAIN or a malformed reply, 9 = no reply (the
code dig uses for "no servers could be reached").
"""
import argparse
import random
import socket
import struct
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("name")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--timeout", type=float, default=2.0)
    args = ap.parse_args()
    qid = random.randint(0, 0xFFFF)
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in args.name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\x00" + struct.pack("!HH", 1, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(args.timeout)
    s.sendto(q, (args.server, args.port))
    local = s.getsockname()
    try:
        reply, peer = s.recvfrom(4096)
    except socket.timeout:
        print(";; query %s to %s:%d from %s:%d: no reply (timeout)"
              % (args.name, args.server, args.port, local[0], local[1]))
        return 9
    rid, flags, _qd, an = struct.unpack("!HHHH", reply[:8])
    print(";; query %s to %s:%d from %s:%d: reply from %s:%d, %d bytes, rcode=%d, answers=%d"
          % (args.name, args.server, args.port, local[0], local[1], peer[0], peer[1],
             len(reply), flags & 0xF, an))
    if rid != qid or flags & 0xF or an < 1:
        print("NXDOMAIN" if flags & 0xF == 3 else "no answer")
        return 1
    print(socket.inet_ntoa(reply[-4:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
