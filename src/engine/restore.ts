// iptables-restore: *table / :CHAIN POLICY [p:b] / rule lines / COMMIT, with
// --counters, --noflush, --test and --table, and the errors real 1.8.9 prints.

import { E_BADRULE, E_NOCHAIN, formatError, isXtError, kernelError, paramError, versionString, XtError, type Flavor } from './errors.ts';
import { Firewall, Table, type Chain, type Rule } from './model.ts';
import { defaultNameDb, type NameDb } from './names/namedb.ts';
import { errorCode, execute, parseExec, runParsed, zeroPolicyCountersOnCommit, type CommandResult, type EngineEnv, type ExecOptions, type NftRestoreState } from './iptables.ts';
import { ruleAccepted, validateTable } from './validate.ts';
import { newPendingAppends } from './restore-append.ts';
import { restoreShortcuts } from './restore-switch.ts';
import { newRestoreShapes } from './restore-shapes.ts';
import { CMD_CHECK, CMD_DELETE, CMD_LIST, CMD_LIST_RULES, CMD_NEW_CHAIN, CMD_RENAME_CHAIN, CMD_SET_POLICY, CMD_ZERO, CMD_ZERO_NUM, type ParseOptions } from './cmdline.ts';
import { legacyDump } from './debug-dump-legacy.ts';
import { splitWords } from './restore-words.ts';

const PROG = 'iptables-restore';

interface ChainCopy { policy: Chain['policy']; pkts: bigint; bytes: bigint; rules: Rule[]; materialized: boolean | undefined }

interface Snapshot {
  existed: boolean;
  table: Table | undefined;
  chains: Map<string, Chain>;
  copies: Map<Chain, ChainCopy>;
}

function snapshot(fw: Firewall, name: string): Snapshot {
  const t = fw.peek(name);
  const copies = new Map<Chain, ChainCopy>();
  if (!t) return { existed: false, table: undefined, chains: new Map(), copies };
  for (const c of t.chains.values()) copies.set(c, { policy: c.policy, pkts: c.pkts, bytes: c.bytes, rules: c.rules.slice(), materialized: c.materialized });
  return { existed: true, table: t, chains: new Map(t.chains), copies };
}

function rollback(fw: Firewall, name: string, snap: Snapshot): void {
  if (!snap.existed) {
    // nft aborts the whole transaction; legacy's kernel already created the table
    const seq = fw.peek(name)?.seq;
    fw.tables.delete(name);
    if (fw.flavor === 'legacy') fw.table(name).seq = seq ?? fw.nextSeq();
    return;
  }
  // (nft's restore may have dropped the table itself)
  const t = snap.table!;
  fw.tables.set(name, t);
  t.chains.clear();
  for (const [n, c] of snap.chains) {
    const copy = snap.copies.get(c)!;
    c.name = n;
    c.policy = copy.policy;
    c.pkts = copy.pkts;
    c.bytes = copy.bytes;
    c.rules = copy.rules;
    c.materialized = copy.materialized;
    t.chains.set(n, c);
  }
  t.invalidate();
}

/** the table as a snapshot saw it (a table the engine never touched is the kernel's empty one) */
function tableAsFetched(name: string, snap: Snapshot): Table {
  const t = new Table(name, 0, () => 0);
  if (!snap.existed) return t;
  for (const [n, c] of snap.chains) {
    const copy = snap.copies.get(c)!;
    const into = c.builtin ? t.chains.get(n) : t.addUserChain(n, c.seq);
    if (!into) continue;
    into.policy = copy.policy;
    into.pkts = copy.pkts;
    into.bytes = copy.bytes;
    into.rules = copy.rules;
  }
  return t;
}

/** add_param_to_argv: split a rule line; double quotes group, backslash escapes inside them */
export function splitRestoreLine(line: string): string[] {
  return splitWords(line, false);
}

/**
 * xshared.c's argv store: at most MAX_ARGC - 1 (254) entries, counting the program name,
 * `-t TABLE` and any `--set-counters P B`, and a 1024-byte buffer per word; words are
 * added left to right, so whichever limit is hit first is reported.
 */
function argvLimit(words: readonly string[], already: number): string | null {
  for (let i = 0; i < words.length; i++) {
    if (words[i].length >= 1024) return 'Parameter too long!';
    if (already + i + 1 >= 255) return 'Parser cannot handle more arguments';
  }
  return null;
}

