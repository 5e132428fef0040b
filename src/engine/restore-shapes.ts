// iptables-nft-restore's plain -A lines, by shape. A generated rule set (kube-proxy's
// 50,000 nat rules, Istio's chains) is a few line shapes repeated with other values:
//
//   -A KUBE-SEP-X -s 10.1.2.3/32 -m comment --comment "ns/svc" -j KUBE-MARK-MASQ
//
// The first line of a shape goes through the parse shortcut (cmdline-fast.ts), which
// notes the role of each word. A later line with the same words at every position but
// the values (the chain, -s/-d, a jump to a chain, an extension option's argument) is
// then the same walk through the parser: every option word, extension and check that
// depends only on those words went the same way, so only what depends on the values is
// run again, in the same order: the extensions' init, parse and final on the new
// arguments, the addresses, the jump's name, the chain's own checks. Whatever could
// differ (an error, a warning, a value that is no plain word, a jump that names a target
// extension) sends the line back to the shortcut or the general parser, which report it.

import { CMD_APPEND, emptyCommand, Getopt, OPT_VIANAMEIN, OPT_VIANAMEOUT, ParseState, parseTargetName, type ExtInstance, type ParsedCommand, type ParseOptions, type SeenOptions } from './cmdline.ts';
import { WORD_CHAIN, WORD_DESTINATION, WORD_EXT_ARG, WORD_FIXED, WORD_JUMP, WORD_SOURCE, type OptionStep, type WalkRecord } from './cmdline-fast.ts';
import { parseAddressList, prefixToMask, type AddrMask } from './ipv4.ts';
import { findTarget, isKnownUnmodeledTarget } from './extensions/registry.ts';
import type { MatchExtension, TargetExtension } from './extensions/types.ts';
import type { PendingAppends } from './restore-append.ts';
import { restoreShortcuts } from './restore-switch.ts';

/** words a line may have for the shapes (more: the parser's way) */
const MAX_WORDS = 64;
/** shapes one table's lines may teach, and shapes per lookup key */
const MAX_SHAPES = 512;
const MAX_PER_KEY = 8;

interface Shape {
  /** the first line's words (compared at the WORD_FIXED positions) */
  words: readonly string[];
  roles: Uint8Array;
  /** index into insts of the target extension's, or -1 */
  targetAt: number;
  /**
   * the extensions' instances in the order the line loaded them, each with the options
   * it was given (the same for every line of the shape) and fresh data for each line
   * (instantiate), and the matches among them
   */
  insts: Array<ExtInstance<any>>;
  matches: Array<ExtInstance<MatchExtension<any>>>;
  steps: readonly OptionStep[];
  /** the parsed first line: its values where no word of the line is a value */
  first: ParsedCommand;
  srcs: AddrMask[];
  dsts: AddrMask[];
  /**
   * per instance: whether its data may be shared with the shape's next line when that
   * line gives it the same arguments (an extension whose data nothing changes once parsed,
   * given no `!`), and the arguments' words; then the last line's data, and where its
   * words lay in the input (-1: no line yet)
   */
  shareable: boolean[];
  argWords: number[][];
  lastData: unknown[];
  lastStarts: Int32Array;
  lastEnds: Int32Array;
}

/**
 * Extensions whose parsed data no one changes afterwards (no packet state such as
 * statistic's nth counter or limit's bucket, nothing nft-native.ts rewrites without
 * copying once `!` is ruled out): rules may share it. A kube-proxy dump gives tcp the
 * same `--dport 80` or nothing 20,000 times, and each service's three endpoints one comment.
 */
const SHARED_DATA = new Set(['tcp', 'udp', 'comment']);

/** the command the general walk could not make, or a line unlike the shape: try the next way */
const MISS = -1;

/** a Getopt with no words: the extensions of a shape never look past their argument */
const NO_WORDS = new Getopt([]);

