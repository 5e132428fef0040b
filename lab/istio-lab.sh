#!/usr/bin/env bash
# istio-lab.sh - reproduce Istio sidecar iptables interception (Bookinfo
# productpage -> reviews, and more) with the real kernel + real iptables, and
# capture ground-truth counters.  See README.md.
#
#   ./istio-lab.sh                 run all scenarios
#   ./istio-lab.sh nft-podip ...   run the named scenarios
#   ./istio-lab.sh --list          list scenarios (with a one-line description)
#   ./istio-lab.sh --cleanup       kill leftover lab processes (by recorded PID) and
#                                  delete the namespaces recorded by an earlier run
#
# Env: OUT_ROOT (default ./out), HOOKS=0 to skip the mangle/filter counting rules,
#      ENVOY_MAX_CONNS (default 20), SETTLE_S (default 1.5), CHECK=0 to skip
#      check_outputs.py at the end.
#
# Derived from /work/shared/lab/istio-lab.sh (see README.md "Provenance"): the six
# original scenarios run exactly as there; lab/ adds per-pod rule files, unique
# namespace names (kt-<pid>-pp / kt-<pid>-rv; captures still say lab-pp / lab-rv),
# self-calls, DNS capture and TPROXY.
set -uo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_ROOT="${OUT_ROOT:-$LAB_DIR/out}"
RUN_DIR="$LAB_DIR/.run"
PIDFILE="$RUN_DIR/pids"
NSFILE="$RUN_DIR/netns"           # namespaces created by this lab (so cleanup never guesses)
PY=/usr/bin/python3               # system python: readable by uid 1000/1337 (/root is 0700)
PP=lab-pp; RV=lab-rv              # pod labels used in every capture file name and counters.json
NS_PP="kt-$$-pp"; NS_RV="kt-$$-rv"
PP_IP=10.244.1.10; RV_IP=10.244.2.20
VIP=10.244.255.70                 # stand-in for the reviews Service VIP (lab stays inside 10.244/16)
APP_UID=1000; PROXY_UID=1337; PROXY_GID=1337
HOOKS="${HOOKS:-1}"
ENVOY_MAX_CONNS="${ENVOY_MAX_CONNS:-20}"
SETTLE_S="${SETTLE_S:-1.5}"
CHECK="${CHECK:-1}"
PROC_LIFETIME=60                  # every lab process exits by itself after this many s
ALL_SCENARIOS=(legacy-localhost legacy-podip nft-localhost nft-podip no-uid-rule nft-localhost-3req
               current-podip current-podip-legacy current-podip-by-name exclude-inbound-port exclude-outbound-cidr self-call self-call-vip
               dns-capture dns-capture-glibc tproxy tproxy-podip)

log() { echo "[$(date +%H:%M:%S)] $*"; }
die() { echo "ERROR: $*" >&2; exit 1; }
ns_of() { if [ "$1" = "$PP" ]; then echo "$NS_PP"; else echo "$NS_RV"; fi; }
in_pod() { local ns; ns=$(ns_of "$1"); shift; ip netns exec "$ns" "$@"; }

