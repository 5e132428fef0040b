// The iptables command line, parsed the way iptables 1.8.9 parses it (xshared.c
// do_parse on top of glibc getopt_long in RETURN_IN_ORDER mode): bundled short
// flags, unambiguous long-option prefixes, "!" before an option, implicit
// protocol matches loaded on their first unknown option, and the same error texts.

import { paramError, XtError, type Flavor } from './errors.ts';
import { INV_DST, INV_FRAG, INV_IN, INV_OUT, INV_PROTO, INV_SRC } from './model.ts';
import { parseAddressList, strtoui, type AddrMask } from './ipv4.ts';
import type { NameDb } from './names/namedb.ts';
import type { ExtOption, MatchExtension, ParseCtx, TargetExtension } from './extensions/types.ts';
import { findMatch, findTarget, isKnownUnmodeledMatch, isKnownUnmodeledTarget, isTargetName, VERDICTS } from './extensions/registry.ts';
import { chainProtoName, chainProtoNumber, protoName } from './format.ts';

export const CMD_NONE = 0;
export const CMD_INSERT = 1 << 0;
export const CMD_DELETE = 1 << 1;
export const CMD_DELETE_NUM = 1 << 2;
export const CMD_REPLACE = 1 << 3;
export const CMD_APPEND = 1 << 4;
export const CMD_LIST = 1 << 5;
export const CMD_FLUSH = 1 << 6;
export const CMD_ZERO = 1 << 7;
export const CMD_NEW_CHAIN = 1 << 8;
export const CMD_DELETE_CHAIN = 1 << 9;
export const CMD_SET_POLICY = 1 << 10;
export const CMD_RENAME_CHAIN = 1 << 11;
export const CMD_LIST_RULES = 1 << 12;
export const CMD_ZERO_NUM = 1 << 13;
export const CMD_CHECK = 1 << 14;
const CMD_FLAGS = 'IDDRALFZNXPESZC';

export const OPT_NUMERIC = 1 << 0;
export const OPT_SOURCE = 1 << 1;
export const OPT_DESTINATION = 1 << 2;
export const OPT_PROTOCOL = 1 << 3;
export const OPT_JUMP = 1 << 4;
export const OPT_VERBOSE = 1 << 5;
export const OPT_EXPANDED = 1 << 6;
export const OPT_VIANAMEIN = 1 << 7;
export const OPT_VIANAMEOUT = 1 << 8;
export const OPT_LINENUMBERS = 1 << 9;
export const OPT_COUNTERS = 1 << 10;
export const OPT_FRAGMENT = 1 << 11;
const OPT_FLAGS = 'nsdpjvxio0cf';
const INVERSE_FOR_OPTIONS = [0, INV_SRC, INV_DST, INV_PROTO, 0, 0, 0, INV_IN, INV_OUT, 0, 0, INV_FRAG];

/* commands_v_options: for each command, the options (-n -s -d -p -j -v -x -i -o --line -c -f) it refuses */
const ILLEGAL: ReadonlyArray<string> = [
  /*INSERT*/ 'n x line',
  /*DELETE*/ 'n x line c',
  /*DELETE_NUM*/ 'n s d p j x i o line c f',
  /*REPLACE*/ 'n x line',
  /*APPEND*/ 'n x line',
  /*LIST*/ 's d p j i o c f',
  /*FLUSH*/ 'n s d p j x i o line c f',
  /*ZERO*/ 'n s d p j x i o line c f',
  /*NEW_CHAIN*/ 'n s d p j x i o line c f',
  /*DEL_CHAIN*/ 'n s d p j x i o line c f',
  /*SET_POLICY*/ 'n s d p j x i o line f',
  /*RENAME*/ 'n s d p j x i o line c f',
  /*LIST_RULES*/ 'n s d p j x i o line c f',
  /*ZERO_NUM*/ 'n s d p j x i o line c f',
  /*CHECK*/ 'n x line c',
];
const OPT_WORDS = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', 'line', 'c', 'f'];
const COMMANDS_V_OPTIONS = ILLEGAL.map((row) => {
  const bad = new Set(row.split(' '));
  return OPT_WORDS.map((w) => (bad.has(w) ? 'x' : ' ')).join('');
});

function cmd2char(cmd: number): string {
  let i = 0;
  for (let o = cmd; o > 1; o >>= 1) i++;
  return CMD_FLAGS[i];
}

function opt2char(opt: number): string {
  let i = 0;
  for (let o = opt; o > 1; o >>= 1) i++;
  return OPT_FLAGS[i];
}

/**
 * The option ids one match or target was given (x6's flags), in the order first seen.
 * An instance sees a handful at most: a list is enough, and far cheaper to make than a
 * Set (a restore makes one per -m and -j of every rule line).
 */
export class SeenOptions implements Iterable<string> {
  private ids: string[] | null = null;

  get size(): number {
    return this.ids === null ? 0 : this.ids.length;
  }

  has(id: string): boolean {
    const ids = this.ids;
    if (ids === null) return false;
    for (let i = 0; i < ids.length; i++) if (ids[i] === id) return true;
    return false;
  }

  add(id: string): void {
    if (this.ids === null) this.ids = [id];
    else if (!this.has(id)) this.ids.push(id);
  }

  [Symbol.iterator](): Iterator<string> {
    return (this.ids ?? []).values();
  }
}

