// iptables-nft-restore's plain `-A` lines, built into their rule as the line is read.
//
// nft restore parses every line of a table first and carries the commands out at
// COMMIT. Keeping each line's parsed command until then made a big restore (50,000
// rules) carry ~10 short-lived objects per line through every young-generation GC. A
// line the parse shortcut accepts (cmdline-fast.ts) instead becomes its final Rule at
// once; only what depends on the table at COMMIT (the jump's chain, whether the chain
// exists) waits. Both halves take the steps runCommand → buildRules → ruleCommand take
// for such a line, in the same order; whatever could fail is left to that general path.

import { CMD_APPEND, type ParsedCommand, type ParseOptions } from './cmdline.ts';
import { parseRuleFast, type WalkRecord } from './cmdline-fast.ts';
import type { Chain, Firewall, Rule, Table, TargetRef } from './model.ts';
import { checkNativeProtos, nftNativeMatches } from './nft-native.ts';
import { nftStore, resolveTarget, ruleOf, type ExecOptions } from './iptables.ts';
import { mayBeRefused } from './validate.ts';

/** on unless a test compares restores made with and without the shortcut */
export const restoreShortcuts = { enabled: true };

export interface PreparedAppend {
  rule: Rule;
  chain: string;
  /** -j / -g name (null: no target) */
  jumpto: string | null;
  /** the target extension's reference, when -j named one */
  target: TargetRef | null;
  /**
   * the input line's number, and where its command text lies in the input (for the
   * general way, should COMMIT fail; offsets rather than the text: 50,000 strings less
   * to carry through every young-generation GC until COMMIT)
   */
  line: number;
  start: number;
  end: number;
}

/**
 * What consecutive prepared lines of one COMMIT share: the table kept, the chain of the
 * last line and the last jump resolved (a dump's rules come chain by chain, and many
 * jump to one chain). Only prepared lines may run between two uses: anything else
 * (a chain line, a line the general way took) may change chains, so it calls
 * resetCursor.
 */
export interface CommitCursor {
  table: Table | null;
  chainName: string | null;
  chain: Chain | null;
  jumpName: string | null;
  jump: TargetRef | null;
}

export function newCursor(): CommitCursor {
  return { table: null, chainName: null, chain: null, jumpName: null, jump: null };
}

export function resetCursor(c: CommitCursor): void {
  c.table = null;
  c.chainName = null;
  c.chain = null;
  c.jumpName = null;
  c.jump = null;
}

/** the rule of a plain nft `-A` line, or null (the line then goes the general way) */
export function prepareAppend(args: readonly string[], popts: ParseOptions, line: number, start: number, end: number, rec?: WalkRecord): PreparedAppend | null {
  if (!restoreShortcuts.enabled) return null;
  const p = parseRuleFast(args, popts, rec);
  if (p === null || !isPlainAppend(p)) return null;
  return preparedFrom(p, line, start, end);
}

/** a parse the shortcut may carry out: one -A of one rule, nothing printed */
export function isPlainAppend(p: ParsedCommand): boolean {
  // (warnings go to stderr as the line is read: the general way prints them)
  return p.command === CMD_APPEND && p.verbose === 0 && p.srcs.length === 1 && p.dsts.length === 1 && p.warnings.length === 0;
}

/** a parsed plain -A line's rule (null: the general way, which reports why) */
export function preparedFrom(p: ParsedCommand, line: number, start: number, end: number): PreparedAppend | null {
  let matches;
  try {
    // parseExec's check; buildRules translates at COMMIT, from the parsed line only
    checkNativeProtos(p);
    matches = nftNativeMatches(p);
  } catch {
    return null;
  }
  const rule = ruleOf(p, p.srcs[0], p.dsts[0], matches, 'nft');
  const target: TargetRef | null = p.target ? { kind: 'ext', ext: p.target.ext, data: p.target.data } : null;
  return { rule, chain: p.chain!, jumpto: p.jumpto, target, line, start, end };
}

/**
 * At COMMIT: put the prepared rule into its chain, as runParsed would have. Returns
 * false, having changed nothing, when that would fail (a missing chain or jump target):
 * the caller then runs the line the general way, which reports it.
 */
export function commitAppend(fw: Firewall, a: PreparedAppend, eo: ExecOptions, cur: CommitCursor): boolean {
  // (the cursor's table is the one tableForRead + adopt gave the previous line)
  const table = cur.table ?? fw.tableForRead(eo.restoreTable!);
  let target = a.target;
  if (target === null) {
    const name = a.jumpto;
    if (name !== null && name === cur.jumpName) {
      target = cur.jump!;
    } else {
      try {
        target = resolveTarget({ jumpto: name, target: null, goto: a.rule.goto }, table, 'nft', eo.test === true);
      } catch {
        return false;
      }
      // a chain's shared reference (a verdict's depends on -g, a missing chain's is new each time)
      if (target.kind === 'chain' && target.chain !== undefined) {
        cur.jumpName = name;
        cur.jump = target;
      }
    }
  }
  let chain: Chain | undefined;
  if (a.chain === cur.chainName) chain = cur.chain!;
  else {
    chain = table.chains.get(a.chain);
    if (chain === undefined) return false;
    cur.chainName = a.chain;
    cur.chain = chain;
  }
  // Kernel.create: the table and a named built-in chain come into being
  const kept = cur.table ?? (cur.table = fw.adopt(table));
  if (chain.builtin) {
    if (!chain.materialized) chain.handle = ++kept.hgen;
    chain.materialized = true;
    if (eo.forgotten?.delete(chain)) chain.policy = 'ACCEPT';
  }
  const r = a.rule;
  r.target = target;
  r.refusable = mayBeRefused(r, 'nft');
  nftStore(r);
  r.handle = ++kept.hgen;
  chain.rules.push(r);
  eo.onAdd?.(r, 'RULE_APPEND');
  return true;
}
