// Name resolution as a pod's glibc does it: /etc/resolv.conf search list with
// ndots:5, A and AAAA queries on one UDP socket to the nameserver, which are real
// packets (kube-proxy translates kube-dns's ClusterIP; Istio's DNS capture, when on,
// redirects them to the agent on 127.0.0.1:15053).

import { ip, IPPROTO_UDP, isIpText } from '../netfilter/addr.ts';
import type { NetNs } from '../netfilter/netns.ts';
import type { Packet } from '../netfilter/packet.ts';
import { UDP_HDR_LEN } from '../netfilter/packet.ts';
import type { SockOwner } from '../netfilter/sockets.ts';
import { CLUSTER_DOMAIN, COREDNS, PODS } from './cluster.ts';
import { stackOf } from './packet-path.ts';
import type { World } from './world.ts';

const SEARCH = [`default.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];

function qnameLength(name: string): number {
  return name.split('.').filter((l) => l !== '').reduce((n, l) => n + 1 + l.length, 0) + 1;
}

/** What CoreDNS (or the Istio agent) knows: Service names and pod names. */
export function lookupName(name: string): number | undefined {
  const n = name.replace(/\.$/, '');
  if (n === `kube-dns.kube-system.svc.${CLUSTER_DOMAIN}`) return ip(COREDNS.clusterIp);
  for (const p of PODS) if (n === `${p.service}.default.svc.${CLUSTER_DOMAIN}`) return ip(p.clusterIp);
  return undefined;
}

export type ResolveResult = { ok: true; ip: number } | { ok: false; reason: 'nxdomain' | 'timeout' | 'refused' };

/** what one exchange with the nameserver gave: an address, no such name, or no answer */
type Exchange = number | undefined | 'timeout' | 'refused';

/** getaddrinfo() in `ns` for a process owning `owner`. */
export function resolve(world: World, ns: NetNs, owner: SockOwner, host: string, label: string): ResolveResult {
  if (isIpText(host)) return { ok: true, ip: ip(host) };
  if (host === 'localhost') return { ok: true, ip: ip('127.0.0.1') };
  const dots = host.split('.').length - 1;
  const candidates = host.endsWith('.') ? [host] : dots >= 5 ? [host, ...SEARCH.map((s) => `${host}.${s}`)] : [...SEARCH.map((s) => `${host}.${s}`), host];
  for (const name of candidates) {
    let r = query(world, ns, owner, name, label);
    // res_send: the server refused (ICMP port unreachable): a second try, on a new
    // socket (options attempts:2); refused again, res_nsearch gives up on the whole search
    // list (measured: 2 x A + AAAA for the first candidate only, curl exit 6)
    if (r === 'refused') r = query(world, ns, owner, name, label);
    if (r === 'refused') return { ok: false, reason: 'refused' };
    if (r === 'timeout') return { ok: false, reason: 'timeout' };
    if (r !== undefined) return { ok: true, ip: r };
  }
  return { ok: false, reason: 'nxdomain' };
}

/** One A + AAAA exchange with the pod's nameserver; undefined when the name does not exist. */
function query(world: World, ns: NetNs, owner: SockOwner, name: string, label: string): Exchange {
  return dnsExchange(world, ns, owner, world.nameserver(), name, ['A', 'AAAA'], label);
}

/** Names the Istio agent answers itself (the mesh's Services); others go upstream. */
function agentKnows(name: string): boolean {
  return PODS.some((p) => name.replace(/\.$/, '') === `${p.service}.default.svc.${CLUSTER_DOMAIN}`);
}

/**
 * Queries on one UDP socket to `server`:53, each answered by whatever socket the query
 * lands on: a DNS server answers from the cluster's names; the Istio agent (DNS capture)
 * answers the mesh's names and forwards the rest to the pod's nameserver as uid 1337.
 */
export function dnsExchange(world: World, ns: NetNs, owner: SockOwner, server: number, name: string, types: ReadonlyArray<'A' | 'AAAA'>, label: string): Exchange {
  const sport = ns.allocatePort();
  const src = stackOf(world).sourceAddress(ns, server) ?? 0;
  const sock = ns.sockets.add({ proto: 17, state: 'ESTAB', localIp: src, localPort: sport, remoteIp: server, remotePort: 53, owner, transparent: false, backlog: 0 });
  const qlen = 12 + qnameLength(name) + 4;
  let result: Exchange;
  for (const type of types) {
    const q: Packet = { src, dst: server, proto: IPPROTO_UDP, sport, dport: 53, flags: 0, length: UDP_HDR_LEN + qlen, payload: qlen, mark: 0, sk: { uid: owner.uid, gid: owner.gid }, label: `DNS ${type}? ${name}` };
    const l = stackOf(world).send(ns, q, label);
    if (l.answer?.kind === 'delivered' && l.answer.sock === sock) {
      // the socket reports ECONNREFUSED; the other query still goes out
      if (result === undefined) result = 'refused';
      continue;
    }
    if (l.kind !== 'delivered' || !l.sock) {
      result = 'timeout';
      continue;
    }
    const srv = l.sock;
    let answer: Exchange;
    if (srv.service === 'agent-dns' && !agentKnows(name) && srv.owner) {
      answer = dnsExchange(world, l.ns, { ...srv.owner, fd: srv.owner.fd + 1 }, world.nameserver(), name, [type], `${l.ns.name}/pilot-agent`);
    } else if (srv.service === 'dns' || srv.service === 'agent-dns') {
      answer = lookupName(name);
    } else {
      result = 'timeout';
      continue;
    }
    if (answer === 'timeout' || answer === 'refused') {
      // (the agent's own upstream query failed: its client hears nothing)
      result = 'timeout';
      continue;
    }
    if (type === 'A' || result === undefined) result ??= answer;
    // The answer comes back from the socket that got the query, to the address it saw.
    const rlen = qlen + (answer === undefined ? 53 : type === 'A' ? 16 : 53);
    const resp: Packet = {
      src: l.pkt.dst, dst: l.pkt.src, proto: IPPROTO_UDP, sport: l.pkt.dport, dport: l.pkt.sport, flags: 0,
      length: UDP_HDR_LEN + rlen, payload: rlen, mark: 0, sk: srv.owner ? { uid: srv.owner.uid, gid: srv.owner.gid } : undefined,
      label: `DNS ${type} ${answer === undefined ? 'NXDOMAIN' : 'answer'}`,
    };
    const back = stackOf(world).send(l.ns, resp, `${l.ns.name}/${srv.owner?.comm ?? 'dns'}`);
    if (back.kind !== 'delivered' || back.sock !== sock) result = 'timeout';
  }
  ns.sockets.remove(sock);
  return result;
}
