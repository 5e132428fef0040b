#!/usr/bin/env bash
# run-all.sh - re-capture every lab scenario on the real kernel and compare it with
# the committed fixtures (test/fixtures/lab-extra).
#
#   sudo lab/run-all.sh                      1 capture of all scenarios, compare with fixtures
#   sudo lab/run-all.sh --runs 3             3 captures: run-to-run spread as well
#   sudo lab/run-all.sh --update-fixtures    ... and copy capture 1 of the lab/ scenarios into
#                                            the fixtures, with SOURCE.md and spread.json
#   sudo lab/run-all.sh [options] SCENARIO...   only these scenarios
#
# nat and raw counters must be identical in every capture and in the fixtures (exit 1
# otherwise); mangle/filter counters are summarised as min..max per rule (spread.json).
# Needs root (network namespaces). One capture of all 15 scenarios takes about 50 s.
set -uo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$LAB_DIR/.." && pwd)"
FIX="$REPO/test/fixtures/lab-extra"
OUT="${OUT_ROOT:-$LAB_DIR/out}"
RUNS=1 UPDATE=0
ONLY=()
# the six scenarios of /work/shared/lab keep their original captures as fixtures
SHARED_SCENARIOS=" legacy-localhost legacy-podip nft-localhost nft-podip no-uid-rule nft-localhost-3req "
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --update-fixtures) UPDATE=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) ONLY+=("$1"); shift ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

mkdir -p "$OUT"
start=$(date +%s)
roots=()
for i in $(seq 1 "$RUNS"); do
  rm -rf "$OUT/run-$i"
  OUT_ROOT="$OUT/run-$i" "$LAB_DIR/istio-lab.sh" "${ONLY[@]}" >"$OUT/run-$i.log" 2>&1
  rc=$?
  echo "capture $i: istio-lab.sh exit $rc ($(grep -c 'exit code' "$OUT/run-$i.log") requests), log $OUT/run-$i.log"
  [ $rc = 0 ] || { tail -5 "$OUT/run-$i.log"; exit 1; }
  roots+=("$OUT/run-$i")
done
echo "captures took $(( $(date +%s) - start )) s"

if [ "$UPDATE" = 1 ]; then
  mkdir -p "$FIX"
  src="$OUT/run-1"
  cmd="sudo lab/run-all.sh --runs $RUNS --update-fixtures${ONLY[*]:+ ${ONLY[*]}}"
  for d in "$src"/*/; do
    sc=$(basename "$d")
    case "$SHARED_SCENARIOS" in *" $sc "*) continue ;; esac
    rm -rf "${FIX:?}/$sc"; cp -r "$d" "$FIX/$sc"
    {
      echo "# $sc: real-kernel capture"
      echo
      echo "Captured by this repository's lab (\`lab/istio-lab.sh $sc\`, run through \`$cmd\`)."
      echo "$(grep '^description=' "$d/scenario.txt" | cut -d= -f2-)"
      echo
      echo "- machine: $(uname -n), kernel \`$(uname -r)\`"
      echo "- iptables: $(iptables -V) / $(iptables-legacy -V); backend used: $(grep '^backend=' "$d/scenario.txt" | cut -d= -f2-)"
      echo "- $(conntrack -V 2>&1)"
      echo "- date: $(grep '^date=' "$src/environment.txt" | cut -d= -f2)"
      echo "- rules: lab/rules/$(grep '^pp_rules=' "$d/scenario.txt" | cut -d= -f2) (lab-pp), lab/rules/$(grep '^rv_rules=' "$d/scenario.txt" | cut -d= -f2) (lab-rv)"
      echo
      echo "Files: see lab/README.md (\"Output files\"). counters.json is the machine-readable"
      echo "form; nat/raw counters were identical in all $RUNS captures of that run, mangle/filter"
      echo "spread is in ../spread.json."
    } >"$FIX/$sc/SOURCE.md"
  done
  cp "$src/environment.txt" "$FIX/environment.txt"
fi

echo "--- nat/raw identical across captures and fixtures? mangle/filter spread:"
fixroots=()
[ -d "$FIX" ] && fixroots=("$FIX")
json=()
[ "$UPDATE" = 1 ] && json=(--json "$FIX/spread.json")
/usr/bin/python3 "$LAB_DIR/compare_runs.py" "${json[@]}" "${roots[@]}" "${fixroots[@]}"
rc=$?
echo "total $(( $(date +%s) - start )) s"
exit $rc
