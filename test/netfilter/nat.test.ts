// DNAT, SNAT and MASQUERADE on the node, and the kernel details the lab measured,
// asserted one by one (the lab tests check them only through counters).
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { httpGet } from '../../src/world/traffic.ts';
import { runner } from '../world/cmd-harness.ts';
import { runLab16 } from '../world/lab-harness.ts';

const RV = { kind: 'netns' as const, pid: 8533, label: 'reviews', netns: 'reviews-v1-5b86c6f6d4-jm4tq' };
const RA = { kind: 'netns' as const, pid: 8791, label: 'ratings', netns: 'ratings-v1-6f855c5fff-vb8kk' };

describe('NAT targets on the node (no sidecars)', () => {
  it('DNAT in the node\'s PREROUTING sends a Service\'s traffic elsewhere; replies come back de-NATed', () => {
    const w = createWorld('empty');
    const run = runner(w);
    expect(run('iptables -t nat -A PREROUTING -d 10.96.88.70/32 -p tcp --dport 9080 -j DNAT --to-destination 10.244.2.21:9080').code).toBe(0);
    const r = run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/ratings/0');
    expect(JSON.parse(r.stdout)).toMatchObject({ ratings: { Reviewer1: 5 } });
    const node = run('conntrack -L -p tcp --dport 9080').stdout;
    expect(node).toMatch(/src=10\.244\.1\.10 dst=10\.96\.88\.70 sport=\d+ dport=9080 packets=5 .* src=10\.244\.2\.21 dst=10\.244\.1\.10 sport=9080/);
    // the pod never sees the rewrite: its reply comes from the ClusterIP it asked for
    expect(run('nsenter -t 4170 -n conntrack -L -p tcp').stdout).toMatch(/src=10\.96\.88\.70 dst=10\.244\.1\.10 sport=9080/);
  });

  it('MASQUERADE in POSTROUTING: the server sees the node\'s address on the outgoing veth', () => {
    const w = createWorld('empty');
    const run = runner(w);
    expect(run('iptables -t nat -A POSTROUTING -o cali7c3e5d1f9b2 -j MASQUERADE').code).toBe(0);
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://10.244.2.20:9080/reviews/0').code).toBe(0);
    // the veth has no address of its own: MASQUERADE takes the node's (inet_select_addr)
    expect(run('conntrack -L -p tcp', RV).stdout).toMatch(/^tcp {6}6 117 TIME_WAIT src=10\.0\.0\.11 dst=10\.244\.2\.20 /m);
    expect(run('conntrack -L -p tcp').stdout).toMatch(/src=10\.244\.1\.10 dst=10\.244\.2\.20 .* src=10\.244\.2\.20 dst=10\.0\.0\.11 /);
  });

  it('SNAT to a chosen address: the server\'s conntrack shows it', () => {
    const w = createWorld('empty');
    const run = runner(w);
    expect(run('iptables -t nat -A POSTROUTING -d 10.244.2.21/32 -p tcp -j SNAT --to-source 10.0.0.11').code).toBe(0);
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://10.244.2.21:9080/ratings/0').code).toBe(0);
    expect(run('conntrack -L -p tcp', RA).stdout).toMatch(/^tcp {6}6 117 TIME_WAIT src=10\.0\.0\.11 dst=10\.244\.2\.21 /m);
  });

  it('REJECT answers with a RST: curl reports a refused connection', () => {
    const w = createWorld('empty');
    const run = runner(w);
    expect(run('iptables -A INPUT -p tcp --dport 9080 -j REJECT --reject-with tcp-reset', RV).code).toBe(0);
    const r = run('kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/reviews/0');
    expect(r.stderr).toBe("curl: (7) Failed to connect to reviews port 9080 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n");
  });

  it('DROP: curl --max-time gives up', () => {
    const w = createWorld('empty');
    const run = runner(w);
    expect(run('iptables -A INPUT -p tcp --dport 9080 -j DROP', RV).code).toBe(0);
    const r = run('kubectl exec deploy/productpage-v1 -- curl -sS --max-time 2 http://reviews:9080/reviews/0');
    expect(r).toEqual({ stdout: '', stderr: 'curl: (28) Connection timed out after 2001 milliseconds\ncommand terminated with exit code 28\n', code: 28 });
  });
});

