#!/usr/bin/env python3
"""Check the captured counters of every scenario under OUT_ROOT against the
expected kernel behaviour; prints PASS/FAIL lines and writes OUT_ROOT/checks.txt.

usage: check_outputs.py OUT_ROOT
"""
import json
import os
import re
import sys


def load(outdir):
    with open(os.path.join(outdir, "counters.json")) as f:
        counters = json.load(f)
    params = {}
    with open(os.path.join(outdir, "scenario.txt")) as f:
        for line in f:
            if "=" in line and not line.startswith("---"):
                k, v = line.rstrip("\n").split("=", 1)
                params.setdefault(k, v)
    with open(os.path.join(outdir, "curl-response.txt")) as f:
        resp = f.read()
    return counters, params, resp


def rule_pkts(c, pod, chain, needle):
    """packets of the first rule of `chain` whose text contains `needle`"""
    for r in c[pod]["nat"][chain]["rules"]:
        if needle in r["rule"]:
            return r["pkts"]
    raise KeyError("%s %s %s" % (pod, chain, needle))


def nat_total(c, pod):
    t = 0
    for ch in c[pod]["nat"].values():
        t += sum(r["pkts"] for r in ch["rules"])
        if ch["policy_counters"]:
            t += ch["policy_counters"][0]
    return t