/** One match or target being parsed: the extension, its data and x6 bookkeeping. */
export interface ExtInstance<E> {
  ext: E;
  data: any;
  seen: SeenOptions;
  completed: boolean;
}

export interface ParsedCommand {
  command: number;
  chain: string | null;
  newname: string | null;
  policy: string | null;
  rulenum: number;
  table: string;
  options: number;
  verbose: number;
  /** rule parts */
  proto: number;
  protoText: string | null;
  inv: number;
  frag: boolean;
  iniface: string;
  outiface: string;
  srcs: AddrMask[];
  dsts: AddrMask[];
  matches: ExtInstance<MatchExtension<any>>[];
  target: ExtInstance<TargetExtension<any>> | null;
  jumpto: string | null;
  goto: boolean;
  pcnt: bigint;
  bcnt: bigint;
  /** what iptables printed to stderr without failing (deprecations, extension notes) */
  warnings: string[];
  /**
   * iptables-restore: do_parse returned at a -6 word (the line is for ip6tables-restore),
   * leaving the rest of the line unread and none of its final checks done
   */
  ipv6Stop?: true;
}

export interface ParseOptions {
  flavor: Flavor;
  names: NameDb;
  /** default table (-t may override unless restore) */
  table?: string;
  /** parsing a line of iptables-restore: -t is not allowed */
  restore?: boolean;
  line?: number;
  ipsets?: ReadonlySet<string>;
}

export interface LongOpt {
  name: string;
  hasArg: 0 | 1 | 2;
  /** base option letter, or an extension option */
  val: string | { owner: ExtOwner; opt: ExtOption };
}

// `again`: the entries a second merge of the same extension added (their getopt values differ)
export type ExtOwner = { kind: 'match'; ext: MatchExtension<any>; again?: true } | { kind: 'target'; ext: TargetExtension<any> };

/** each extension's getopt entries, built once */
const EXT_LONG = new WeakMap<object, LongOpt[]>();
const EXT_LONG_AGAIN = new WeakMap<object, LongOpt[]>();

export const BASE_LONG: LongOpt[] = [
  ['append', 1, 'A'], ['delete', 1, 'D'], ['check', 1, 'C'], ['insert', 1, 'I'], ['replace', 1, 'R'],
  ['list', 2, 'L'], ['list-rules', 2, 'S'], ['flush', 2, 'F'], ['zero', 2, 'Z'], ['new-chain', 1, 'N'],
  ['delete-chain', 2, 'X'], ['rename-chain', 1, 'E'], ['policy', 1, 'P'], ['source', 1, 's'],
  ['destination', 1, 'd'], ['src', 1, 's'], ['dst', 1, 'd'], ['protocol', 1, 'p'], ['in-interface', 1, 'i'],
  ['jump', 1, 'j'], ['table', 1, 't'], ['match', 1, 'm'], ['numeric', 0, 'n'], ['out-interface', 1, 'o'],
  ['verbose', 0, 'v'], ['wait', 2, 'w'], ['wait-interval', 2, 'W'], ['exact', 0, 'x'], ['fragments', 0, 'f'],
  ['version', 0, 'V'], ['help', 2, 'h'], ['line-numbers', 0, '0'], ['modprobe', 1, 'M'],
  ['set-counters', 1, 'c'], ['goto', 1, 'g'], ['ipv4', 0, '4'], ['ipv6', 0, '6'],
].map(([name, hasArg, val]) => ({ name: name as string, hasArg: hasArg as 0 | 1 | 2, val: val as string }));

/* the short options of iptables and whether they take an argument (1) or an optional one (2) */
const SHORT: Record<string, 0 | 1 | 2> = {
  A: 1, C: 1, D: 1, R: 1, I: 1, L: 2, S: 2, M: 1, F: 2, Z: 2, N: 1, X: 2, E: 1, P: 1, V: 0, h: 2,
  o: 1, p: 1, s: 1, d: 1, j: 1, i: 1, f: 0, v: 0, w: 2, W: 2, n: 0, t: 1, m: 1, x: 0, c: 1, g: 1, '4': 0, '6': 0,
};

/* what Getopt.next() found; the details are left on the Getopt (no object per option) */
const G_END = 0;
const G_NONOPT = 1;
/** getopt's '?': unknown or ambiguous option, or an argument given to one that takes none */
const G_UNKNOWN = 2;
/** getopt's ':': a required argument is missing */
const G_MISSING = 3;
const G_OPT = 4;

/** exact-name index of each long-option table (tables are shared and never mutated) */
const LONG_INDEX = new WeakMap<readonly LongOpt[], Map<string, LongOpt>>();
/** merged tables by (table, extension): every rule line of a restore loads the same few */
const MERGED = new WeakMap<readonly LongOpt[], Map<object, readonly LongOpt[]>>();

function longIndex(long: readonly LongOpt[]): Map<string, LongOpt> {
  let idx = LONG_INDEX.get(long);
  if (!idx) {
    idx = new Map();
    for (const o of long) if (!idx.has(o.name)) idx.set(o.name, o);
    LONG_INDEX.set(long, idx);
  }
  return idx;
}

/** A getopt_long in RETURN_IN_ORDER mode with ":" (missing-argument) reporting. */
export class Getopt {
  optind = 0;
  private nextchar = '';
  readonly argv: readonly string[];
  long: readonly LongOpt[] = BASE_LONG;
  /** the option next() returned (G_OPT) */
  val: LongOpt['val'] = '';
  /** its argument (G_OPT), or the non-option word (G_NONOPT) */
  optarg: string | null = null;
  /** the argv word the option came from */
  text = '';
  /** the argument was part of the same word (-ptcp, --opt=arg) */
  attached = false;
  /** words do_parse blanked: a `!` it took as the inversion is overwritten with "" in argv */
  private blanked: Set<number> | null = null;

