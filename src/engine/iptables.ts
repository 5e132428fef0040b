// `iptables` itself: parse the command line, apply it to a Firewall, print what
// iptables 1.8.9 prints. Never throws: every failure becomes stderr + exit code.

import {
  E_BADRULE, E_EXISTS, E_INVAL_DMESG, E_NOCHAIN, formatError, isXtError, kernelError, otherError, paramError,
  RESOURCE_PROBLEM, VERSION_PROBLEM, versionString, XtError, type Flavor,
} from './errors.ts';
import {
  CMD_APPEND, CMD_CHECK, CMD_DELETE, CMD_DELETE_CHAIN, CMD_DELETE_NUM, CMD_FLUSH, CMD_INSERT, CMD_LIST,
  CMD_LIST_RULES, CMD_NEW_CHAIN, CMD_RENAME_CHAIN, CMD_REPLACE, CMD_SET_POLICY, CMD_ZERO, CMD_ZERO_NUM,
  CMD_NONE, HelpRequest, OPT_COUNTERS, OPT_EXPANDED, OPT_LINENUMBERS, OPT_NUMERIC, parseCommand, type ParsedCommand,
} from './cmdline.ts';
import { parseRuleFast } from './cmdline-fast.ts';
import { Firewall, INV_IN, INV_OUT, inKernel, newRule, type Chain, type MatchInstance, type Rule, type Table, type TargetRef } from './model.ts';
import type { AddrMask } from './ipv4.ts';
import { appendListRuleLine, echoRuleLine, listHeaderColumns, listRuleLine, abbrev, ruleSaveText, ruleSpecText, type ListFormat } from './format.ts';
import { VERDICTS } from './extensions/registry.ts';
import { mayBeRefused, validateTable } from './validate.ts';
import { checkNativeProtos, nftNativeMatches } from './nft-native.ts';
import { helpText } from './help.ts';
import { defaultNameDb, type NameDb } from './names/namedb.ts';
import { TextBuilder } from './text-builder.ts';
import { batchAppend, builtinInitOrder, chainMsg, ruleCacheDump, ruleMsg, tableObject } from './debug-dump-nft.ts';
import type { BatchObject, NftBatch } from './debug-dump-nft.ts';
import { errorAfterDump, legacyDump } from './debug-dump-legacy.ts';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface EngineEnv {
  /** name lookups (the simulated host's /etc files) */
  names?: NameDb;
  /** clock for iptables-save's timestamps */
  now?: () => Date;
  /** the simulated file system, for `iptables-restore FILE` (null: no such file); without it the file argument is ignored and stdin is read */
  readFile?: (path: string) => string | null;
}

/** Program names that select a flavour or a tool; messages always say iptables. */
function stripProgram(argv: readonly string[]): { args: readonly string[]; flavorOverride: Flavor | null } {
  const first = argv[0];
  if (first === undefined) return { args: argv, flavorOverride: null };
  const base = first.slice(first.lastIndexOf('/') + 1);
  if (base === 'iptables' || base === 'iptables-nft' || base === 'iptables-legacy') {
    const fo = base === 'iptables-nft' ? 'nft' : base === 'iptables-legacy' ? 'legacy' : null;
    return { args: argv.slice(1), flavorOverride: fo };
  }
  return { args: argv, flavorOverride: null };
}

export class Out {
  stdout = '';
  stderr = '';
}

export function runIptables(fw: Firewall, argv: readonly string[], env: EngineEnv = {}): CommandResult {
  const out = new Out();
  const names = env.names ?? defaultNameDb();
  const { args } = stripProgram(argv);
  try {
    const code = execute(fw, args, names, out, {});
    return { stdout: out.stdout, stderr: out.stderr, code };
  } catch (e) {
    const warned = (e as { warnings?: string[] }).warnings?.join('') ?? '';
    return { stdout: out.stdout, stderr: out.stderr + warned + errorText(e, 'iptables', fw.flavor), code: errorCode(e) };
  }
}

export function errorText(e: unknown, prog: string, flavor: Flavor, line = -1): string {
  if (isXtError(e)) return formatError(e, prog, flavor, line);
  return `${prog}: internal simulator error: ${e instanceof Error ? e.message : String(e)}\n`;
}

export function errorCode(e: unknown): number {
  return isXtError(e) ? e.status : 1;
}

export interface ExecOptions {
  /** inside iptables-restore: the table is fixed and commits are deferred */
  restoreTable?: string;
  /** the program name -h and -V print (iptables-restore's, in a restore line) */
  prog?: string;
  line?: number;
  /** collect rules added, for validation at COMMIT */
  deferValidation?: boolean;
  /** iptables-restore --test: nft does not look jump targets up */
  test?: boolean;
  /**
   * nft, iptables-restore: what iptables-nft's cache forgot during this batch. -X drops
   * the built-in chains it keeps from the cache; a later line needing one adds it anew,
   * which resets its policy to ACCEPT.
   */
  forgotten?: Set<Chain>;
  /** told about every rule put into a chain (restore validates them at COMMIT) */
  onAdd?: (rule: Rule, op: 'RULE_APPEND' | 'RULE_INSERT' | 'RULE_REPLACE') => void;
  /** nft -v -v: the text of the batch objects, in the order iptables-nft queues them */
  nftBatch?: NftBatch;
  /** legacy iptables-restore: libiptc's dump of the table as fetched at its `*table` line */
  legacyBlob?: () => string;
  /** nft iptables-restore: what -Z takes from the process and its batch (see NftRestoreState) */
  nftRestore?: NftRestoreState;
}

export interface NftRestoreState {
  /**
   * the policy a base chain had in iptables-nft's cache when the batch began: -Z sends the
   * cached chain (CHAIN_ZERO), so that policy undoes a -P or `:CHAIN POLICY` before it
   */
  zeroPolicy(c: Chain): Chain['policy'];
  /**
   * nft_strerror's ENOENT text for the nft_* function that last set the global nft_fn in this
   * process (-Z of a missing chain sets none of its own)
   */
  enoent(): string;
}