# lab/ scenarios: every non-zero nat (and raw) counter, as "CHAIN #rule" / "CHAIN policy".
# Anything not listed must be 0. Why each number is what it is: docs/lab.md.
EXPECT_NONZERO = {
    "current-podip": {
        "lab-pp": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 2, "ISTIO_OUTPUT #4": 1,
                           "ISTIO_OUTPUT #9": 1, "ISTIO_REDIRECT #1": 1}},
        "lab-rv": {"nat": {"PREROUTING #1": 1, "OUTPUT policy": 1, "OUTPUT #1": 1,
                           "ISTIO_INBOUND #5": 1, "ISTIO_IN_REDIRECT #1": 1,
                           "ISTIO_OUTPUT #1": 1}}},
    # same rules with iptables-legacy: nat INPUT/POSTROUTING exist, so their policies count
    "current-podip-legacy": {
        "lab-pp": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 2, "POSTROUTING policy": 2,
                           "ISTIO_OUTPUT #4": 1, "ISTIO_OUTPUT #9": 1, "ISTIO_REDIRECT #1": 1}},
        "lab-rv": {"nat": {"PREROUTING #1": 1, "INPUT policy": 1, "OUTPUT policy": 1,
                           "OUTPUT #1": 1, "POSTROUTING policy": 1, "ISTIO_INBOUND #5": 1,
                           "ISTIO_IN_REDIRECT #1": 1, "ISTIO_OUTPUT #1": 1}}},
    # curl resolves "reviews" first: glibc's A + AAAA share one UDP socket, so nat counts one
    # more (UDP) connection in lab-pp; lab-rv's PREROUTING policy counts the query because
    # the lab's DNS server lives there
    "current-podip-by-name": {
        "lab-pp": {"nat": {"OUTPUT policy": 2, "OUTPUT #1": 3, "ISTIO_OUTPUT #4": 1,
                           "ISTIO_OUTPUT #9": 2, "ISTIO_REDIRECT #1": 1}},
        "lab-rv": {"nat": {"PREROUTING policy": 1, "PREROUTING #1": 1, "OUTPUT policy": 1,
                           "OUTPUT #1": 1, "ISTIO_INBOUND #5": 1, "ISTIO_IN_REDIRECT #1": 1,
                           "ISTIO_OUTPUT #1": 1}}},
    "exclude-inbound-port": {
        "lab-pp": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 2, "ISTIO_OUTPUT #4": 1,
                           "ISTIO_OUTPUT #9": 1, "ISTIO_REDIRECT #1": 1}},
        "lab-rv": {"nat": {"PREROUTING policy": 1, "PREROUTING #1": 1, "ISTIO_INBOUND #5": 1}}},
    "exclude-outbound-cidr": {
        "lab-pp": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 1, "ISTIO_OUTPUT #9": 1}},
        "lab-rv": {"nat": {"PREROUTING #1": 1, "OUTPUT policy": 1, "OUTPUT #1": 1,
                           "ISTIO_INBOUND #5": 1, "ISTIO_IN_REDIRECT #1": 1,
                           "ISTIO_OUTPUT #1": 1}}},
    "self-call": {
        "lab-pp": {"nat": {}},
        "lab-rv": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 1, "ISTIO_OUTPUT #3": 1}}},
    "self-call-vip": {
        "lab-pp": {"nat": {}},
        "lab-rv": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 3, "ISTIO_OUTPUT #9": 1,
                           "ISTIO_REDIRECT #1": 1, "ISTIO_OUTPUT #2": 1,
                           "ISTIO_IN_REDIRECT #1": 1, "ISTIO_OUTPUT #1": 1}}},
    "dns-capture": {
        "lab-pp": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 3, "ISTIO_OUTPUT #6": 1,
                           "ISTIO_OUTPUT #10": 2, "ISTIO_OUTPUT_DNS #2": 2},
                   "raw": {"PREROUTING policy": 5, "PREROUTING #1": 5, "OUTPUT policy": 5,
                           "OUTPUT #1": 5, "ISTIO_INBOUND #1": 3, "ISTIO_OUTPUT_DNS #1": 1,
                           "ISTIO_OUTPUT_DNS #2": 2, "ISTIO_OUTPUT_DNS #3": 1,
                           "ISTIO_OUTPUT_DNS #4": 2, "ISTIO_OUTPUT_DNS #5": 3}},
        "lab-rv": {"nat": {}}},
    # glibc: A + AAAA from one socket, answered by the agent; REDIRECT ends nat OUTPUT
    # (no policy count), the replies reach nat not at all, raw counts every packet
    "dns-capture-glibc": {
        "lab-pp": {"nat": {"OUTPUT #1": 1, "ISTIO_OUTPUT #10": 1, "ISTIO_OUTPUT_DNS #2": 1},
                   "raw": {"PREROUTING policy": 4, "PREROUTING #1": 4, "OUTPUT policy": 4,
                           "OUTPUT #1": 4, "ISTIO_INBOUND #1": 2, "ISTIO_OUTPUT_DNS #2": 2,
                           "ISTIO_OUTPUT_DNS #4": 2, "ISTIO_OUTPUT_DNS #5": 2}},
        "lab-rv": {"nat": {}}},
    "tproxy": {
        "lab-pp": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 2, "ISTIO_OUTPUT #4": 1,
                           "ISTIO_OUTPUT #9": 1, "ISTIO_REDIRECT #1": 1}},
        "lab-rv": {"nat": {"OUTPUT #1": 1, "ISTIO_OUTPUT #4": 1, "ISTIO_IN_REDIRECT #1": 1}}},
    "tproxy-podip": {
        "lab-pp": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 2, "ISTIO_OUTPUT #4": 1,
                           "ISTIO_OUTPUT #9": 1, "ISTIO_REDIRECT #1": 1}},
        "lab-rv": {"nat": {"OUTPUT policy": 1, "OUTPUT #1": 1, "ISTIO_OUTPUT #3": 1}}},
}

