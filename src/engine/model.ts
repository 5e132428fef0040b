// The firewall state of one network namespace: tables, chains, rules, counters.

import type { Flavor } from './errors.ts';
import type { MatchExtension, TargetExtension } from './extensions/types.ts';
import { forgetRuleText, type SpecMemo } from './text-memo.ts';
import { sortByName } from './sort-names.ts';

export const INV_SRC = 0x08; // IPT_INV_SRCIP
export const INV_DST = 0x10; // IPT_INV_DSTIP
export const INV_IN = 0x01; // IPT_INV_VIA_IN
export const INV_OUT = 0x02; // IPT_INV_VIA_OUT
export const INV_PROTO = 0x40; // XT_INV_PROTO
export const INV_FRAG = 0x20; // IPT_INV_FRAG

export interface MatchInstance {
  ext: MatchExtension<any>;
  data: any;
  /** nft: a tcp/udp match iptables-nft could not translate, sent as an xt match (the kernel checks its protocol) */
  compat?: true;
}

export type TargetRef =
  | { kind: 'none' }
  | { kind: 'verdict'; name: 'ACCEPT' | 'DROP' | 'RETURN' | 'QUEUE' }
  /**
   * `chain`: the chain the name resolved to when the rule was made, a hint only (the
   * chain may since be gone or renamed): trust it only through chainOf().
   */
  | { kind: 'chain'; name: string; chain?: Chain }
  | { kind: 'ext'; ext: TargetExtension<any>; data: any };

export interface Rule {
  src: number;
  /**
   * the masks' 32 bits as a signed int32 (`>>> 0` for the unsigned value): /32 is -1. A
   * mask kept unsigned is no small integer, and every rule then carried two boxed numbers.
   */
  smsk: number;
  dst: number;
  dmsk: number;
  /** interface text as typed ("eth0", "eth+", ""); see ifaceMatches */
  iniface: string;
  outiface: string;
  proto: number;
  /** INV_* bits */
  inv: number;
  frag: boolean;
  matches: MatchInstance[];
  target: TargetRef;
  /** -g instead of -j */
  goto: boolean;
  pkts: bigint;
  bytes: bigint;
  /** cached canonical text used to compare rules for -D/-C (set by rulesEqual) */
  key?: string;
  /** remembered -S text (format.ts; never includes the counters) */
  specMemo?: SpecMemo;
  /** false when the kernel's checks can never refuse the rule (validate.ts mayBeRefused) */
  refusable?: boolean;
  /** nft: the handle the kernel gave the rule (its table's handle counter; -v -v prints it) */
  handle?: number;
  /** nft: `-i +` / `-o +`, kept by the kernel as a bare interface-name load (listed as no interface) */
  anyIn?: true;
  anyOut?: true;
}

export interface Chain {
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP';
  /** policy counters (built-in chains only) */
  pkts: bigint;
  bytes: bigint;
  rules: Rule[];
  /** creation sequence: nft reports some errors in this order */
  seq: number;
  /** nft: the handle the kernel gave the chain (-v -v -v shows it in a rename) */
  handle?: number;
  /**
   * nft: the kernel keeps the base chain's own counters, because a message gave it some
   * (-P, -Z, a restore's policy line); the kernel then returns them (-v -v -v)
   */
  stats?: true;
  /**
   * iptables-nft creates a built-in chain in the kernel only when it is first
   * written to (rule added, policy set, restore); some errors differ before that.
   */
  materialized?: boolean;
  /**
   * nft: a base chain renamed away from its built-in name (-E OUTPUT FOO). iptables-nft no
   * longer knows it: never listed, never found by name, but its rules still count as
   * references and a flush of the whole table empties it.
   */
  foreign?: true;
  /** scratch of validate.ts: hook bits reaching the chain, and the DFS path mark */
  hooks: number;
  onPath: boolean;
  /** scratch of validate.ts markHooks: the chain's place in its walk, and where its jumps lie in the walk's list */
  walkIdx: number;
  edgesAt: number;
  edgesEnd: number;
  /** scratch of Table.countReferences */
  refs: number;
  /** the last Table.stamp() that found this chain in its table */
  stamp: number;
  /** the target reference rules jumping here share (iptables.ts; valid while its name is the chain's) */
  jumpRef: { kind: 'chain'; name: string; chain?: Chain } | undefined;
}

let lastStamp = 0;

/**
 * Every chain is made here, with every field present from the start: chains whose
 * optional fields (handle, materialized...) came later had other hidden classes, and the
 * walks over 20,000 chains (validation, -L) then read them through polymorphic loads.
 */
