// The world's only contact with the engine: a Firewall per namespace, rule loading,
// and the FirewallPort the packet path calls at every hook.

import { Firewall, inKernel } from '../engine/model.ts';
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

/**
 * iptables-nft creates a built-in chain in the kernel only when something names it;
 * a restore file that never mentions nat POSTROUTING leaves that hook without a chain,
 * so nothing counts there (measured: lab-extra current-podip, 0 vs legacy's 2). The
 * engine tracks this per chain (`inKernel`).
 */
export function firewallPort(fw: Firewall): FirewallPort {
  const has = (table: string, hook: string): boolean => {
    const c = fw.peek(table)?.chains.get(hook);
    return c !== undefined && c.builtin && inKernel(c, fw.flavor);
  };
  return {
    has,
    evaluate: (table, hook, pkt, ctx) => (has(table, hook) ? evaluateHook(fw, table, hook, pkt, ctx) : null),
  };
}

/** iptables-restore of a generated rule set (rendered file form). */
export function loadRules(fw: Firewall, text: string, env: EngineEnv = {}): CommandResult {
  return runIptablesRestore(fw, [], text, env);
}
