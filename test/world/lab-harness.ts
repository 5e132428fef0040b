// Rebuild a lab scenario in the simulated world: same rules, same processes, same
// requests; then read the counters the way the lab's counters.json holds them.
import { readFileSync, existsSync } from 'node:fs';
import { runIptables } from '../../src/engine/iptables.ts';
import type { Firewall } from '../../src/engine/model.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { createWorld } from '../../src/world/world.ts';
import type { World, WorldOptions } from '../../src/world/world.ts';
import { httpGet } from '../../src/world/traffic.ts';
import { cniOptionsFromAnnotations, optionsFromAnnotations } from '../../src/world/istio-iptables/annotations.ts';
import type { IstioIptablesOptions } from '../../src/world/istio-iptables/options.ts';
import { dnsExchange } from '../../src/world/dns.ts';
import { ip } from '../../src/netfilter/addr.ts';
import type { HttpResult } from '../../src/world/traffic.ts';

export const LAB_DIR = new URL('../fixtures/world/lab/', import.meta.url);
export const EXTRA_DIR = new URL('../fixtures/lab-extra/', import.meta.url);

export interface LabCounters {
  [pod: string]: { [table: string]: { [chain: string]: { policy: string; policy_counters: [number, number] | null; rules: Array<{ num: number; pkts: number; bytes: number; rule: string }> } } };
}

/**
 * The lab's zero_counters (lab/istio-lab.sh) before the client runs: `-t T -Z` of every
 * table in both pods. On nf_tables that also gives each base chain counters of its own,
 * without which the kernel does not count the chain's policy.
 */
function zeroCounters(fws: readonly Firewall[]): void {
  for (const fw of fws) for (const t of ['nat', 'mangle', 'filter', 'raw']) runIptables(fw, ['-t', t, '-Z']);
}

export function labFile(scenario: string, file: string): string {
  const mine = new URL(`${scenario}/${file}`, LAB_DIR);
  return readFileSync(existsSync(mine) ? mine : new URL(`${scenario}/${file}`, EXTRA_DIR), 'utf8');
}

export function labCounters(scenario: string): LabCounters {
  return JSON.parse(labFile(scenario, 'counters.json')) as LabCounters;
}

