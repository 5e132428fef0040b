// LabDriver over the simulated world (src/world): the lab's two pods are the world's
// productpage-v1 (10.244.1.10) and reviews-v1 (10.244.2.20); the lab's rule files are
// restored over whatever the world's generator loaded, so only traffic is compared.
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { runIptablesSave } from '../../src/engine/save.ts';
import { resolve } from '../../src/world/dns.ts';
import { httpGet } from '../../src/world/traffic.ts';
import { createWorld, ownerOf } from '../../src/world/world.ts';
import type { Pod, World } from '../../src/world/world.ts';
import type { LabPod, TableName } from './lab-fixtures.ts';
import type { CommandResult, LabDriver, LabSetup } from './lab-replay.ts';

const POD: Record<LabPod, string> = { 'lab-pp': 'productpage-v1', 'lab-rv': 'reviews-v1' };
// a fixed clock keeps iptables-save's header stable (it is not compared anyway)
const ENV = { now: () => new Date(Date.UTC(2026, 10, 25, 9, 0, 0)) };

export class WorldDriver implements LabDriver {
  readonly reviewsVip = '10.96.88.70';
  readonly dnsServer = '10.96.0.10';
  world!: World;
  /** what the world could not be asked to do, for the report of a failing replay */
  readonly unsupported: string[] = [];

  setup(s: LabSetup): void {
    const annotations: Record<string, Record<string, string>> = {};
    if (s.rvTproxy) annotations['reviews-v1'] = { 'sidecar.istio.io/interceptionMode': 'TPROXY' };
    if (s.inboundUpstream === 'original-src') this.unsupported.push("inboundUpstream 'original-src' (Envoy's original_src in TPROXY mode)");
    const withoutSidecar = (Object.keys(POD) as LabPod[]).filter((p) => !s.sidecar[p]).map((p) => POD[p]);
    this.world = createWorld('bookinfo-current', {
      flavour: 'lab',
      reviewsCallsRatings: false,
      backend: s.backend,
      inboundVia: s.inboundUpstream === 'localhost' ? 'localhost' : 'podip',
      envoyMaxConns: s.envoyMaxConns,
      withoutSidecar,
      annotations,
      ...(s.agentDns ? { istio: { redirectDns: true } } : {}),
    });
    // start from empty tables, as the lab's fresh namespaces do
    for (const p of Object.values(POD)) {
      const pod = this.pod(p);
      for (const t of ['raw', 'mangle', 'nat', 'filter'] as const) {
        if (pod.fw.peek(t)) runIptablesRestore(pod.fw, [], `*${t}\nCOMMIT\n`, ENV);
      }
    }
  }

  private pod(name: string): Pod {
    const p = this.world.pod(name);
    if (!p) throw new Error(`no pod ${name}`);
    return p;
  }

  restore(pod: LabPod, text: string, noflush: boolean): CommandResult {
    return runIptablesRestore(this.pod(POD[pod]).fw, noflush ? ['--noflush'] : [], text, ENV);
  }

  iptables(pod: LabPod, argv: string[]): CommandResult {
    return runIptables(this.pod(POD[pod]).fw, argv, ENV);
  }

  save(pod: LabPod, table: TableName): string {
    return runIptablesSave(this.pod(POD[pod]).fw, ['-c', '-t', table], ENV).stdout;
  }

  flushConntrack(pod: LabPod): void {
    this.pod(POD[pod]).ns.conntrack.flush();
  }

  curl(pod: LabPod, url: string): CommandResult {
    const r = httpGet(this.world, this.pod(POD[pod]).app, url, { maxTimeS: 3 });
    return { stdout: '', stderr: r.error ? `curl: ${r.error}\n` : '', code: r.exit };
  }

  dnsQuery(pod: LabPod, server: string, name: string): CommandResult {
    // The world resolves like glibc (A + AAAA, to kube-dns); the lab's client asked one A question.
    this.unsupported.push(`single A query to ${server} (the world's resolver sends A + AAAA to kube-dns)`);
    const p = this.pod(POD[pod]);
    const r = resolve(this.world, p.ns, ownerOf(p.app, 5), `${name}.`, `${p.spec.name}/dig`);
    return { stdout: '', stderr: '', code: r.ok ? 0 : r.reason === 'timeout' ? 9 : 1 };
  }

  getaddrinfo(pod: LabPod, host: string): CommandResult {
    const p = this.pod(POD[pod]);
    const r = resolve(this.world, p.ns, ownerOf(p.app, 5), host, `${p.spec.name}/${p.app.comm}`);
    return { stdout: '', stderr: '', code: r.ok ? 0 : 2 };
  }

  settle(ms: number): void {
    this.world.advance(ms);
  }
}