  constructor(argv: readonly string[]) {
    this.argv = argv;
  }

  /** the words of an option name lookup, as glibc does: exact first, then unambiguous prefix */
  private lookupLong(name: string): LongOpt | 'ambiguous' | null {
    const exact = longIndex(this.long).get(name);
    if (exact) return exact;
    const cands = this.long.filter((o) => o.name.startsWith(name));
    if (cands.length === 0) return null;
    const first = cands[0];
    for (const c of cands) {
      if (c.hasArg !== first.hasArg || !sameVal(c.val, first.val)) return 'ambiguous';
    }
    return first;
  }

  private opt(val: LongOpt['val'], optarg: string | null, text: string, attached: boolean): number {
    this.val = val;
    this.optarg = optarg;
    this.text = text;
    this.attached = attached;
    return G_OPT;
  }

  private fail(code: number, text: string): number {
    this.text = text;
    return code;
  }

  next(): number {
    const argv = this.argv;
    if (this.nextchar === '') {
      if (this.optind >= argv.length) return G_END;
      const arg = argv[this.optind];
      if (arg === '--') {
        this.optind++;
        return G_END;
      }
      if (arg.charCodeAt(0) !== 45 /* - */ || arg === '-') {
        this.optind++;
        this.optarg = arg;
        return G_NONOPT;
      }
      if (arg.charCodeAt(1) === 45) {
        const eq = arg.indexOf('=', 2);
        const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
        this.optind++;
        const o = this.lookupLong(name);
        if (o === null || o === 'ambiguous') return this.fail(G_UNKNOWN, arg);
        if (eq >= 0) {
          if (o.hasArg === 0) return this.fail(G_UNKNOWN, arg);
          return this.opt(o.val, arg.slice(eq + 1), arg, true);
        }
        if (o.hasArg === 1) {
          if (this.optind >= argv.length) return this.fail(G_MISSING, arg);
          return this.opt(o.val, argv[this.optind++], arg, false);
        }
        return this.opt(o.val, null, arg, false);
      }
      this.nextchar = arg.slice(1);
    }
    const word = argv[this.optind];
    const ch = this.nextchar[0];
    this.nextchar = this.nextchar.slice(1);
    const kind = SHORT[ch];
    if (kind === undefined) {
      if (this.nextchar === '') this.optind++;
      // iptables names argv[optind - 1]: the word itself only when this was its last letter
      const at = this.optind - 1;
      return this.fail(G_UNKNOWN, at < 0 ? 'iptables' : this.blanked?.has(at) ? '' : argv[at]);
    }
    if (kind === 0) {
      if (this.nextchar === '') this.optind++;
      return this.opt(ch, null, word, false);
    }
    if (this.nextchar !== '') {
      const optarg = this.nextchar;
      this.nextchar = '';
      this.optind++;
      return this.opt(ch, optarg, word, true);
    }
    this.optind++;
    if (kind === 2) return this.opt(ch, null, word, false);
    if (this.optind >= argv.length) return this.fail(G_MISSING, word);
    return this.opt(ch, argv[this.optind++], word, false);
  }

  /** do_parse took the last word (a `!`) as the inversion and cleared it in argv */
  blankLast(): void {
    (this.blanked ??= new Set()).add(this.optind - 1);
  }

  /** xs_has_arg: the next word exists and does not start with '-' or '!' */
  hasArg(): boolean {
    const w = this.argv[this.optind];
    return w !== undefined && this.nextchar === '' && !w.startsWith('-') && !w.startsWith('!');
  }

  /** add an extension's options; the newest extension's options come right after the base ones */
  merge(kind: ExtOwner['kind'], ext: ExtOwner['ext']): void {
    const cur = this.long;
    let byExt = MERGED.get(cur);
    let next = byExt?.get(ext);
    if (!next) {
      let added = EXT_LONG.get(ext);
      if (!added) {
        const owner = { kind, ext } as ExtOwner;
        added = ext.options.map((opt) => ({ name: opt.name, hasArg: opt.hasArg, val: { owner, opt } }));
        EXT_LONG.set(ext, added);
      }
      next = cur === BASE_LONG ? [...BASE_LONG, ...added] : [...BASE_LONG, ...added, ...cur.slice(BASE_LONG.length)];
      // a pathological line loading hundreds of matches is not worth remembering
      if (cur.length < 256) {
        if (!byExt) {
          byExt = new Map();
          MERGED.set(cur, byExt);
        }
        byExt.set(ext, next);
      }
    }
    this.long = next;
  }

  /**
   * command_default's protocol load merges the match's options even when -m already did:
   * a second copy at a new option offset, so an abbreviation of one of them is ambiguous.
   */
  mergeAgain(ext: MatchExtension<any>): void {
    let added = EXT_LONG_AGAIN.get(ext);
    if (!added) {
      const owner: ExtOwner = { kind: 'match', ext, again: true };
      added = ext.options.map((opt) => ({ name: opt.name, hasArg: opt.hasArg, val: { owner, opt } }));
      EXT_LONG_AGAIN.set(ext, added);
    }
    this.long = [...BASE_LONG, ...added, ...this.long.slice(BASE_LONG.length)];
  }
}