scenario_params() {
  BACKEND=nft MODE=podip NREQ=1 VARIANT=standard REQ=pp-curl-rv RV_TPROXY=0 HOOK_EXTRA=
  PP_RULES=istio-current.rules RV_RULES=istio-current.rules DESC=
  case "$1" in
    # --- the six scenarios of /work/shared/lab (Istio 1.6 nat rules), unchanged
    legacy-localhost)   BACKEND=legacy MODE=localhost PP_RULES=istio-1.6-nat.rules RV_RULES=istio-1.6-nat.rules ;;
    legacy-podip)       BACKEND=legacy MODE=podip     PP_RULES=istio-1.6-nat.rules RV_RULES=istio-1.6-nat.rules ;;
    nft-localhost)      MODE=localhost PP_RULES=istio-1.6-nat.rules RV_RULES=istio-1.6-nat.rules ;;
    nft-podip)          MODE=podip     PP_RULES=istio-1.6-nat.rules RV_RULES=istio-1.6-nat.rules ;;
    no-uid-rule)        MODE=localhost VARIANT=no-uid-rule PP_RULES=istio-1.6-nat.rules RV_RULES=istio-1.6-nat.rules ;;
    nft-localhost-3req) MODE=localhost NREQ=3 PP_RULES=istio-1.6-nat.rules RV_RULES=istio-1.6-nat.rules ;;
    # --- added in lab/ (current Istio rule sets)
    current-podip)        DESC="current default istio-init rules, inbound 127.0.0.6 -> pod IP" ;;
    current-podip-legacy) BACKEND=legacy DESC="current-podip with iptables-legacy (nat INPUT/POSTROUTING exist and count)" ;;
    exclude-inbound-port) RV_RULES=istio-current-exclude-inbound-9080.rules
                          DESC="reviews with traffic.sidecar.istio.io/excludeInboundPorts=9080" ;;
    exclude-outbound-cidr) PP_RULES=istio-current-exclude-outbound-cidr.rules
                          DESC="productpage with traffic.sidecar.istio.io/excludeOutboundIPRanges=10.244.2.0/24" ;;
    current-podip-by-name) REQ=pp-curl-name HOOK_EXTRA=udp
                          DESC="current-podip, but curl asks for http://reviews:9080 (glibc resolver, DNS server in lab-rv)" ;;
    self-call)            REQ=rv-curl-self DESC="reviews app calls its own pod IP" ;;
    self-call-vip)        REQ=rv-curl-vip DESC="reviews app calls its own Service VIP; its envoy picks its own pod IP as endpoint" ;;
    dns-capture)          REQ=pp-dns PP_RULES=cni-dns.rules RV_RULES=none HOOK_EXTRA=udp
                          DESC="ISTIO_META_DNS_CAPTURE=true in productpage (CNI rules, nat + raw); lab-rv is the upstream DNS server, no sidecar" ;;
    dns-capture-glibc)    REQ=pp-dns-glibc PP_RULES=cni-dns.rules RV_RULES=none HOOK_EXTRA=udp
                          DESC="DNS capture as dns-capture, but the app resolves the Service name like any program (glibc: A + AAAA on one socket, search list), answered by the agent" ;;
    tproxy)               MODE=original-src RV_RULES=cni-tproxy.rules RV_TPROXY=1 HOOK_EXTRA=mark
                          DESC="reviews in sidecar.istio.io/interceptionMode=TPROXY (CNI rules); envoy upstream with original_src (mark 1337)" ;;
    tproxy-podip)         MODE=podip RV_RULES=cni-tproxy.rules RV_TPROXY=1 HOOK_EXTRA=mark
                          DESC="TPROXY as above, but the inbound envoy binds 127.0.0.6 for its upstream (no original_src)" ;;
    *) return 1 ;;
  esac
}

set_backend() {
  if [ "$1" = legacy ]; then
    IPT=iptables-legacy; IPT_SAVE=iptables-legacy-save; IPT_RESTORE=iptables-legacy-restore
  else
    IPT=iptables; IPT_SAVE=iptables-save; IPT_RESTORE=iptables-restore
    iptables -V | grep -q nf_tables || die "'iptables' is not the nf_tables backend"
  fi
}

rules_of() { if [ "$1" = "$PP" ]; then echo "$PP_RULES"; else echo "$RV_RULES"; fi; }
has_table() { local f; f=$(rules_of "$1"); [ "$f" != none ] && grep -q "^\*$2" "$LAB_DIR/rules/$f"; }

# ---------------------------------------------------------------- processes
start_bg() {   # start_bg LOGFILE CMD... ; records the PID (ip netns exec/setpriv exec in place)
  local logf=$1; shift
  "$@" >"$logf" 2>&1 &
  local pid=$!
  echo "$pid" >>"$PIDFILE"
  STARTED_PIDS+=("$pid")
}

is_lab_proc() {   # the PID still runs one of our scripts (guards against PID reuse)
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null \
    | grep -qE "$LAB_DIR/(envoy_mock|reviews_app|dns_mock)\.py"
}

kill_lab_pids() {
  [ -s "$PIDFILE" ] || return 0
  local pid i alive
  while read -r pid; do
    [ -n "$pid" ] && is_lab_proc "$pid" && kill -TERM "$pid" 2>/dev/null
  done <"$PIDFILE"
  for i in $(seq 1 30); do            # bounded wait, 3 s
    alive=0
    while read -r pid; do [ -n "$pid" ] && is_lab_proc "$pid" && alive=1; done <"$PIDFILE"
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  while read -r pid; do
    [ -n "$pid" ] && is_lab_proc "$pid" && kill -KILL "$pid" 2>/dev/null
  done <"$PIDFILE"
  for pid in "${STARTED_PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null; done
  STARTED_PIDS=()
  : >"$PIDFILE"
}

