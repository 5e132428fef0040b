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

/**
 * The prepared -A lines of one table until COMMIT, as columns: a record per line was
 * another ~80 bytes per rule that every young-generation GC copied until COMMIT.
 *
 * This module is one of the terminal worker's lazy packs (components/terminal/
 * lazy-packs.ts), loaded for a restore command: a scenario's own rules are restored
 * before, every line the general way, to the same result. Its work is done by methods
 * of the one object newPendingAppends gives, so that the first chunk carries a stand-in
 * for that function only.
 */
class PendingAppends {
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
  /**
   * What consecutive prepared lines of one COMMIT share: the table kept, the chain of the
   * last line and the last jump resolved (a dump's rules come chain by chain, and many
   * jump to one chain). Only prepared lines may run between two uses: anything else (a
   * chain line, a line the general way took) may change chains, so it calls resetCursor.
   */
  private curTable: Table | null = null;
  private curChainName: string | null = null;
  private curChain: Chain | null = null;
  private curJumpName: string | null = null;
  private curJump: TargetRef | null = null;

  line(i: number): number {
    return this.where[3 * i];
  }

  start(i: number): number {
    return this.where[3 * i + 1];
  }

  end(i: number): number {
    return this.where[3 * i + 2];
  }

  resetCursor(): void {
    this.curTable = null;
    this.curChainName = null;
    this.curChain = null;
    this.curJumpName = null;
    this.curJump = null;
  }

  /** the command the last prepare parsed (restore-shapes.ts learns a shape from it) */
  parsed: ParsedCommand | null = null;

  /** a plain nft `-A` line prepared (its index here), or -1: the line then goes the general way */
  prepare(args: readonly string[], popts: ParseOptions, line: number, start: number, end: number, rec?: WalkRecord): number {
    const p = (this.parsed = parseRuleFast(args, popts, rec));
    if (p === null || !isPlainAppend(p)) return -1;
    return this.add(p, line, start, end);
  }

  /** a parsed plain -A line's rule, added (its index), or -1 for the general way, which reports why */
  add(p: ParsedCommand, line: number, start: number, end: number): number {
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
    this.chains.push(p.chain!);
    this.jumps.push(p.target ? null : p.jumpto);
    return this.rules.push(rule) - 1;
  }

  /**
   * At COMMIT: put prepared rule i into its chain, as runParsed would have. Returns false,
   * having changed nothing, when that would fail (a missing chain or jump target): the
   * caller then runs the line the general way, which reports it.
   */
  commit(fw: Firewall, i: number, eo: ExecOptions): boolean {
    // (the cursor's table is the one tableForRead + adopt gave the previous line)
    const table = this.curTable ?? fw.tableForRead(eo.restoreTable!);
    const r = this.rules[i];
    let target = r.target;
    if (target.kind !== 'ext') {
      const name = this.jumps[i];
      if (name !== null && name === this.curJumpName) {
        target = this.curJump!;
      } else {
        try {
          target = resolveJump(name, r.goto, table, 'nft', eo.test === true);
        } catch {
          return false;
        }
        // a chain's shared reference (a verdict's depends on -g, a missing chain's is new each time)
        if (target.kind === 'chain' && target.chain !== undefined) {
          this.curJumpName = name;
          this.curJump = target;
        }
      }
    }
    let chain: Chain | undefined;
    const chainName = this.chains[i];
    if (chainName === this.curChainName) chain = this.curChain!;
    else {
      chain = table.chains.get(chainName);
      if (chain === undefined) return false;
      this.curChainName = chainName;
      this.curChain = chain;
    }
    // Kernel.create: the table and a named built-in chain come into being
    const kept = this.curTable ?? (this.curTable = fw.adopt(table));
    if (chain.builtin) {
      if (!chain.materialized) chain.handle = ++kept.hgen;
      chain.materialized = true;
      if (eo.forgotten?.delete(chain)) chain.policy = 'ACCEPT';
    }
    r.target = target;
    r.refusable = mayBeRefused(r, 'nft');
    if (r.refusable) {
      this.refusable.push(r);
      this.refusableChains.push(chain);
    }
    if (target.kind === 'chain' && target.chain?.builtin === true) this.builtinJump = true;
    nftStore(r);
    r.handle = ++kept.hgen;
    chain.rules.push(r);
    eo.onAdd?.(r, 'RULE_APPEND');
    return true;
  }
}

/** a table's prepared lines */
export function newPendingAppends(): PendingAppends {
  return new PendingAppends();
}

export type { PendingAppends };

/** a parse the shortcut may carry out: one -A of one rule, nothing printed */
function isPlainAppend(p: ParsedCommand): boolean {
  // (warnings go to stderr as the line is read: the general way prints them)
  return p.command === CMD_APPEND && p.verbose === 0 && p.srcs.length === 1 && p.dsts.length === 1 && p.warnings.length === 0;
}
