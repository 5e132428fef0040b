// The world's only contact with the engine: a Firewall per namespace, rule loading,
// and the FirewallPort the packet path calls at every hook.

import { Firewall } from '../engine/model.ts';
import { runIptablesRestore } from '../engine/restore.ts';
import { evaluateHook } from '../engine/evaluate.ts';
import type { EngineEnv } from '../engine/iptables.ts';
import type { Flavor } from '../engine/errors.ts';
import type { FirewallPort } from '../netfilter/firewall-port.ts';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function newFirewall(flavor: Flavor = 'nft'): Firewall {
  return new Firewall({ flavor });
}

export function firewallPort(fw: Firewall): FirewallPort {
  // A table that was never instantiated has no chains to walk: report "no table".
  return { evaluate: (table, hook, pkt, ctx) => (fw.peek(table) ? evaluateHook(fw, table, hook, pkt, ctx) : null) };
}

/** iptables-restore of a generated rule set (rendered file form). */
export function loadRules(fw: Firewall, text: string, env: EngineEnv = {}): CommandResult {
  return runIptablesRestore(fw, [], text, env);
}