# ---------------------------------------------------------------- namespaces
teardown() {
  kill_lab_pids
  [ -s "$NSFILE" ] || return 0
  local ns left
  while read -r ns; do
    [ -n "$ns" ] || continue
    if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns"; then
      left=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
      [ -n "$left" ] && echo "WARNING: processes still in $ns: $left (not started by this run?)" >&2
      ip netns del "$ns"
    fi
  done <"$NSFILE"
  : >"$NSFILE"
}

app_gid() { getent passwd "$APP_UID" | cut -d: -f4 | grep . || echo "$APP_UID"; }

setup_topology() {
  local ns
  printf '%s\n%s\n' "$NS_PP" "$NS_RV" >>"$NSFILE"
  ip netns add "$NS_PP" || die "netns add $NS_PP"
  ip netns add "$NS_RV" || die "netns add $NS_RV"
  for ns in "$NS_PP" "$NS_RV"; do
    # IPv4 only (no IPv6 DAD/RS chatter), per-conntrack-entry packet/byte accounting
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip netns exec "$ns" sysctl -qw net.netfilter.nf_conntrack_acct=1
    ip -n "$ns" link set lo up
  done
  # veth pair created directly inside the two namespaces (never in the root ns)
  ip -n "$NS_PP" link add eth0 type veth peer name eth0 netns "$NS_RV" || die "veth"
  ip -n "$NS_PP" addr add "$PP_IP/24" dev eth0
  ip -n "$NS_RV" addr add "$RV_IP/24" dev eth0
  ip -n "$NS_PP" link set eth0 up
  ip -n "$NS_RV" link set eth0 up
  ip -n "$NS_PP" route add 10.244.2.0/24 dev eth0
  ip -n "$NS_RV" route add 10.244.1.0/24 dev eth0
  # the "Service VIP" must have a route (through eth0, like a ClusterIP) so the
  # routing decision in OUTPUT succeeds before ISTIO_REDIRECT takes the SYN
  [ "$REQ" = rv-curl-vip ] && ip -n "$NS_RV" route add "${VIP%.*}.0/24" dev eth0
  if [ "$RV_TPROXY" = 1 ]; then   # what istio-init does in TPROXY mode
    ip -n "$NS_RV" rule add fwmark 1337 lookup 133 || die "ip rule"
    ip -n "$NS_RV" route add local default dev lo table 133 || die "ip route table 133"
  fi
  # the upstream DNS stand-in runs as uid 1000 on port 53
  case "$REQ" in pp-dns|pp-dns-glibc|pp-curl-name) ip netns exec "$NS_RV" sysctl -qw net.ipv4.ip_unprivileged_port_start=53 ;; esac
  return 0
}

load_rules() {
  local pod f
  for pod in "$PP" "$RV"; do
    f=$(rules_of "$pod")
    [ "$f" = none ] && continue
    in_pod "$pod" "$IPT_RESTORE" <"$LAB_DIR/rules/$f" || die "$IPT_RESTORE rules/$f in $pod"
  done
  if [ "$VARIANT" = no-uid-rule ]; then
    # remove the two unconditional "sidecar's own traffic" RETURN rules from lab-pp
    in_pod "$PP" "$IPT" -t nat -D ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN || die "delete uid rule"
    in_pod "$PP" "$IPT" -t nat -D ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN || die "delete gid rule"
  fi
}