function sameVal(a: LongOpt['val'], b: LongOpt['val']): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.owner.ext === b.owner.ext && a.opt.id === b.opt.id && ('again' in a.owner) === ('again' in b.owner);
}

/** xt_parse_target: the checks on a -j / -g name */
export function parseTargetName(name: string): string {
  if (name.length < 1) throw paramError('Invalid target name (too short)');
  if (name.length >= 29) throw paramError(`Invalid target name \`${name}' (28 chars max)`);
  if (hasSpace(name)) throw paramError(`Invalid target name \`${name}'`);
  return name;
}

/** /[ \t\n\v\f\r]/.test(s), by hand (every -j of a restore asks) */
function hasSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) return true;
  }
  return false;
}

export function parseChainName(name: string): void {
  if (name.length >= 29) throw paramError(`chain name \`${name}' too long (must be under 29 chars)`);
  if (name.startsWith('-') || name.startsWith('!')) throw paramError(`chain name not allowed to start with \`${name[0]}'`);
  if (name === '' || isTargetName(name)) throw paramError('chain name may not clash with target name');
  if (/[ \t\n\v\f\r]/.test(name)) throw paramError(`Invalid chain name \`${name}'`);
}

function parseRuleNumber(s: string): number {
  const n = strtoui(s, 1, 0x7fffffff);
  if (n === null) throw paramError(`Invalid rule number \`${s}'`);
  return n;
}

/** xtables_parse_protocol */
export function parseProtocol(s: string, names: NameDb): number {
  const n = strtoui(s, 0, 255);
  if (n !== null) return n;
  if (s === 'all') return 0;
  const p = names.protocolNumber(s);
  if (p !== null) return p;
  const c = chainProtoNumber(s);
  if (c !== null) return c;
  throw paramError(`unknown protocol "${s}" specified`);
}

function parseCounter(s: string): bigint | null {
  // sscanf("%llu"): leading blanks, optional sign, digits; the rest is ignored
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return null;
  const v = BigInt(m[2]);
  // strtoull saturates on overflow (ERANGE) and negates in u64 otherwise
  if (v >= 1n << 64n) return (1n << 64n) - 1n;
  return m[1] === '-' ? ((1n << 64n) - v) % (1n << 64n) : v;
}

/** The extensions whose help -h prints after the general help (src/engine/help.ts). */
export interface HelpSections {
  /** the -j target's name (`standard` for a verdict), or null */
  target: string | null;
  /** the rule's matches so far, in load order, a match given twice twice */
  matches: string[];
}

/** -h / --help: iptables prints the help and exits 0 at once, whatever follows */
export class HelpRequest extends XtError {
  readonly sections: HelpSections;
  constructor(sections: HelpSections) {
    super('raw', 0, 'HELP');
    this.sections = sections;
  }
}

/**
 * print_extension_helps at the moment -h is parsed: every target xtables_find_target marked
 * used (this command's -j: an extension, or the standard target for a verdict; -g loads
 * nothing), then cs->matches as -m and the protocol's options appended to it. With no match
 * yet, -h loads the -p text's own match first (`xtables_find_match(cs->protocol)`: by name
 * as typed, so `-p 6 -h` loads nothing while `-p 6 --dport 1` loaded tcp).
 */
function helpSections(p: ParsedCommand): HelpSections {
  let target: string | null = null;
  if (p.target) target = p.target.ext.name;
  else if (!p.goto && p.jumpto !== null && (VERDICTS as readonly string[]).includes(p.jumpto)) target = 'standard';
  const matches = p.matches.map((m) => m.ext.name);
  if (matches.length === 0 && p.protoText !== null) {
    const m = findMatch(p.protoText);
    if (m) matches.push(m.name);
    else if (isKnownUnmodeledMatch(p.protoText)) throw unmodeledError('match', p.protoText);
  }
  return { target, matches };
}

/** What the engine reports for an extension that real iptables has but we do not model. */
export function unmodeledError(kind: 'match' | 'target', name: string): XtError {
  return new XtError('raw', 2, `iptables (simulator): the ${name} ${kind} exists in real iptables but this simulator does not model it.\n`);
}

/**
 * The state of one parse, and the ParseCtx extensions see. A class (not an object
 * literal with getters and closures) so that a parse allocates one object, not a dozen:
 * iptables-restore runs this once per rule line.
 */
export class ParseState implements ParseCtx {
  readonly p: ParsedCommand;
  readonly g: Getopt;
  readonly names: NameDb;
  readonly flavor: Flavor;
  readonly ipsets: ReadonlySet<string> | undefined;
  readonly warnings: string[];
  invert = false;
  protoUsed = false;

  constructor(p: ParsedCommand, g: Getopt, popts: ParseOptions, warnings: string[]) {
    this.p = p;
    this.warnings = warnings;
    this.g = g;
    this.names = popts.names;
    this.flavor = popts.flavor;
    this.ipsets = popts.ipsets;
  }

  get table(): string { return this.p.table; }
  get proto(): number { return this.p.proto; }
  get invProto(): boolean { return (this.p.inv & INV_PROTO) !== 0; }
  get protoText(): string | null { return this.p.protoText; }
  peek(): string | null { return this.g.hasArg() ? this.g.argv[this.g.optind] : null; }
  take(): string { return this.g.argv[this.g.optind++]; }
  warn(msg: string): void { this.warnings.push(msg); }