function newChain(name: string, builtin: boolean, seq: number): Chain {
  return {
    rules: [], stamp: 0, hooks: 0, onPath: false, builtin, walkIdx: 0, edgesAt: -1, edgesEnd: -1,
    name, policy: 'ACCEPT', pkts: 0n, bytes: 0n, seq,
    handle: undefined, stats: undefined, materialized: undefined, foreign: undefined,
    refs: 0, jumpRef: undefined,
  };
}

export const TABLE_BUILTINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** iptables-nft's fixed table order (enum nft_table_type); legacy uses creation order. */
export const NFT_TABLE_ORDER = ['mangle', 'security', 'raw', 'filter', 'nat'];

export class Table {
  readonly name: string;
  readonly chains = new Map<string, Chain>();
  /** instantiation sequence (legacy lists the newest table first) */
  seq: number;
  /** nft: the kernel's per-table handle counter (chains and rules each take the next number) */
  hgen = 0;
  private sortedUser: Chain[] | null = null;

  constructor(name: string, seq: number, nextChainSeq: () => number) {
    this.name = name;
    this.seq = seq;
    for (const c of TABLE_BUILTINS[name]) {
      this.chains.set(c, newChain(c, true, nextChainSeq()));
    }
  }

  builtinChains(): Chain[] {
    return TABLE_BUILTINS[this.name].map((n) => this.chains.get(n)!);
  }

  /** user chains sorted with strcmp, as both backends list them */
  userChains(): Chain[] {
    if (!this.sortedUser) {
      this.sortedUser = sortedByName([...this.chains.values()].filter((c) => !c.builtin && !c.foreign));
    }
    return this.sortedUser;
  }

  /** built-ins in hook order, then user chains sorted */
  allChains(): Chain[] {
    return [...this.builtinChains(), ...this.userChains()];
  }

  addUserChain(name: string, seq: number): Chain {
    const c = newChain(name, false, seq);
    this.chains.set(name, c);
    this.sortedUser = null;
    return c;
  }

  /** forget cached orderings after chains were replaced wholesale */
  invalidate(): void {
    this.sortedUser = null;
  }

  deleteChain(name: string): void {
    this.chains.delete(name);
    this.sortedUser = null;
  }

  /** base chains renamed away from their built-in names (see Chain.foreign) */
  foreignChains(): Chain[] {
    return [...this.chains.values()].filter((c) => c.foreign);
  }

  /**
   * nft -E of a built-in chain: the kernel's base chain takes the new name (and its rules
   * and policy along), and the built-in name is free, not in the kernel, again.
   */
  renameBaseChain(from: string, to: string): void {
    const c = this.chains.get(from)!;
    this.chains.delete(from);
    c.name = to;
    c.builtin = false;
    c.foreign = true;
    c.materialized = undefined;
    this.chains.set(to, c);
    const fresh = newChain(from, true, c.seq);
    fresh.materialized = false;
    // keep the built-ins in their place in the map's order
    const rest = [...this.chains.entries()];
    this.chains.clear();
    this.chains.set(from, fresh);
    for (const [k, v] of rest) this.chains.set(k, v);
    this.sortedUser = null;
  }

  renameChain(from: string, to: string): void {
    const c = this.chains.get(from)!;
    this.chains.delete(from);
    c.name = to;
    this.chains.set(to, c);
    for (const ch of this.chains.values()) {
      for (const r of ch.rules) {
        if (r.target.kind === 'chain' && r.target.name === from) {
          r.target = { kind: 'chain', name: to, chain: undefined };
          r.key = undefined;
          forgetRuleText(r);
        }
      }
    }
    this.sortedUser = null;
  }

  /** number of rules that jump or go to each chain */
  references(): Map<string, number> {
    const refs = new Map<string, number>();
    for (const ch of this.chains.values()) {
      for (const r of ch.rules) {
        if (r.target.kind === 'chain') refs.set(r.target.name, (refs.get(r.target.name) ?? 0) + 1);
      }
    }
    return refs;
  }

  /**
   * Mark every chain of the table with a fresh number, for chainOf(). Walks over a
   * big table (validation, -L's reference counts) resolve thousands of jumps: the
   * chain remembered in the jump, once proven current, saves a map lookup each.
   */
  stamp(): number {
    const s = ++lastStamp;
    for (const c of this.chains.values()) c.stamp = s;
    return s;
  }

  /** the chain a jump names, as chains.get(name); `stamp` is this table's latest stamp() */
  chainOf(target: { name: string; chain?: Chain }, stamp: number): Chain | undefined {
    const c = target.chain;
    // stamped now means it is in this table, where a chain's key is its name
    if (c !== undefined && c.stamp === stamp && c.name === target.name) return c;
    return this.chains.get(target.name);
  }