# Counting rules (no target) in mangle and filter: they see EVERY packet that
# crosses the hook, unlike nat which is only consulted while a connection has no
# NAT binding yet (in practice: its first packet, at most once per manip type).
# They are inserted at the top of each chain (iptables-restore --noflush, -I n), so
# Istio's own mangle rules (TPROXY, MARK, ACCEPT) cannot hide packets from them.
HOOK_OUTPUT_RULES=(
  "-p tcp"
  "-p tcp -m conntrack --ctstate NEW"
  "-p tcp -m conntrack --ctstate ESTABLISHED"
  "-p tcp -m conntrack --ctdir ORIGINAL"
  "-p tcp -m conntrack --ctdir REPLY"
  "-p tcp -m owner --uid-owner $APP_UID"
  "-p tcp -m owner --uid-owner $PROXY_UID"
  "-p tcp -m owner ! --socket-exists"
  "-p tcp -m tcp --sport 9080"
  "-p tcp -m tcp --sport 15001"
  "-p tcp -m tcp --sport 15006"
  "-p tcp -o lo"
  "-p tcp -o eth0"
  "-p tcp -m conntrack --ctstate DNAT"
)
HOOK_PREROUTING_RULES=(
  "-p tcp"
  "-p tcp -i lo"
  "-p tcp -i eth0"
  "-p tcp -m conntrack --ctstate NEW"
)
HOOK_POSTROUTING_RULES=(
  "-p tcp"
  "-p tcp -o lo"
  "-p tcp -o eth0"
  "-p tcp -m conntrack --ctstate NEW"
)
HOOK_INPUT_RULES=("-p tcp")
add_hook_extras() {
  case "$HOOK_EXTRA" in
    udp)
      HOOK_OUTPUT_RULES+=("-p udp" "-p udp -m conntrack --ctstate NEW" "-p udp -m owner --uid-owner $APP_UID"
        "-p udp -m owner --uid-owner $PROXY_UID" "-p udp -o lo" "-p udp -o eth0" "-p udp -m udp --dport 53"
        "-p udp -m udp --sport 15053" "-p udp -m conntrack --ctstate DNAT" "-p udp -m conntrack --ctdir REPLY")
      HOOK_PREROUTING_RULES+=("-p udp" "-p udp -i lo" "-p udp -i eth0" "-p udp -m udp --sport 53"
        "-p udp -m udp --dport 53" "-p udp -m udp --dport 15053")
      HOOK_POSTROUTING_RULES+=("-p udp" "-p udp -o lo" "-p udp -o eth0")
      HOOK_INPUT_RULES+=("-p udp" "-p udp -m udp --dport 15053" "-p udp -m udp --dport 53") ;;
    mark)
      HOOK_OUTPUT_RULES+=("-p tcp -m mark --mark 0x539" "-p tcp -m mark --mark 0x53a"
        "-p tcp -m connmark --mark 0x539")
      HOOK_PREROUTING_RULES+=("-p tcp -m mark --mark 0x539" "-p tcp -m connmark --mark 0x539")
      HOOK_POSTROUTING_RULES+=("-p tcp -m mark --mark 0x539" "-p tcp -m mark --mark 0x53a")
      HOOK_INPUT_RULES+=("-p tcp -m mark --mark 0x539" "-p tcp -m connmark --mark 0x539"
        "-p tcp -m tcp --dport 15006" "-p tcp -m tcp --dport 9080") ;;
  esac
}
gen_hook_rules() {   # iptables-restore --noflush input for the mangle + filter counting rules
  local r n
  echo '*mangle'
  n=0; for r in "${HOOK_PREROUTING_RULES[@]}"; do n=$((n+1)); echo "-I PREROUTING $n $r"; done
  n=0; for r in "${HOOK_INPUT_RULES[@]}"; do n=$((n+1)); echo "-I INPUT $n $r"; done
  n=0; for r in "${HOOK_OUTPUT_RULES[@]}"; do n=$((n+1)); echo "-I OUTPUT $n $r"; done
  n=0; for r in "${HOOK_POSTROUTING_RULES[@]}"; do n=$((n+1)); echo "-I POSTROUTING $n $r"; done
  printf 'COMMIT\n*filter\n'
  n=0; for r in "${HOOK_INPUT_RULES[@]}"; do n=$((n+1)); echo "-I INPUT $n $r"; done
  n=0; for r in "${HOOK_OUTPUT_RULES[@]}"; do n=$((n+1)); echo "-I OUTPUT $n $r"; done
  printf 'COMMIT\n'
}
load_hook_rules() {
  local out=$1 pod
  gen_hook_rules >"$out/hook-counting.rules"
  for pod in "$PP" "$RV"; do
    in_pod "$pod" "$IPT_RESTORE" --noflush <"$out/hook-counting.rules" || die "$IPT_RESTORE hook rules in $pod"
  done
}