  addCommand(newcmd: number, othercmds: number): void {
    const p = this.p;
    if (this.invert) throw paramError("unexpected '!' flag");
    if (p.command & ~othercmds) throw paramError(`Cannot use -${cmd2char(newcmd)} with -${cmd2char(p.command & ~othercmds)}`);
    p.command |= newcmd;
  }

  setOption(option: number): void {
    const p = this.p;
    if (p.options & option) throw paramError(`multiple -${opt2char(option)} flags not allowed`);
    p.options |= option;
    if (this.invert) {
      let i = 0;
      while (1 << i !== option) i++;
      if (!INVERSE_FOR_OPTIONS[i]) throw paramError(`cannot have ! before -${opt2char(option)}`);
      p.inv |= INVERSE_FOR_OPTIONS[i];
    }
  }

  runExtOption(inst: ExtInstance<any>, opt: ExtOption, optarg: string | null): void {
    const ext = inst.ext as MatchExtension<any> | TargetExtension<any>;
    if (!ext.oldStyle) {
      if (!opt.multi && inst.seen.has(opt.id)) throw paramError(`${ext.name}: option "--${firstOptionName(ext, opt)}" can only be used once.\n`);
      if (this.invert && !opt.invert) throw paramError(`${ext.name}: option "--${firstOptionName(ext, opt)}" cannot be inverted.\n`);
      if (opt.hasArg !== 0 && optarg === null && opt.hasArg === 1) throw paramError(`${ext.name}: option "--${firstOptionName(ext, opt)}" requires an argument.\n`);
    }
    ext.parse(opt.id, optarg, this.invert, inst.data, this);
    inst.seen.add(opt.id);
  }

  loadMatch(ext: MatchExtension<any>, fromProto = false): void {
    const matches = this.p.matches;
    let already = false;
    for (const m of matches) {
      if (m.ext === ext) {
        m.completed = true;
        already = true;
      }
    }
    matches.push({ ext, data: ext.init(), seen: new SeenOptions(), completed: false });
    if (!already) this.g.merge('match', ext);
    else if (fromProto) this.g.mergeAgain(ext);
  }
}

/** the name messages use for an option: the first one declared with its id */
function firstOptionName(ext: MatchExtension<any> | TargetExtension<any>, opt: ExtOption): string {
  return ext.options.find((o) => o.id === opt.id)?.name ?? opt.name;
}

/** shared empty lists for the parts most commands never fill (replaced, never pushed to) */
const NO_ADDRESSES = Object.freeze([]) as unknown as AddrMask[];
const NO_WARNINGS = Object.freeze([]) as unknown as string[];

/**
 * Parse argv (without the program name). Throws XtError exactly where iptables
 * would stop with an error.
 */
export function parseCommand(argv: readonly string[], popts: ParseOptions): ParsedCommand {
  // notes already printed (-W) come out before whatever error ends the parse
  const warnings: string[] = [];
  try {
    return parseWith(argv, popts, warnings);
  } catch (e) {
    if (e instanceof XtError && warnings.length) (e as XtError & { warnings?: string[] }).warnings = warnings;
    throw e;
  }
}

/** a command before its first option */
export function emptyCommand(popts: ParseOptions): ParsedCommand {
  return {
    command: CMD_NONE, chain: null, newname: null, policy: null, rulenum: 0,
    table: popts.table ?? 'filter', options: 0, verbose: 0,
    proto: 0, protoText: null, inv: 0, frag: false, iniface: '', outiface: '',
    srcs: NO_ADDRESSES, dsts: NO_ADDRESSES, matches: [], target: null, jumpto: null, goto: false, pcnt: 0n, bcnt: 0n, warnings: NO_WARNINGS,
  };
}

