#!/usr/bin/env python3
"""Minimal "Envoy sidecar" mock for the istio-lab.

Listens on 0.0.0.0:<outbound-port> (15001) and 0.0.0.0:<inbound-port> (15006),
recovers the pre-REDIRECT destination with getsockopt(SOL_IP, SO_ORIGINAL_DST)
and proxies bytes in both directions:

  outbound (15001): connect to the original destination ip:port, or, when
                    --vip-map VIP:PORT=IP:PORT names it, to the endpoint (this is
                    what Envoy's EDS load balancing does for a Service VIP)
  inbound  (15006): --inbound-upstream=localhost -> connect 127.0.0.1:<orig port>
                    --inbound-upstream=podip     -> bind 127.0.0.6, connect <pod-ip>:<orig port>
                    --inbound-upstream=original-src -> IP_TRANSPARENT + SO_MARK 1337,
                       bind <client ip>:0, connect <pod-ip>:<orig port> (Envoy's
                       original_src listener filter, used by Istio in TPROXY mode)

--inbound-tproxy makes the 15006 listener IP_TRANSPARENT (needed for the iptables
TPROXY target); the original destination is then the accepted socket's local
address, since TPROXY does not NAT (SO_ORIGINAL_DST has nothing to return).
IP_TRANSPARENT and SO_MARK need CAP_NET_ADMIN (the lab grants it as an ambient
capability to uid 1337, as Istio does for istio-proxy in TPROXY mode).

(lab/ copy: --vip-map, --inbound-tproxy and original-src were added to the
original mock of /work/shared/lab; the REDIRECT paths are unchanged.)

Proof-of-path: the first line of every upstream->downstream stream (the HTTP
status line) is followed by an injected header
    x-lab-envoy: <name>/<direction> conn=<n> orig_dst=<ip:port> upstream=<src>-><dst>
and the first line of every downstream->upstream stream (the request line) is
followed by
    x-lab-envoy-req: <name>/<direction> conn=<n>
(the HTTP app echoes the request headers it received).

Everything is bounded: --max-conns per listener (connections beyond that are
accepted, logged as REFUSED and closed at once; this is what ends a redirect
loop), --lifetime seconds for the whole process, socket timeouts for the pumps.
"""
import argparse
import os
import socket
import struct
import sys
import threading
import time

SO_ORIGINAL_DST = 80  # linux/netfilter_ipv4.h
IP_TRANSPARENT = 19   # linux/in.h
SO_MARK = 36          # asm-generic/socket.h

LOG_LOCK = threading.Lock()
STATE_LOCK = threading.Lock()
UPSTREAM_LOCAL = {}  # (ip, port) of our own upstream sockets -> conn label
SPOOFED_SRC = set()  # client IPs our original-src upstream sockets bound to


def log(msg):
    with LOG_LOCK:
        sys.stdout.write("%.6f %s\n" % (time.time(), msg))
        sys.stdout.flush()


def original_dst(sock):
    raw = sock.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
    port = struct.unpack("!H", raw[2:4])[0]
    ip = socket.inet_ntoa(raw[4:8])
    return ip, port


VIP_MAP = {}


def parse_hostport(s):
    host, port = s.rsplit(":", 1)
    return host, int(port)


def fmt(addr):
    return "%s:%d" % (addr[0], addr[1])


def inject_after_first_line(buf, line):
    """Return (out_bytes, done). Insert `line` after the first CRLF if present."""
    idx = buf.find(b"\r\n")
    if idx < 0:
        return None, False
    return buf[: idx + 2] + line + b"\r\n" + buf[idx + 2 :], True


