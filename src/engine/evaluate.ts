// Walking a hook's chain for one packet, as ipt_do_table does: rules in order,
// jumps push a return point, gotos do not, RETURN or falling off a user chain goes
// back, a built-in chain ends in its policy. Counters are bumped on the way.

import type { Firewall, Rule } from './model.ts';
import { INV_DST, INV_FRAG, INV_IN, INV_OUT, INV_PROTO, INV_SRC } from './model.ts';
import type { Action, EvalContext, HookName, HookResult, PacketView, TraceStep, Verdict } from './packet.ts';

/** interface name against a rule's interface text ("eth+" is a prefix) */
export function ifaceMatches(pattern: string, name: string | undefined): boolean {
  const n = name ?? '';
  if (pattern.endsWith('+')) return n.startsWith(pattern.slice(0, -1));
  return n === pattern;
}

/** the IP part and every match of one rule */
export function ruleMatches(r: Rule, pkt: PacketView, ctx: EvalContext): boolean {
  if ((((pkt.src & r.smsk) >>> 0) === r.src) === ((r.inv & INV_SRC) !== 0)) return false;
  if ((((pkt.dst & r.dmsk) >>> 0) === r.dst) === ((r.inv & INV_DST) !== 0)) return false;
  if (r.iniface !== '' && ifaceMatches(r.iniface, pkt.iif) === ((r.inv & INV_IN) !== 0)) return false;
  if (r.outiface !== '' && ifaceMatches(r.outiface, pkt.oif) === ((r.inv & INV_OUT) !== 0)) return false;
  if (r.proto !== 0 && (pkt.proto === r.proto) === ((r.inv & INV_PROTO) !== 0)) return false;
  if (r.frag && (pkt.fragment === true) === ((r.inv & INV_FRAG) !== 0)) return false;
  for (const m of r.matches) {
    if (!m.ext.match(m.data, pkt, ctx)) return false;
  }
  return true;
}

/** more steps than any sane rule set needs; the kernel refuses loops, this is a last guard */
const MAX_STEPS = 1_000_000;

/**
 * Traverse `table`'s built-in chain `hook` for `pkt`. Mutates counters, and the
 * packet's mark / conntrack mark when MARK or CONNMARK fire (later rules see them).
 * A table that was never instantiated lets the packet through untouched.
 */
export function evaluateHook(fw: Firewall, table: string, hook: HookName, pkt: PacketView, ctx: EvalContext = {}): HookResult {
  const trace: TraceStep[] = [];
  const actions: Action[] = [];
  const t = fw.peek(table);
  const base = t?.chains.get(hook);
  if (!t || !base || !base.builtin) return { verdict: 'ACCEPT', byPolicy: true, actions, trace };
  // iptables-nft registers a base chain with the kernel only once something names it
  if (fw.flavor === 'nft' && !base.materialized) return { verdict: 'ACCEPT', byPolicy: true, actions, trace };
  const len = BigInt(pkt.length);
  const stack: Array<{ chain: string; rules: Rule[]; idx: number }> = [{ chain: base.name, rules: base.rules, idx: 0 }];
  // nf_tables counts a base chain's policy only if the chain was given counters (a -P, -Z
  // or restore policy line: `stats`); one iptables-nft made for a rule has none, so its
  // listing says 0 packets whatever went through (measured: lab-extra/lo-mac-iprange-nflog)
  const counted = fw.flavor !== 'nft' || base.stats === true;
  const policy = (): HookResult => {
    if (counted) {
      base.pkts += 1n;
      base.bytes += len;
    }
    trace.push({ table, chain: base.name, rule: 0, matched: true, result: base.policy });
    return { verdict: base.policy, byPolicy: true, actions, trace };
  };
  let steps = 0;
  while (stack.length > 0) {
    if (++steps > MAX_STEPS) return { verdict: 'DROP', byPolicy: false, actions, trace };
    const top = stack[stack.length - 1];
    if (top.idx >= top.rules.length) {
      stack.pop();
      if (stack.length === 0) return policy();
      trace.push({ table, chain: top.chain, rule: 0, matched: true, result: 'RETURN' });
      continue;
    }
    const num = top.idx + 1;
    const r = top.rules[top.idx++];
    if (!ruleMatches(r, pkt, ctx)) {
      trace.push({ table, chain: top.chain, rule: num, matched: false });
      continue;
    }
    r.pkts += 1n;
    r.bytes += len;
    const tg = r.target;
    switch (tg.kind) {
      case 'none':
        trace.push({ table, chain: top.chain, rule: num, matched: true });
        continue;
      case 'verdict':
        trace.push({ table, chain: top.chain, rule: num, matched: true, result: tg.name });
        if (tg.name === 'RETURN') {
          stack.pop();
          if (stack.length === 0) return policy();
          continue;
        }
        return { verdict: tg.name as Verdict, byPolicy: false, actions, trace };
      case 'chain': {
        const next = t.chains.get(tg.name);
        trace.push({ table, chain: top.chain, rule: num, matched: true, result: r.goto ? `goto ${tg.name}` : `jump ${tg.name}` });
        if (!next) continue;
        const frame = { chain: next.name, rules: next.rules, idx: 0 };
        if (r.goto) stack[stack.length - 1] = frame;
        else stack.push(frame);
        continue;
      }
      case 'ext': {
        const res = tg.ext.apply(tg.data, pkt, ctx);
        if (res.action) actions.push(res.action);
        trace.push({ table, chain: top.chain, rule: num, matched: true, result: tg.ext.name });
        if (res.verdict === 'CONTINUE') continue;
        if (res.verdict === 'RETURN') {
          stack.pop();
          if (stack.length === 0) return policy();
          continue;
        }
        return { verdict: res.verdict, byPolicy: false, actions, trace };
      }
    }
  }
  return policy();
}