wait_listen() {   # wait_listen POD PORT [t|u]  (checks sockets, sends no packet)
  local i
  for i in $(seq 1 50); do
    in_pod "$1" ss -Hl"${3:-t}"n "sport = :$2" | grep -q . && return 0
    sleep 0.1
  done
  die "nothing listening on $1 port $2"
}

set_runners() {   # argv prefixes: run as the app user / as istio-proxy (ip netns exec needs a program)
  AS_APP=(setpriv --reuid="$APP_UID" --regid="$APP_GID" --clear-groups env -i PATH=/usr/bin:/bin)
  AS_PROXY=(setpriv --reuid="$PROXY_UID" --regid="$PROXY_GID" --clear-groups env -i PATH=/usr/bin:/bin)
  # istio-proxy gets NET_ADMIN in TPROXY mode (IP_TRANSPARENT, SO_MARK); here as an ambient capability
  AS_PROXY_NETADMIN=(setpriv --reuid="$PROXY_UID" --regid="$PROXY_GID" --clear-groups
    --inh-caps=+net_admin --ambient-caps=+net_admin env -i PATH=/usr/bin:/bin)
}

start_envoy() {   # start_envoy POD NAME IP MODE [extra args]
  local pod=$1 name=$2 ip=$3 mode=$4; shift 4
  local runner=("${AS_PROXY[@]}")
  [ "$mode" = original-src ] && runner=("${AS_PROXY_NETADMIN[@]}")
  [ "$pod" = "$RV" ] && [ "$RV_TPROXY" = 1 ] && runner=("${AS_PROXY_NETADMIN[@]}")
  start_bg "$OUT/$pod.envoy.log" ip netns exec "$(ns_of "$pod")" "${runner[@]}" \
    "$PY" -u "$LAB_DIR/envoy_mock.py" --name "$name" --pod-ip "$ip" --inbound-upstream "$mode" \
    --max-conns "$ENVOY_MAX_CONNS" --lifetime "$PROC_LIFETIME" --vip-map "$VIP:9080=$RV_IP:9080" "$@"
}

start_pods() {
  local pp_mode=$MODE
  [ "$pp_mode" = original-src ] && pp_mode=podip   # original_src only matters in TPROXY'd lab-rv
  if [ "$RV_RULES" != none ]; then
    start_bg "$OUT/$RV.app.log" ip netns exec "$NS_RV" "${AS_APP[@]}" \
      "$PY" -u "$LAB_DIR/reviews_app.py" --port 9080 --lifetime "$PROC_LIFETIME"
    if [ "$RV_TPROXY" = 1 ]; then
      start_envoy "$RV" reviews "$RV_IP" "$MODE" --inbound-tproxy
    else
      start_envoy "$RV" reviews "$RV_IP" "$MODE"
    fi
  fi
  start_envoy "$PP" productpage "$PP_IP" "$pp_mode"
  if [ "$REQ" = pp-dns ] || [ "$REQ" = pp-dns-glibc ]; then
    start_bg "$OUT/$PP.dns-agent.log" ip netns exec "$NS_PP" "${AS_PROXY[@]}" \
      "$PY" -u "$LAB_DIR/dns_mock.py" --role agent --listen 127.0.0.1:15053 --upstream "$RV_IP:53" \
      --name reviews.default.svc.cluster.local=10.96.88.70 --name ratings.default.svc.cluster.local=10.96.201.15 \
      --name details.default.svc.cluster.local=10.96.54.31 --name productpage.default.svc.cluster.local=10.96.113.20 \
      --lifetime "$PROC_LIFETIME"
    start_bg "$OUT/$RV.dns-upstream.log" ip netns exec "$NS_RV" "${AS_APP[@]}" \
      "$PY" -u "$LAB_DIR/dns_mock.py" --role upstream --listen 0.0.0.0:53 \
      --name kube-dns.kube-system.svc.cluster.local=10.96.0.10 --lifetime "$PROC_LIFETIME"
    wait_listen "$PP" 15053 u; wait_listen "$RV" 53 u
  fi
  if [ "$REQ" = pp-curl-name ]; then
    start_bg "$OUT/$RV.dns-upstream.log" ip netns exec "$NS_RV" "${AS_APP[@]}" \
      "$PY" -u "$LAB_DIR/dns_mock.py" --role upstream --listen 0.0.0.0:53 \
      --name "reviews.default.svc.cluster.local=$RV_IP" --lifetime "$PROC_LIFETIME"
    wait_listen "$RV" 53 u
  fi
  if [ "$RV_RULES" != none ]; then
    wait_listen "$RV" 9080; wait_listen "$RV" 15001; wait_listen "$RV" 15006
  fi
  wait_listen "$PP" 15001; wait_listen "$PP" 15006
}