/**
 * The chain names one table's lines use, one string each. A rule line's chain and jump
 * are looked up here by their characters in the input rather than cut out of it (two
 * strings per line that lived until COMMIT), and the table's chain map then meets the
 * very string it holds (a `:CHAIN` line's), whose hash it already knows.
 */
class ChainNames {
  private keys: Array<string | undefined> = new Array<string | undefined>(1024).fill(undefined);
  private hashes = new Int32Array(1024);
  /**
   * where each key's text lies in `source` (-1: elsewhere). The keys are slices of the
   * input, and reading a slice's characters goes through its parent each time: comparing
   * the input with itself at two offsets was a third of a 50,000-line restore's lookups.
   */
  private offsets = new Int32Array(1024);
  private source = '';
  private count = 0;

  /** a name, and where it lies in `text` if it is text.slice(at, at + name.length) */
  add(name: string, text = '', at = -1): void {
    if (at >= 0 && text !== this.source) this.rebase(text);
    this.put(name, hashOf(name, 0, name.length), at);
  }

  /** where the last find's answer lies in the input, and the answer (-1: none yet) */
  private lastAt = -1;
  private lastLen = 0;
  private lastName = '';
  private lastSlot = 0;
  /** per slot: what the name is after -j (0: not asked yet, or a JUMP_* value) */
  private targetness = new Uint8Array(1024);

  /** text.slice(a, b), as the string this table already has for it if any */
  find(text: string, a: number, b: number): string {
    if (text !== this.source) this.rebase(text);
    // consecutive lines of a dump mostly name the previous line's chain again: compared
    // from the end, where generated names (KUBE-SEP-<hash>) differ, a miss costs a read
    const n = b - a;
    const o = this.lastAt;
    if (o >= 0 && n === this.lastLen) {
      let j = n - 1;
      while (j >= 0 && text.charCodeAt(o + j) === text.charCodeAt(a + j)) j--;
      if (j < 0) return this.lastName;
    }
    const name = this.lookup(text, a, b);
    this.lastAt = a;
    this.lastLen = n;
    this.lastName = name;
    return name;
  }

  /** what the last name find gave is after -j: asked once per name, not once per line */
  lastJumpKind(): number {
    const slot = this.lastSlot;
    let t = this.targetness[slot];
    if (t === 0) {
      const name = this.lastName;
      let ok = true;
      try {
        parseTargetName(name);
      } catch {
        ok = false;
      }
      t = !ok ? JUMP_BAD : findTarget(name) !== null || isKnownUnmodeledTarget(name) ? JUMP_TARGET : JUMP_CHAIN;
      this.targetness[slot] = t;
    }
    return t;
  }

  private lookup(text: string, a: number, b: number): string {
    const h = hashOf(text, a, b);
    const keys = this.keys;
    const mask = keys.length - 1;
    const n = b - a;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === undefined) break;
      if (this.hashes[i] !== h || k.length !== n) continue;
      const o = this.offsets[i];
      let j = 0;
      if (o >= 0) while (j < n && text.charCodeAt(o + j) === text.charCodeAt(a + j)) j++;
      else while (j < n && k.charCodeAt(j) === text.charCodeAt(a + j)) j++;
      if (j === n) {
        this.lastSlot = i;
        return k;
      }
    }
    const name = text.slice(a, b);
    this.lastSlot = this.put(name, h, a);
    return name;
  }

  /** offsets into another input mean nothing: forget them */
  private rebase(text: string): void {
    this.source = text;
    this.offsets.fill(-1);
    this.lastAt = -1;
  }

  /** the name's slot (its own if it was there) */
  private put(name: string, h: number, at: number): number {
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = h & mask;
    while (keys[i] !== undefined) {
      if (keys[i] === name) return i;
      i = (i + 1) & mask;
    }
    keys[i] = name;
    this.hashes[i] = h;
    this.offsets[i] = at;
    this.targetness[i] = 0;
    this.count++;
    return i;
  }

  private grow(): void {
    const keys = this.keys;
    const hashes = this.hashes;
    const offsets = this.offsets;
    this.keys = new Array<string | undefined>(keys.length * 2).fill(undefined);
    this.hashes = new Int32Array(keys.length * 2);
    this.offsets = new Int32Array(keys.length * 2);
    // (asked again after a move: the slots change)
    this.targetness = new Uint8Array(keys.length * 2);
    this.count = 0;
    this.lastAt = -1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== undefined) this.put(k, hashes[i], offsets[i]);
    }
  }
}