function checkTableName(name: string, flavor: Flavor): void {
  if (Firewall.isKnownTable(name)) return;
  if (flavor === 'nft') throw new XtError('xt', VERSION_PROBLEM, `table '${name}' does not exist`);
  throw new XtError('xt', VERSION_PROBLEM, `can't initialize iptables table \`${name}': Table does not exist (do you need to insmod?)`);
}

/**
 * The parse phase of one command: options, extensions and their final checks. Returns
 * the parsed command, or the exit code when parsing alone finished it (-V, -h).
 */
export function parseExec(fw: Firewall, args: readonly string[], names: NameDb, out: Out, eo: ExecOptions): ParsedCommand | number {
  let p: ParsedCommand;
  try {
    const popts = { flavor: fw.flavor, names, table: eo.restoreTable, restore: eo.restoreTable !== undefined, line: eo.line, ipsets: fw.ipsets };
    p = parseRuleFast(args, popts) ?? parseCommand(args, popts);
  } catch (e) {
    if (isXtError(e) && e.kind === 'raw' && e.status === 0) {
      const prog = eo.prog ?? 'iptables';
      const version = versionString(fw.flavor);
      const text = e instanceof HelpRequest
        ? helpText(version, prog, e.sections)
        : e.msg === 'NOT-VERSION' ? `Not ${version.slice(1)} ;-)\n` : `${prog} ${version}\n`;
      // notes the parse printed before it (-W, a weird interface name) stay on stderr
      out.stderr += (e as { warnings?: string[] }).warnings?.join('') ?? '';
      // both exit(0) where they are parsed: in iptables-restore that ends the whole run
      if (eo.restoreTable !== undefined) throw new XtError('stdout', 0, text);
      out.stdout += text;
      return 0;
    }
    throw e;
  }
  out.stderr += p.warnings.join('');
  if (p.ipv6Stop) {
    // do_command runs what do_parse left: the rule commands loop over no address pair (and
    // do nothing), -R reads the first one through a NULL pointer
    if (p.command === CMD_REPLACE) throw new XtError('signal', 139, 'Segmentation fault\n');
    if (p.command === CMD_NONE || (p.command & RULE_COMMANDS) !== 0) return 0;
  }
  checkTableName(p.table, fw.flavor);
  if (fw.flavor === 'nft' && (p.command & RULE_COMMANDS) !== 0) checkNativeProtos(p);
  return p;
}

/** Execute parsed argv against fw; returns exit code (0) or throws XtError. */
export function execute(fw: Firewall, args: readonly string[], names: NameDb, out: Out, eo: ExecOptions): number {
  const p = parseExec(fw, args, names, out, eo);
  if (typeof p === 'number') return p;
  return runParsed(fw, p, names, out, eo);
}

const RULE_COMMANDS = CMD_APPEND | CMD_INSERT | CMD_REPLACE | CMD_DELETE | CMD_CHECK;
const WRITE_COMMANDS = CMD_APPEND | CMD_INSERT | CMD_REPLACE | CMD_NEW_CHAIN | CMD_SET_POLICY | CMD_DELETE | CMD_DELETE_NUM | CMD_RENAME_CHAIN | CMD_FLUSH | CMD_ZERO | CMD_ZERO_NUM | CMD_DELETE_CHAIN;

