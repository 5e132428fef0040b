// Which word of a rule line does what, learned from the engine's own parser rather than a
// second grammar: parse ever longer prefixes of the line and watch the parser's state. A
// prefix that fails ends inside an option (its argument is missing, or a lone '!'); the
// next prefix that parses closes one "unit" (`! -d 127.0.0.1/32`, `--to-ports 15006`), and
// the state that changed across it says whose option it was.

import { parseCommand, type ParsedCommand } from '../engine/cmdline.ts';
import { splitRestoreLine } from '../engine/restore.ts';
import { defaultNameDb, type NameDb } from '../engine/names/namedb.ts';
import { VERDICTS } from '../engine/extensions/registry.ts';
import { isXtError, type Flavor } from '../engine/errors.ts';

export type TokenRole =
  /** -A -I -N -P ... */
  | 'command'
  /** the chain a command works on */
  | 'chain'
  /** the policy of -P */
  | 'policy'
  | 'negation'
  /** a base option (-p -s -d -i -o -f) or an extension's option (--dport, --uid-owner, --to-ports) */
  | 'option'
  /** -m / --match */
  | 'match'
  /** the name after -m */
  | 'match-name'
  /** -j / -g */
  | 'jump'
  /** the name after -j / -g */
  | 'target'
  /** an option's argument */
  | 'value'
  /** a word the parser did not accept */
  | 'unknown';

export interface RuleToken {
  text: string;
  index: number;
  role: TokenRole;
  /** the option this word is or belongs to, as written ('-d', '--uid-owner', '-m', '-j') */
  option?: string;
  /** the extension that owns the option ('owner', 'tcp', 'REDIRECT') */
  ext?: string;
  /** for '!': the index of the option it negates */
  negates?: number;
  /** for an option or its value: negated by a '!' */
  negated?: boolean;
  /** for a -j/-g target: what kind of target it is */
  targetKind?: 'verdict' | 'extension' | 'chain';
}

interface Snapshot {
  command: number;
  chain: string | null;
  policy: string | null;
  options: number;
  inv: number;
  matches: Array<{ name: string; seen: number }>;
  target: { name: string; seen: number } | null;
  jumpto: string | null;
}

function snap(p: ParsedCommand): Snapshot {
  return {
    command: p.command,
    chain: p.chain,
    policy: p.policy,
    options: p.options,
    inv: p.inv,
    matches: p.matches.map((m) => ({ name: m.ext.name, seen: m.seen.size })),
    target: p.target ? { name: p.target.ext.name, seen: p.target.seen.size } : null,
    jumpto: p.jumpto,
  };
}

const EMPTY: Snapshot = { command: 0, chain: null, policy: null, options: 0, inv: 0, matches: [], target: null, jumpto: null };

export interface TokenizeOptions {
  table?: string;
  flavor?: Flavor;
  names?: NameDb;
}

/* A prefix that stops inside an option: its argument (or the option after a '!') is missing. */
const MID_OPTION = /requires an argument|nothing appropriate following|requires a chain and a policy|requires old-chain-name|requires a rule number|requires packet and byte counter/;

/**
 * The parser's state after `words`; 'mid' when the prefix ends inside an option; 'final' when
 * every word was consumed but an extension's final check refused it (`-j CONNMARK` with no
 * operation yet, `-m mark` with no --mark): a unit ends there, the state is known only later.
 */
function tryParse(words: readonly string[], o: Required<TokenizeOptions>): Snapshot | 'mid' | 'final' {
  try {
    return snap(parseCommand(words, { flavor: o.flavor, names: o.names, table: o.table }));
  } catch (e) {
    return MID_OPTION.test(isXtError(e) ? e.msg : '') ? 'mid' : 'final';
  }
}

/** Words of a rule line as iptables-restore splits them (quotes group, e.g. --comment "a b"). */
export function splitRule(line: string): string[] {
  return splitRestoreLine(line.trim());
}