describe('kernel details measured by the lab (docs/kernel-truth.md)', () => {
  const { world } = runLab16('nft-localhost');
  const pp = world.pod('productpage-v1')!;
  const curlSyn = world.tracer.packets.find((p) => p.label === 'SYN' && p.from.endsWith('/python'))!
    ?? world.tracer.packets.find((p) => p.label === 'SYN')!;
  it('-o in OUTPUT is the route chosen before REDIRECT; POSTROUTING sees lo', () => {
    const out = curlSyn.hops.filter((h) => h.ns === pp.ns.name && h.kind === 'OUTPUT');
    expect(out.length).toBeGreaterThan(0);
    for (const h of out) expect(h.out).toBe('eth0');
    expect(curlSyn.hops.find((h) => h.ns === pp.ns.name && h.kind === 'POSTROUTING')!.out).toBe('lo');
  });
  it('the looped SYN crosses PREROUTING, but nat is not consulted again', () => {
    const pre = curlSyn.hops.filter((h) => h.ns === pp.ns.name && h.kind === 'PREROUTING');
    expect(pre.some((h) => h.table === 'mangle')).toBe(true);
    expect(pre.find((h) => h.table === 'nat')!.verdict).toMatch(/not consulted/);
    expect(Number(pp.fw.peek('nat')!.chains.get('PREROUTING')!.rules[0].pkts)).toBe(0);
  });
  it('REDIRECT of a locally generated packet goes to 127.0.0.1; SO_ORIGINAL_DST keeps the Service address', () => {
    const c = pp.ns.conntrack.conns[0];
    expect([c.orig.dst, c.orig.dport, c.reply.src, c.reply.sport]).toEqual([0x0af40214, 9080, 0x7f000001, 15001]);
  });
  it('REDIRECT of an arriving packet goes to the incoming interface\'s address', () => {
    const rv = world.pod('reviews-v1')!;
    const c = rv.ns.conntrack.conns[0];
    expect([c.reply.src, c.reply.sport]).toEqual([0x0af40214, 15006]);
  });
});

describe('the packet trace', () => {
  it('names every hook, table, chain and rule a packet visits', () => {
    const w = createWorld('bookinfo-current');
    httpGet(w, w.pod('productpage-v1')!.app, 'http://reviews:9080/reviews/0');
    const syn = w.tracer.packets.find((p) => p.label === 'SYN' && p.from.endsWith('/envoy') && p.hops.some((h) => h.ns === 'node-1'))!;
    expect(syn.outcome).toMatch(/^delivered in reviews-v1-5b86c6f6d4-jm4tq to 0\.0\.0\.0:15006 \(envoy\)$/);
    const kinds = syn.hops.map((h) => `${h.ns.split('-')[0]}:${h.kind}${h.table ? `/${h.table}` : ''}`);
    expect(kinds).toEqual([
      'productpage:ROUTING', 'productpage:OUTPUT/nat', 'productpage:POSTROUTING', 'productpage:XMIT',
      'node:ROUTING', 'node:POSTROUTING', 'node:XMIT',
      'reviews:PREROUTING/nat', 'reviews:NAT', 'reviews:ROUTING', 'reviews:DELIVER',
    ]);
    const natOut = syn.hops[1].steps!.map((s) => `${s.chain}#${s.rule}${s.matched ? '+' : '-'}`);
    expect(natOut).toEqual(['OUTPUT#1+', 'ISTIO_OUTPUT#1-', 'ISTIO_OUTPUT#2-', 'ISTIO_OUTPUT#3-', 'ISTIO_OUTPUT#4+', 'OUTPUT#0+']);
    expect(syn.hops[1].addr).toBe('10.244.1.10:37572 > 10.244.2.20:9080');
  });
});
