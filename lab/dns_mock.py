#!/usr/bin/env python3
"""Tiny UDP DNS server for the istio-lab (written for lab/, not in the shared lab).

Two roles:
  --role agent     stands in for istio-agent's DNS proxy (uid 1337, 127.0.0.1:15053).
                   Names in its table are answered from memory; any other name is
                   forwarded, from a fresh UDP socket, to --upstream (the pod's
                   resolv.conf server), and the upstream's answer is relayed back.
  --role upstream  stands in for kube-dns: answers every name in its table, NXDOMAIN
                   for the rest.

A/IN queries get one A record (TTL 30); other types get an empty NOERROR answer
for a known name (NXDOMAIN for an unknown one at the upstream).
Bounded: --lifetime seconds, --max-queries, 2 s upstream timeout.
"""
import argparse
import socket
import struct
import sys
import time


def log(msg):
    sys.stdout.write("%.6f %s\n" % (time.time(), msg))
    sys.stdout.flush()


def parse_query(pkt):
    """-> (id, flags, qname, qtype, qclass, question_bytes) or None"""
    if len(pkt) < 12:
        return None
    qid, flags, qd = struct.unpack("!HHH", pkt[:6])
    if qd != 1:
        return None
    i, labels = 12, []
    while i < len(pkt) and pkt[i] != 0:
        n = pkt[i]
        labels.append(pkt[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    i += 1
    if i + 4 > len(pkt):
        return None
    qtype, qclass = struct.unpack("!HH", pkt[i:i + 4])
    return qid, flags, ".".join(labels).lower(), qtype, qclass, pkt[12:i + 4]


def answer(q, ip):
    qid, flags, _name, qtype, qclass, question = q
    rd = flags & 0x0100
    if ip is None:
        hdr = struct.pack("!HHHHHH", qid, 0x8080 | rd | 3, 1, 0, 0, 0)  # NXDOMAIN
        return hdr + question
    hdr = struct.pack("!HHHHHH", qid, 0x8480 | rd, 1, 1, 0, 0)  # AA, RA
    rr = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 30, 4) + socket.inet_aton(ip)
    return hdr + question + rr


def nodata(q):
    qid, flags, _name, _qtype, _qclass, question = q
    hdr = struct.pack("!HHHHHH", qid, 0x8480 | (flags & 0x0100), 1, 0, 0, 0)
    return hdr + question


def parse_table(entries):
    table = {}
    for e in entries:
        name, ip = e.split("=")
        table[name.lower().rstrip(".")] = ip
    return table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--role", choices=["agent", "upstream"], required=True)
    ap.add_argument("--listen", required=True, help="IP:PORT")
    ap.add_argument("--upstream", help="IP:PORT (agent role)")
    ap.add_argument("--name", action="append", default=[], help="NAME=IPv4 (repeatable)")
    ap.add_argument("--lifetime", type=float, default=60.0)
    ap.add_argument("--max-queries", type=int, default=20)
    args = ap.parse_args()
    table = parse_table(args.name)
    host, port = args.listen.rsplit(":", 1)
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind((host, int(port)))
    srv.settimeout(0.2)
    import os
    log("[dns/%s] listening on udp %s uid=%d gid=%d" % (args.role, args.listen, os.getuid(),
                                                      os.getgid()))
    stop_at = time.time() + args.lifetime
    served = 0
    while time.time() < stop_at and served < args.max_queries:
        try:
            pkt, peer = srv.recvfrom(4096)
        except socket.timeout:
            continue
        served += 1
        q = parse_query(pkt)
        if q is None or q[4] != 1:
            log("[dns/%s] query from %s:%d not an IN question, ignored" % ((args.role,) + peer))
            continue
        name = q[2]
        if q[3] != 1:
            # AAAA and others: no data for a known name (as CoreDNS answers for an
            # IPv4-only Service), NXDOMAIN otherwise; glibc asks A and AAAA together
            srv.sendto(answer(q, None) if name not in table and args.role == "upstream"
                       else nodata(q), peer)
            log("[dns/%s] query %s type %d from %s:%d -> %s"
                % (args.role, name, q[3], peer[0], peer[1],
                   "NXDOMAIN" if name not in table and args.role == "upstream" else "no data"))
            continue
        if name in table or args.role == "upstream":
            ip = table.get(name)
            srv.sendto(answer(q, ip), peer)
            log("[dns/%s] query %s from %s:%d -> %s (answered here)"
                % (args.role, name, peer[0], peer[1], ip or "NXDOMAIN"))
            continue
        up_host, up_port = args.upstream.rsplit(":", 1)
        up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        up.settimeout(2.0)
        try:
            up.sendto(pkt, (up_host, int(up_port)))
            reply, _ = up.recvfrom(4096)
            local = up.getsockname()
            srv.sendto(reply, peer)
            log("[dns/%s] query %s from %s:%d -> forwarded to %s from %s:%d, reply relayed (%d bytes)"
                % (args.role, name, peer[0], peer[1], args.upstream, local[0], local[1], len(reply)))
        except OSError as e:
            log("[dns/%s] query %s from %s:%d -> upstream %s failed: %r"
                % (args.role, name, peer[0], peer[1], args.upstream, e))
        finally:
            up.close()
    srv.close()
    log("[dns/%s] exiting, served=%d" % (args.role, served))


if __name__ == "__main__":
    main()