/** One role per word of an `iptables -S` / iptables-save rule line (without the program name). */
export function tokenizeRule(line: string, opts: TokenizeOptions = {}): RuleToken[] {
  const o: Required<TokenizeOptions> = { table: opts.table ?? 'nat', flavor: opts.flavor ?? 'nft', names: opts.names ?? defaultNameDb() };
  const words = splitRule(line);
  const out: RuleToken[] = [];
  let before = EMPTY;
  let i = 0;
  while (i < words.length) {
    let after: Snapshot | null = null;
    const cuts: number[] = [];
    let j = i + 1;
    for (; j <= words.length; j++) {
      const r = tryParse(words.slice(0, j), o);
      if (r === 'mid') continue;
      if (r === 'final') {
        // a trailing '!' is waiting for its option: the extension's check just ran first
        if (words[j - 1] !== '!') cuts.push(j);
        continue;
      }
      after = r;
      break;
    }
    if (!after) {
      for (let k = i; k < words.length; k++) out.push({ text: words[k], index: k, role: 'unknown' });
      break;
    }
    if (cuts.length === 0) {
      out.push(...classifyUnit(words, i, j, before, after));
    } else {
      // An extension that needs an option: its -m/-j unit, then its options. The state after
      // them all says which extension it was; the options' units see it already loaded.
      const bounds = [i, ...cuts, j];
      const loaded = withExtLoaded(before, after);
      for (let k = 0; k + 1 < bounds.length; k++) {
        out.push(...classifyUnit(words, bounds[k], bounds[k + 1], k === 0 ? before : loaded, k === 0 ? loaded : after));
      }
    }
    before = after;
    i = j;
  }
  return out;
}

/** `before` with the extension `after` added (a new match, or a new target) but none of its options seen. */
function withExtLoaded(before: Snapshot, after: Snapshot): Snapshot {
  if (after.matches.length > before.matches.length) {
    const added = after.matches.slice(before.matches.length).map((m) => ({ name: m.name, seen: 0 }));
    return { ...before, matches: [...before.matches, ...added] };
  }
  if (after.jumpto !== before.jumpto) {
    return { ...before, jumpto: after.jumpto, target: after.target ? { name: after.target.name, seen: 0 } : null };
  }
  return before;
}

function classifyUnit(words: readonly string[], start: number, end: number, before: Snapshot, after: Snapshot): RuleToken[] {
  const toks: RuleToken[] = [];
  let k = start;
  let neg: RuleToken | null = null;
  if (words[k] === '!' && end - start > 1) {
    neg = { text: '!', index: k, role: 'negation' };
    toks.push(neg);
    k++;
  }
  const optIdx = k;
  const opt = words[optIdx];
  const values = words.slice(optIdx + 1, end);
  const head: RuleToken = { text: opt, index: optIdx, role: 'option', option: opt };
  toks.push(head);
  const vals: RuleToken[] = values.map((v, n) => ({ text: v, index: optIdx + 1 + n, role: 'value', option: opt }));
  toks.push(...vals);
  if (neg) {
    neg.negates = optIdx;
    neg.option = opt;
    head.negated = true;
    for (const v of vals) v.negated = true;
  }

  if (after.command !== before.command) {
    head.role = 'command';
    for (const v of vals) v.role = v.text === after.policy && v !== vals[0] ? 'policy' : 'chain';
    return toks;
  }
  // an extension option: the instance whose seen-set grew (a match, or the target)
  if (after.target && before.target && after.target.name === before.target.name && after.target.seen > before.target.seen) {
    head.ext = after.target.name;
    for (const v of vals) v.ext = after.target.name;
    return toks;
  }
  const grown = after.matches.findIndex((m, n) => m.seen > (before.matches[n]?.seen ?? 0));
  if (grown >= 0) {
    const ext = after.matches[grown].name;
    head.ext = ext;
    for (const v of vals) v.ext = ext;
    return toks;
  }
  if (after.matches.length > before.matches.length) {
    head.role = 'match';
    for (const v of vals) {
      v.role = 'match-name';
      v.ext = after.matches[after.matches.length - 1].name;
    }
    return toks;
  }
  if (after.jumpto !== before.jumpto) {
    head.role = 'jump';
    const name = after.jumpto ?? '';
    const kind: RuleToken['targetKind'] = after.target
      ? 'extension'
      : (VERDICTS as readonly string[]).includes(name)
        ? 'verdict'
        : 'chain';
    for (const v of vals) {
      v.role = 'target';
      v.targetKind = kind;
      if (after.target) v.ext = after.target.name;
    }
    return toks;
  }
  return toks;
}