/** text.slice(from).split(/[ \t\n]+/) without the empty pieces (one ':CHAIN' line per chain) */
function blankFields(text: string, from: number): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = from;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10) {
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10) break;
      i++;
    }
    out.push(text.slice(start, i));
  }
  return out;
}

function parseCounterPair(s: string): [bigint, bigint] | null {
  const m = /^\[(\d+):(\d+)\]$/.exec(s);
  if (!m) return null;
  return [BigInt(m[1]), BigInt(m[2])];
}

interface RestoreOpts {
  counters: boolean;
  noflush: boolean;
  test: boolean;
  verbose: boolean;
  onlyTable: string | null;
  /** the file argument, read instead of stdin */
  file: string | null;
}

function parseArgs(argv: readonly string[], flavor: Flavor): RestoreOpts | CommandResult {
  const o: RestoreOpts = { counters: false, noflush: false, test: false, verbose: false, onlyTable: null, file: null };
  const longs: Array<[string, string]> = [
    ['counters', 'c'], ['noflush', 'n'], ['test', 't'], ['verbose', 'v'], ['table', 'T'], ['version', 'V'],
    ['help', 'h'], ['wait', 'w'], ['wait-interval', 'W'], ['modprobe', 'M'], ['ipv4', '4'], ['ipv6', '6'],
  ];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let letters: string[] = [];
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      const exact = longs.find(([l]) => l === name);
      const cands = exact ? [exact] : longs.filter(([l]) => l.startsWith(name));
      if (name === '' || cands.length !== 1) return usageError(`unrecognized option '${a}'`, flavor);
      letters = [cands[0][1]];
      if (a.includes('=') && letters[0] === 'T') {
        o.onlyTable = a.slice(a.indexOf('=') + 1);
        continue;
      }
    } else if (a.startsWith('-') && a.length > 1) {
      letters = a.slice(1).split('');
    } else {
      o.file = a;
      continue;
    }
    for (let k = 0; k < letters.length; k++) {
      const l = letters[k];
      switch (l) {
        case 'c': o.counters = true; break;
        case 'n': o.noflush = true; break;
        case 't': o.test = true; break;
        case 'v': o.verbose = true; break;
        case 'T': {
          const rest = letters.slice(k + 1).join('');
          if (rest) o.onlyTable = rest;
          else if (argv[i + 1] !== undefined) o.onlyTable = argv[++i];
          else return usageError("option requires an argument -- 'T'", flavor);
          k = letters.length;
          break;
        }
        case 'M':
          if (k === letters.length - 1) i++;
          k = letters.length;
          break;
        case 'w':
        case 'W':
          // parse_wait_time / parse_wait_interval take the next word when it is no option
          if (k === letters.length - 1 && !a.includes('=') && argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) i++;
          k = letters.length;
          break;
        case '4':
          break;
        case 'V':
          return { stdout: `${PROG} ${versionString(flavor)}\n`, stderr: '', code: 0 };
        case 'h':
          // print_usage writes to stderr and exits 0
          return { stdout: '', stderr: usageText(flavor), code: 0 };
        default:
          return usageError(`invalid option -- '${l}'`, flavor);
      }
    }
  }
  return o;
}

function usageText(flavor: Flavor): string {
  const opts = ['counters ]', 'verbose ]', 'version]', 'test ]', 'help ]', 'noflush ]'];
  if (flavor === 'legacy') {
    return `Usage: ${PROG} [-c] [-v] [-V] [-t] [-h] [-n] [-w secs] [-W usecs] [-T table] [-M command] [file]\n`
      + [...opts, 'wait=<seconds>', 'table=<TABLE> ]', 'modprobe=<command> ]'].map((x) => `\t   [ --${x}\n`).join('');
  }
  return `Usage: ${PROG} [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]\n`
    + [...opts, 'table=<TABLE> ]', 'modprobe=<command> ]', 'ipv4 ]', 'ipv6 ]'].map((x) => `\t   [ --${x}\n`).join('');
}

function usageError(msg: string, flavor: Flavor): CommandResult {
  void flavor;
  return { stdout: '', stderr: `${PROG}: ${msg}\nTry \`${PROG} -h' for more information.\n`, code: 1 };
}