/** a -j name: a chain's (or a verdict's), a target extension's, or one xt_parse_target refuses */
const JUMP_CHAIN = 1;
const JUMP_TARGET = 2;
const JUMP_BAD = 3;

function hashOf(text: string, a: number, b: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = a; i < b; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h & 0x7fffffff;
}

/**
 * The shapes of one table's lines (a restore makes one per table: shapes keep their first
 * line's words, slices of the input).
 */
class RestoreShapes {
  private readonly byKey = new Map<number, Shape[]>();
  private count = 0;
  private readonly starts = new Int32Array(MAX_WORDS);
  private readonly ends = new Int32Array(MAX_WORDS);
  /** the input being read, whether it has neither tabs nor backslashes, and where its next `"` is (-2: none) */
  private input = '';
  private spacesOnly = false;
  private nextQuote = -1;
  private scratch: Scratch | null = null;
  /** the chain names the table's lines have used (restore.ts adds each `:CHAIN` line's) */
  readonly names = new ChainNames();

  /** where takeLines stopped: the start of the first line it did not take */
  stop = 0;

  /**
   * The rule lines of known shapes from `pos` on, up to the first line that is none: each
   * one's index in `into` goes to `pending`. Returns how many lines it took (a loop of its
   * own: the restore's line loop is one big function the JIT compiles as a whole).
   */
  takeLines(input: string, pos: number, popts: ParseOptions, into: PendingAppends, pending: Array<unknown>, lineNo: number): number {
    const len = input.length;
    let n = 0;
    while (pos < len && input.charCodeAt(pos) === 45) {
      const nl = input.indexOf('\n', pos);
      const end = nl < 0 ? len : nl;
      const at = this.match(input, popts, into, lineNo + n + 1, pos, end);
      if (at < 0) break;
      pending.push(at);
      n++;
      pos = end + 1;
    }
    this.stop = pos;
    return n;
  }

  /**
   * The line input[start, end) prepared into `into` (its index there) if it has a known
   * shape, else MISS (then call prepare). The whole input and offsets, not the line's
   * slice: reading characters through a slice costs an indirection each.
   */
  match(input: string, popts: ParseOptions, into: PendingAppends, lineNo: number, start: number, end: number): number {
    if (this.count === 0 || !restoreShortcuts.enabled) return MISS;
    if (input !== this.input) {
      this.input = input;
      this.spacesOnly = input.indexOf('\t') < 0 && input.indexOf('\\') < 0;
      this.nextQuote = -1;
    }
    const n = this.spacesOnly ? this.spaceBounds(input, start, end) : wordBounds(input, start, end, this.starts, this.ends);
    if (n < 2) return MISS;
    const shapes = this.byKey.get(keyOfBounds(input, this.starts, this.ends, n));
    if (shapes === undefined) return MISS;
    for (let i = 0; i < shapes.length; i++) {
      const s = shapes[i];
      if (s.words.length !== n || !sameFixedWords(s, input, this.starts, this.ends)) continue;
      // the line is this shape's walk: its own values decide the rest (or the general way)
      let at: number;
      try {
        const x = this.scratch !== null && this.scratch.popts === popts ? this.scratch : (this.scratch = scratchFor(popts));
        at = instantiate(s, input, this.starts, this.ends, x, this.names, into, lineNo, start, end);
      } catch {
        return MISS;
      }
      // (a miss: the values took another way, such as a jump to a target extension)
      if (at !== MISS) return at;
    }
    return MISS;
  }

