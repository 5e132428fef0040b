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
import { nftStore, resolveJump, ruleOf, type ExecOptions } from './iptables.ts';
import { mayBeRefused } from './validate.ts';

/** on unless a test compares restores made with and without the shortcut */
export const restoreShortcuts = { enabled: true };

/**
 * The prepared -A lines of one table until COMMIT, as columns: a record per line was
 * another ~80 bytes per rule that every young-generation GC copied until COMMIT.
 */
export class PendingAppends {
  readonly rules: Rule[] = [];
  readonly chains: string[] = [];
  /** -j / -g name (null: no target); a target extension's reference is already the rule's */
  readonly jumps: Array<string | null> = [];
  /**
   * per line: its number, and where its command text lies in the input (for the general
   * way, should COMMIT fail; offsets rather than the text), in a typed array outside the
   * collected heap
   */
  private where = new Int32Array(3 * 1024);
  /**
   * what COMMIT learnt of the rules it put in (validateTable's `known`): those the kernel's
   * checks may refuse, with their chains, and whether any jumps to a built-in chain
   */
  readonly refusable: Rule[] = [];
  readonly refusableChains: Chain[] = [];
  builtinJump = false;

  /** the next line's columns, filled by preparedFrom */
  note(line: number, start: number, end: number): void {
    const k = 3 * this.rules.length;
    let w = this.where;
    if (k + 3 > w.length) {
      w = new Int32Array(w.length * 2);
      w.set(this.where);
      this.where = w;
    }
    w[k] = line;
    w[k + 1] = start;
    w[k + 2] = end;
  }

  line(i: number): number {
    return this.where[3 * i];
  }

  start(i: number): number {
    return this.where[3 * i + 1];
  }

  end(i: number): number {
    return this.where[3 * i + 2];
  }
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

/** a plain nft `-A` line prepared into `into` (its index there), or -1: the line then goes the general way */
export function prepareAppend(args: readonly string[], popts: ParseOptions, into: PendingAppends, line: number, start: number, end: number, rec?: WalkRecord): number {
  if (!restoreShortcuts.enabled) return -1;
  const p = parseRuleFast(args, popts, rec);
  if (p === null || !isPlainAppend(p)) return -1;
  return preparedFrom(p, into, line, start, end);
}

/** a parse the shortcut may carry out: one -A of one rule, nothing printed */
export function isPlainAppend(p: ParsedCommand): boolean {
  // (warnings go to stderr as the line is read: the general way prints them)
  return p.command === CMD_APPEND && p.verbose === 0 && p.srcs.length === 1 && p.dsts.length === 1 && p.warnings.length === 0;
}

/** a parsed plain -A line's rule, added to `into` (its index), or -1 for the general way, which reports why */
export function preparedFrom(p: ParsedCommand, into: PendingAppends, line: number, start: number, end: number): number {
  let matches;
  try {
    // parseExec's check; buildRules translates at COMMIT, from the parsed line only
    checkNativeProtos(p);
    matches = nftNativeMatches(p);
  } catch {
    return -1;
  }
  const rule = ruleOf(p, p.srcs[0], p.dsts[0], matches, 'nft');
  if (p.target) rule.target = { kind: 'ext', ext: p.target.ext, data: p.target.data };
  into.note(line, start, end);
  into.chains.push(p.chain!);
  into.jumps.push(p.target ? null : p.jumpto);
  return into.rules.push(rule) - 1;
}

/**
 * At COMMIT: put the prepared rule into its chain, as runParsed would have. Returns
 * false, having changed nothing, when that would fail (a missing chain or jump target):
 * the caller then runs the line the general way, which reports it.
 */
export function commitAppend(fw: Firewall, pend: PendingAppends, i: number, eo: ExecOptions, cur: CommitCursor): boolean {
  // (the cursor's table is the one tableForRead + adopt gave the previous line)
  const table = cur.table ?? fw.tableForRead(eo.restoreTable!);
  const r = pend.rules[i];
  let target = r.target;
  if (target.kind !== 'ext') {
    const name = pend.jumps[i];
    if (name !== null && name === cur.jumpName) {
      target = cur.jump!;
    } else {
      try {
        target = resolveJump(name, r.goto, table, 'nft', eo.test === true);
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
  const chainName = pend.chains[i];
  if (chainName === cur.chainName) chain = cur.chain!;
  else {
    chain = table.chains.get(chainName);
    if (chain === undefined) return false;
    cur.chainName = chainName;
    cur.chain = chain;
  }
  // Kernel.create: the table and a named built-in chain come into being
  const kept = cur.table ?? (cur.table = fw.adopt(table));
  if (chain.builtin) {
    if (!chain.materialized) chain.handle = ++kept.hgen;
    chain.materialized = true;
    if (eo.forgotten?.delete(chain)) chain.policy = 'ACCEPT';
  }
  r.target = target;
  r.refusable = mayBeRefused(r, 'nft');
  if (r.refusable) {
    pend.refusable.push(r);
    pend.refusableChains.push(chain);
  }
  if (target.kind === 'chain' && target.chain?.builtin === true) pend.builtinJump = true;
  nftStore(r);
  r.handle = ++kept.hgen;
  chain.rules.push(r);
  eo.onAdd?.(r, 'RULE_APPEND');
  return true;
}