/** argv without a leading program name, and the name messages use (nft echoes the invoked name) */
function stripProgram(argv: readonly string[], flavor: Flavor): { args: readonly string[]; prog: string } {
  const first = argv[0];
  if (first === undefined) return { args: argv, prog: PROG };
  const base = first.slice(first.lastIndexOf('/') + 1);
  if (!/^iptables(-nft|-legacy)?-restore$/.test(base)) return { args: argv, prog: PROG };
  return { args: argv.slice(1), prog: flavor === 'nft' && base !== 'iptables-legacy-restore' ? base : PROG };
}

export function runIptablesRestore(fw: Firewall, argv: readonly string[], input: string, env: EngineEnv = {}): CommandResult {
  const names = env.names ?? defaultNameDb();
  const { args, prog } = stripProgram(argv, fw.flavor);
  const parsed = parseArgs(args, fw.flavor);
  if ('code' in parsed) return parsed;
  const out = { stdout: '', stderr: '' };
  const PROG = prog;
  if (parsed.file !== null && env.readFile) {
    let text: string | null;
    try {
      text = env.readFile(parsed.file);
    } catch {
      text = null;
    }
    if (text === null) return { stdout: '', stderr: `Can't open ${parsed.file}: No such file or directory\n`, code: 1 };
    input = text;
  }
  try {
    restoreText(fw, parsed, input, names, out, prog);
    return { stdout: out.stdout, stderr: out.stderr, code: 0 };
  } catch (e) {
    const err = e as { line?: number; inner?: unknown };
    if (err && typeof err === 'object' && 'inner' in err) {
      const inner = err.inner;
      if (isXtError(inner) && inner.kind === 'stdout') return { stdout: out.stdout + inner.msg, stderr: out.stderr, code: inner.status };
      if (isXtError(inner) && inner.kind === 'signal') return { stdout: out.stdout, stderr: out.stderr + inner.msg, code: inner.status };
      const text = isXtError(inner) ? formatError(inner, PROG, fw.flavor, err.line ?? -1) : `${PROG}: internal simulator error\n`;
      return { stdout: out.stdout, stderr: out.stderr + text, code: errorCode(inner) };
    }
    const text = isXtError(e) ? formatError(e, PROG, fw.flavor) : `${PROG}: internal simulator error: ${e instanceof Error ? e.message : String(e)}\n`;
    return { stdout: out.stdout, stderr: out.stderr + text, code: errorCode(e) };
  }
}

class LineError {
  readonly line: number;
  readonly inner: unknown;
  constructor(line: number, inner: unknown) {
    this.line = line;
    this.inner = inner;
  }
}

/** what the parse printed on stderr before it failed (parseCommand hangs it on the error) */
function parseWarnings(e: unknown): string {
  return (e as { warnings?: string[] } | null)?.warnings?.join('') ?? '';
}

/** the added rules (in batch order) that the kernel's checks refuse: it answers every message */
function refusedRules(t: Table, flavor: Flavor, added: readonly Rule[]): Array<{ kind: 'inval' | 'noent' | 'erange'; chain: string; rule: Rule }> {
  const out: Array<{ kind: 'inval' | 'noent' | 'erange'; chain: string; rule: Rule }> = [];
  const chainOf = new Map<Rule, Chain>();
  for (const c of t.chains.values()) for (const r of c.rules) chainOf.set(r, c);
  for (const r of added) {
    const c = chainOf.get(r);
    if (!c || r.refusable === false) continue;
    const ok = ruleAccepted(r, t.name, c.hooks, flavor);
    if (ok !== true) out.push({ kind: ok === false ? 'inval' : ok, chain: c.name, rule: r });
  }
  return out;
}

function raw(msg: string, status = 1): XtError {
  return new XtError('raw', status, msg);
}

/** a policy line's counters without -c (never changed) */
const NO_COUNTERS: readonly [bigint, bigint] = Object.freeze([0n, 0n] as const);

/** the counter words of a line without a [pkts:bytes] prefix (never pushed to) */
const NO_WORDS: readonly string[] = Object.freeze([]);

type RuleOp = Parameters<NonNullable<ExecOptions['onAdd']>>[1];