export function scenarioInfo(scenario: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labFile(scenario, 'scenario.txt').split('\n')) {
    const m = /^([a-z_]+)=(.*)$/.exec(l);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export const POD_OF: Record<string, string> = { 'lab-pp': 'productpage-v1', 'lab-rv': 'reviews-v1' };

export interface LabRun {
  world: World;
  results: HttpResult[];
}

/** The six scenarios of the shared lab (Istio 1.6 rules in both pods). */
export function runLab16(scenario: string, extra: WorldOptions = {}): LabRun {
  const info = scenarioInfo(scenario);
  const world = createWorld('bookinfo-1.6', {
    flavour: 'lab', reviewsCallsRatings: false, backend: info.backend.startsWith('legacy') ? 'legacy' : 'nft',
    inboundVia: info.inbound_upstream === 'podip' ? 'podip' : 'localhost', envoyMaxConns: Number(info.envoy_max_conns ?? 20), ...extra,
  });
  const hooks = labFile(scenario, 'hook-counting.rules');
  const pp = world.pod('productpage-v1')!;
  const rv = world.pod('reviews-v1')!;
  for (const p of [pp, rv]) {
    const r = runIptablesRestore(p.fw, ['--noflush'], hooks);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  if (info.variant === 'no-uid-rule') {
    for (const id of ['--uid-owner', '--gid-owner']) {
      const r = runIptables(pp.fw, ['-t', 'nat', '-D', 'ISTIO_OUTPUT', '-m', 'owner', id, '1337', '-j', 'RETURN']);
      if (r.code !== 0) throw new Error(r.stderr);
    }
  }
  zeroCounters([pp.fw, rv.fw]);
  const results: HttpResult[] = [];
  for (let i = 0; i < Number(info.requests ?? 1); i++) {
    results.push(httpGet(world, pp.app, 'http://10.244.2.20:9080/reviews/0', { maxTimeS: 3 }));
    world.advance(3000);
  }
  return { world, results };
}

/** Our counters in the lab's shape: "CHAIN policy" / "CHAIN #n" -> [pkts, bytes]. */
export function simCounters(world: World, pod: string, table: string): Map<string, [number, number]> {
  const fw = world.pod(pod)!.fw;
  const out = new Map<string, [number, number]>();
  const t = fw.peek(table);
  if (!t) return out;
  for (const c of t.chains.values()) {
    if (c.builtin) out.set(`${c.name} policy`, [Number(c.pkts), Number(c.bytes)]);
    c.rules.forEach((r, i) => out.set(`${c.name} #${i + 1}`, [Number(r.pkts), Number(r.bytes)]));
  }
  return out;
}

export function labCounterMap(c: LabCounters, pod: string, table: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const [chain, v] of Object.entries(c[pod]?.[table] ?? {})) {
    if (v.policy_counters) out.set(`${chain} policy`, v.policy_counters);
    for (const r of v.rules) out.set(`${chain} #${r.num}`, [r.pkts, r.bytes]);
  }
  return out;
}

export interface Spread {
  [scenario: string]: { [pod: string]: { [table: string]: { [counter: string]: [number, number] } } };
}

export function spread(): Spread {
  return JSON.parse(readFileSync(new URL('spread.json', EXTRA_DIR), 'utf8')) as Spread;
}

/** The rule files of lab-extra, as generator options. */
export function optionsForRuleFile(file: string): IstioIptablesOptions | null {
  switch (file) {
    case 'istio-1.6-nat.rules': return optionsFromAnnotations({}, { version: '1.6' });
    case 'istio-current.rules': return optionsFromAnnotations({});
    case 'istio-current-exclude-inbound-9080.rules': return optionsFromAnnotations({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9080' });
    case 'istio-current-exclude-outbound-cidr.rules': return optionsFromAnnotations({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.244.2.0/24' });
    case 'cni-tproxy.rules': return cniOptionsFromAnnotations({ 'sidecar.istio.io/interceptionMode': 'TPROXY' });
    case 'cni-dns.rules': return cniOptionsFromAnnotations({}, { dnsCapture: true });
    case 'none': return null;
    default: throw new Error(`unknown rule file ${file}`);
  }
}

const URLS: Record<string, [string, string]> = {
  'pp-curl-rv': ['productpage-v1', 'http://10.244.2.20:9080/reviews/0'],
  'rv-curl-self': ['reviews-v1', 'http://10.244.2.20:9080/reviews/0'],
  // the lab's VIP was 10.244.255.70; ours is the reviews Service's ClusterIP
  'rv-curl-vip': ['reviews-v1', 'http://10.96.88.70:9080/reviews/0'],
  // the lab's resolver asked a DNS stub in lab-rv; ours asks CoreDNS through kube-proxy
  'pp-curl-name': ['productpage-v1', 'http://reviews:9080/reviews/0'],
};

/** Any lab scenario whose topology the world has (two pods, one request kind above). */
export function runLabAny(scenario: string): LabRun {
  const info = scenarioInfo(scenario);
  const dnsOnly = info.request_kind === 'pp-dns';
  const req = dnsOnly ? ['productpage-v1', ''] : URLS[info.request_kind ?? 'pp-curl-rv'];
  if (!req) throw new Error(`request kind ${info.request_kind} not modelled`);
  const podOptions: Record<string, IstioIptablesOptions> = {};
  const withoutSidecar: string[] = [];
  for (const [key, dep] of [['pp_rules', 'productpage-v1'], ['rv_rules', 'reviews-v1']] as const) {
    const o = optionsForRuleFile(info[key] ?? 'istio-1.6-nat.rules');
    if (o) podOptions[dep] = o;
    else withoutSidecar.push(dep);
  }
  const world = createWorld('bookinfo', {
    flavour: 'lab', reviewsCallsRatings: false, backend: info.backend.startsWith('legacy') ? 'legacy' : 'nft',
    inboundVia: info.inbound_upstream === 'localhost' ? 'localhost' : info.inbound_upstream === 'original-src' ? 'original-src' : 'podip',
    envoyMaxConns: Number(info.envoy_max_conns ?? 20), podOptions, withoutSidecar,
    // the lab's DNS scenario: a DNS server in lab-rv is the pods' nameserver
    ...(dnsOnly ? { nameserver: '10.244.2.20', dnsServerIn: 'reviews-v1' } : {}),
  });
  if (dnsOnly) {
    // the lab's options only carry the CNI defaults; its agent forwarded to lab-rv
    const pp = world.pod('productpage-v1')!;
    const hooks = labFile(scenario, 'hook-counting.rules');
    for (const dep of ['productpage-v1', 'reviews-v1']) {
      const r = runIptablesRestore(world.pod(dep)!.fw, ['--noflush'], hooks);
      if (r.code !== 0) throw new Error(r.stderr);
    }
    zeroCounters(['productpage-v1', 'reviews-v1'].map((d) => world.pod(d)!.fw));
    // dns_client.py: one A query per name, uid 1000, to the nameserver's pod IP
    const owner = { uid: 1000, gid: 1000, pid: 30001, comm: 'python3', fd: 3 };
    const results: HttpResult[] = [];
    for (const name of ['reviews.default.svc.cluster.local', 'kube-dns.kube-system.svc.cluster.local']) {
      const a = dnsExchange(world, pp.ns, owner, ip('10.244.2.20'), name, ['A'], 'productpage/dns_client');
      results.push({ exit: typeof a === 'number' ? 0 : 1, host: name, port: 53 });
      world.advance(0);
    }
    world.advance(3000);
    return { world, results };
  }
  const hooks = labFile(scenario, 'hook-counting.rules');
  for (const dep of ['productpage-v1', 'reviews-v1']) {
    const r = runIptablesRestore(world.pod(dep)!.fw, ['--noflush'], hooks);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  zeroCounters(['productpage-v1', 'reviews-v1'].map((d) => world.pod(d)!.fw));
  const results: HttpResult[] = [];
  for (let i = 0; i < Number(info.requests ?? 1); i++) {
    results.push(httpGet(world, world.pod(req[0])!.app, req[1], { maxTimeS: 3 }));
    world.advance(3000);
  }
  return { world, results };
}
