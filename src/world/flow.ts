// Flow points: the numbered steps of the seed's diagram (docs/architecture.md), found
// in the traces of SYN packets, which are the packets nat decides on.
//   1-4   a SYN from another pod's envoy arrives: PREROUTING -> ISTIO_INBOUND -> ISTIO_IN_REDIRECT -> 15006
//   5-8   the inbound envoy connects to the app: OUTPUT -> ISTIO_OUTPUT -> RETURN -> the app's socket
//   9-12  the app connects out: OUTPUT -> ISTIO_OUTPUT -> ISTIO_REDIRECT -> 15001
//   13-17 envoy connects upstream: OUTPUT -> ISTIO_OUTPUT -> RETURN (uid 1337) -> POSTROUTING -> eth0

import type { TraceStep } from '../engine/packet.ts';
import type { Landing } from '../netfilter/stack.ts';
import type { PacketTrace, TraceHop } from '../netfilter/trace.ts';

export interface FlowEvent {
  point: number;
  /** pod name where the step happens */
  pod: string;
  /** the rule that realised the step, when a rule did */
  table?: string;
  chain?: string;
  rule?: number;
  /** what the rule did: "jump ISTIO_INBOUND", "RETURN", "REDIRECT" ... */
  result?: string;
  text: string;
  /** id of the packet trace (world.tracer.packets) */
  packet: number;
}

function matchedStep(h: TraceHop, pred: (s: TraceStep) => boolean): TraceStep | undefined {
  return h.steps?.find((s) => s.matched && pred(s));
}

/** Events for one finished SYN trace. */
export function flowEventsOf(t: PacketTrace, landing: Landing, podOfNs: (ns: string) => string | undefined): FlowEvent[] {
  if (t.label !== 'SYN') return [];
  const out: FlowEvent[] = [];
  const fromEnvoy = /\/envoy$/.test(t.from);
  const srcPod = t.from.split('/')[0];
  const ev = (point: number, pod: string, text: string, s?: TraceStep, table?: string): void => {
    out.push({ point, pod, text, packet: t.id, ...(s ? { table: s.table ?? table, chain: s.chain, rule: s.rule, result: s.result } : {}) });
  };
  // Walk the hops namespace by namespace.
  const byNs: Array<{ ns: string; hops: TraceHop[] }> = [];
  for (const h of t.hops) {
    const last = byNs[byNs.length - 1];
    if (last && last.ns === h.ns) last.hops.push(h);
    else byNs.push({ ns: h.ns, hops: [h] });
  }
  const landedService = landing.kind === 'delivered' ? landing.sock?.service : undefined;
  for (let i = 0; i < byNs.length; i++) {
    const { ns, hops } = byNs[i];
    const pod = podOfNs(ns);
    if (!pod) continue;
    const arriving = hops[0].kind === 'PREROUTING' || (hops[0].kind === 'ROUTING' && hops[0].in !== undefined);
    const natOut = hops.find((h) => h.kind === 'OUTPUT' && h.table === 'nat');
    if (i === 0 && pod === srcPod) {
      // locally generated
      const inbound = fromEnvoy && byNs.length === 1 && (landedService === 'app' || landedService === undefined);
      const base = !fromEnvoy ? 9 : inbound ? 5 : 13;
      ev(base, pod, !fromEnvoy ? 'the app connects: its SYN enters OUTPUT' : inbound ? 'envoy connects to the app: the SYN enters OUTPUT' : 'envoy connects upstream: its SYN enters OUTPUT');
      if (natOut) {
        const jump = matchedStep(natOut, (s) => s.chain === 'OUTPUT' && s.rule > 0);
        if (jump) ev(base + 1, pod, `nat OUTPUT rule ${jump.rule}: ${jump.result ?? 'matched'}`, jump, 'nat');
        const dec = matchedStep(natOut, (s) => s.chain === 'ISTIO_OUTPUT' && s.rule > 0 && !!s.result);
        if (dec) ev(base + 2, pod, `ISTIO_OUTPUT rule ${dec.rule}: ${dec.result}`, dec, 'nat');
        if (!fromEnvoy) {
          const red = matchedStep(natOut, (s) => s.chain === 'ISTIO_REDIRECT' && s.result === 'REDIRECT');
          if (red) ev(12, pod, 'REDIRECT to 15001: envoy\'s outbound listener', red, 'nat');
        }
      }
      if (fromEnvoy && !inbound) {
        const post = hops.find((h) => h.kind === 'POSTROUTING' && h.table === 'nat');
        if (post) ev(16, pod, 'POSTROUTING: nat sees the SYN once; replies are translated by conntrack', post.steps?.[post.steps.length - 1], 'nat');
        else if (hops.some((h) => h.kind === 'POSTROUTING')) ev(16, pod, 'POSTROUTING (this nat table has no POSTROUTING chain): replies are translated by conntrack');
        const x = hops.find((h) => h.kind === 'XMIT' && h.verdict !== 'lo');
        if (x) ev(17, pod, `out of the pod via ${x.verdict}`);
      }
      if (inbound && landedService === 'app') ev(8, pod, 'delivered to the app');
      continue;
    }
    if (arriving) {
      ev(1, pod, `a SYN from ${srcPod} enters PREROUTING on ${hops[0].in ?? 'eth0'}`);
      const pre = hops.find((h) => h.kind === 'PREROUTING' && (h.table === 'nat' || h.table === 'mangle') && h.steps?.some((s) => s.chain === 'ISTIO_INBOUND'));
      if (pre) {
        const j = matchedStep(pre, (s) => s.chain === 'PREROUTING' && s.rule > 0 && /ISTIO_INBOUND/.test(s.result ?? ''));
        if (j) ev(2, pod, `PREROUTING rule ${j.rule} -> ISTIO_INBOUND`, j, pre.table);
        const d = matchedStep(pre, (s) => s.chain === 'ISTIO_INBOUND' && s.rule > 0 && !!s.result);
        if (d) ev(3, pod, `ISTIO_INBOUND rule ${d.rule}: ${d.result}`, d, pre.table);
        const r = matchedStep(pre, (s) => (s.chain === 'ISTIO_IN_REDIRECT' && s.result === 'REDIRECT') || (s.chain === 'ISTIO_TPROXY' && s.result === 'TPROXY'));
        if (r) ev(4, pod, `${r.result} to 15006: envoy's inbound listener`, r, pre.table);
      }
      if (i === byNs.length - 1 && landedService === 'app') ev(8, pod, 'delivered to the app (not intercepted)');
    }
  }
  return out;
}
