#!/bin/bash
# Runs inside the namespace (see run-cases.sh); private mount namespace already set.
set -u
BK=$1; ETC=$2; CASES=$3; OUTF=$4; WD=$5
for f in passwd group hosts host.conf networks nsswitch.conf protocols services; do
  if [ -e "$ETC/$f" ]; then mount --bind "$ETC/$f" "/etc/$f" || exit 91; fi
done
BIN=$(mktemp -d /tmp/kt-bin.XXXXXX)
for p in iptables iptables-save iptables-restore; do ln -s "/usr/sbin/xtables-$BK-multi" "$BIN/$p"; done
export PATH=$BIN:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
cd "$WD" || exit 92
SO=$BIN/so; SE=$BIN/se
# legacy tables cannot be removed once instantiated, so for legacy this only empties them
# (table order in iptables-save still remembers them): prefer a fresh namespace there.
reset_ns() {
  if [ "$BK" = nft ]; then nft flush ruleset
  else
    for t in filter nat mangle raw; do
      iptables -t $t -F 2>/dev/null && iptables -t $t -X && iptables -t $t -Z
      for c in $(iptables -t $t -S 2>/dev/null | sed -n 's/^-P \([^ ]*\) .*/\1/p'); do iptables -t $t -P $c ACCEPT; done
    done
  fi
}
# KT_RAW=1: OUTF is a directory; command n writes n.o / n.e and appends its exit code to
# OUTF/rc (the test harness formats them itself; ~3 ms per command instead of ~12).
if [ "${KT_RAW:-}" = 1 ]; then
  n=0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      '#'*|'') continue;;
      '%reset') reset_ns; continue;;
    esac
    n=$((n+1))
    ( eval "$line" ) </dev/null >"$OUTF/$n.o" 2>"$OUTF/$n.e"; echo $? >> "$OUTF/rc"
  done < "$CASES"
  rm -rf "$BIN"; exit 0
fi
: > "$OUTF"
n=0; title=
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    '### '*) title=${line#'### '}; continue;;
    '#'*|'') continue;;
    '%reset') reset_ns; continue;;
  esac
  n=$((n+1))
  timeout 20 bash -c "$line" </dev/null >"$SO" 2>"$SE"; rc=$?
  {
    printf '### %d. %s\n' $n "${title:-$line}"
    printf '$ %s\n' "$line"
    printf -- '--- stdout (%d bytes)\n' $(stat -c %s "$SO")
    cat "$SO"
    printf -- '--- stderr (%d bytes)\n' $(stat -c %s "$SE")
    cat "$SE"
    printf -- '--- exit code: %d\n\n' $rc
  } >> "$OUTF"
  title=
done < "$CASES"
rm -rf "$BIN"
