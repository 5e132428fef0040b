// The shape of one xtables extension (iptables' libxt_*.c), as the engine uses it:
// declared options, parse, final check, -L text, -S/save text, the kernel-side
// checkentry, and the packet semantics (match for matches, apply for targets).

import type { Flavor } from '../errors.ts';
import type { NameDb } from '../names/namedb.ts';
import type { PacketView, EvalContext, TargetAction } from '../packet.ts';

export interface ExtOption {
  /** long option name without the dashes */
  name: string;
  /** 0 no argument, 1 required, 2 optional (getopt_long has_arg) */
  hasArg: 0 | 1 | 2;
  /** identifier passed to parse (several names may share one id) */
  id: string;
  /** x6 XTOPT_INVERT: "!" allowed */
  invert?: boolean;
  /** x6 XTOPT_MULTI: may be given more than once */
  multi?: boolean;
  /** x6 XTOPT_MAND: must be given */
  mand?: boolean;
  /** x6 .excl: ids this option cannot be combined with */
  excl?: readonly string[];
  /** x6 .also: ids this option needs */
  also?: readonly string[];
}

export interface ParseCtx {
  names: NameDb;
  flavor: Flavor;
  table: string;
  /** protocol number from -p (0 = none/all) and whether it was negated */
  proto: number;
  invProto: boolean;
  /** the raw -p text as typed (lower-cased), or null */
  protoText: string | null;
  /** for options with an optional argument: the next argv word when it does not start with '-' or '!' */
  peek(): string | null;
  /** consume the word returned by peek() */
  take(): string;
  /** ipset names that exist in the namespace (for -m set) */
  ipsets?: ReadonlySet<string>;
  /** print a note on stderr without failing */
  warn(msg: string): void;
}

export interface RuleInfo {
  proto: number;
  invProto: boolean;
  /** the rule has a tcp match that requires SYN (xt_TCPMSS's find_syn_match) */
  synMatch?: boolean;
}

export interface PrintCtx {
  names: NameDb;
  numeric: boolean;
  rule: RuleInfo;
}

export interface SaveCtx {
  names: NameDb;
  rule: RuleInfo;
}

/** What the kernel checkentry sees. */
export interface CheckCtx {
  flavor: Flavor;
  table: string;
  /** bit set of hooks (HOOK_* in packet.ts) from which the rule can be reached */
  hooks: number;
  rule: RuleInfo;
}

interface ExtensionBase<D> {
  name: string;
  /** the name -L shows in the target column when it differs (NOTRACK is CT to the kernel) */
  listName?: string;
  /**
   * true for extensions that still use the old parse API (libxt_tcp, multiport):
   * the engine then applies none of the x6 option checks.
   */
  oldStyle?: boolean;
  /** revision, only to tell extensions apart in messages */
  options: readonly ExtOption[];
  init(): D;
  /** handle one option; `arg` is null for options without argument */
  parse(id: string, arg: string | null, invert: boolean, data: D, ctx: ParseCtx): void;
  /** after the whole command line (x6_fcheck / final_check) */
  final?(data: D, ctx: ParseCtx, seen: OptionsSeen): void;
  /** -L text, starting with a space (empty string for nothing) */
  print(data: D, ctx: PrintCtx): string;
  /** -S / iptables-save text after "-m name" or "-j NAME", starting with a space */
  save(data: D, ctx: SaveCtx): string;
  /** kernel checkentry: false refuses the rule with EINVAL, 'noent' with ENOENT */
  check?(data: D, ctx: CheckCtx): boolean | 'noent' | 'erange';
  /** what -C/-D compare that the save text does not show (the kernel compares the bytes) */
  key?(data: D): string;
  /** nft: what the kernel keeps of the data when the rule goes in (returns `data` if unchanged) */
  nftStored?(data: D): D;
}

/** the option ids an instance was given (cmdline.ts SeenOptions) */
export interface OptionsSeen {
  has(id: string): boolean;
  readonly size: number;
}

export interface MatchExtension<D = unknown> extends ExtensionBase<D> {
  kind: 'match';
  /** the kernel refuses the match unless -p is exactly this protocol (not negated) */
  proto?: number;
  match(data: D, pkt: PacketView, ctx: EvalContext): boolean;
}

export interface TargetExtension<D = unknown> extends ExtensionBase<D> {
  kind: 'target';
  /** what the target does to the packet; the engine turns it into the traversal result */
  apply(data: D, pkt: PacketView, ctx: EvalContext): TargetAction;
}

export type Extension = MatchExtension<any> | TargetExtension<any>;

export function defineMatch<D>(m: MatchExtension<D>): MatchExtension<D> {
  return m;
}

export function defineTarget<D>(t: TargetExtension<D>): TargetExtension<D> {
  return t;
}