zero_counters() {
  local pod t
  for pod in "$PP" "$RV"; do
    for t in nat mangle filter raw; do in_pod "$pod" "$IPT" -t "$t" -Z; done
    in_pod "$pod" conntrack -F 2>/dev/null
  done
}

run_client() {   # run_client I POD TOOL DESC CMD...
  local i=$1 pod=$2 tool=$3 desc=$4 rc; shift 4
  echo "### request $i: $desc" >>"$OUT/curl-response.txt"
  in_pod "$pod" "$@" >>"$OUT/curl-response.txt" 2>>"$OUT/curl-stderr.txt"
  rc=$?
  echo "### request $i: $tool exit code $rc" >>"$OUT/curl-response.txt"
  echo "request $i rc=$rc" >>"$OUT/curl-exit-codes.txt"
  log "  request $i: exit code $rc"
  sleep 0.5
}


send_requests() {
  local i url pod
  : >"$OUT/curl-response.txt"; : >"$OUT/curl-stderr.txt"; : >"$OUT/curl-exit-codes.txt"
  case "$REQ" in
    pp-curl-rv)   pod=$PP; url="http://$RV_IP:9080/reviews/0" ;;
    rv-curl-self) pod=$RV; url="http://$RV_IP:9080/reviews/0" ;;
    rv-curl-vip)  pod=$RV; url="http://$VIP:9080/reviews/0" ;;
    pp-dns-glibc)
      printf 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver %s\noptions ndots:5\n' "$RV_IP" >"$OUT/resolv.conf"
      chmod 644 "$OUT/resolv.conf"
      run_client 1 "$PP" getaddrinfo "getaddrinfo(\"reviews\") (uid $APP_UID) in $PP (resolv.conf: nameserver $RV_IP)" \
        sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$OUT/resolv.conf" \
        "${AS_APP[@]}" "$PY" -c 'import socket; print(sorted({a[4][0] for a in socket.getaddrinfo("reviews", 9080, proto=socket.IPPROTO_TCP)}))'
      return ;;
    pp-curl-name)
      # a private resolv.conf, bind-mounted in the mount namespace `ip netns exec` makes
      # (its / is rslave, so nothing reaches the host's /etc)
      printf 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver %s\noptions ndots:5\n' "$RV_IP" >"$OUT/resolv.conf"
      chmod 644 "$OUT/resolv.conf"
      run_client 1 "$PP" curl "curl (uid $APP_UID) in $PP -> http://reviews:9080/reviews/0 (resolv.conf: nameserver $RV_IP)" \
        sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$OUT/resolv.conf" \
        "${AS_APP[@]}" curl -q -sS -i --noproxy '*' --max-time 3 \
        -w '\n### curl -w: http_code=%{http_code} remote=%{remote_ip}:%{remote_port} local=%{local_ip}:%{local_port} time_total=%{time_total}s\n' \
        "http://reviews:9080/reviews/0"
      return ;;
    pp-dns)
      run_client 1 "$PP" dns_client "dns_client.py (uid $APP_UID) in $PP -> udp $RV_IP:53 A reviews.default.svc.cluster.local" \
        "${AS_APP[@]}" "$PY" "$LAB_DIR/dns_client.py" "$RV_IP" reviews.default.svc.cluster.local
      run_client 2 "$PP" dns_client "dns_client.py (uid $APP_UID) in $PP -> udp $RV_IP:53 A kube-dns.kube-system.svc.cluster.local" \
        "${AS_APP[@]}" "$PY" "$LAB_DIR/dns_client.py" "$RV_IP" kube-dns.kube-system.svc.cluster.local
      return ;;
  esac
  for i in $(seq 1 "$NREQ"); do
    run_client "$i" "$pod" curl "curl (uid $APP_UID) in $pod -> $url" \
      "${AS_APP[@]}" curl -q -sS -i --noproxy '*' --max-time 3 \
      -w '\n### curl -w: http_code=%{http_code} remote=%{remote_ip}:%{remote_port} local=%{local_ip}:%{local_port} time_total=%{time_total}s\n' \
      "$url"
  done
}

