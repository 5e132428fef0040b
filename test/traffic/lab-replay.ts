// Replaying a lab scenario in the simulator.
//
// The lab's steps (lab/istio-lab.sh run_scenario) are written once here, against a small
// driver interface; an adapter over the simulated world implements the driver. Whatever
// the world's API looks like, the steps and the comparison stay these.
//
// What the driver must provide, and why, is spelled out on each member: this is the
// "expected interface" of the traffic tests (see also test/traffic/README.md).

import type { LabCounters, LabPod, LabScenario, TableName } from './lab-fixtures.ts';
import {
  LAB_PODS, diffExact, diffSpread, exactTables, labCounters, labHookRules, labRules, labScenario, labSpread,
  parseSaveCounters,
} from './lab-fixtures.ts';

export interface CommandResult { stdout: string; stderr: string; code: number }

/** How the two lab pods are built. */
export interface LabSetup {
  backend: 'nft' | 'legacy';
  /**
   * How lab-rv's envoy reaches the app: 'localhost' = 127.0.0.1:<port>; 'podip' = bind
   * 127.0.0.6, connect <pod IP>:<port>; 'original-src' = Envoy's original_src (IP_TRANSPARENT,
   * bind the client's address, SO_MARK 1337), connect <pod IP>:<port>.
   */
  inboundUpstream: LabScenario['inboundUpstream'];
  /** each envoy listener closes connections beyond this many at once (ends the no-uid-rule loop) */
  envoyMaxConns: number;
  /** a pod without a sidecar runs no envoy/agent (dns-capture: lab-rv is the upstream DNS server) */
  sidecar: Record<LabPod, boolean>;
  /** lab-rv: `ip rule add fwmark 1337 lookup 133`, `ip route add local default dev lo table 133`, envoy's 15006 IP_TRANSPARENT */
  rvTproxy: boolean;
  /** lab-pp's pilot-agent answers DNS on 127.0.0.1:15053 (udp) as uid 1337 and forwards unknown names upstream */
  agentDns: boolean;
  /** HTTP texts of the lab (reviews_app.py, the envoy mock's x-lab-envoy headers), so byte counters can match */
  flavour: 'lab';
}

export interface LabDriver {
  /** Build the world: productpage-v1 is lab-pp (10.244.1.10), reviews-v1 is lab-rv (10.244.2.20), all tables empty. */
  setup(s: LabSetup): void;
  /** `iptables-restore [--noflush]` (or `iptables-legacy-restore`) with `text` on stdin, in the pod's netns. */
  restore(pod: LabPod, text: string, noflush: boolean): CommandResult;
  /** `iptables ARGV` (or `iptables-legacy`) in the pod's netns. */
  iptables(pod: LabPod, argv: string[]): CommandResult;
  /** `iptables-save -c -t TABLE` in the pod's netns (the text the kernel's tool prints). */
  save(pod: LabPod, table: TableName): string;
  /** `conntrack -F` in the pod's netns. */
  flushConntrack(pod: LabPod): void;
  /** `curl -q -sS -i --noproxy '*' --max-time 3 URL` as uid/gid 1000 in the pod; a host name is resolved through the pod's resolv.conf. */
  curl(pod: LabPod, url: string): CommandResult;
  /** one UDP A query for NAME to SERVER:53 as uid/gid 1000 in the pod (lab/dns_client.py; exit 0 = answer). */
  dnsQuery(pod: LabPod, server: string, name: string): CommandResult;
  /** getaddrinfo(HOST) as uid/gid 1000 in the pod, like any program linked with glibc: search list, ndots:5, A + AAAA on one UDP socket (exit 0 = resolved). */
  getaddrinfo(pod: LabPod, host: string): CommandResult;
  /** let simulated time pass (the lab sleeps 0.5 s between requests, 1.5 s before the capture) */
  settle(ms: number): void;
  /** the reviews Service VIP as the simulator knows it (the lab used the stand-in 10.244.255.70) */
  readonly reviewsVip: string;
  /** where the app sends DNS queries (the lab: 10.244.2.20; a cluster: kube-dns 10.96.0.10) */
  readonly dnsServer: string;
}

/**
 * Counters that depend on where the lab put things rather than on the rules: they are
 * not compared. current-podip-by-name: the lab's DNS server ran in lab-rv, so the
 * query shows up there (nat PREROUTING policy, the UDP counting rules, and the mangle
 * and filter policies, which count every packet); in a cluster kube-dns is elsewhere.
 */
export const LAB_ONLY: Record<string, (pod: LabPod, table: TableName, key: string, rule: string) => boolean> = {
  'current-podip-by-name': (pod, table, key, rule) =>
    pod === 'lab-rv' && ((table === 'nat' && key === 'PREROUTING policy') || rule.includes('-p udp') || (table !== 'nat' && key.endsWith(' policy'))),
};

function ruleText(c: LabCounters, pod: LabPod, table: TableName, key: string): string {
  const m = /^(\S+) #(\d+)$/.exec(key);
  if (!m) return '';
  return c[pod]?.[table]?.[m[1]]?.rules[Number(m[2]) - 1]?.rule ?? '';
}

export interface ReplayResult {
  scenario: LabScenario;
  /** simulated counters, same shape as counters.json */
  counters: LabCounters;
  /** exit code of every request, in order */
  codes: number[];
  /** nat/raw differences (must be empty) */
  exact: string[];
  /** mangle/filter counters outside the kernel's measured spread */
  spread: string[];
}