function restoreText(fw: Firewall, o: RestoreOpts, input: string, names: NameDb, out: { stdout: string; stderr: string }, PROG: string): void {
  const flavor = fw.flavor;
  const nft = flavor === 'nft';
  let table: string | null = null;
  let skipping = false;
  let snap: Snapshot | null = null;
  let legacyBlob: (() => string) | undefined;
  let added: Rule[] = [];
  // nft, the batch's -E: the kernel refuses a rename of a chain with no handle in the cache
  // (made by this batch, named by its `:CHAIN` line, or after the table's flush); a name a
  // rename gave is not in the cache either
  let renameRefused: string | null = null;
  const noHandle = new Set<string>();
  const renamed = new Set<string>();
  // every rule this input added, its line and how it went in (same index), for COMMIT's error message
  const allAdded: Rule[] = [];
  const allLines: number[] = [];
  const allOps: RuleOp[] = [];
  let lineNo = 0;
  let currentLine = 0;
  // built-in chains whose policy line this table's section set (libiptc COUNTER_MAP_SET)
  const countersSet = new Set<string>();
  // nft: iptables-nft parses all of a table's lines first and carries the commands out
  // at COMMIT (nft_prepare), so any line's syntax error comes before an earlier line's
  // missing chain or rule, and --test or a missing COMMIT carries out nothing.
  // legacy acts on each line as it reads it.
  let pending: Array<(() => void) | number> = [];
  // the -A lines prepared in advance (pending holds their index; null: every line the general way)
  let appends = shortcut(newPendingAppends);
  let forgotten = new Set<Chain>();
  // nft: nft_strerror's ENOENT text after the last nft_* function that set nft_fn
  let nftFn = E_NOCHAIN;
  const nftState: NftRestoreState = {
    // the cache the batch began with (a flush empties it; a chain new to the kernel is ACCEPT)
    zeroPolicy: (c) => (o.noflush && snap?.copies.get(c)?.materialized ? snap.copies.get(c)!.policy : 'ACCEPT'),
    enoent: () => nftFn,
  };
  // the parse options of the table being read (PendingAppends.prepare), and its lines' shapes
  let popts: ParseOptions | null = null;
  let shapes = appends !== null ? shortcut(newRestoreShapes) : null;
  const act = (fn: () => void): void => {
    if (nft) pending.push(fn);
    else fn();
  };
  // rules the general way added to the table being read (then validation walks them all)
  let generalAdds = 0;
  const onAdd = (r: Rule, op: RuleOp): void => {
    generalAdds++;
    added.push(r);
    allAdded.push(r);
    allLines.push(currentLine);
    allOps.push(op);
  };
  const addPrepared = (r: Rule): void => {
    added.push(r);
  };
  const lineOf = (r: Rule): number => {
    // the last entry wins, as a Map keyed by rule would have it
    return allAdded.lastIndexOf(r);
  };
  const failAt = (e: unknown): never => {
    if (table !== null && snap) rollback(fw, table, snap);
    throw e;
  };
  /** a command line's failure, carried out at `line` */
  const commandFailed = (e: unknown, line: number): never => {
    if (isXtError(e) && e.kind === 'kernel') {
      if (nft) failAt(raw(`${PROG}: line ${line} failed: ${e.msg}.\n`, e.status));
      failAt(raw(`${PROG}: line ${line} failed\n`, e.status));
    }
    if (isXtError(e) && e.kind === 'xt' && e.status !== 2) failAt(new LineError(-1, e));
    // parameter problems name the line being read (for nft at COMMIT: the COMMIT line)
    return failAt(new LineError(lineNo, e));
  };
  // the `:CHAIN POLICY [p:b]` lines of the table being read (columns, not a closure per line)
  let chainLines = { names: [] as string[], policies: [] as string[], counters: [] as Array<readonly [bigint, bigint]>, lines: [] as number[] };
  const runChainLine = (k: number, tableName: string): void => {
    const chain = chainLines.names[k];
    const policy = chainLines.policies[k];
    const cnt = chainLines.counters[k];
    const at = chainLines.lines[k];
    const t = nft ? fw.adopt(fw.tableForRead(tableName)) : fw.table(tableName);
    const c = t.chains.get(chain);
    // a chain new to the kernel takes the table's next handle
    const fresh = nft && (c ? c.builtin && !c.materialized : true);
    if (fresh) t.hgen++;
    if (c?.builtin) c.materialized = true;
    const cc = c ?? t.addUserChain(chain, fw.nextSeq());
    if (!cc.builtin) {
      if (c) c.rules = [];
      // (only a --noflush batch asks: 20,000 names in a set were a tenth of the chain lines)
      if (o.noflush) noHandle.add(chain);
    }
    if (fresh) cc.handle = t.hgen;
    if (policy === '-') return;
    if (nft) {
      // nft ignores a policy on a user chain; a bad one fails the line
      if (cc.builtin && policy !== 'ACCEPT' && policy !== 'DROP') failAt(raw(`${PROG}: line ${at} failed: Bad policy name.\n`));
      if (!cc.builtin) return;
    } else if (!cc.builtin || (policy !== 'ACCEPT' && policy !== 'DROP')) {
      const why = !cc.builtin ? 'Bad built-in chain name' : 'Bad policy name';
      failAt(new LineError(-1, new XtError('xt', 1, `Can't set policy \`${policy}' on \`${chain}' line ${at}: ${why}`)));
    }
    cc.policy = policy as 'ACCEPT' | 'DROP';
    if (nft) {
      cc.stats = true;
      nftFn = BAD_BUILTIN;
    }
    // the policy goes to the kernel with its counters: zero unless -c
    cc.pkts = cnt[0];
    cc.bytes = cnt[1];
    countersSet.add(cc.name);
  };
  /** a prepared -A line at COMMIT: the shortcut, or the general way when it would fail */
  const commitPrepared = (i: number, tableName: string, shared: ExecOptions): void => {
    const pend = appends!;
    const at = pend.line(i);
    currentLine = at;
    nftFn = E_NOCHAIN;
    if (pend.commit(fw, i, shared)) return;
    pend.resetCursor();
    const eo: ExecOptions = { restoreTable: tableName, line: at, deferValidation: true, test: o.test, onAdd, forgotten, prog: PROG };
    // the general way reports why (its parse succeeds, as the shortcut's did)
    const sub = { stdout: '', stderr: '' };
    try {
      const parsed = parseExec(fw, splitWords(input.slice(pend.start(i), pend.end(i)), true), names, { stdout: '', stderr: '' }, eo);
      if (typeof parsed !== 'number') runParsed(fw, parsed, names, sub, eo);
    } catch (e) {
      out.stdout += sub.stdout;
      commandFailed(e, at);
    }
    out.stdout += sub.stdout;
  };
  /** nft's COMMIT: the table's lines carried out in order (a function of its own for the JIT) */
  const runPending = (tableName: string, shared: ExecOptions): void => {
    appends?.resetCursor();
    for (let k = 0; k < pending.length; k++) {
      const x = pending[k];
      if (typeof x === 'number' && x >= 0) {
        commitPrepared(x, tableName, shared);
        continue;
      }
      if (typeof x === 'function') x();
      else runChainLine(-1 - x, tableName);
      appends?.resetCursor();
    }
  };
  // the lines one at a time, as input.split('\n') without its last empty piece would give
  // them (each line's string dies young instead of 50,000 waiting in one array)
  const inputLength = input.length;
  let pos = 0;
  while (pos < inputLength) {
    if (shapes !== null && table !== null && nft && !skipping && !o.verbose && input.charCodeAt(pos) === 45) {
      // rule lines of shapes this table had before: no words, no walk, not even the
      // lines' own strings (restore-shapes.ts)
      const taken = shapes.takeLines(input, pos, popts ?? (popts = { flavor, names, table, restore: true, ipsets: fw.ipsets }), appends!, pending, lineNo);
      if (taken > 0) {
        lineNo += taken;
        pos = shapes.stop;
        continue;
      }
    }
    const nl = input.indexOf('\n', pos);
    const end = nl < 0 ? inputLength : nl;
    const lineStart = pos;
    pos = end + 1;
    lineNo++;
    const line = input.slice(lineStart, end);
    if (line.length === 0 || line[0] === '#') continue;
    // legacy compares the whole buffer with "COMMIT\n"; iptables-nft only the first six bytes
    const isCommit = flavor === 'legacy' ? line === 'COMMIT' && nl >= 0 : line.startsWith('COMMIT');
    if (table !== null && isCommit) {
      if (!skipping && !(nft && o.test)) {
        if (nft) {
          snap = snapshot(fw, table);
          // what PendingAppends.commit needs of a line's ExecOptions is the same for the whole table
          // (a prepared line's number and op are its appends entry's: only the batch order is kept)
          const shared: ExecOptions = { restoreTable: table, deferValidation: true, test: o.test, onAdd: addPrepared, forgotten };
          runPending(table, shared);
        }
        const t = fw.peek(table);
        if (renameRefused !== null && !o.test) failAt(raw(`${PROG} v1.8.9 (nf_tables): \n${renameRefused}`, 4));
        // --test never commits, so the kernel never gets to refuse anything
        // (a flushed table holds only what this block put in: COMMIT saw every rule of it)
        const known = nft && !o.noflush && generalAdds === 0 && appends !== null ? { builtinJump: appends.builtinJump, refusable: appends.refusable, chains: appends.refusableChains } : undefined;
        const fail = t && !o.test ? validateTable(t, flavor, added, { loops: nft, known }) : null;
        if (fail) {
          if (nft) {
            const WHAT = { loop: 'Too many links', inval: 'Invalid argument', noent: 'No such file or directory', erange: 'Numerical result out of range', notsup: 'Operation not supported' };
            const lineText = (f: { kind: keyof typeof WHAT; chain: string; rule?: Rule }): string => {
              const i = f.rule ? lineOf(f.rule) : -1;
              const j = f.rule && i < 0 && appends !== null ? appends.rules.lastIndexOf(f.rule) : -1;
              const at = i >= 0 ? allLines[i] : j >= 0 ? appends!.line(j) : lineNo;
              const op = i >= 0 ? allOps[i] : 'RULE_APPEND';
              return `line ${at}: ${op} failed (${WHAT[f.kind]}): rule in chain ${f.chain}\n`;
            };
            // the kernel answers every message of the batch: each rule its checks refuse is reported
            const all = fail.kind !== 'loop' && fail.kind !== 'notsup' && fail.rule ? refusedRules(t!, flavor, added) : [];
            failAt(raw(`${PROG} v1.8.9 (nf_tables): \n${(all.length > 0 ? all : [fail]).map(lineText).join('')}`, 4));
          }
          failAt(raw(`${PROG}: line ${lineNo} failed\n`));
        }
        if (o.test) rollback(fw, table, snap!);
        else if (flavor === 'legacy') zeroPolicyCountersOnCommit(t!, countersSet);
      }
      countersSet.clear();
      generalAdds = 0;
      table = null;
      snap = null;
      added = [];
      renameRefused = null;
      noHandle.clear();
      renamed.clear();
      pending = [];
      appends = shortcut(newPendingAppends);
      chainLines = { names: [], policies: [], counters: [], lines: [] };
      forgotten = new Set<Chain>();
      popts = null;
      shapes = appends !== null ? shortcut(newRestoreShapes) : null;
      skipping = false;
      continue;
    }
    if (line[0] === '*' && table === null) {
      // strtok(" \t\n"): a CR stays part of the name
      const name = line.slice(1).split(/[ \t\n]+/).find((w) => w !== '') ?? '';
      if (!Firewall.isKnownTable(name)) {
        if (flavor === 'nft') throw new LineError(lineNo, paramError(`${PROG}: line ${lineNo} table name '${name}' invalid`));
        throw new LineError(lineNo, paramError(`${PROG}: unable to initialize table '${name}'`));
      }
      table = name;
      if (o.onlyTable !== null && o.onlyTable !== name) {
        skipping = true;
        continue;
      }
      if (nft) {
        if (!o.noflush) {
          // the table goes; it exists again only if this block creates something in it.
          // Like every nft command, the flush (and what -v says about it) happens at COMMIT.
          act(() => {
            if (o.verbose) {
              const t = fw.tableForRead(name);
              for (const c of t.allChains()) out.stdout += `Flushing chain \`${c.name}'\n`;
              for (const c of t.userChains()) out.stdout += `Deleting chain \`${c.name}'\n`;
            }
            fw.tables.delete(name);
            nftFn = E_NOCHAIN;
          });
        }
        continue;
      }
      snap = snapshot(fw, name);
      // libiptc fetched the table here: a `-v -v` line dumps this blob, whatever came since
      const fetched = snap;
      let blob: string | null = null;
      legacyBlob = () => (blob ??= legacyDump(tableAsFetched(name, fetched)));
      const t = fw.table(name);
      if (!o.noflush) {
        if (o.verbose) {
          for (const c of t.allChains()) out.stdout += `Flushing chain \`${c.name}'\n`;
          for (const c of t.userChains()) out.stdout += `Deleting chain \`${c.name}'\n`;
        }
        flushTable(t, flavor);
      }
      continue;
    }
    if (table === null) throw raw(`${PROG}: line ${lineNo} failed\n`);
    if (skipping) continue;
    const tableName = table;
    if (line[0] === ':') {
      const fields = blankFields(line, 1);
      const chain = fields[0];
      if (chain === undefined) failAt(new LineError(lineNo, paramError(`${PROG}: line ${lineNo} chain name invalid`)));
      if (chain.length >= 29) {
        failAt(new LineError(lineNo, paramError(flavor === 'nft' ? `chain name \`${chain}' too long (must be under 29 chars)` : `Invalid chain name \`${chain}' (28 chars max)`)));
      }
      const policy = fields[1];
      if (policy === undefined) failAt(new LineError(lineNo, paramError(`${PROG}: line ${lineNo} policy invalid`)));
      let cnt = NO_COUNTERS;
      if (policy !== '-' && o.counters) {
        const pc = fields[2] !== undefined ? parseCounterPair(fields[2]) : null;
        if (!pc) failAt(new LineError(lineNo, paramError(`invalid policy counters for chain '${chain}'`)));
        cnt = pc!;
      }
      // nft: carried out at COMMIT (pending holds -1 - its index); legacy: now
      const k = chainLines.names.push(chain) - 1;
      // (the name's place in the input: the shapes compare rule lines' names with it there)
      if (nft) shapes?.names.add(chain, input, lineStart + line.indexOf(chain, 1));
      chainLines.policies.push(policy);
      chainLines.counters.push(cnt);
      chainLines.lines.push(lineNo);
      if (nft) pending.push(-1 - k);
      else runChainLine(k, tableName);
      continue;
    }
    // a command line, possibly with a [pkts:bytes] prefix
    let rest = line;
    let counterArgs = NO_WORDS;
    if (rest[0] === '[') {
      const close = rest.indexOf(']');
      if (close < 0) failAt(new LineError(lineNo, paramError(`Bad line ${lineNo}: need ]`)));
      const inner = rest.slice(1, close);
      const colon = inner.indexOf(':');
      if (colon < 0) failAt(new LineError(lineNo, paramError(`Bad line ${lineNo}: need ]`)));
      if (o.counters) counterArgs = ['--set-counters', inner.slice(0, colon), inner.slice(colon + 1)];
      rest = rest.slice(close + 1);
    }
    const restStart = lineStart + line.length - rest.length;
    if (shapes !== null && nft && !o.verbose && counterArgs === NO_WORDS && rest !== line) {
      // (a [pkts:bytes] prefix without -c: the rest may still be a known shape)
      const at = shapes.match(input, popts ?? (popts = { flavor, names, table: tableName, restore: true, ipsets: fw.ipsets }), appends!, lineNo, restStart, end);
      if (at >= 0) {
        pending.push(at);
        continue;
      }
    }
    let words: string[];
    try {
      words = splitWords(rest, true);
    } catch (e) {
      failAt(new LineError(lineNo, e));
    }
    const limitErr = argvLimit(words!, 3 + counterArgs.length);
    if (limitErr) failAt(new LineError(lineNo, paramError(limitErr)));
    let args = counterArgs.length > 0 ? counterArgs.concat(words!) : words!;
    // seen on 1.8.9 (both backends): with -v, rule lines echo as with iptables -v, but only
    // when the table was flushed first (not with --noflush)
    if (o.verbose && !o.noflush) args = ['-v', ...args];
    if (nft && !o.verbose && appends !== null) {
      // (a record, not a closure: 50,000 of them wait for COMMIT)
      const lineOpts = popts ?? (popts = { flavor, names, table: tableName, restore: true, ipsets: fw.ipsets });
      const at = shapes !== null ? shapes.prepare(args, lineOpts, appends, lineNo, restStart, end, args === words!) : appends.prepare(args, lineOpts, lineNo, restStart, end);
      if (at >= 0) {
        pending.push(at);
        continue;
      }
    }
    const sub = { stdout: '', stderr: '' };
    currentLine = lineNo;
    const eo: ExecOptions = { restoreTable: tableName, line: lineNo, deferValidation: true, test: o.test, onAdd, forgotten, legacyBlob, prog: PROG };
    if (nft) eo.nftRestore = nftState;
    if (!nft) {
      try {
        execute(fw, args, names, sub, eo);
      } catch (e) {
        out.stdout += sub.stdout;
        out.stderr += sub.stderr + parseWarnings(e);
        commandFailed(e, lineNo);
      }
      out.stdout += sub.stdout;
      out.stderr += sub.stderr;
      continue;
    }
    let p: ReturnType<typeof parseExec>;
    try {
      p = parseExec(fw, args, names, sub, eo);
    } catch (e) {
      out.stdout += sub.stdout;
      out.stderr += sub.stderr + parseWarnings(e);
      commandFailed(e, lineNo);
    }
    out.stdout += sub.stdout;
    out.stderr += sub.stderr;
    if (typeof p! === 'number') continue;
    const parsed = p!;
    const at = lineNo;
    act(() => {
      const sub2 = { stdout: '', stderr: '' };
      currentLine = at;
      if (nft && parsed.command === CMD_RENAME_CHAIN) {
        if (renamed.has(parsed.chain!)) commandFailed(kernelError(E_NOCHAIN), at);
        const c = fw.peek(tableName)?.chains.get(parsed.chain!);
        if (renameRefused === null && c && !c.builtin && (!o.noflush || noHandle.has(c.name))) {
          renameRefused = `line ${at}: CHAIN_RENAME failed (No such file or directory): chain ${parsed.newname}\n`;
        }
        renamed.add(parsed.newname!);
      }
      if (nft && parsed.command === CMD_NEW_CHAIN) noHandle.add(parsed.chain!);
      try {
        runParsed(fw, parsed, names, sub2, eo);
      } catch (e) {
        out.stdout += sub2.stdout;
        commandFailed(e, at);
      }
      nftFn = enoentAfter(parsed.command) ?? nftFn;
      out.stdout += sub2.stdout;
    });
  }
  if (table !== null) {
    if (snap) rollback(fw, table, snap);
    throw raw(`${PROG}: COMMIT expected at line ${lineNo + 1}\n`);
  }
}

