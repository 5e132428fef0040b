// The record of a packet's way through the stack: every hook, table, chain and rule
// it visited (the engine's TraceStep list) and what the stack did around them.

import type { HookName, TraceStep } from '../engine/packet.ts';

export type HopKind = HookName | 'ROUTING' | 'CONNTRACK' | 'NAT' | 'XMIT' | 'DELIVER';

export interface TraceHop {
  ns: string;
  kind: HopKind;
  /** for hook hops: the table (raw, mangle, nat, filter) */
  table?: string;
  /** rules visited, in order (engine trace) */
  steps?: TraceStep[];
  /** ACCEPT / DROP / skipped / the routing result ... */
  verdict: string;
  /** addresses when the hop was reached: "10.244.1.10:37544 > 10.244.2.20:9080" (formatted on demand) */
  readonly addr: string;
  src: number;
  dst: number;
  sport: number;
  dport: number;
  in?: string;
  out?: string;
  note?: string;
}

export interface PacketTrace {
  id: number;
  label: string;
  /** who sent it: "productpage-v1/envoy" ... */
  from: string;
  hops: TraceHop[];
  /** delivered to ..., dropped at ..., sent RST ... */
  outcome: string;
}

/** "10.244.1.10:37544 > 10.244.2.20:9080" */
export function hopAddr(h: Pick<TraceHop, 'src' | 'dst' | 'sport' | 'dport'>): string {
  const t = (a: number): string => `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
  return `${t(h.src)}:${h.sport} > ${t(h.dst)}:${h.dport}`;
}

/** A hop whose address text is only built when someone reads it. */
export class Hop implements TraceHop {
  ns: string;
  kind: HopKind;
  table?: string;
  steps?: TraceStep[];
  verdict: string;
  src: number;
  dst: number;
  sport: number;
  dport: number;
  in?: string;
  out?: string;
  note?: string;

  constructor(ns: string, kind: HopKind, verdict: string, p: { src: number; dst: number; sport: number; dport: number }, table?: string, steps?: TraceStep[], iif?: string, oif?: string) {
    this.ns = ns;
    this.kind = kind;
    this.verdict = verdict;
    this.src = p.src;
    this.dst = p.dst;
    this.sport = p.sport;
    this.dport = p.dport;
    if (table !== undefined) this.table = table;
    if (steps !== undefined) this.steps = steps;
    if (iif !== undefined) this.in = iif;
    if (oif !== undefined) this.out = oif;
  }

  get addr(): string {
    return hopAddr(this);
  }
}

export class Tracer {
  readonly packets: PacketTrace[] = [];
  private nextId = 1;
  /** keep at most this many packets (a loop must not eat memory) */
  limit = 5000;

  start(label: string, from: string): PacketTrace {
    const t: PacketTrace = { id: this.nextId++, label, from, hops: [], outcome: '' };
    if (this.packets.length < this.limit) this.packets.push(t);
    return t;
  }

  clear(): void {
    this.packets.length = 0;
  }
}
