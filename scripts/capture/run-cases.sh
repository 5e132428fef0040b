#!/bin/bash
# usage: run-cases.sh nft|legacy ETCDIR CASES OUTFILE [WORKDIR]
# Runs every command of CASES (one bash command per line; "### title" names the
# next command; other "#" lines and blank lines are ignored) in ONE fresh network
# namespace, in order, and writes the shared capture format (### / $ / --- stdout
# (N bytes) / --- stderr (N bytes) / --- exit code: N) to OUTFILE.
# ETCDIR's name-lookup files are bind-mounted over /etc so output never depends on
# this host's users or services. WORKDIR (default: CASES' directory) is the cwd,
# so commands can read rule files by relative path.
# The special command "%reset" (fuzzer only) returns the namespace to its fresh
# state without writing a block.
# KT_RAW=1 in the environment: OUTFILE is a directory of raw results (see inner.sh).
set -u
BK=$1; ETC=$(realpath "$2"); CASES=$(realpath "$3"); OUTF=$(realpath -m "$4")
WD=$(realpath "${5:-$(dirname "$CASES")}")
HERE=$(dirname "$(realpath "$0")")
NS=${KT_NS:-kt-$$-$RANDOM}
ip netns add "$NS" || exit 90
trap 'ip netns del "$NS" 2>/dev/null' EXIT INT TERM
ip netns exec "$NS" unshare -m --propagation private \
  bash "$HERE/inner.sh" "$BK" "$ETC" "$CASES" "$OUTF" "$WD"