export function runParsed(fw: Firewall, p: ParsedCommand, names: NameDb, out: Out, eo: ExecOptions): number {
  if (fw.flavor === 'legacy') {
    // libiptc's dump shows the blob iptc_init fetched, i.e. the table before the command
    const dump = p.verbose > 1 ? (eo.legacyBlob?.() ?? legacyDump(fw.table(p.table))) : null;
    let code: number;
    try {
      code = runCommand(fw, p, names, out, eo);
    } catch (e) {
      // libiptc's errors come back to do_command4, which dumps before returning; the others exit
      if (dump === null || !isXtError(e) || e.kind !== 'kernel') throw e;
      out.stdout += dump;
      throw e.kind === 'kernel' ? kernelError(errorAfterDump(e.msg), e.status) : e;
    }
    if (dump !== null) out.stdout += dump;
    if (eo.restoreTable === undefined && (p.command & WRITE_COMMANDS) !== 0 && !(p.command & (CMD_LIST | CMD_LIST_RULES))) {
      // a legacy command that changed the table ends in a libiptc commit, and every commit
      // leaves the built-in chains' policy counters at zero unless -P -c set them just now
      const t = fw.table(p.table);
      const kept = p.command === CMD_SET_POLICY && (p.options & OPT_COUNTERS) ? p.chain : null;
      zeroPolicyCountersOnCommit(t, kept);
    }
    return code;
  }
  if (eo.restoreTable !== undefined) return runCommand(fw, p, names, out, eo);
  // nft sends one batch per command: when any part fails, no table or chain it would
  // have created comes into being
  const before = fw.peek(p.table);
  const made = before?.builtinChains().map((c) => c.materialized);
  const handles = before?.hgen ?? 0;
  // -v -v: the rule cache is printed as it is fetched (before the command's own output),
  // the batch as it is sent (after it)
  const debug: NftBatch | undefined = p.verbose > 1 ? { text: '', seq: 1, netlink: p.verbose > 2 } : undefined;
  const start = out.stdout.length;
  const cache = debug ? nftRuleCacheText(fw, p) : '';
  const show = (sent: boolean): void => {
    if (debug) out.stdout = out.stdout.slice(0, start) + cache + out.stdout.slice(start) + (sent ? debug.text : '');
  };
  try {
    const code = runCommand(fw, p, names, out, debug ? { ...eo, nftBatch: debug } : eo);
    show(true);
    return code;
  } catch (e) {
    if (!before) fw.tables.delete(p.table);
    else before.builtinChains().forEach((c, i) => { c.materialized = made![i]; });
    // the batch went out only if it was the kernel that refused it: then the handles it
    // numbered stay used, else the kernel never saw the command
    const sent = isXtError(e) && e.kind === 'xt' && e.status === RESOURCE_PROBLEM && / failed \(/.test(e.msg);
    if (before && !sent) before.hgen = handles;
    show(sent);
    throw e;
  }
}

/** the rule dump nft_rule_list_cb prints, for the commands that fetch rules */
function nftRuleCacheText(fw: Firewall, p: ParsedCommand): string {
  const t = fw.peek(p.table);
  if (!t) return '';
  const chain = p.chain;
  // a jump to a chain (not a verdict or an extension target) puts that chain in the cache request
  const jump = p.jumpto !== null && !p.target && !(VERDICTS as readonly string[]).includes(p.jumpto) ? [p.jumpto] : [];
  let named: string[] | null;
  switch (p.command) {
    case CMD_LIST: case CMD_LIST | CMD_ZERO: case CMD_LIST | CMD_ZERO_NUM:
    case CMD_LIST_RULES: case CMD_LIST_RULES | CMD_ZERO: case CMD_LIST_RULES | CMD_ZERO_NUM:
    case CMD_ZERO: case CMD_ZERO_NUM: case CMD_DELETE_NUM:
      named = chain === null ? null : [chain];
      break;
    case CMD_DELETE: case CMD_CHECK: case CMD_REPLACE:
      named = [chain!, ...jump];
      break;
    case CMD_INSERT:
      if (p.rulenum <= 1) return '';
      named = [chain!, ...jump];
      break;
    case CMD_DELETE_CHAIN:
      if (chain !== null) return '';
      named = null;
      break;
    default:
      return '';
  }
  return ruleCacheDump(t, named, (c) => inKernel(c, 'nft') && !c.foreign);
}

/** What every successful legacy (libiptc) table replacement does to policy counters. */
export function zeroPolicyCountersOnCommit(t: Table, keep: string | ReadonlySet<string> | null): void {
  for (const c of t.builtinChains()) {
    if (keep !== null && (typeof keep === 'string' ? keep === c.name : keep.has(c.name))) continue;
    c.pkts = 0n;
    c.bytes = 0n;
  }
}

function runCommand(fw: Firewall, p: ParsedCommand, names: NameDb, out: Out, eo: ExecOptions): number {
  const flavor = fw.flavor;
  const nft = flavor === 'nft';
  const verbose = p.verbose > 0;
  const isWrite = (p.command & WRITE_COMMANDS) !== 0 && !(p.command & (CMD_LIST | CMD_LIST_RULES));
  // nft: the table exists in the kernel only once a command needed it (see adopt);
  // until then this is a stand-in holding the built-in chains listings show
  const table: Table = nft ? fw.tableForRead(p.table) : isWrite ? fw.table(p.table) : fw.tableForRead(p.table);
  const chainName = p.chain;
  const k = new Kernel(fw, table, eo.forgotten, eo.nftBatch, eo.nftRestore);

  switch (p.command) {
    case CMD_APPEND:
    case CMD_INSERT:
    case CMD_REPLACE:
    case CMD_DELETE:
    case CMD_CHECK: {
      const rules = buildRules(p, table, flavor, eo.test === true);
      return ruleCommand(fw, k, p, rules, names, out, eo, verbose);
    }
    case CMD_DELETE_NUM: {
      const c = k.chain(chainName!);
      if (!c) throw kernelError(E_NOCHAIN);
      if (p.rulenum > c.rules.length) throw kernelError('Index of deletion too big');
      k.log(() => ruleMsg('del', k.table, c, p.rulenum - 1));
      c.rules.splice(p.rulenum - 1, 1);
      return 0;
    }
    case CMD_FLUSH: {
      // iptables.c (legacy) says what it is about to do before libiptc looks the chain up
      if (verbose && !nft && chainName !== null && !table.chains.has(chainName)) out.stdout += `Flushing chain \`${chainName}'\n`;
      let chains: Chain[];
      if (!nft) chains = selectChains(table, chainName);
      else if (chainName !== null) {
        // iptables-nft creates the table and a named built-in chain before flushing it
        const c = table.chains.get(chainName);
        if (!c || c.foreign) throw kernelError(E_NOCHAIN);
        k.create(c);
        chains = [c];
      } else if (verbose) {
        // -v walks every chain, so every built-in chain is created first
        for (const c of builtinInitOrder(table)) k.create(c);
        chains = table.allChains();
      } else {
        chains = k.chains();
      }
      // the whole table's flush reaches the base chains iptables-nft no longer names, too
      if (nft && chainName === null) for (const c of table.foreignChains()) c.rules = [];
      for (const c of chains) {
        if (verbose) out.stdout += `Flushing chain \`${c.name}'\n`;
        // the flush is a rule object naming only table and chain
        k.log(() => ruleMsg('flush', k.table, c));
        c.rules = [];
        // libiptc's flush also resets the chain's own (policy) counters
        if (flavor === 'legacy') {
          c.pkts = 0n;
          c.bytes = 0n;
        }
      }
      return 0;
    }
    case CMD_ZERO: {
      if (verbose && !nft && chainName !== null && !table.chains.has(chainName)) out.stdout += `Zeroing chain \`${chainName}'\n`;
      zeroChains(k, chainName, verbose, out, false);
      return 0;
    }
    case CMD_ZERO_NUM:
      zeroRule(k, chainName, p.rulenum, flavor);
      return 0;
    case CMD_LIST:
    case CMD_LIST | CMD_ZERO:
    case CMD_LIST | CMD_ZERO_NUM: {
      const f: ListFormat = {
        verbose,
        numeric: (p.options & OPT_NUMERIC) !== 0,
        exact: (p.options & OPT_EXPANDED) !== 0,
        lineNumbers: (p.options & OPT_LINENUMBERS) !== 0,
      };
      listChains(table, chainName, p.rulenum, f, names, out, flavor);
      if (p.command & CMD_ZERO) zeroChains(k, chainName, verbose, out, true);
      if (p.command & CMD_ZERO_NUM) zeroRule(k, chainName, p.rulenum, flavor);
      return 0;
    }
    case CMD_LIST_RULES:
    case CMD_LIST_RULES | CMD_ZERO:
    case CMD_LIST_RULES | CMD_ZERO_NUM: {
      listRules(table, chainName, p.rulenum, verbose, names, out, flavor);
      if (p.command & CMD_ZERO) zeroChains(k, chainName, verbose, out, true);
      if (p.command & CMD_ZERO_NUM) zeroRule(k, chainName, p.rulenum, flavor);
      return 0;
    }
    case CMD_NEW_CHAIN: {
      // built-in names are taken whether or not nft created those chains yet; a renamed base
      // chain is unknown to iptables-nft's cache, so only the kernel refuses its name
      if (table.chains.get(chainName!)?.foreign) throw foreignExists('CHAIN_USER_ADD', chainName!);
      if (table.chains.has(chainName!)) throw kernelError(E_EXISTS);
      k.create(null);
      const made = k.table.addUserChain(chainName!, fw.nextSeq());
      if (nft) made.handle = ++k.table.hgen;
      k.log(() => chainMsg('user', k.table, made));
      return 0;
    }
    case CMD_DELETE_CHAIN:
      return deleteChains(fw, k, chainName, verbose, out);
    case CMD_RENAME_CHAIN: {
      const c = k.chain(chainName!);
      const newname = p.newname!;
      if (table.chains.get(newname)?.foreign && c) throw foreignExists('CHAIN_RENAME', newname);
      // libiptc's TC_RENAME_CHAIN refuses the built-in targets' names before it looks for the chain
      if (table.chains.has(newname) || (!nft && (VERDICTS as readonly string[]).includes(newname))) throw kernelError('File exists');
      if (c && c.builtin && nft) {
        // the kernel renames the base chain; iptables-nft then calls the table incompatible
        table.renameBaseChain(chainName!, newname);
        k.log(() => chainMsg('rename', k.table, c));
        return 0;
      }
      if (!c || c.builtin) throw kernelError(E_NOCHAIN);
      table.renameChain(chainName!, newname);
      k.log(() => chainMsg('rename', k.table, c));
      return 0;
    }
    case CMD_SET_POLICY: {
      const c = table.chains.get(chainName!);
      const badPolicy = p.policy !== 'ACCEPT' && p.policy !== 'DROP';
      if (flavor === 'nft' && badPolicy) throw kernelError("Bad policy name. Run `dmesg' for more information");
      if (!c || !c.builtin) throw kernelError('Bad built-in chain name');
      if (badPolicy) throw kernelError("Bad policy name. Run `dmesg' for more information");
      k.create(c);
      c.policy = p.policy as 'ACCEPT' | 'DROP';
      // a new chain object: the policy, no counters (iptables-nft does not pass -c on)
      k.log(() => chainMsg('policy', k.table, c));
      // the counters it sends give the kernel's chain its own from now on
      if (nft) c.stats = true;
      // only legacy hands -c to the kernel with the policy
      if (flavor === 'legacy' && p.options & OPT_COUNTERS) {
        c.pkts = p.pcnt;
        c.bytes = p.bcnt;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/**
 * The kernel's view of one table for a command. nft: the table and each built-in chain
 * exist only once created (iptables-nft adds them to the command's batch on demand);
 * legacy: everything exists.
 */
class Kernel {
  readonly fw: Firewall;
  readonly nft: boolean;
  table: Table;
  readonly forgotten: Set<Chain> | undefined;
  /** nft -v -v: the batch text (see ExecOptions.nftBatch) */
  readonly batch: NftBatch | undefined;
  readonly restore: NftRestoreState | undefined;
  constructor(fw: Firewall, table: Table, forgotten?: Set<Chain>, batch?: NftBatch, restore?: NftRestoreState) {
    this.fw = fw;
    this.nft = fw.flavor === 'nft';
    this.table = table;
    this.forgotten = forgotten;
    this.batch = batch;
    this.restore = restore;
  }
  /** queue one object's debug text (nft -v -v), and with -v -v -v its netlink message */
  log(make: () => BatchObject): void {
    if (this.batch) batchAppend(this.batch, make());
  }
  /** whether the table itself exists */
  get exists(): boolean {
    return !this.nft || this.fw.peek(this.table.name) === this.table;
  }
  /** a chain the kernel has (nft: no faked built-in) */
  chain(name: string): Chain | undefined {
    const c = this.table.chains.get(name);
    return inKernel(c, this.fw.flavor) ? c : undefined;
  }
  /** the chains the kernel has, built-ins first */
  chains(): Chain[] {
    return this.table.allChains().filter((c) => inKernel(c, this.fw.flavor));
  }
  /**
   * add the table (and the built-in chain c) to the kernel; `queued` false when the chain
   * goes in through another batch object (a zeroing of a listed chain)
   */
  create(c: Chain | null, queued = true): void {
    if (!this.nft) return;
    if (!this.exists) this.log(() => tableObject(this.table.name));
    this.table = this.fw.adopt(this.table);
    if (!c?.builtin) return;
    if (!c.materialized) {
      // a new chain takes the table's next handle
      c.handle = ++this.table.hgen;
      if (queued) this.log(() => chainMsg('add', this.table, c));
    }
    c.materialized = true;
    if (this.forgotten?.delete(c)) c.policy = 'ACCEPT';
  }
}

function selectChains(table: Table, chainName: string | null): Chain[] {
  if (chainName === null) return table.allChains();
  const c = table.chains.get(chainName);
  if (!c) throw kernelError(E_NOCHAIN);
  return [c];
}

/**
 * -Z. nft zeroes what the kernel has; after a listing (-L -Z) the faked built-in chains
 * are in iptables-nft's cache too, and zeroing one creates it (a chain update carries
 * its hook) unless the table itself is missing.
 */
function zeroChains(k: Kernel, chainName: string | null, verbose: boolean, out: Out, listed: boolean): void {
  let chains: Chain[];
  // chains the kernel returned (the others are iptables-nft's stand-ins for a listing)
  let cached = (_c: Chain): boolean => true;
  if (!k.nft) chains = selectChains(k.table, chainName);
  else if (listed) {
    chains = chainName === null ? k.table.allChains() : [k.table.chains.get(chainName)!];
    if (verbose) for (const c of chains) out.stdout += `Zeroing chain \`${c.name}'\n`;
    const fake = chains.find((c) => c.builtin && !c.materialized);
    const had = new Set(chains.filter((c) => inKernel(c, 'nft')));
    cached = (c) => had.has(c);
    if (fake && !k.exists) {
      logZero(k, chains, cached);
      throw new XtError('xt', RESOURCE_PROBLEM, ` CHAIN_ZERO failed (No such file or directory): chain ${fake.name}`);
    }
    // the zeroing of a stand-in creates it (the chain object carries its hook)
    for (const c of chains) if (c.builtin) k.create(c, false);
    verbose = false;
  } else if (chainName !== null) {
    const c = k.chain(chainName);
    if (!c) throw kernelError(k.restore?.enoent() ?? E_NOCHAIN);
    chains = [c];
  } else {
    chains = k.chains();
  }
  for (const c of chains) {
    if (verbose) out.stdout += `Zeroing chain \`${c.name}'\n`;
    if (c.builtin && k.restore) c.policy = k.restore.zeroPolicy(c);
    if (k.nft) {
      logZero(k, [c], cached);
      // the zero counters it sends give the kernel's base chain counters of its own
      if (c.builtin) c.stats = true;
    }
    c.pkts = 0n;
    c.bytes = 0n;
    for (const r of c.rules) {
      r.pkts = 0n;
      r.bytes = 0n;
    }
  }
}

/**
 * __nft_chain_zero_counters' batch: a base chain with its counters at zero, then each rule
 * whose counter is not zero, replaced (by handle) with a zero counter.
 */
function logZero(k: Kernel, chains: readonly Chain[], cached: (c: Chain) => boolean): void {
  if (!k.batch) return;
  for (const c of chains) {
    if (c.builtin) {
      const known = cached(c);
      k.log(() => chainMsg(known ? 'zero' : 'zero-new', k.table, c));
    }
    for (const r of c.rules) {
      if (r.pkts !== 0n || r.bytes !== 0n) k.log(() => ruleMsg('zero', k.table, c, r));
    }
  }
}

function zeroRule(k: Kernel, chainName: string | null, rulenum: number, flavor: Flavor): void {
  const c = chainName !== null ? k.chain(chainName) : undefined;
  if (flavor === 'nft') {
    if (!c) throw kernelError(zeroMissingErrno(k.table, chainName!));
    // nft zeroes nothing and says nothing when the rule number is past the end
    if (rulenum > c.rules.length) return;
    const r = c.rules[rulenum - 1];
    k.log(() => ruleMsg('rebuild', k.table, c, r));
  }
  if (!c) throw kernelError(E_NOCHAIN);
  if (rulenum > c.rules.length) throw kernelError('Index of counter too big');
  c.rules[rulenum - 1].pkts = 0n;
  c.rules[rulenum - 1].bytes = 0n;
}

/**
 * nft -Z CHAIN N on a chain the kernel does not have: nft_rule_zero_counters returns with
 * whatever errno the cache fetch left. That fetch asks for the table's built-in chains and
 * CHAIN one by one in strcmp order; a missing one leaves ENOENT ("Bad rule"), while parsing
 * a base chain the kernel returned leaves EINVAL, so the last name asked decides.
 */
function zeroMissingErrno(table: Table, chainName: string): string {
  const names = [...table.builtinChains().map((c) => c.name), chainName].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const last = table.builtinChains().find((c) => c.name === names[names.length - 1]);
  return last?.materialized ? 'Incompatible with this kernel' : E_BADRULE;
}

function deleteChains(fw: Firewall, k: Kernel, chainName: string | null, verbose: boolean, out: Out): number {
  const flavor = fw.flavor;
  const table = k.table;
  const refs = table.references();
  if (chainName !== null) {
    const c = k.chain(chainName);
    // iptables.c (legacy) says what it is about to do before libiptc looks the chain up
    if (verbose && flavor === 'legacy') out.stdout += `Deleting chain \`${chainName}'\n`;
    if (!c) throw kernelError(E_NOCHAIN);
    if (flavor === 'nft') {
      // a built-in chain goes when it is as iptables-nft would create it (no rules,
      // policy ACCEPT); with another policy iptables-nft refuses, with rules the kernel does
      if (c.builtin && c.policy !== 'ACCEPT') throw kernelError('Directory not empty');
      // said (for a user chain) while the batch is built; the kernel refuses a busy chain at commit
      if (verbose && !c.builtin) out.stdout += `Deleting chain \`${c.name}'\n`;
      k.log(() => chainMsg('del', table, c));
      if (c.rules.length > 0 || (refs.get(c.name) ?? 0) > 0) throw chainDelBusy(c.name);
      if (c.builtin) unmaterialize(c);
      else table.deleteChain(c.name);
      return 0;
    }
    if (c.builtin) throw kernelError("Invalid argument. Run `dmesg' for more information");
    if ((refs.get(c.name) ?? 0) > 0) throw kernelError('Too many links');
    if (c.rules.length > 0) throw kernelError('Directory not empty');
    table.deleteChain(c.name);
    return 0;
  }
  const users = table.userChains();
  if (flavor === 'nft') {
    // one transaction: every chain is tried, nothing changes if one still has rules or is
    // still referenced (the kernel refuses the first such chain of the batch)
    for (const c of users) if (verbose) out.stdout += `Deleting chain \`${c.name}'\n`;
    // the batch follows iptables-nft's chain cache: the kernel's (creation) order, or, with -v,
    // the sorted order the verbose walk uses
    const busy = users.filter((c) => c.rules.length > 0 || (refs.get(c.name) ?? 0) > 0);
    if (!verbose) busy.sort((a, b) => a.seq - b.seq);
    // the batch: the base chains it can remove (hook order), then every user chain
    if (k.batch) {
      for (const c of table.builtinChains()) if (c.materialized && c.rules.length === 0 && c.policy === 'ACCEPT') k.log(() => chainMsg('del', table, c));
      for (const c of users) k.log(() => chainMsg('del', table, c));
    }
    if (busy.length > 0) throw chainDelBusy(busy[0].name);
    for (const c of users) table.deleteChain(c.name);
    // iptables-nft -X also removes the built-in chains it could create again as they are
    // (the others stay, but this batch's cache no longer knows them)
    for (const c of table.builtinChains()) {
      if (!c.materialized) continue;
      if (c.rules.length === 0 && c.policy === 'ACCEPT') unmaterialize(c);
      else k.forgotten?.add(c);
    }
    return 0;
  }
  let err: XtError | null = null;
  const working = new Map(refs);
  for (const c of users) {
    if (verbose) out.stdout += `Deleting chain \`${c.name}'\n`;
    if ((working.get(c.name) ?? 0) > 0) err = kernelError('Too many links');
    else if (c.rules.length > 0) err = kernelError('Directory not empty');
  }
  if (err) throw err;
  for (const c of users) table.deleteChain(c.name);
  return 0;
}

/** nft: a built-in chain leaves the kernel; listings fake it again with the defaults */
function unmaterialize(c: Chain): void {
  c.stats = undefined;
  c.policy = 'ACCEPT';
  c.pkts = 0n;
  c.bytes = 0n;
  c.materialized = false;
}

function foreignExists(op: string, name: string): XtError {
  return new XtError('xt', RESOURCE_PROBLEM, ` ${op} failed (File exists): chain ${name}`);
}

function chainDelBusy(name: string): XtError {
  return new XtError('xt', RESOURCE_PROBLEM, ` CHAIN_DEL failed (Device or resource busy): chain ${name}`);
}

/** Turn the parsed rule spec into one Rule per (source, destination) pair. */
function buildRules(p: ParsedCommand, table: Table, flavor: Flavor, test = false): Rule[] {
  const matches = flavor === 'nft' ? nftNativeMatches(p) : p.matches.map((m) => ({ ext: m.ext, data: m.data }));
  const target = resolveTarget(p, table, flavor, test);
  const rules: Rule[] = [];
  // one address pair (the usual case): the rule can own the match list just built
  const single = p.srcs.length === 1 && p.dsts.length === 1;
  for (const s of p.srcs) {
    for (const d of p.dsts) {
      const r = ruleOf(p, s, d, single ? matches : matches.map((m) => ({ ext: m.ext, data: m.data })), flavor);
      r.target = target;
      r.refusable = mayBeRefused(r, flavor);
      rules.push(r);
    }
  }
  return rules;
}

/** one address pair's rule, without its target (set by the caller, then `refusable`) */
export function ruleOf(p: ParsedCommand, s: AddrMask, d: AddrMask, matches: MatchInstance[], flavor: Flavor): Rule {
  const r = newRule();
  r.src = s.addr;
  r.smsk = s.mask | 0;
  r.dst = d.addr;
  r.dmsk = d.mask | 0;
  // nft has no expression for "+" (any interface): it simply disappears
  // (negated, it reads back as "+": the kernel compares the name with one no interface has)
  r.iniface = flavor === 'nft' && p.iniface === '+' && !(p.inv & INV_IN) ? '' : p.iniface;
  r.outiface = flavor === 'nft' && p.outiface === '+' && !(p.inv & INV_OUT) ? '' : p.outiface;
  // ... though the kernel keeps the interface name's load
  if (flavor === 'nft' && p.iniface === '+') r.anyIn = true;
  if (flavor === 'nft' && p.outiface === '+') r.anyOut = true;
  // (a small integer kept as one: a parsed number can arrive boxed, and one boxed store
  // makes every rule's proto field a box of its own)
  r.proto = p.proto | 0;
  r.inv = p.inv;
  r.frag = p.frag;
  r.matches = matches;
  r.goto = p.goto;
  r.pkts = p.pcnt;
  r.bytes = p.bcnt;
  return r;
}

/*
 * Target references are never changed in place (a rename gives the rule a new one), so
 * rules share them: one per verdict and one per jumped-to chain, not one per rule.
 */
const NO_TARGET: TargetRef = { kind: 'none' };
const VERDICT_REFS = new Map<string, TargetRef>(VERDICTS.map((v) => [v, { kind: 'verdict', name: v }]));

function chainRef(c: Chain): TargetRef {
  const ref = c.jumpRef;
  if (ref !== undefined && ref.name === c.name) return ref;
  // the chain's own name string: later lookups by it (validation, listings) then
  // compare one pointer instead of the text
  return (c.jumpRef = { kind: 'chain', name: c.name, chain: c });
}

export function resolveTarget(p: Pick<ParsedCommand, 'jumpto' | 'target' | 'goto'>, table: Table, flavor: Flavor, test: boolean): TargetRef {
  if (p.jumpto === null) return NO_TARGET;
  if (p.target) return { kind: 'ext', ext: p.target.ext, data: p.target.data };
  return resolveJump(p.jumpto, p.goto, table, flavor, test);
}

/** resolveTarget for a -j / -g that names no target extension (a restore's commit asks 50,000 times) */
export function resolveJump(name: string | null, goto: boolean, table: Table, flavor: Flavor, test: boolean): TargetRef {
  if (name === null) return NO_TARGET;
  if ((VERDICTS as readonly string[]).includes(name)) {
    if (goto) {
      if (flavor === 'legacy') throw paramError(`goto '${name}' is not a chain`);
      throw paramError(`Chain '${name}' does not exist`);
    }
    return VERDICT_REFS.get(name)!;
  }
  const c = table.chains.get(name);
  if (!c && !(test && flavor === 'nft')) {
    if (goto && flavor === 'legacy') throw paramError(`goto '${name}' is not a chain`);
    if (flavor === 'nft') throw paramError(`Chain '${name}' does not exist`);
    throw paramError(`Couldn't load target \`${name}':No such file or directory\n`);
  }
  return c ? chainRef(c) : { kind: 'chain', name, chain: undefined };
}

/** The rule as nf_tables keeps it, once echoed (a few expressions normalise their values). */
export function nftStore(r: Rule): void {
  for (let i = 0; i < r.matches.length; i++) {
    const m = r.matches[i];
    if (!m.ext.nftStored) continue;
    const data = m.ext.nftStored(m.data);
    if (data === m.data) continue;
    // the list may be shared between the address pairs of one command
    r.matches = r.matches.slice();
    r.matches[i] = { ext: m.ext, data };
  }
}

/**
 * libiptc's iptcc_map_target: a jump to one of the table's built-in chains is EINVAL
 * (checked after the chain and the rule index, before the rule goes in or is looked for).
 */
function legacyMapTarget(r: Rule, table: Table): void {
  if (r.target.kind !== 'chain') return;
  if (table.chains.get(r.target.name)?.builtin) throw kernelError(E_INVAL_DMESG);
}

/** canonical text used to tell whether two rules are the same (-D, -C) */
export function ruleKey(r: Rule, names: NameDb): string {
  if (r.key === undefined) {
    let k = ruleSpecText(r, names);
    for (const m of r.matches) if (m.ext.key) k += `\0${m.ext.key(m.data)}`;
    r.key = k;
  }
  return r.key;
}

function ruleCommand(fw: Firewall, k: Kernel, p: ParsedCommand, rules: Rule[], names: NameDb, out: Out, eo: ExecOptions, verbose: boolean): number {
  const flavor = fw.flavor;
  const nft = flavor === 'nft';
  const echo = (): void => {
    if (verbose) for (const r of rules) out.stdout += echoRuleLine(r, names, flavor);
  };
  switch (p.command) {
    case CMD_REPLACE: {
      const c = k.chain(p.chain!);
      // nft echoes the rule only once it found the one to replace
      if (!nft) echo();
      if (!c) throw kernelError(E_NOCHAIN);
      if (p.rulenum > c.rules.length) throw kernelError('Index of replacement too big');
      if (nft) echo();
      if (flavor === 'legacy') legacyMapTarget(rules[0], k.table);
      const old = c.rules[p.rulenum - 1];
      if (flavor === 'nft') {
        // the new rule takes the place, and the handle, of the old one
        k.log(() => ruleMsg('replace', k.table, c, rules[0], old.handle));
        rules[0].handle = old.handle;
        nftStore(rules[0]);
      }
      // -R keeps nothing of the old rule unless -c is given
      c.rules[p.rulenum - 1] = rules[0];
      eo.onAdd?.(rules[0], 'RULE_REPLACE');
      commitRules(fw, k.table, [rules[0]], 'RULE_REPLACE', eo, () => { c.rules[p.rulenum - 1] = old; });
      return 0;
    }
    case CMD_APPEND:
    case CMD_INSERT: {
      // nft: appending or inserting creates the table and a built-in chain it names
      const named = k.table.chains.get(p.chain!);
      const wasMaterialized = named?.materialized;
      if (named) k.create(named);
      const c = k.chain(p.chain!);
      let op: 'RULE_APPEND' | 'RULE_INSERT' = p.command === CMD_APPEND ? 'RULE_APPEND' : 'RULE_INSERT';
      if (!c) {
        // nft: -A prints the rule before it looks the chain up, -I after
        if (!nft || op === 'RULE_APPEND') echo();
        throw kernelError(E_NOCHAIN);
      }
      if (op === 'RULE_INSERT' && p.rulenum > c.rules.length + 1) {
        if (!nft) out.stdout += verbose ? echoRuleLine(rules[0], names, flavor) : '';
        throw kernelError('Index of insertion too big');
      }
      if (flavor === 'legacy') {
        // iptables.c calls iptc_append_entry once per address pair (echo line first) and
        // reports the last failure
        let err: XtError | null = null;
        for (const r of rules) {
          try {
            legacyMapTarget(r, k.table);
          } catch (e) {
            if (!isXtError(e)) throw e;
            if (verbose) out.stdout += echoRuleLine(r, names, flavor);
            err = e;
          }
        }
        if (err) throw err;
        c.materialized = true;
      }
      // nft: inserting right after the last rule is an append
      if (nft && op === 'RULE_INSERT' && p.rulenum > 1 && p.rulenum === c.rules.length + 1) op = 'RULE_APPEND';
      const start = p.command === CMD_APPEND ? c.rules.length : p.rulenum - 1;
      // nft inserts before the rule now at that number, named by its handle
      const ref = nft && op === 'RULE_INSERT' && p.rulenum > 1 ? c.rules[start].handle : undefined;
      for (const r of rules) {
        if (verbose) out.stdout += echoRuleLine(r, names, flavor);
        if (flavor === 'nft') {
          k.log(() => ruleMsg('add', k.table, c, r, ref));
          // the kernel numbers the rule even if the batch fails later
          r.handle = ++k.table.hgen;
          nftStore(r);
        }
        if (p.command === CMD_APPEND) c.rules.push(r);
        // every address pair goes in at the same number, so the last pair ends up first
        else c.rules.splice(start, 0, r);
        eo.onAdd?.(r, op);
      }
      // (no undo closure per rule line when a restore validates at COMMIT)
      if (!eo.deferValidation) commitRules(fw, k.table, rules, op, eo, () => { c.rules.splice(start, rules.length); c.materialized = wasMaterialized; });
      return 0;
    }
    case CMD_DELETE:
    case CMD_CHECK: {
      const c = k.chain(p.chain!);
      // one transaction: a pair that is not found undoes the deletions before it
      const removed: { idx: number; rule: Rule }[] = [];
      let err: XtError | null = null;
      for (const r of rules) {
        try {
          // nft prints the rule only once it was found
          if (verbose && flavor === 'legacy') out.stdout += echoRuleLine(r, names, flavor);
          if (!c) throw kernelError(E_BADRULE);
          if (flavor === 'legacy') legacyMapTarget(r, k.table);
          const key = ruleKey(r, names);
          const idx = c.rules.findIndex((x) => ruleKey(x, names) === key);
          if (idx < 0) {
            // libiptc's iptcc_map_target called iptc_builtin() for a jump or extension target,
            // which left iptc_fn at TC_BUILTIN: the final ENOENT then reads as the generic text
            if (flavor === 'legacy' && (r.target.kind === 'chain' || r.target.kind === 'ext')) throw kernelError(E_NOCHAIN);
            throw kernelError(E_BADRULE);
          }
          if (verbose && flavor === 'nft') out.stdout += echoRuleLine(r, names, flavor);
          if (p.command === CMD_DELETE) {
            k.log(() => ruleMsg('del', k.table, c, idx));
            removed.push({ idx, rule: c.rules.splice(idx, 1)[0] });
          }
        } catch (e) {
          if (!isXtError(e)) throw e;
          err = e;
          // iptables.c goes on with the other pairs (ret &= ...); nft stops at the first
          if (flavor === 'nft' || !c) break;
        }
      }
      if (err) {
        for (let i = removed.length - 1; i >= 0; i--) c!.rules.splice(removed[i].idx, 0, removed[i].rule);
        throw err;
      }
      return 0;
    }
  }
  return 0;
}

/** Run the kernel checks for newly added rules; undo and report as the flavour does. */
function commitRules(fw: Firewall, table: Table, added: Rule[], op: string, eo: ExecOptions, undo: () => void): void {
  if (eo.deferValidation) return;
  const fail = validateTable(table, fw.flavor, added);
  if (!fail) return;
  let where = fail.chain;
  for (const c of table.chains.values()) if (added.some((r) => c.rules.includes(r))) where = c.name;
  undo();
  throw commitError(fw.flavor, fail.kind, op, where, added, table);
}

export function commitError(flavor: Flavor, kind: 'loop' | 'inval' | 'noent' | 'erange' | 'notsup', op: string, chain: string, added: readonly Rule[], table: Table): XtError {
  const errText = kind === 'loop' ? 'Too many links' : kind === 'noent' ? 'No such file or directory' : kind === 'erange' ? 'Numerical result out of range' : kind === 'notsup' ? 'Operation not supported' : 'Invalid argument';
  void added;
  void table;
  if (flavor === 'nft') return new XtError('xt', RESOURCE_PROBLEM, ` ${op} failed (${errText}): rule in chain ${chain}`);
  if (kind === 'noent') return kernelError(E_NOCHAIN);
  if (kind === 'erange') return kernelError('Numerical result out of range');
  return kernelError(kind === 'loop' ? 'Too many levels of symbolic links' : "Invalid argument. Run `dmesg' for more information");
}

/** what iptables-nft says before listing a table with a renamed base chain */
export function incompatibleNote(table: Table): string {
  return table.foreignChains().length > 0 ? `# Table \`${table.name}' contains incompatible base-chains, use 'nft' tool to list them.\n` : '';
}

function listChains(table: Table, chainName: string | null, rulenum: number, f: ListFormat, names: NameDb, out: Out, flavor: Flavor): void {
  let chains: Chain[];
  if (chainName !== null) {
    const c = table.chains.get(chainName);
    if (!c || c.foreign) throw missingListChain(chainName, table.name, flavor);
    chains = [c];
  } else {
    chains = table.allChains();
    out.stdout += incompatibleNote(table);
  }
  table.countReferences();
  const parts = new TextBuilder();
  // the same column heads under every chain (20,000 chains in a big nat table)
  const head = listHeaderColumns(f);
  let first = true;
  for (const c of chains) {
    if (!first) parts.push('\n');
    first = false;
    if (rulenum === 0) {
      let s = `Chain ${c.name}`;
      if (c.builtin) {
        s += ` (policy ${c.policy}`;
        if (f.verbose) {
          if (f.exact) s += ` ${c.pkts} packets, ${c.bytes} bytes`;
          else s += ` ${abbrev(c.pkts, false)}packets, ${abbrev(c.bytes, false)}bytes`;
        }
        s += ')\n';
      } else {
        s += ` (${c.refs} references)\n`;
      }
      parts.push(s);
      parts.push(head);
      for (let i = 0; i < c.rules.length; i++) appendListRuleLine(parts, c.rules[i], i + 1, f, names);
    } else if (rulenum <= c.rules.length) {
      parts.push(listRuleLine(c.rules[rulenum - 1], rulenum, f, names));
    }
  }
  out.stdout += parts.text();
}

function missingListChain(chain: string, table: string, flavor: Flavor): XtError {
  if (flavor === 'nft') return otherError(`chain \`${chain}' in table \`${table}' is incompatible, use 'nft' tool.`);
  return kernelError(E_NOCHAIN);
}

function listRules(table: Table, chainName: string | null, rulenum: number, counters: boolean, names: NameDb, out: Out, flavor: Flavor): void {
  let chains: Chain[];
  if (chainName !== null) {
    const c = table.chains.get(chainName);
    if (!c || c.foreign) throw missingListChain(chainName, table.name, flavor);
    chains = [c];
  } else {
    chains = table.allChains();
    out.stdout += incompatibleNote(table);
  }
  const parts = new TextBuilder();
  if (rulenum === 0) {
    for (const c of chains) {
      if (c.builtin) parts.push(`-P ${c.name} ${c.policy}${counters ? ` -c ${c.pkts} ${c.bytes}` : ''}\n`);
      else parts.push(`-N ${c.name}\n`);
    }
  }
  for (const c of chains) {
    if (rulenum === 0) {
      for (const r of c.rules) parts.push(ruleSaveText(c.name, r, names, { counters }) + '\n');
    } else if (rulenum <= c.rules.length) {
      parts.push(ruleSaveText(c.name, c.rules[rulenum - 1], names, { counters }) + '\n');
    }
  }
  out.stdout += parts.text();
}

