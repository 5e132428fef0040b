#!/usr/bin/env python3
"""Compare the counters of several captures of the same scenarios (written for lab/).

usage: compare_runs.py [--json SPREAD.json] ROOT1 ROOT2 [ROOT3 ...]

For every scenario directory present under all roots:
  * nat and raw counters (packets and bytes of every rule and policy) must be identical;
    differences are listed and make the exit code 1;
  * mangle and filter counters are reported as min..max packets per rule (TCP timing
    moves them by a packet or two), and written to --json as
    {scenario: {pod: {table: {"CHAIN policy" | "CHAIN #n": [min, max]}}}}.
"""
import json
import os
import sys

EXACT = ("nat", "raw")
SPREAD = ("mangle", "filter")


def counters(root, sc):
    with open(os.path.join(root, sc, "counters.json")) as f:
        return json.load(f)


def flat(table):
    """{'CHAIN policy': (pkts, bytes), 'CHAIN #n': (pkts, bytes)}"""
    out = {}
    for chain, c in table.items():
        if c["policy_counters"] is not None:
            out["%s policy" % chain] = tuple(c["policy_counters"])
        for r in c["rules"]:
            out["%s #%d" % (chain, r["num"])] = (r["pkts"], r["bytes"])
    return out


def main():
    args = sys.argv[1:]
    json_out = None
    if args[:1] == ["--json"]:
        json_out, args = args[1], args[2:]
    roots = args
    scs = sorted(set.intersection(*[
        {d for d in os.listdir(r) if os.path.isfile(os.path.join(r, d, "counters.json"))}
        for r in roots]))
    bad = 0
    spread = {}
    for sc in scs:
        runs = [counters(r, sc) for r in roots]
        diffs = []
        for pod in runs[0]:
            for table in runs[0][pod]:
                flats = [flat(run[pod][table]) for run in runs if table in run.get(pod, {})]
                if len(flats) != len(runs):
                    diffs.append("%s %s missing in a run" % (pod, table))
                    continue
                if table in EXACT:
                    for key in flats[0]:
                        vals = [f.get(key) for f in flats]
                        if any(v != vals[0] for v in vals):
                            diffs.append("%s %s %s: %s" % (pod, table, key, vals))
                elif table in SPREAD:
                    t = spread.setdefault(sc, {}).setdefault(pod, {}).setdefault(table, {})
                    for key in flats[0]:
                        pk = [f.get(key, (0, 0))[0] for f in flats]
                        t[key] = [min(pk), max(pk)]
        width = max((hi - lo) for p in spread.get(sc, {}).values() for tb in p.values()
                    for lo, hi in tb.values()) if sc in spread else 0
        status = "nat/raw identical" if not diffs else "nat/raw DIFFER"
        print("%-24s %s across %d runs; mangle/filter max spread %d pkt(s)"
              % (sc, status, len(runs), width))
        for d in diffs:
            print("    " + d)
        bad += bool(diffs)
    if json_out:
        if os.path.exists(json_out):   # accumulate: earlier captures keep counting
            with open(json_out) as f:
                old = json.load(f)
            for sc, pods in spread.items():
                for pod, tables in pods.items():
                    for table, ranges in tables.items():
                        prev = old.setdefault(sc, {}).setdefault(pod, {}).setdefault(table, {})
                        for key, (lo, hi) in ranges.items():
                            plo, phi = prev.get(key, (lo, hi))
                            prev[key] = [min(lo, plo), max(hi, phi)]
            spread = old
        with open(json_out, "w") as f:
            json.dump(spread, f, indent=1, sort_keys=True)
            f.write("\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
