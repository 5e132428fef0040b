// What the kernel checks when a table is committed: which hooks reach each chain
// (so hook-restricted extensions such as owner or REDIRECT can be refused), loops
// in the jump graph, and each extension's checkentry.

import type { Flavor } from './errors.ts';
import type { Chain, Rule, Table } from './model.ts';
import { INV_DST, INV_PROTO, INV_SRC } from './model.ts';
import { HOOK_BITS, type HookName } from './packet.ts';
import type { CheckCtx } from './extensions/types.ts';

export type ValidationFailure =
  | { kind: 'loop'; chain: string; rule?: Rule }
  | { kind: 'inval'; chain: string; rule: Rule }
  /** a jump to a built-in chain */
  | { kind: 'noent'; chain: string; rule: Rule }
  | { kind: 'erange'; chain: string; rule: Rule }
  | { kind: 'notsup'; chain: string; rule: Rule };

/** nf_tables refuses jump chains nested deeper than this below a base chain */
const NFT_MAX_DEPTH = 16;

/**
 * ip_tables' unconditional(): an all-zero ipt_ip (no address, interface, protocol,
 * fragment flag or inversion) and no match.
 */
function unconditional(r: Rule): boolean {
  return r.src === 0 && r.smsk === 0 && r.dst === 0 && r.dmsk === 0 && r.iniface === '' && r.outiface === '' &&
    r.proto === 0 && r.inv === 0 && !r.frag && r.matches.length === 0;
}

/**
 * Index of the last rule of `c` that legacy's mark_source_chains reaches: its walk stops at
 * an unconditional ACCEPT/DROP/QUEUE/RETURN, so later rules get no hook bits (their hook-
 * restricted matches pass checkentry, and their jumps are never followed).
 */
export function legacyReachEnd(c: Chain): number {
  for (let i = 0; i < c.rules.length; i++) {
    const r = c.rules[i];
    if (r.target.kind === 'verdict' && unconditional(r)) return i;
  }
  return c.rules.length - 1;
}

/**
 * The hook bits that reach each chain, following jumps and gotos from the built-ins, left
 * in each chain's `hooks` field (valid until the table changes): a restore of 50,000
 * rules walks this once per COMMIT, and a field per chain costs far less than a map of
 * 20,000 chain names.
 *
 * One depth-first walk per built-in chain. A chain's jumps to user chains are read from
 * its rules the first time a walk enters it, into one list of chain numbers: the next
 * hook's walk (kube-proxy's PREROUTING and OUTPUT both reach all 20,000 chains) then reads
 * that list, not the 50,000 rules again. The list holds the same chains in the same
 * order, so every walk takes the same steps it took reading the rules.
 */
function markHooks(table: Table, flavor: Flavor): { loop: string | null; tooDeep: boolean } {
  const legacy = flavor === 'legacy';
  const stamp = table.stamp();
  const byIdx: Chain[] = [];
  let total = 0;
  for (const c of table.chains.values()) {
    c.hooks = 0;
    c.onPath = false;
    c.walkIdx = byIdx.length;
    c.edgesAt = -1;
    byIdx.push(c);
    total += c.rules.length;
  }
  // (at most one jump per rule)
  const edges = new Int32Array(total);
  let edgeCount = 0;
  const enter = (c: Chain): void => {
    if (c.edgesAt >= 0) return;
    c.edgesAt = edgeCount;
    // legacy's walk stops at an unconditional verdict: later rules get no hook bits
    const last = legacy ? legacyReachEnd(c) : c.rules.length - 1;
    const rules = c.rules;
    for (let i = 0; i <= last; i++) {
      const target = rules[i].target;
      if (target.kind !== 'chain') continue;
      const next = table.chainOf(target, stamp);
      if (!next || next.builtin) continue;
      edges[edgeCount++] = next.walkIdx;
    }
    c.edgesEnd = edgeCount;
  };
  let loop: string | null = null;
  let tooDeep = false;
  for (const b of table.builtinChains()) {
    const bit = HOOK_BITS[b.name as HookName] ?? 0;
    b.hooks |= bit;
    // iterative DFS carrying the hook bit; a chain seen on the current path is a loop
    // (two parallel stacks rather than one object per frame)
    enter(b);
    const chainStack: Chain[] = [b];
    const posStack: number[] = [b.edgesAt];
    b.onPath = true;
    while (chainStack.length > 0) {
      const depth = chainStack.length;
      const top = chainStack[depth - 1];
      const pos = posStack[depth - 1];
      if (pos >= top.edgesEnd) {
        top.onPath = false;
        chainStack.pop();
        posStack.pop();
        continue;
      }
      posStack[depth - 1] = pos + 1;
      const next = byIdx[edges[pos]];
      if (next.onPath) {
        loop ??= next.name;
        continue;
      }
      if (depth >= NFT_MAX_DEPTH) tooDeep = true;
      const had = next.hooks;
      if ((had & bit) !== 0 && depth <= 2) continue;
      if ((had & bit) !== 0 && !tooDeep) {
        // already seen from this hook; depth only matters for the deepest path, keep it cheap
        continue;
      }
      next.hooks = had | bit;
      next.onPath = true;
      enter(next);
      chainStack.push(next);
      posStack.push(next.edgesAt);
    }
  }
  // like the kernel, only loops reachable from a hook are refused
  return { loop, tooDeep };
}