  /**
   * PendingAppends.prepare, learning the line's shape when the shortcut takes it. `learn`: the
   * words are the line's own (no counters put before them).
   */
  prepare(args: readonly string[], popts: ParseOptions, into: PendingAppends, lineNo: number, start: number, end: number, learn: boolean): number {
    if (!restoreShortcuts.enabled) return MISS;
    const n = args.length;
    const rec: WalkRecord | undefined = learn && n <= MAX_WORDS && this.count < MAX_SHAPES ? { roles: new Array<number>(n).fill(WORD_FIXED), exts: [], steps: [], peeked: false } : undefined;
    const at = into.prepare(args, popts, lineNo, start, end, rec);
    if (at !== MISS && rec !== undefined && !rec.peeked) this.learn(args, rec, into.parsed!);
    return at;
  }

  /**
   * wordBounds for an input without tabs or backslashes, by indexOf (a fast search for
   * one character) rather than a look at every character: words end at a space, and
   * only a word that starts with `"` may hold one.
   */
  private spaceBounds(line: string, from: number, len: number): number {
    const starts = this.starts;
    const ends = this.ends;
    let n = 0;
    let i = from;
    while (i < len) {
      if (line.charCodeAt(i) === 32) {
        i++;
        continue;
      }
      if (n === MAX_WORDS) return -1;
      let q = this.nextQuote;
      if (q !== -2 && q < i) {
        q = line.indexOf('"', i);
        this.nextQuote = q = q < 0 ? -2 : q;
      }
      if (q === i) {
        // one whole quoted run, followed by a space or the line's end
        const j = line.indexOf('"', i + 1);
        if (j < 0 || j >= len) return -1;
        i = j + 1;
        if (i < len && line.charCodeAt(i) !== 32) return -1;
        starts[n] = q + 1;
        ends[n++] = j;
        continue;
      }
      let e = line.indexOf(' ', i);
      if (e < 0 || e > len) e = len;
      // a quote inside a plain run: splitWords' other cases
      if (q >= 0 && q < e) return -1;
      starts[n] = i;
      ends[n++] = e;
      i = e;
    }
    return n;
  }

  private learn(words: readonly string[], rec: WalkRecord, p: ParsedCommand): void {
    const key = keyOfWords(words);
    let list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, (list = []));
    if (list.length >= MAX_PER_KEY) return;
    const targetAt = p.target === null ? -1 : rec.exts.indexOf(p.target.ext);
    const seen: SeenOptions[] = [];
    let m = 0;
    for (let i = 0; i < rec.exts.length; i++) seen.push(i === targetAt ? p.target!.seen : p.matches[m++].seen);
    const insts: Array<ExtInstance<any>> = rec.exts.map((ext, i) => ({ ext, data: null, seen: seen[i], completed: false }));
    const matches = insts.filter((_x, i) => i !== targetAt) as Array<ExtInstance<MatchExtension<any>>>;
    const argWords = insts.map((_x, i) => rec.steps.filter((st) => st.inst === i && st.word >= 0).map((st) => st.word));
    const shareable = insts.map((x, i) => SHARED_DATA.has(x.ext.name) && !rec.steps.some((st) => st.inst === i && st.invert));
    list.push({
      words: words.slice(), roles: Uint8Array.from(rec.roles), targetAt, insts, matches, steps: rec.steps, first: p, srcs: p.srcs, dsts: p.dsts,
      shareable, argWords, lastData: insts.map(() => null), lastStarts: new Int32Array(words.length).fill(-1), lastEnds: new Int32Array(words.length).fill(-1),
    });
    this.count++;
  }
}

/**
 * Where the words of a restore line are, as splitWords would split it, for lines whose
 * words are plain runs or one whole double-quoted run without backslashes; -1 for any
 * other line (or one of more than MAX_WORDS words).
 */
