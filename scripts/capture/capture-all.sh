#!/bin/bash
# usage: capture-all.sh [NAME...]   (root; writes test/fixtures/kernel-extra/)
# Regenerates cases/*.cases from lists/*.list, then captures every case file
# (generated and hand-written in cases-src/) on both backends.
set -u
HERE=$(dirname "$(realpath "$0")")
FX=$(realpath "$HERE/../../test/fixtures/kernel-extra")
mkdir -p "$FX/cases" "$FX/nft" "$FX/legacy"
for l in "$HERE"/lists/*.list; do
  n=$(basename "$l" .list)
  "$HERE/gen-cases.sh" "$l" > "$FX/cases/$n.cases"
done
cp "$HERE"/cases-src/*.cases "$FX/cases/" 2>/dev/null
names=("$@")
[ ${#names[@]} -eq 0 ] && names=($(cd "$FX/cases" && ls *.cases | sed 's/\.cases$//'))
for n in "${names[@]}"; do
  for bk in nft legacy; do
    "$HERE/run-cases.sh" $bk "$FX/etc/base" "$FX/cases/$n.cases" "$FX/$bk/$n.txt" "$FX" || echo "FAILED: $bk $n" >&2
  done
  echo "captured $n"
done