capture_pod() {   # capture_pod POD SUFFIX
  local pod=$1 p="$OUT/$1" s=${2:-}
  in_pod "$pod" "$IPT" -t nat -L -v -n -x --line-numbers >"$p.nat-L$s.txt" 2>&1
  [ -n "$s" ] && return 0
  in_pod "$pod" "$IPT" -t nat -S >"$p.nat-S.txt" 2>&1
  in_pod "$pod" "$IPT_SAVE" -c -t nat >"$p.nat-save-c.txt" 2>&1
  if has_table "$pod" raw; then
    in_pod "$pod" "$IPT" -t raw -L -v -n -x --line-numbers >"$p.raw-L.txt" 2>&1
    in_pod "$pod" "$IPT_SAVE" -c -t raw >"$p.raw-save-c.txt" 2>&1
  fi
  # stderr ("N flow entries have been shown") appended afterwards: sharing the
  # file with 2>&1 lets it land in the middle of a line once stdout exceeds 4 KiB
  in_pod "$pod" conntrack -L >"$p.conntrack-L.txt" 2>"$RUN_DIR/conntrack.err"
  cat "$RUN_DIR/conntrack.err" >>"$p.conntrack-L.txt"; rm -f "$RUN_DIR/conntrack.err"
  if [ "$HOOKS" = 1 ] || has_table "$pod" mangle; then
    in_pod "$pod" "$IPT" -t mangle -L -v -n -x --line-numbers >"$p.hooks-mangle-L.txt" 2>&1
    in_pod "$pod" "$IPT" -t filter -L -v -n -x --line-numbers >"$p.hooks-filter-L.txt" 2>&1
    in_pod "$pod" "$IPT_SAVE" -c -t mangle >"$p.hooks-mangle-save-c.txt" 2>&1
    in_pod "$pod" "$IPT_SAVE" -c -t filter >"$p.hooks-filter-save-c.txt" 2>&1
  fi
  [ "$BACKEND" = nft ] && in_pod "$pod" nft list ruleset >"$p.nft-ruleset.txt" 2>&1
  if [ "$pod" = "$RV" ] && [ "$RV_TPROXY" = 1 ]; then
    { echo "# ip rule"; in_pod "$pod" ip rule; echo "# ip route show table 133"; in_pod "$pod" ip route show table 133; } >"$p.ip-rule.txt" 2>&1
  fi
  in_pod "$pod" ss -tuanoe >"$p.ss.txt" 2>/dev/null
}

