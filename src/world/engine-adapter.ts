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

/**
 * iptables-nft creates a built-in chain in the kernel only when something names it;
 * a restore file that never mentions nat POSTROUTING leaves that hook without a chain,
 * so its policy counter never moves (measured: lab-extra current-podip, 0 vs legacy's 2).
 * The engine's restore marks every built-in chain of a restored table as created, so
 * the world keeps its own list of the ones a loaded text left out.
 */
const absent = new WeakMap<Firewall, Set<string>>();

export function firewallPort(fw: Firewall): FirewallPort {
  const has = (table: string, hook: string): boolean => {
    const c = fw.peek(table)?.chains.get(hook);
    if (!c || !c.builtin) return false;
    const gone = absent.get(fw);
    if (gone && gone.has(`${table}/${hook}`)) {
      if (c.rules.length === 0 && c.policy === 'ACCEPT') return false;
      gone.delete(`${table}/${hook}`);
    }
    return true;
  };
  return {
    has,
    evaluate: (table, hook, pkt, ctx) => {
      const t = fw.peek(table);
      // A table that was never instantiated has no chains to walk: report "no table".
      if (!t) return null;
      const gone = absent.get(fw);
      if (gone && gone.has(`${table}/${hook}`)) {
        const c = t.chains.get(hook);
        if (c && c.rules.length === 0 && c.policy === 'ACCEPT') return null;
        gone.delete(`${table}/${hook}`);
      }
      return evaluateHook(fw, table, hook, pkt, ctx);
    },
  };
}

/** iptables-restore of a generated rule set (rendered file form). */
export function loadRules(fw: Firewall, text: string, env: EngineEnv = {}): CommandResult {
  const r = runIptablesRestore(fw, [], text, env);
  if (fw.flavor === 'nft' && r.code === 0) {
    const gone = absent.get(fw) ?? new Set<string>();
    let table = '';
    const named = new Set<string>();
    const flush = (): void => {
      const t = fw.peek(table);
      if (!t) return;
      for (const c of t.builtinChains()) if (!named.has(c.name)) gone.add(`${table}/${c.name}`);
      named.clear();
    };
    for (const line of text.split('\n')) {
      if (line.startsWith('*')) {
        table = line.slice(1).trim();
      } else if (line === 'COMMIT') {
        flush();
      } else if (line.startsWith(':')) {
        named.add(line.slice(1).split(/\s+/)[0]);
      } else {
        const m = /^-[AIP] (\S+)/.exec(line);
        if (m) named.add(m[1]);
      }
    }
    absent.set(fw, gone);
  }
  return r;
}