const BAD_BUILTIN = 'Bad built-in chain name';

/**
 * One of a table's shortcuts, the prepared lines (restore-append.ts) or the shape reader
 * (restore-shapes.ts, which writes into the former), or null where the shortcuts are off
 * or its code is not loaded (the terminal's worker loads both for a command naming
 * iptables-restore, not for a scenario's own rules): the lines are then read the general
 * way, one by one, to the same result.
 */
function shortcut<T>(make: () => T): T | null {
  if (!restoreShortcuts.enabled) return null;
  try {
    return make();
  } catch {
    return null;
  }
}

/**
 * nft_strerror's ENOENT text once a command's nft_* function set nft_fn (null: it set none;
 * -Z CHAIN N ends in nft_rule_append, which has no text of its own)
 */
function enoentAfter(command: number): string | null {
  if (command === CMD_SET_POLICY) return BAD_BUILTIN;
  if (command & (CMD_CHECK | CMD_DELETE)) return E_BADRULE;
  if (command & CMD_ZERO_NUM) return E_NOCHAIN;
  if (command & (CMD_ZERO | CMD_LIST | CMD_LIST_RULES)) return null;
  return E_NOCHAIN;
}

function flushTable(t: Table, flavor: Flavor): void {
  for (const c of [...t.chains.values()]) {
    if (c.builtin) {
      c.rules = [];
      if (flavor === 'nft') {
        c.policy = 'ACCEPT';
        c.pkts = 0n;
        c.bytes = 0n;
      }
    } else {
      t.deleteChain(c.name);
    }
  }
}


export { kernelError };