function wordBounds(line: string, from: number, len: number, starts: Int32Array, ends: Int32Array): number {
  let n = 0;
  let i = from;
  while (i < len) {
    let c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10) {
      i++;
      continue;
    }
    if (n === MAX_WORDS) return -1;
    if (c === 34) {
      const from = i + 1;
      let j = from;
      while (j < len) {
        c = line.charCodeAt(j);
        if (c === 34) break;
        if (c === 92) return -1;
        j++;
      }
      // unterminated, or text glued after the closing quote: splitWords' other cases
      if (j >= len) return -1;
      const after = j + 1 < len ? line.charCodeAt(j + 1) : 32;
      if (after !== 32 && after !== 9 && after !== 10) return -1;
      starts[n] = from;
      ends[n++] = j;
      i = j + 1;
      continue;
    }
    const from = i;
    while (i < len) {
      c = line.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10) break;
      if (c === 34) return -1;
      i++;
    }
    starts[n] = from;
    ends[n++] = i;
  }
  return n;
}

/*
 * The lookup key: the word count, and the length and first two characters of each word
 * that looks like an option and of the name after -m or -p. Only a hint (the lines of a
 * key are compared word by word), the same for a line's bounds and its words, and cheap:
 * it reads two characters of a few words, not the words.
 */
function mix(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

function keyOfBounds(line: string, starts: Int32Array, ends: Int32Array, n: number): number {
  let h = n;
  let named = false;
  for (let k = 0; k < n; k++) {
    const a = starts[k];
    const len = ends[k] - a;
    const first = len > 0 ? line.charCodeAt(a) : 0;
    const second = len > 1 ? line.charCodeAt(a + 1) : 0;
    if (first === 45 || named) h = mix(mix(mix(h, len), first), second);
    named = len === 2 && first === 45 && (second === 109 || second === 112);
  }
  return h;
}

function keyOfWords(words: readonly string[]): number {
  let h = words.length;
  let named = false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const len = w.length;
    const first = len > 0 ? w.charCodeAt(0) : 0;
    const second = len > 1 ? w.charCodeAt(1) : 0;
    if (first === 45 || named) h = mix(mix(mix(h, len), first), second);
    named = len === 2 && first === 45 && (second === 109 || second === 112);
  }
  return h;
}