function parseWith(argv: readonly string[], popts: ParseOptions, warnings: string[]): ParsedCommand {
  const names = popts.names;
  const p = emptyCommand(popts);
  let shostnetworkmask: string | null = null;
  let dhostnetworkmask: string | null = null;
  const g = new Getopt(argv);
  const st = new ParseState(p, g, popts, warnings);
  let waitSeen = false;
  let waitIntervalSeen = false;

  for (;;) {
    const rc = g.next();
    if (rc === G_END) break;
    if (rc === G_NONOPT) {
      if (g.optarg === '!') {
        if (st.invert) throw paramError('multiple consecutive ! not allowed');
        st.invert = true;
        g.blankLast();
        continue;
      }
      throw new XtError('tryhelp', 2, `Bad argument \`${g.optarg}'\n`);
    }
    if (rc === G_UNKNOWN || rc === G_MISSING) {
      // command_default: maybe the option belongs to the protocol's implicit match
      if (!st.protoUsed && p.protoText !== null) {
        const ext = findProtoMatch(p.protoText, names, (p.options & OPT_NUMERIC) !== 0);
        if (ext) {
          st.protoUsed = true;
          st.loadMatch(ext, true);
          g.optind--;
          continue;
        }
      }
      if (rc === G_MISSING) throw paramError(`option "${g.text}" requires an argument`);
      throw paramError(`unknown option "${g.text}"`);
    }
    const val = g.val;
    const optarg = g.optarg;
    if (typeof val !== 'string') {
      // an extension option: the target first, then the first live instance of the owner
      if (val.owner.kind === 'target' && p.target && p.target.ext === val.owner.ext) {
        st.runExtOption(p.target, val.opt, optarg);
      } else {
        const owner = val.owner.ext;
        const inst = p.matches.find((m) => !m.completed && m.ext === owner);
        if (!inst) throw paramError(`unknown option "${g.text}"`);
        st.runExtOption(inst, val.opt, optarg);
      }
      st.invert = false;
      continue;
    }
    switch (val) {
      case 'A': st.addCommand(CMD_APPEND, CMD_NONE); p.chain = optarg; break;
      case 'C': st.addCommand(CMD_CHECK, CMD_NONE); p.chain = optarg; break;
      case 'D':
        st.addCommand(CMD_DELETE, CMD_NONE);
        p.chain = optarg;
        if (g.hasArg()) { p.rulenum = parseRuleNumber(g.argv[g.optind++]); p.command = CMD_DELETE_NUM; }
        break;
      case 'R':
        st.addCommand(CMD_REPLACE, CMD_NONE);
        p.chain = optarg;
        if (g.hasArg()) p.rulenum = parseRuleNumber(g.argv[g.optind++]);
        else throw paramError(`-${cmd2char(CMD_REPLACE)} requires a rule number`);
        break;
      case 'I':
        st.addCommand(CMD_INSERT, CMD_NONE);
        p.chain = optarg;
        if (g.hasArg()) p.rulenum = parseRuleNumber(g.argv[g.optind++]);
        else p.rulenum = 1;
        break;
      case 'L':
        st.addCommand(CMD_LIST, CMD_ZERO | CMD_ZERO_NUM);
        if (optarg !== null) p.chain = optarg;
        else if (g.hasArg()) p.chain = g.argv[g.optind++];
        if (g.hasArg()) p.rulenum = parseRuleNumber(g.argv[g.optind++]);
        break;
      case 'S':
        st.addCommand(CMD_LIST_RULES, CMD_ZERO | CMD_ZERO_NUM);
        if (optarg !== null) p.chain = optarg;
        else if (g.hasArg()) p.chain = g.argv[g.optind++];
        if (g.hasArg()) p.rulenum = parseRuleNumber(g.argv[g.optind++]);
        break;
      case 'F':
        st.addCommand(CMD_FLUSH, CMD_NONE);
        if (optarg !== null) p.chain = optarg;
        else if (g.hasArg()) p.chain = g.argv[g.optind++];
        break;
      case 'Z':
        st.addCommand(CMD_ZERO, CMD_LIST | CMD_LIST_RULES);
        if (optarg !== null) p.chain = optarg;
        else if (g.hasArg()) p.chain = g.argv[g.optind++];
        if (g.hasArg()) {
          p.rulenum = parseRuleNumber(g.argv[g.optind++]);
          p.command = (p.command & ~CMD_ZERO) | CMD_ZERO_NUM;
        }
        break;
      case 'N':
        parseChainName(optarg!);
        st.addCommand(CMD_NEW_CHAIN, CMD_NONE);
        p.chain = optarg;
        break;
      case 'X':
        st.addCommand(CMD_DELETE_CHAIN, CMD_NONE);
        if (optarg !== null) p.chain = optarg;
        else if (g.hasArg()) p.chain = g.argv[g.optind++];
        break;
      case 'E':
        st.addCommand(CMD_RENAME_CHAIN, CMD_NONE);
        p.chain = optarg;
        if (g.hasArg()) p.newname = g.argv[g.optind++];
        else throw paramError(`-${cmd2char(CMD_RENAME_CHAIN)} requires old-chain-name and new-chain-name`);
        break;
      case 'P':
        st.addCommand(CMD_SET_POLICY, CMD_NONE);
        p.chain = optarg;
        if (g.hasArg()) p.policy = g.argv[g.optind++];
        else throw paramError(`-${cmd2char(CMD_SET_POLICY)} requires a chain and a policy`);
        break;
      case 'h':
        throw new HelpRequest(helpSections(p));
      case 'V':
        // `! -V` is iptables' joke: "Not 1.8.9 (nf_tables) ;-)"
        throw new XtError('raw', 0, st.invert ? 'NOT-VERSION' : 'VERSION');
      case 'p': {
        st.setOption(OPT_PROTOCOL);
        // 1.8.9 reads the protocol from argv[optind-1]: "-ptcp" and "--protocol=tcp" break
        const text = argWord(g).toLowerCase();
        p.protoText = text;
        p.proto = parseProtocol(text, names);
        if (p.proto === 0 && (p.inv & INV_PROTO)) throw paramError('rule would never match protocol');
        break;
      }
      // 1.8.9 takes -s, -d, -i, -o and -j (like -p) from argv[optind-1]: an argument glued to
      // its option (-s1.2.3.4, --jump=ACCEPT) brings the option's own letters along
      case 's': st.setOption(OPT_SOURCE); shostnetworkmask = argWord(g); break;
      case 'd': st.setOption(OPT_DESTINATION); dhostnetworkmask = argWord(g); break;
      case 'j': {
        st.setOption(OPT_JUMP);
        const name = parseTargetName(argWord(g));
        p.jumpto = name;
        const t = findTarget(name);
        if (t) {
          p.target = { ext: t, data: t.init(), seen: new SeenOptions(), completed: false };
          g.merge('target', t);
        } else if (isKnownUnmodeledTarget(name)) {
          throw unmodeledError('target', name);
        }
        break;
      }
      case 'g':
        st.setOption(OPT_JUMP);
        p.jumpto = parseTargetName(optarg!);
        p.goto = true;
        break;
      case 'i':
        if (optarg === '') throw paramError('Empty interface is likely to be undesired');
        st.setOption(OPT_VIANAMEIN);
        p.iniface = parseInterface(argWord(g), st.warnings);
        break;
      case 'o':
        if (optarg === '') throw paramError('Empty interface is likely to be undesired');
        st.setOption(OPT_VIANAMEOUT);
        p.outiface = parseInterface(argWord(g), st.warnings);
        break;
      case 'f': st.setOption(OPT_FRAGMENT); p.frag = true; break;
      case 'v':
        if (!p.verbose) st.setOption(OPT_VERBOSE);
        p.verbose++;
        break;
      case 'm': {
        if (st.invert) throw paramError('unexpected ! flag before --match');
        // xtables_find_match refuses names that cannot fit XT_EXTENSION_MAXNAMELEN
        if (optarg!.length >= 29) throw paramError(`Invalid match name "${optarg}" (28 chars max)`);
        const ext = findMatch(optarg!);
        if (!ext) {
          if (isKnownUnmodeledMatch(optarg!)) throw unmodeledError('match', optarg!);
          throw paramError(`Couldn't load match \`${optarg}':No such file or directory\n`);
        }
        st.loadMatch(ext);
        break;
      }
      case 'n': st.setOption(OPT_NUMERIC); break;
      case 't':
        if (st.invert) throw paramError('unexpected ! flag before --table');
        if (popts.restore) throw paramError('The -t option cannot be used in iptables-restore.\n');
        p.table = optarg!;
        break;
      case 'x': st.setOption(OPT_EXPANDED); break;
      case '0': st.setOption(OPT_LINENUMBERS); break;
      case 'M': break;
      case 'w':
        if (popts.restore) throw paramError("You cannot use `-w' from iptables-restore");
        {
          // there is no lock to wait for, but parse_wait_time still reads its value (sscanf %i)
          const arg = optarg ?? (g.hasArg() ? g.argv[g.optind++] : null);
          if (arg !== null && !/^[ \t\n\v\f\r]*[+-]?\d/.test(arg)) throw paramError('wait seconds not numeric');
        }
        waitSeen = true;
        break;
      case 'W': {
        if (popts.restore) throw paramError("You cannot use `-W' from iptables-restore");
        // parse_wait_interval still parses its value, then the option is dropped with a note
        const arg = optarg ?? (g.hasArg() ? g.argv[g.optind++] : null);
        if (arg === null) throw paramError('wait interval value required');
        const m = /^[ \t\n]*([+-]?)(\d+)/.exec(arg);
        if (!m) throw paramError('wait interval not numeric');
        const usec = m[1] === '-' ? 2 ** 32 - (Number(m[2]) % 2 ** 32) : Number(m[2]);
        if (usec > 999999) throw paramError('too long value for wait-interval');
        st.warnings.push('Ignoring deprecated --wait-interval option.\n');
        waitIntervalSeen = true;
        break;
      }
      case 'c': {
        st.setOption(OPT_COUNTERS);
        const pc = optarg!;
        let bc: string | null = null;
        const comma = pc.indexOf(',');
        if (comma >= 0) bc = pc.slice(comma + 1);
        if (bc === null && g.hasArg()) bc = g.argv[g.optind++];
        if (bc === null) throw paramError('-c requires packet and byte counter');
        const pv = parseCounter(pc);
        if (pv === null) throw paramError('-c packet counter not numeric');
        const bv = parseCounter(bc);
        if (bv === null) throw paramError('-c byte counter not numeric');
        p.pcnt = pv;
        p.bcnt = bv;
        break;
      }
      case '4': break;
      case '6':
        if (!popts.restore) throw new XtError('tryhelp', 2, '');
        p.warnings = warnings;
        p.ipv6Stop = true;
        return p;
      default: throw paramError(`unknown option "${g.text}"`);
    }
    st.invert = false;
  }
  p.warnings = warnings;
  if (waitIntervalSeen && !waitSeen) throw paramError('--wait-interval only makes sense with --wait\n');
  return finishParse(p, popts, g, st, st.invert, shostnetworkmask, dhostnetworkmask);
}