run_scenario() {
  local sc=$1 pod
  scenario_params "$sc" || die "unknown scenario '$sc' (try --list)"
  set_backend "$BACKEND"
  HOOK_OUTPUT_RULES_SAVED=("${HOOK_OUTPUT_RULES[@]}"); HOOK_PREROUTING_RULES_SAVED=("${HOOK_PREROUTING_RULES[@]}")
  HOOK_POSTROUTING_RULES_SAVED=("${HOOK_POSTROUTING_RULES[@]}"); HOOK_INPUT_RULES_SAVED=("${HOOK_INPUT_RULES[@]}")
  add_hook_extras
  OUT="$OUT_ROOT/$sc"
  rm -rf "$OUT"; mkdir -p "$OUT"
  log "=== scenario $sc: backend=$BACKEND ($IPT) inbound-upstream=$MODE requests=$NREQ variant=$VARIANT req=$REQ pp=$PP_RULES rv=$RV_RULES"
  teardown
  setup_topology
  load_rules
  [ "$HOOKS" = 1 ] && load_hook_rules "$OUT"
  start_pods
  zero_counters
  for pod in "$PP" "$RV"; do capture_pod "$pod" .before; done
  {
    echo "scenario=$sc"; echo "backend=$BACKEND ($($IPT -V))"; echo "inbound_upstream=$MODE"
    echo "requests=$NREQ"; echo "variant=$VARIANT"; echo "hook_counting_rules=$HOOKS"
    echo "request_kind=$REQ"; echo "pp_rules=$PP_RULES"; echo "rv_rules=$RV_RULES"; echo "rv_tproxy=$RV_TPROXY"
    echo "hook_extra=$HOOK_EXTRA"; echo "description=$DESC"
    echo "envoy_max_conns=$ENVOY_MAX_CONNS"; echo "kernel=$(uname -r)"; echo "conntrack=$(conntrack -V 2>&1)"
    echo "app uid=$APP_UID gid=$APP_GID; proxy uid=$PROXY_UID gid=$PROXY_GID (numeric, no passwd entry needed)"
    echo "pp=$PP ($NS_PP) $PP_IP  rv=$RV ($NS_RV) $RV_IP  vip=$VIP"
    for pod in "$PP" "$RV"; do
      echo "--- $pod"; ip -n "$(ns_of "$pod")" -br addr; ip -n "$(ns_of "$pod")" route
    done
  } >"$OUT/scenario.txt"
  send_requests
  sleep "$SETTLE_S"       # let FIN/ACK exchanges finish so the counters are final
  for pod in "$PP" "$RV"; do capture_pod "$pod"; done
  teardown
  local specs=()
  for pod in "$PP" "$RV"; do
    specs+=("$pod:nat:$OUT/$pod.nat-save-c.txt")
    [ -f "$OUT/$pod.hooks-mangle-save-c.txt" ] && specs+=("$pod:mangle:$OUT/$pod.hooks-mangle-save-c.txt" "$pod:filter:$OUT/$pod.hooks-filter-save-c.txt")
    [ -f "$OUT/$pod.raw-save-c.txt" ] && specs+=("$pod:raw:$OUT/$pod.raw-save-c.txt")
  done
  "$PY" "$LAB_DIR/parse_counters.py" "$OUT" "${specs[@]}" >/dev/null || die "parse_counters"
  awk '/^== /{show=($0 ~ /table (nat|raw)/)} show{print "    " $0}' "$OUT/summary.txt"
  HOOK_OUTPUT_RULES=("${HOOK_OUTPUT_RULES_SAVED[@]}"); HOOK_PREROUTING_RULES=("${HOOK_PREROUTING_RULES_SAVED[@]}")
  HOOK_POSTROUTING_RULES=("${HOOK_POSTROUTING_RULES_SAVED[@]}"); HOOK_INPUT_RULES=("${HOOK_INPUT_RULES_SAVED[@]}")
}

main() {
  [ "$(id -u)" = 0 ] || die "run as root"
  mkdir -p "$RUN_DIR" "$OUT_ROOT"; touch "$PIDFILE" "$NSFILE"
  STARTED_PIDS=()
  case "${1:-}" in
    --list) for sc in "${ALL_SCENARIOS[@]}"; do scenario_params "$sc"; printf '%-22s %s\n' "$sc" "$DESC"; done; exit 0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
  esac
  exec 9>"$RUN_DIR/lock"
  flock -n 9 || die "another istio-lab.sh run is active"
  if [ "${1:-}" = --cleanup ]; then teardown; log "cleaned up"; exit 0; fi
  trap teardown EXIT
  trap 'exit 130' INT TERM
  APP_GID=$(app_gid)
  set_runners
  local scs=("$@")
  [ ${#scs[@]} -eq 0 ] && scs=("${ALL_SCENARIOS[@]}")
  local sc
  for sc in "${scs[@]}"; do scenario_params "$sc" || die "unknown scenario '$sc'"; done
  {
    echo "date=$(date -Is)"; echo "kernel=$(uname -a)"; iptables -V; iptables-legacy -V
    conntrack -V 2>&1; nft --version; ip -V; curl -V | head -1; "$PY" -V
  } >"$OUT_ROOT/environment.txt" 2>&1
  for sc in "${scs[@]}"; do run_scenario "$sc"; done
  local rc=0
  if [ "$CHECK" = 1 ]; then
    log "checking all captured scenarios under $OUT_ROOT (check_outputs.py -> checks.txt)"
    "$PY" "$LAB_DIR/check_outputs.py" "$OUT_ROOT" >/dev/null || rc=1
    grep -E '^FAIL|failure' "$OUT_ROOT/checks.txt"
  fi
  log "done; outputs in $OUT_ROOT"
  return $rc
}

main "$@"