function sameFixedWords(s: Shape, line: string, starts: Int32Array, ends: Int32Array): boolean {
  const roles = s.roles;
  const words = s.words;
  for (let k = 0; k < words.length; k++) {
    const a = starts[k];
    if (ends[k] - a >= 1024) return false;
    if (roles[k] !== WORD_FIXED) continue;
    const w = words[k];
    const wl = w.length;
    if (ends[k] - a !== wl) return false;
    for (let i = 0; i < wl; i++) if (line.charCodeAt(a + i) !== w.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * What instantiate writes into and forgets at the next line: the command, its parse
 * context and the values. One per table (its parse options): at 50,000 lines, objects
 * made and dropped per line outnumbered the rule's own, and the young generation's GC
 * then copies the rules instead of promoting its pages whole.
 */
interface Scratch {
  popts: ParseOptions;
  p: ParsedCommand;
  st: ParseState;
  warnings: string[];
  values: string[];
  /** per instance of the line: the data taken from the shape's last line, or null */
  reuse: unknown[];
  /** a plain -s / -d address of the line (ruleOf copies the numbers: never kept) */
  src: AddrMask[];
  dst: AddrMask[];
}

function scratchFor(popts: ParseOptions): Scratch {
  const p = emptyCommand(popts);
  const warnings: string[] = [];
  return { popts, p, st: new ParseState(p, NO_WORDS, popts, warnings), warnings, values: [], reuse: [], src: [{ addr: 0, mask: 0 }], dst: [{ addr: 0, mask: 0 }] };
}

/** whether instance i's arguments on this line are, character for character, those of the shape's last line */
function sameArgs(s: Shape, i: number, line: string, starts: Int32Array, ends: Int32Array): boolean {
  if (s.lastData[i] === null) return false;
  const ws = s.argWords[i];
  for (let j = 0; j < ws.length; j++) {
    const w = ws[j];
    const a = starts[w];
    const n = ends[w] - a;
    const o = s.lastStarts[w];
    if (o < 0 || s.lastEnds[w] - o !== n) return false;
    // (from the end: generated arguments differ there)
    for (let k = n - 1; k >= 0; k--) if (line.charCodeAt(o + k) !== line.charCodeAt(a + k)) return false;
  }
  return true;
}

/** the shape's walk on this line's values; throws (or returns MISS) where the general way must look */
function instantiate(s: Shape, line: string, starts: Int32Array, ends: Int32Array, x: Scratch, names: ChainNames, into: PendingAppends, lineNo: number, start: number, end: number): number {
  const first = s.first;
  const roles = s.roles;
  const words = s.words;
  // the values: every word but the fixed ones, as splitWords would give them
  const values = x.values;
  let chain: string | null = null;
  // (the words of -s and -d, or -1)
  let src = -1;
  let dst = -1;
  let jump: string | null = null;
  let jumpKind = 0;
  for (let k = 0; k < words.length; k++) {
    const role = roles[k];
    if (role === WORD_FIXED) continue;
    if (role === WORD_CHAIN || role === WORD_JUMP) {
      const name = names.find(line, starts[k], ends[k]);
      if (role === WORD_CHAIN) chain = name;
      else {
        jump = name;
        jumpKind = names.lastJumpKind();
      }
      continue;
    }
    // (an extension's arguments are cut out only if its data is made anew: below)
    if (role === WORD_EXT_ARG) continue;
    if (role === WORD_SOURCE) src = k;
    else if (role === WORD_DESTINATION) dst = k;
  }
  let jumpto = first.jumpto;
  if (jump !== null) {
    // (parseTargetName's refusal: the general way reports it)
    if (jumpKind === JUMP_BAD) return MISS;
    jumpto = jump;
    // the walk loaded a target extension for such a name: another shape
    if (!first.goto && jumpKind === JUMP_TARGET) return MISS;
  }
  const p = x.p;
  p.command = CMD_APPEND;
  p.chain = chain;
  p.goto = first.goto;
  p.jumpto = null;
  const insts = s.insts;
  // the data each instance takes from the shape's last line (null: made anew), and the
  // arguments the others are given
  const reuse = x.reuse;
  for (let i = 0; i < insts.length; i++) {
    const again = s.shareable[i] && sameArgs(s, i, line, starts, ends) ? s.lastData[i] : null;
    reuse[i] = again;
    if (again === null) {
      const ws = s.argWords[i];
      for (let j = 0; j < ws.length; j++) values[ws[j]] = line.slice(starts[ws[j]], ends[ws[j]]);
    }
    insts[i].data = again ?? insts[i].ext.init();
  }
  p.matches = s.matches;
  p.target = s.targetAt >= 0 ? (insts[s.targetAt] as ExtInstance<TargetExtension<any>>) : null;
  const st = x.st;
  const warnings = x.warnings;
  if (warnings.length !== 0) warnings.length = 0;
  const steps = s.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    // what the option saw of the command when the walk ran it
    p.proto = step.proto;
    p.protoText = step.protoText;
    p.inv = step.inv;
    st.invert = step.invert;
    if (reuse[step.inst] !== null) continue;
    const inst = insts[step.inst];
    inst.ext.parse(step.opt.id, step.word >= 0 ? values[step.word] : null, step.invert, inst.data, st);
  }
  st.invert = false;
  p.options = first.options;
  p.proto = first.proto;
  p.protoText = first.protoText;
  p.inv = first.inv;
  p.frag = first.frag;
  p.iniface = first.iniface;
  p.outiface = first.outiface;
  p.jumpto = jumpto;
  // finishParse, for what the values decide
  if (p.table === 'nat' && jumpto === 'DROP') return MISS;
  for (let i = 0; i < insts.length; i++) {
    const inst = insts[i];
    if (reuse[i] === null) inst.ext.final?.(inst.data, st, inst.seen);
  }
  // (a note on stderr is printed by the general way, as the line is read)
  if (warnings.length > 0) return MISS;
  for (let i = 0; i < insts.length; i++) {
    if (!s.shareable[i] || reuse[i] !== null) continue;
    // this line's data and arguments, for the next line of the shape
    s.lastData[i] = insts[i].data;
    const ws = s.argWords[i];
    for (let j = 0; j < ws.length; j++) {
      s.lastStarts[ws[j]] = starts[ws[j]];
      s.lastEnds[ws[j]] = ends[ws[j]];
    }
  }
  p.srcs = src < 0 ? s.srcs : parseSimpleAddress(line, starts[src], ends[src], x.src[0]) ? x.src : parseAddressList(line.slice(starts[src], ends[src]), x.popts.names);
  p.dsts = dst < 0 ? s.dsts : parseSimpleAddress(line, starts[dst], ends[dst], x.dst[0]) ? x.dst : parseAddressList(line.slice(starts[dst], ends[dst]), x.popts.names);
  if (p.srcs.length !== 1 || p.dsts.length !== 1) return MISS;
  const c = chain!;
  if (c.length >= 29) return MISS;
  if ((c === 'PREROUTING' || c === 'INPUT') && (p.options & OPT_VIANAMEOUT)) return MISS;
  if ((c === 'POSTROUTING' || c === 'OUTPUT') && (p.options & OPT_VIANAMEIN)) return MISS;
  return into.add(p, lineNo, start, end);
}

/**
 * ipv4.ts parseAddressList for text[a, b) when it is one plain address with an optional plain
 * prefix ("10.1.2.3", "10.1.2.3/32"; the parts and the prefix in decimal without leading
 * zeros), written into `out` without cutting the text out or allocating; false for any
 * other spelling (parseAddressList then decides). A restore of 20,000 such addresses made
 * two objects and two strings for each.
 */
export function parseSimpleAddress(text: string, a: number, b: number, out: AddrMask): boolean {
  let addr = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  let i = a;
  for (; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 47) break;
    if (c === 46) {
      if (digits === 0 || dots === 3) return false;
      addr = addr * 256 + part;
      part = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (c < 48 || c > 57 || (digits > 0 && part === 0)) return false;
    part = part * 10 + (c - 48);
    digits++;
    if (part > 255) return false;
  }
  if (dots !== 3 || digits === 0) return false;
  addr = addr * 256 + part;
  let mask = 0xffffffff;
  if (i < b) {
    // "/N": one or two digits, no leading zero (strtoul would read "/032" as octal)
    const n = b - i - 1;
    const d0 = n >= 1 ? text.charCodeAt(i + 1) - 48 : -1;
    const d1 = n === 2 ? text.charCodeAt(i + 2) - 48 : 0;
    if (n < 1 || n > 2 || d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || (n === 2 && d0 === 0)) return false;
    const bits = n === 2 ? d0 * 10 + d1 : d0;
    if (bits > 32) return false;
    mask = prefixToMask(bits);
  }
  out.addr = (addr & mask) >>> 0;
  out.mask = mask;
  return true;
}

/**
 * A table's shape reader. A module of its own that the terminal's worker loads only for a
 * command that names iptables-restore (components/terminal/lazy-packs.ts): restore.ts
 * reads without it when it is not loaded, to the same result.
 */
export function newRestoreShapes(): RestoreShapes {
  return new RestoreShapes();
}

export type { RestoreShapes };