/**
 * Can ruleAccepted ever refuse this rule, whatever chain it sits in? Most rules carry
 * nothing the kernel checks (comment, statistic, a jump): validating a big table then
 * skips them. Mirrors ruleAccepted: keep the two together.
 */
export function mayBeRefused(rule: Rule, flavor: Flavor): boolean {
  if (flavor === 'nft' && rule.target.kind === 'verdict' && rule.target.name === 'QUEUE') return true;
  if (flavor === 'nft' && (((rule.inv & INV_SRC) && rule.smsk === 0) || ((rule.inv & INV_DST) && rule.dmsk === 0))) return true;
  for (const m of rule.matches) {
    const native = flavor === 'nft' && (m.ext.name === 'tcp' || m.ext.name === 'udp') && !m.compat;
    if (!native && m.ext.proto !== undefined) return true;
    if (m.ext.check) return true;
  }
  return rule.target.kind === 'ext' && rule.target.ext.check !== undefined;
}

/** whether the rule has a tcp match that requires SYN (xt_TCPMSS's find_syn_match) */
function synMatch(rule: Rule): boolean {
  for (const m of rule.matches) if (m.ext.name === 'tcp' && (m.data.flgCmp & m.data.flgMask & 0x02) !== 0 && !m.data.invFlags) return true;
  return false;
}

/**
 * The one context every check is given (they read it and keep nothing): a big table's
 * validation checked 16,000 DNAT rules, each with two objects of its own.
 */
const CHECK_INFO = { proto: 0, invProto: false, synMatch: false };
const CHECK_CTX: CheckCtx = { flavor: 'nft', table: '', hooks: 0, rule: CHECK_INFO };

/** checkentry of one rule's extensions, for a chain reached from `hooks` */
export function ruleAccepted(rule: Rule, table: string, hooks: number, flavor: Flavor): boolean | 'noent' | 'erange' {
  // (only a target's check reads synMatch: TCPMSS's; 16,000 DNAT rules need not look for it)
  const target = rule.target;
  const info = CHECK_INFO;
  info.proto = rule.proto;
  info.invProto = (rule.inv & INV_PROTO) !== 0;
  info.synMatch = target.kind === 'ext' && target.ext.check !== undefined && synMatch(rule);
  // nf_tables cannot express "not in 0.0.0.0/0" (a zero-length payload compare)
  if (flavor === 'nft' && (((rule.inv & INV_SRC) && rule.smsk === 0) || ((rule.inv & INV_DST) && rule.dmsk === 0))) return false;
  // iptables-nft sends QUEUE as an xt target of that name, which the kernel does not have
  if (flavor === 'nft' && rule.target.kind === 'verdict' && rule.target.name === 'QUEUE') return 'noent';
  const ctx = CHECK_CTX;
  ctx.flavor = flavor;
  ctx.table = table;
  ctx.hooks = hooks;
  for (const m of rule.matches) {
    // iptables-nft turns tcp/udp into native expressions: the protocol was checked in userspace
    const native = flavor === 'nft' && (m.ext.name === 'tcp' || m.ext.name === 'udp') && !m.compat;
    if (!native && m.ext.proto !== undefined && (m.ext.proto !== rule.proto || info.invProto)) return false;
    if (m.ext.check) {
      const ok = m.ext.check(m.data, ctx);
      if (ok !== true) return ok;
    }
  }
  if (rule.target.kind === 'ext') {
    const t = rule.target.ext;
    if (t.check) {
      const ok = t.check(rule.target.data, ctx);
      if (ok !== true) return ok;
    }
  }
  return true;
}