// The two DNS names of dns-capture: the first is a mesh Service the agent answers
// itself, the second one it forwards upstream (the lab's agent table held only the four
// Bookinfo services).
export const DNS_NAMES = ['reviews.default.svc.cluster.local', 'kube-dns.kube-system.svc.cluster.local'] as const;

export function setupOf(s: LabScenario): LabSetup {
  return {
    backend: s.backend,
    inboundUpstream: s.inboundUpstream,
    envoyMaxConns: s.envoyMaxConns,
    sidecar: { 'lab-pp': s.rules['lab-pp'] !== 'none', 'lab-rv': s.rules['lab-rv'] !== 'none' },
    rvTproxy: s.rvTproxy,
    agentDns: s.requestKind === 'pp-dns' || s.requestKind === 'pp-dns-glibc',
    flavour: 'lab',
  };
}

function must(r: CommandResult, what: string): void {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr}`);
}

/**
 * Scenarios whose byte counters depend on a stand-in's message sizes, not on netfilter:
 * only packets are compared there. dns-capture-glibc: the size of the empty AAAA answer
 * is the DNS server's choice (the lab's mock adds no SOA record, CoreDNS does).
 */
export const PACKETS_ONLY: Record<string, string> = {
  'dns-capture-glibc': 'AAAA NODATA answer size is the DNS server\'s choice',
};

/** Run scenario NAME in the simulator through DRIVER and compare with the kernel's capture. */
export function replayLabScenario(name: string, driver: LabDriver, opts: { bytes?: boolean } = {}): ReplayResult {
  if (PACKETS_ONLY[name]) opts = { ...opts, bytes: false };
  const s = labScenario(name);
  driver.setup(setupOf(s));
  for (const pod of LAB_PODS) {
    if (s.rules[pod] !== 'none') must(driver.restore(pod, labRules(s.rules[pod]), false), `restore ${s.rules[pod]} in ${pod}`);
  }
  if (s.variant === 'no-uid-rule') {
    for (const who of ['--uid-owner', '--gid-owner']) {
      must(driver.iptables('lab-pp', ['-t', 'nat', '-D', 'ISTIO_OUTPUT', '-m', 'owner', who, '1337', '-j', 'RETURN']), `delete ${who} RETURN`);
    }
  }
  // The reference lab restored full mangle/filter tables; lab/ inserts at the top with --noflush.
  const hooks = labHookRules(name);
  const noflush = /^-I /m.test(hooks);
  for (const pod of LAB_PODS) must(driver.restore(pod, hooks, noflush), `hook rules in ${pod}`);
  for (const pod of LAB_PODS) {
    for (const t of ['nat', 'mangle', 'filter', 'raw']) driver.iptables(pod, ['-t', t, '-Z']);
    driver.flushConntrack(pod);
  }

  const codes: number[] = [];
  const rvIp = '10.244.2.20';
  if (s.requestKind === 'pp-dns-glibc') {
    codes.push(driver.getaddrinfo('lab-pp', 'reviews').code);
    driver.settle(500);
  } else if (s.requestKind === 'pp-dns') {
    for (const n of DNS_NAMES) {
      codes.push(driver.dnsQuery('lab-pp', driver.dnsServer, n).code);
      driver.settle(500);
    }
  } else {
    const from: LabPod = s.requestKind.startsWith('pp-') ? 'lab-pp' : 'lab-rv';
    // pp-curl-name: curl resolves "reviews" with the pod's resolver (glibc: A + AAAA on one socket)
    const host = s.requestKind === 'rv-curl-vip' ? driver.reviewsVip : s.requestKind === 'pp-curl-name' ? 'reviews' : rvIp;
    for (let i = 0; i < s.requests; i++) {
      codes.push(driver.curl(from, `http://${host}:9080/reviews/0`).code);
      driver.settle(500);
    }
  }
  driver.settle(1500);

  const want = labCounters(name);
  const counters: LabCounters = {};
  const exact: string[] = [];
  const spread: string[] = [];
  const sp = labSpread()[name];
  for (const pod of LAB_PODS) {
    counters[pod] = {};
    for (const table of Object.keys(want[pod] ?? {}) as TableName[]) {
      counters[pod][table] = parseSaveCounters(driver.save(pod, table), table);
    }
    const labOnly = LAB_ONLY[name];
    const keep = (table: TableName) => (d: string): boolean => {
      if (!labOnly) return true;
      const key = d.slice(`${pod} ${table} `.length).split(':')[0];
      return !labOnly(pod, table, key, ruleText(want, pod, table, key));
    };
    for (const table of exactTables(want, pod)) {
      exact.push(...diffExact(pod, table, want[pod][table]!, counters[pod][table]!, { bytes: opts.bytes }).filter(keep(table)));
    }
    for (const table of ['mangle', 'filter'] as const) {
      const range = sp?.[pod]?.[table];
      if (range && counters[pod][table]) spread.push(...diffSpread(pod, table, range, counters[pod][table]!).filter(keep(table)));
    }
  }
  return { scenario: s, counters, codes, exact, spread };
}

/** Exit codes the lab's clients returned (curl-exit-codes.txt), in order. */
export function labExitCodes(name: string, read: (file: string) => string): number[] {
  return [...read('curl-exit-codes.txt').matchAll(/rc=(\d+)/g)].map((m) => Number(m[1]));
}
