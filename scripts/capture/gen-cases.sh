#!/bin/bash
# usage: gen-cases.sh LIST > CASES
# Turns a rule list (table|chain|spec lines; "@cmd" = literal setup command) into
# a case file for run-cases.sh: append each rule with -v (echo + rc), list every
# touched table in every mode, check each rule with -C, delete each with -D, and
# list again.
set -u
LIST=$1
mapfile -t lines < <(grep -v '^#' "$LIST" | grep -v '^$')
tables=()
for l in "${lines[@]}"; do
  case "$l" in @*) echo "${l#@}"; continue;; esac
  t=${l%%|*}
  [[ " ${tables[*]} " == *" $t "* ]] || tables+=("$t")
done
for l in "${lines[@]}"; do
  case "$l" in @*) continue;; esac
  t=${l%%|*}; rest=${l#*|}; c=${rest%%|*}; spec=${rest#*|}
  echo "iptables -t $t -v -A $c $spec"
done
for t in "${tables[@]}"; do
  echo "iptables -t $t -S"
  echo "iptables -t $t -S -v"
  echo "iptables -t $t -L"
  echo "iptables -t $t -L -n"
  echo "iptables -t $t -L -v -n"
  echo "iptables -t $t -L -v -n -x --line-numbers"
  echo "iptables-save -t $t"
done
for l in "${lines[@]}"; do
  case "$l" in @*) continue;; esac
  t=${l%%|*}; rest=${l#*|}; c=${rest%%|*}; spec=${rest#*|}
  echo "iptables -t $t -C $c $spec"
done
for l in "${lines[@]}"; do
  case "$l" in @*) continue;; esac
  t=${l%%|*}; rest=${l#*|}; c=${rest%%|*}; spec=${rest#*|}
  echo "iptables -t $t -D $c $spec"
done
for t in "${tables[@]}"; do echo "iptables -t $t -S"; done
echo "iptables-save"