def pump(src, dst, inject_line, label, direction, counters, timeout):
    """Copy src->dst until EOF/error; inject `inject_line` after the first line."""
    pending = b""
    injected = inject_line is None
    nbytes = 0
    src.settimeout(timeout)
    try:
        while True:
            try:
                data = src.recv(65536)
            except (ConnectionResetError, socket.timeout, OSError) as e:
                log("%s %s recv ended: %r" % (label, direction, e))
                break
            if not data:
                break
            nbytes += len(data)
            if not injected:
                pending += data
                out, ok = inject_after_first_line(pending, inject_line)
                if not ok and len(pending) < 8192:
                    continue
                if not ok:  # no line break within 8 KiB: give up injecting
                    out = pending
                pending = b""
                injected = True
                data = out
            try:
                dst.sendall(data)
            except OSError as e:
                log("%s %s send failed: %r" % (label, direction, e))
                break
        if pending:
            try:
                dst.sendall(pending)
            except OSError:
                pass
    finally:
        counters[direction] = nbytes
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def handle(conn, peer, listener_kind, conn_no, args):
    label = "[%s/%s#%d]" % (args.name, listener_kind, conn_no)
    up = None
    try:
        local = conn.getsockname()
        if listener_kind == "inbound" and args.inbound_tproxy:
            odst = local  # TPROXY keeps the destination: the socket is bound to it
        else:
            try:
                odst = original_dst(conn)
            except OSError as e:
                log("%s accepted peer=%s local=%s SO_ORIGINAL_DST failed: %r -> closing"
                    % (label, fmt(peer), fmt(local), e))
                return
        loop_of = None
        for _ in range(10):  # bounded: the connecting thread may not have recorded it yet
            with STATE_LOCK:
                loop_of = UPSTREAM_LOCAL.get((peer[0], peer[1]))
            with STATE_LOCK:
                maybe_ours = peer[0] == args.pod_ip or peer[0] in SPOOFED_SRC
            if loop_of or not maybe_ours:
                break
            time.sleep(0.01)
        log("%s ACCEPT peer=%s local=%s SO_ORIGINAL_DST=%s uid=%d gid=%d%s"
            % (label, fmt(peer), fmt(local), fmt(odst), os.getuid(), os.getgid(),
               (" LOOP: peer is this envoy's own upstream socket of %s" % loop_of)
               if loop_of else ""))

        up = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        up.settimeout(args.connect_timeout)
        if listener_kind == "outbound":
            target = VIP_MAP.get(odst, odst)
        else:
            if args.inbound_upstream == "localhost":
                target = ("127.0.0.1", odst[1])
            elif args.inbound_upstream == "original-src":
                up.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
                up.setsockopt(socket.SOL_SOCKET, SO_MARK, args.original_src_mark)
                with STATE_LOCK:
                    SPOOFED_SRC.add(peer[0])
                up.bind((peer[0], 0))
                target = (args.pod_ip, odst[1])
            else:
                up.bind(("127.0.0.6", 0))
                target = (args.pod_ip, odst[1])
        try:
            up.connect(target)
        except OSError as e:
            log("%s upstream connect to %s FAILED: %r" % (label, fmt(target), e))
            return
        up_local = up.getsockname()
        up_peer = up.getpeername()
        with STATE_LOCK:
            UPSTREAM_LOCAL[(up_local[0], up_local[1])] = label
        log("%s UPSTREAM connected local=%s -> %s (getpeername=%s)"
            % (label, fmt(up_local), fmt(target), fmt(up_peer)))

        resp_line = ("x-lab-envoy: %s/%s conn=%d orig_dst=%s upstream=%s->%s"
                     % (args.name, listener_kind, conn_no, fmt(odst), fmt(up_local),
                        fmt(target))).encode()
        req_line = ("x-lab-envoy-req: %s/%s conn=%d" % (args.name, listener_kind,
                                                       conn_no)).encode()
        counters = {}
        t1 = threading.Thread(target=pump, daemon=True,
                              args=(conn, up, req_line, label, "down->up", counters,
                                    args.idle_timeout))
        t2 = threading.Thread(target=pump, daemon=True,
                              args=(up, conn, resp_line, label, "up->down", counters,
                                    args.idle_timeout))
        t1.start()
        t2.start()
        t1.join(args.idle_timeout + 2)
        t2.join(args.idle_timeout + 2)
        log("%s CLOSE bytes down->up=%s up->down=%s"
            % (label, counters.get("down->up"), counters.get("up->down")))
    finally:
        for s in (up, conn):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass


def serve(listener_kind, port, args, stop_at):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if listener_kind == "inbound" and args.inbound_tproxy:
        srv.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(128)
    srv.settimeout(0.2)
    log("[%s/%s] listening on 0.0.0.0:%d uid=%d gid=%d%s"
        % (args.name, listener_kind, port, os.getuid(), os.getgid(),
           " IP_TRANSPARENT" if listener_kind == "inbound" and args.inbound_tproxy else ""))
    accepted = 0
    while time.time() < stop_at:
        try:
            conn, peer = srv.accept()
        except socket.timeout:
            continue
        accepted += 1
        if accepted > args.max_conns:
            log("[%s/%s#%d] REFUSED peer=%s (max-conns=%d reached), closing at once"
                % (args.name, listener_kind, accepted, fmt(peer), args.max_conns))
            conn.close()
            continue
        threading.Thread(target=handle, daemon=True,
                         args=(conn, peer, listener_kind, accepted, args)).start()
    srv.close()
    log("[%s/%s] lifetime over, accepted=%d" % (args.name, listener_kind, accepted))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True, help="pod name used in logs/headers")
    ap.add_argument("--pod-ip", required=True)
    ap.add_argument("--outbound-port", type=int, default=15001)
    ap.add_argument("--inbound-port", type=int, default=15006)
    ap.add_argument("--inbound-upstream", choices=["localhost", "podip", "original-src"],
                    default="localhost")
    ap.add_argument("--inbound-tproxy", action="store_true",
                    help="IP_TRANSPARENT inbound listener (iptables TPROXY mode)")
    ap.add_argument("--original-src-mark", type=int, default=1337)
    ap.add_argument("--vip-map", action="append", default=[],
                    help="VIP:PORT=IP:PORT, outbound endpoint choice (repeatable)")
    ap.add_argument("--max-conns", type=int, default=20,
                    help="per listener; later connections are closed at once")
    ap.add_argument("--lifetime", type=float, default=120.0, help="seconds, then exit")
    ap.add_argument("--connect-timeout", type=float, default=2.0)
    ap.add_argument("--idle-timeout", type=float, default=5.0)
    args = ap.parse_args()
    for m in args.vip_map:
        vip, ep = m.split("=")
        VIP_MAP[parse_hostport(vip)] = parse_hostport(ep)

    stop_at = time.time() + args.lifetime
    ts = [threading.Thread(target=serve, args=("outbound", args.outbound_port, args, stop_at)),
          threading.Thread(target=serve, args=("inbound", args.inbound_port, args, stop_at))]
    for t in ts:
        t.daemon = True
        t.start()
    for t in ts:
        t.join(args.lifetime + 5)
    log("[%s] exiting" % args.name)


if __name__ == "__main__":
    main()