  /**
   * references() left in each chain's `refs` field instead of a map (valid until the
   * table changes): -L of a 50,000-rule table asks for every chain's count.
   */
  countReferences(): void {
    const chains = this.chains;
    const stamp = this.stamp();
    for (const ch of chains.values()) ch.refs = 0;
    for (const ch of chains.values()) {
      const rules = ch.rules;
      for (let i = 0; i < rules.length; i++) {
        const t = rules[i].target;
        if (t.kind !== 'chain') continue;
        const c = this.chainOf(t, stamp);
        if (c !== undefined) c.refs++;
      }
    }
  }
}

export interface FirewallOptions {
  flavor?: Flavor;
}

/** One network namespace's IPv4 firewall, as seen by one iptables flavour. */
export class Firewall {
  readonly flavor: Flavor;
  readonly tables = new Map<string, Table>();
  /** names of the ipsets that exist in this namespace (ipset itself is the world's business) */
  readonly ipsets = new Set<string>();
  private seq = 0;

  constructor(opts: FirewallOptions = {}) {
    this.flavor = opts.flavor ?? 'nft';
  }

  nextSeq(): number {
    return ++this.seq;
  }

  static isKnownTable(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(TABLE_BUILTINS, name);
  }

  /** the table if it was instantiated */
  peek(name: string): Table | undefined {
    return this.tables.get(name);
  }

  /** instantiate (if needed) and return a known table */
  table(name: string): Table {
    let t = this.tables.get(name);
    if (!t) {
      t = new Table(name, this.nextSeq(), () => this.nextSeq());
      this.tables.set(name, t);
    }
    return t;
  }

  /**
   * A table for reading. Legacy instantiates the table on any access (the kernel
   * creates it on first use); nft only shows built-in chains without creating them.
   */
  tableForRead(name: string): Table {
    if (this.flavor === 'legacy') return this.table(name);
    return this.tables.get(name) ?? new Table(name, 0, () => 0);
  }

  /**
   * nft: put a stand-in from tableForRead into the kernel (iptables-nft adds the table
   * in the same batch as the command that needs it). Returns the table now kept.
   */
  adopt(t: Table): Table {
    const have = this.tables.get(t.name);
    if (have) return have;
    t.seq = this.nextSeq();
    // a table new to the kernel counts handles from the start
    t.hgen = 0;
    this.tables.set(t.name, t);
    return t;
  }

  /** tables in iptables-save order */
  saveOrder(): Table[] {
    if (this.flavor === 'nft') {
      return NFT_TABLE_ORDER.map((n) => this.tables.get(n)).filter((t): t is Table => t !== undefined);
    }
    return [...this.tables.values()].sort((a, b) => b.seq - a.seq);
  }
}

/**
 * Whether the chain exists in the kernel. nft: a built-in chain only once something
 * created it (a rule, a policy, a flush naming it); listings fake the others.
 */
export function inKernel(c: Chain | undefined, flavor: Flavor): c is Chain {
  return c !== undefined && (flavor === 'legacy' || (!c.builtin && !c.foreign) || c.materialized === true);
}

/**
 * sort-names.ts where its code is loaded (the terminal's worker loads it with
 * iptables-restore, the way to a big table), else the comparison it stands for
 */
function sortedByName(list: Chain[]): Chain[] {
  try {
    return sortByName(list);
  } catch {
    return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/* placeholders newRule's caller replaces (never changed in place) */
const NO_MATCHES: MatchInstance[] = [];
const NO_TARGET: TargetRef = { kind: 'none' };

export function newRule(): Rule {
  // (the fields every walk over a big table reads come first, beside the object's map
  // word, which each read checks: one cache line per rule in those walks, not two)
  return {
    target: NO_TARGET, refusable: undefined, matches: NO_MATCHES, goto: false, handle: undefined,
    pkts: 0n, bytes: 0n,
    src: 0, smsk: 0, dst: 0, dmsk: 0,
    iniface: '', outiface: '',
    proto: 0, inv: 0, frag: false,
    key: undefined, specMemo: undefined,
    anyIn: undefined, anyOut: undefined,
  };
}

/** targetName as -L shows it in the target column */
export function targetName(r: Rule): string {
  switch (r.target.kind) {
    case 'none': return '';
    case 'verdict': return r.target.name;
    case 'chain': return r.target.name;
    case 'ext': return r.target.ext.listName ?? r.target.ext.name;
  }
}