/**
 * What a caller that put every rule of the table in (an nft restore's COMMIT, through
 * restore-append.ts) knows of them, so that validation need not visit each of 50,000
 * rules again: the rules the checks may refuse, with their chains (a rule since deleted
 * may be among them), and whether any rule jumps to a built-in chain.
 */
export interface KnownRules {
  builtinJump: boolean;
  refusable: readonly Rule[];
  chains: readonly Chain[];
}

/** Validate the whole table; `focus` rules are checked first so their failure is the one reported. */
export function validateTable(table: Table, flavor: Flavor, focus: readonly Rule[] = [], opts: { loops?: boolean; known?: KnownRules } = {}): ValidationFailure | null {
  const known = flavor === 'nft' ? opts.known : undefined;
  // a jump is resolved as its rule is added, before any loop is looked for: a
  // built-in chain is no target (nft: "not supported", or "no such chain" while
  // iptables-nft has not created it yet)
  // (chainOf: a restore's jumps remember their chain, which saves 50,000 name lookups)
  const stamp = table.stamp();
  for (let i = 0; known?.builtinJump !== false && i < focus.length; i++) {
    const r = focus[i];
    if (r.target.kind !== 'chain' || table.chainOf(r.target, stamp)?.builtin !== true) continue;
    const c = [...table.chains.values()].find((ch) => ch.rules.includes(r));
    if (!c) continue;
    const tgt = table.chains.get((r.target as { name: string }).name)!;
    if (flavor === 'legacy') return { kind: 'inval', chain: c.name, rule: r };
    return { kind: tgt.materialized || tgt === c ? 'notsup' : 'noent', chain: c.name, rule: r };
  }
  const { loop: realLoop, tooDeep } = markHooks(table, flavor);
  // nf_tables checks every rule against its chain's hooks; ip_tables only the reachable ones
  const hooksOf = (c: Chain, r: Rule): number => {
    const h = c.hooks;
    if (flavor !== 'legacy' || h === 0) return h;
    const end = legacyReachEnd(c);
    return end < c.rules.length - 1 && c.rules.indexOf(r) > end ? 0 : h;
  };
  const loop = realLoop ?? (flavor === 'nft' && tooDeep ? 'depth' : null);
  // (legacy's iptables-restore was seen committing a loop reachable from INPUT)
  if (loop !== null && opts.loops !== false) {
    // report the new jump that made the loop reachable from a hook
    let culprit: Rule | undefined;
    let where = loop;
    for (const c of table.chains.values()) {
      if (!c.hooks) continue;
      for (const r of c.rules) {
        if (r.target.kind === 'chain' && focus.includes(r) && !culprit) {
          culprit = r;
          where = c.name;
        }
      }
    }
    return { kind: 'loop', chain: where, rule: culprit };
  }
  if (known !== undefined) {
    // every rule the checks may refuse, in any order: only a refusal needs the walk below,
    // which reports the first in the table's order (a deleted rule's refusal finds none)
    let refused = false;
    for (let i = 0; i < known.refusable.length && !refused; i++) refused = ruleAccepted(known.refusable[i], table.name, known.chains[i].hooks, flavor) !== true;
    if (!refused) return null;
  }
  let total = 0;
  for (const c of table.chains.values()) total += c.rules.length;
  // when every rule is new (a restore), the in-order pass below is the same check
  const chainOf = new Map<Rule, Chain>();
  if (focus.length > 0 && focus.length < total) for (const c of table.chains.values()) for (const r of c.rules) chainOf.set(r, c);
  for (const r of focus.length < total ? focus : []) {
    const c = chainOf.get(r);
    if (!c) continue;
    const ok = ruleAccepted(r, table.name, hooksOf(c, r), flavor);
    if (ok !== true) return { kind: ok === false ? 'inval' : ok, chain: c.name, rule: r };
  }
  for (const c of table.chains.values()) {
    const hooks = c.hooks;
    const end = flavor === 'legacy' && hooks !== 0 ? legacyReachEnd(c) : c.rules.length;
    for (let i = 0; i < c.rules.length; i++) {
      const r = c.rules[i];
      // (false only when ruleAccepted cannot refuse the rule: see mayBeRefused)
      if (r.refusable === false) continue;
      const ok = ruleAccepted(r, table.name, i > end ? 0 : hooks, flavor);
      if (ok !== true) return { kind: ok === false ? 'inval' : ok, chain: c.name, rule: r };
    }
  }
  return null;
}
