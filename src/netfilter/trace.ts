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
  /** addresses when the hop was reached: "10.244.1.10:37544 > 10.244.2.20:9080" */
  addr: string;
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