# (response must contain, response must not contain) per scenario
EXPECT_TEXT = {
    "current-podip": (["x-lab-envoy: productpage/outbound", "x-lab-envoy: reviews/inbound",
                       '"peer": "127.0.0.6:'], []),
    "current-podip-legacy": (["x-lab-envoy: productpage/outbound", "x-lab-envoy: reviews/inbound",
                              '"peer": "127.0.0.6:'], []),
    "current-podip-by-name": (["x-lab-envoy: productpage/outbound", "x-lab-envoy: reviews/inbound",
                               '"peer": "127.0.0.6:'], []),
    "exclude-inbound-port": (["x-lab-envoy: productpage/outbound", '"peer": "10.244.1.10:'],
                             ["x-lab-envoy: reviews/inbound"]),
    "exclude-outbound-cidr": (["x-lab-envoy: reviews/inbound", '"peer": "127.0.0.6:'],
                              ["x-lab-envoy: productpage/outbound"]),
    "self-call": (['"peer": "10.244.2.20:'], ["x-lab-envoy:"]),
    "self-call-vip": (["x-lab-envoy: reviews/outbound conn=1 orig_dst=10.244.255.70:9080",
                       "x-lab-envoy: reviews/inbound conn=1 orig_dst=10.244.2.20:9080",
                       '"peer": "127.0.0.6:'], []),
    "dns-capture": (["10.96.88.70", "10.96.0.10", "reply from 10.244.2.20:53"], []),
    "dns-capture-glibc": (["['10.96.88.70']"], []),
    "tproxy": (["Empty reply from server"], ["x-lab-envoy: reviews/inbound"]),
    "tproxy-podip": (["x-lab-envoy: productpage/outbound",
                      "x-lab-envoy: reviews/inbound conn=1 orig_dst=10.244.2.20:9080",
                      '"peer": "127.0.0.6:'], []),
}
EXPECT_CODES = {"tproxy": ["52"], "dns-capture": ["0", "0"]}
# (pod, text that must appear in its conntrack -L)
EXPECT_CONNTRACK = {
    "dns-capture-glibc": [("lab-pp", "packets=2 bytes=158 src=127.0.0.1 dst=10.244.1.10 sport=15053"),
                          ("lab-pp", "zone=2")],
    "current-podip-by-name": [("lab-pp", "dport=53 packets=2")],
    "dns-capture": [("lab-pp", "sport=15053"), ("lab-pp", "zone=2"), ("lab-pp", "zone=1")],
    "tproxy": [("lab-rv", "[UNREPLIED] src=127.0.0.1 dst=10.244.1.10 sport=15006"),
               ("lab-rv", "mark=1337")],
}


def nonzero(table):
    out = {}
    for chain, c in table.items():
        pc = c["policy_counters"]
        if pc and pc[0]:
            out["%s policy" % chain] = pc[0]
        for r in c["rules"]:
            if r["pkts"]:
                out["%s #%d" % (chain, r["num"])] = r["pkts"]
    return out


def check_extra(sc, d, c, resp, check):
    for pod, tables in EXPECT_NONZERO[sc].items():
        for table, want in tables.items():
            got = nonzero(c[pod][table])
            check(sc, "%s %s non-zero counters as expected" % (pod, table), got == want,
                  "" if got == want else "got %s" % got)
    must, mustnot = EXPECT_TEXT[sc]
    with open(os.path.join(d, "curl-stderr.txt")) as f:
        resp = resp + f.read()   # curl's own errors ("Empty reply from server") go to stderr
    for t in must:
        check(sc, "response has %r" % t, t in resp)
    for t in mustnot:
        check(sc, "response lacks %r" % t, t not in resp)
    codes = re.findall(r"exit code (\d+)", resp)
    want = EXPECT_CODES.get(sc, ["0"])
    check(sc, "exit codes %s" % want, codes == want, "got %s" % codes)
    for pod, t in EXPECT_CONNTRACK.get(sc, []):
        with open(os.path.join(d, pod + ".conntrack-L.txt")) as f:
            check(sc, "%s conntrack shows %r" % (pod, t), t in f.read())