export function finishParse(p: ParsedCommand, popts: ParseOptions, g: Getopt, ctx: ParseCtx, invert: boolean, shostnetworkmask: string | null, dhostnetworkmask: string | null): ParsedCommand {
  const names = popts.names;
  const argv = g.argv;

  if (p.table === 'nat' && ((p.policy !== null && p.policy === 'DROP') || (p.jumpto !== null && p.jumpto === 'DROP'))) {
    throw paramError('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
  }

  for (const m of p.matches) finalCheck(m, ctx);
  if (p.target) finalCheck(p.target, ctx);

  if (g.optind < argv.length) throw paramError('unknown arguments found on commandline');
  if (!p.command) throw paramError('no command specified');
  if (invert) throw paramError('nothing appropriate following !');

  if (p.command & (CMD_REPLACE | CMD_INSERT | CMD_DELETE | CMD_APPEND | CMD_CHECK)) {
    if (!(p.options & OPT_DESTINATION)) dhostnetworkmask = '0.0.0.0/0';
    if (!(p.options & OPT_SOURCE)) shostnetworkmask = '0.0.0.0/0';
  }
  if (shostnetworkmask !== null) p.srcs = parseAddressList(shostnetworkmask, names);
  if (dhostnetworkmask !== null) p.dsts = parseAddressList(dhostnetworkmask, names);
  if ((p.srcs.length > 1 || p.dsts.length > 1) && (p.inv & (INV_SRC | INV_DST))) {
    throw paramError('! not allowed with multiple source or destination IP addresses');
  }

  if (p.command === CMD_REPLACE && (p.srcs.length !== 1 || p.dsts.length !== 1)) {
    throw paramError('Replacement rule does not specify a unique address');
  }

  genericOptCheck(p.command, p.options);

  if (p.chain !== null && p.chain.length >= 29) {
    throw paramError(`chain name \`${p.chain}' too long (must be under 29 chars)`);
  }

  if (p.command & (CMD_APPEND | CMD_DELETE | CMD_DELETE_NUM | CMD_CHECK | CMD_INSERT | CMD_REPLACE)) {
    const c = p.chain!;
    if ((c === 'PREROUTING' || c === 'INPUT') && (p.options & OPT_VIANAMEOUT)) throw paramError(`Can't use -o with ${c}\n`);
    if ((c === 'POSTROUTING' || c === 'OUTPUT') && (p.options & OPT_VIANAMEIN)) throw paramError(`Can't use -i with ${c}\n`);
  }
  return p;
}

/** options the x6 checks walk: the first one declared under each (name, id) spelling */
const CHECKED_OPTIONS = new Map<object, readonly ExtOption[]>();

function checkedOptions(ext: MatchExtension<any> | TargetExtension<any>): readonly ExtOption[] {
  let list = CHECKED_OPTIONS.get(ext);
  if (!list) {
    list = ext.options.filter((o) => ext.options.find((x) => x.id === o.id)!.name === o.name);
    CHECKED_OPTIONS.set(ext, list);
  }
  return list;
}

function finalCheck(inst: ExtInstance<any>, ctx: ParseCtx): void {
  const ext = inst.ext as MatchExtension<any> | TargetExtension<any>;
  // xtables_option_mfcall: the extension's own check first, then the generic one
  ext.final?.(inst.data, ctx, inst.seen);
  if (!ext.oldStyle) {
    for (const o of checkedOptions(ext)) {
      if (o.mand && !inst.seen.has(o.id)) throw paramError(`${ext.name}: option "--${o.name}" must be specified\n`);
      if (!inst.seen.has(o.id)) continue;
      if (o.also) {
        for (const a of o.also) {
          if (!inst.seen.has(a)) {
            const an = ext.options.find((x) => x.id === a)!.name;
            throw paramError(`${ext.name}: option "--${o.name}" also requires "--${an}".\n`);
          }
        }
      }
      if (o.excl) {
        for (const x of o.excl) {
          if (x !== o.id && inst.seen.has(x)) {
            const xn = ext.options.find((y) => y.id === x)!.name;
            throw paramError(`${ext.name}: option "--${o.name}" cannot be used together with "--${xn}".\n`);
          }
        }
      }
    }
  }
}

/** genericOptCheck's verdict per (command, options): null or the message */
const OPT_CHECKS = new Map<number, string | null>();

function genericOptCheck(command: number, options: number): void {
  const key = command * 0x10000 + options;
  let msg = OPT_CHECKS.get(key);
  if (msg === undefined) {
    msg = illegalOption(command, options);
    if (OPT_CHECKS.size < 4096) OPT_CHECKS.set(key, msg);
  }
  if (msg !== null) throw paramError(msg);
}

function illegalOption(command: number, options: number): string | null {
  for (let i = 0; i < OPT_FLAGS.length; i++) {
    let legal = 0;
    for (let j = 0; j < COMMANDS_V_OPTIONS.length; j++) {
      if (!(command & (1 << j))) continue;
      if (options & (1 << i)) {
        if (COMMANDS_V_OPTIONS[j][i] !== 'x') legal = 1;
        else if (legal === 0) legal = -1;
      }
    }
    if (legal === -1) return `Illegal option \`-${OPT_FLAGS[i]}' with this command`;
  }
  return null;
}

export function parseInterface(arg: string, warnings: string[]): string {
  if (arg.length + 1 > 16) throw paramError(`interface name \`${arg}' must be shorter than IFNAMSIZ (15)`);
  // xtables_parse_interface prints this at once (stderr), so it precedes any later error
  if (arg.includes('/') || arg.includes(' ')) warnings.push(`Warning: weird character in interface \`${arg}' ('/' and ' ' are not allowed by the kernel).\n`);
  return arg;
}

/** argv[optind - 1] after an option with an argument: the argument, or the whole word it is glued into */
function argWord(g: Getopt): string {
  return g.attached ? g.text : g.optarg!;
}

/** find_proto: the match that implements the -p protocol (tcp, udp, icmp), if any */
/**
 * load_proto's find_proto: a -p number is named through /etc/protocols, unless -n came before
 * (nolookup): then only xtables_chain_protos names it (sctp yes, dccp not)
 */
function findProtoMatch(protoText: string, names: NameDb, numeric: boolean): MatchExtension<any> | null {
  let name = protoText;
  const n = strtoui(protoText, 0, 255);
  if (n !== null) {
    const pn = n === 0 ? null : numeric ? chainProtoName(n) : protoName(n, names);
    if (!pn) return null;
    name = pn;
  }
  if (name === 'all') return null;
  return findMatch(name);
}
