// The world's only contact with the engine: a Firewall per namespace, rule loading,
// and the FirewallPort the packet path calls at every hook.

import { Firewall } from '../engine/model.ts';
import type { Chain, Rule } from '../engine/model.ts';
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
 * so its policy counter never moves (measured: lab-extra current-podip, 0 vs legacy's 2).
 * The engine's restore marks every built-in chain of a restored table as created, so
 * the world keeps its own list of the ones a loaded text left out.
 */
interface Absent {
  chains: Set<string>;
  /** the table as loaded: any change since (a reader's restore, -A, -F) voids the record */
  snap: Array<[Chain, Rule[], number]>;
}
const absent = new WeakMap<Firewall, Map<string, Absent>>();

function unchanged(a: Absent): boolean {
  return a.snap.every(([c, rules, n]) => c.rules === rules && rules.length === n);
}

export function firewallPort(fw: Firewall): FirewallPort {
  const has = (table: string, hook: string): boolean => {
    const t = fw.peek(table);
    const c = t?.chains.get(hook);
    if (!c || !c.builtin) return false;
    const rec = absent.get(fw)?.get(table);
    if (rec && rec.chains.has(hook)) {
      if (unchanged(rec) && c.policy === 'ACCEPT') return false;
      absent.get(fw)!.delete(table);
    }
    return true;
  };
  return {
    has,
    evaluate: (table, hook, pkt, ctx) => (has(table, hook) ? evaluateHook(fw, table, hook, pkt, ctx) : null),
  };
}

/** iptables-restore of a generated rule set (rendered file form). */
export function loadRules(fw: Firewall, text: string, env: EngineEnv = {}): CommandResult {
  const r = runIptablesRestore(fw, [], text, env);
  if (fw.flavor === 'nft' && r.code === 0) {
    const recs = absent.get(fw) ?? new Map<string, Absent>();
    let table = '';
    const named = new Set<string>();
    for (const line of text.split('\n')) {
      if (line.startsWith('*')) {
        table = line.slice(1).trim();
        named.clear();
      } else if (line === 'COMMIT') {
        const t = fw.peek(table);
        if (t) {
          const chains = new Set(t.builtinChains().filter((c) => !named.has(c.name)).map((c) => c.name));
          if (chains.size) recs.set(table, { chains, snap: [...t.chains.values()].map((c) => [c, c.rules, c.rules.length] as [Chain, Rule[], number]) });
        }
      } else if (line.startsWith(':')) {
        named.add(line.slice(1).split(/\s+/)[0]);
      } else {
        const m = /^-[AIP] (\S+)/.exec(line);
        if (m) named.add(m[1]);
      }
    }
    absent.set(fw, recs);
  }
  return r;
}
