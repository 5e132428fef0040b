// What the packet path needs from a namespace's iptables: walk one table's chain for
// one hook (bumping counters) and say what happened. The engine's Firewall provides it;
// `noFirewall` stands for a namespace whose tables were never loaded.

import type { EvalContext, HookName, HookResult, PacketView } from '../engine/packet.ts';

export interface FirewallPort {
  /** Is there a chain for this table at this hook? (cheap; lets the path skip building a view) */
  has(table: string, hook: HookName): boolean;
  /** null when the table does not exist in this namespace (never instantiated). */
  evaluate(table: string, hook: HookName, pkt: PacketView, ctx: EvalContext): HookResult | null;
}

export const noFirewall: FirewallPort = { has: () => false, evaluate: () => null };