def main():
    root = sys.argv[1]
    lines = []
    failures = 0

    def check(sc, name, ok, detail=""):
        nonlocal failures
        failures += 0 if ok else 1
        lines.append("%s  %-20s %s%s" % ("PASS" if ok else "FAIL", sc, name,
                                         ("  (" + detail + ")") if detail else ""))

    for sc in sorted(os.listdir(root)):
        d = os.path.join(root, sc)
        if not os.path.isfile(os.path.join(d, "counters.json")):
            continue
        c, p, resp = load(d)
        if sc in EXPECT_NONZERO:
            check_extra(sc, d, c, resp, check)
            continue
        n = int(p["requests"])
        mode = p["inbound_upstream"]
        pp, rv = "lab-pp", "lab-rv"
        codes = re.findall(r"curl exit code (\d+)", resp)
        if p["variant"] == "no-uid-rule":
            maxc = int(p["envoy_max_conns"])
            red = rule_pkts(c, pp, "ISTIO_REDIRECT", "REDIRECT")
            check(sc, "curl failed", codes and all(x != "0" for x in codes), "exit codes %s" % codes)
            check(sc, "pp ISTIO_REDIRECT = 1 (app) + max_conns (envoy loop hops)",
                  red == 1 + maxc, "got %d" % red)
            check(sc, "rv nat counters all zero (nothing left lab-pp)", nat_total(c, rv) == 0,
                  "total %d" % nat_total(c, rv))
            continue
        check(sc, "all curl requests OK", codes == ["0"] * n, "exit codes %s" % codes)
        check(sc, "response went through both envoys",
              resp.count("x-lab-envoy: productpage/outbound") == n
              and resp.count("x-lab-envoy: reviews/inbound") == n
              and "reviews/outbound" not in resp)
        exp_pp = {
            ("OUTPUT", "-j ISTIO_OUTPUT"): 2 * n,
            ("ISTIO_OUTPUT", "-m owner --uid-owner 1337 -j RETURN"): n,
            ("ISTIO_OUTPUT", "-j ISTIO_REDIRECT"): n,
            ("ISTIO_REDIRECT", "REDIRECT"): n,
            ("PREROUTING", "-j ISTIO_INBOUND"): 0,
            ("ISTIO_IN_REDIRECT", "REDIRECT"): 0,
        }
        exp_rv = {
            ("PREROUTING", "-j ISTIO_INBOUND"): n,
            ("ISTIO_INBOUND", "-j ISTIO_IN_REDIRECT"): n,
            ("ISTIO_IN_REDIRECT", "REDIRECT"): n,
            ("OUTPUT", "-j ISTIO_OUTPUT"): n,
            ("ISTIO_REDIRECT", "REDIRECT"): 0,   # app response NOT sent to 15001
            ("ISTIO_OUTPUT", "-j ISTIO_REDIRECT"): 0,
            ("ISTIO_OUTPUT", "-s 127.0.0.6/32 -o lo -j RETURN"): n if mode == "podip" else 0,
            ("ISTIO_OUTPUT", "-m owner --uid-owner 1337 -j RETURN"): n if mode == "localhost" else 0,
            ("ISTIO_OUTPUT", "-o lo -m owner ! --uid-owner 1337 -j RETURN"): 0,
        }
        for pod, exp in ((pp, exp_pp), (rv, exp_rv)):
            for (chain, needle), want in exp.items():
                got = rule_pkts(c, pod, chain, needle)
                check(sc, "%s %s '%s' = %d" % (pod, chain, needle, want), got == want,
                      "got %d" % got)
        # every response packet crosses OUTPUT: hook counters >> nat counters
        if "mangle" in c[rv]:
            out_rules = c[rv]["mangle"]["OUTPUT"]["rules"]
            total = out_rules[0]["pkts"]
            new = [r for r in out_rules if r["rule"].endswith("--ctstate NEW")][0]["pkts"]
            sport = [r for r in out_rules if r["rule"].endswith("--sport 9080")][0]["pkts"]
            natout = rule_pkts(c, rv, "OUTPUT", "-j ISTIO_OUTPUT")
            check(sc, "rv mangle OUTPUT sees every packet, nat OUTPUT only NEW ones",
                  total > natout and new == natout and sport >= 3 * n,
                  "mangle OUTPUT tcp=%d, ctstate NEW=%d, app sport 9080=%d, nat OUTPUT=%d"
                  % (total, new, sport, natout))
    lines.append("%d failure(s)" % failures)
    with open(os.path.join(root, "checks.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
