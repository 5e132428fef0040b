// A shortcut through parseCommand for the plain rule lines big rule sets are made of
// (an iptables-save dump of kube-proxy's nat table is 50,000 of them):
//
//   -A CHAIN [!] -s ADDR [!] -d ADDR -p tcp -m comment --comment "..." -m tcp --dport 80 -j TARGET --opt val
//
// It walks the words with the same ParseState as the general parser (so the same option
// bookkeeping, extension parse/final checks, finishParse), but without getopt's
// long-option tables: it only accepts words whose meaning cannot depend on them. An
// extension option must be spelled out in full, belong to the match or target just
// loaded and to no other extension of the line, and not be one of iptables' own long
// names. Anything else (bundled or attached short options, long base options, prefixes,
// `--opt=value`, implicit protocol matches, a second -m of one match, -c, -v ...) and
// any error make it give up: the caller then runs the general parser, which either
// builds the same command or reports the error as iptables does.

import {
  BASE_LONG, CMD_APPEND, CMD_NONE, emptyCommand, finishParse, Getopt, OPT_DESTINATION, OPT_JUMP, OPT_PROTOCOL, OPT_SOURCE,
  OPT_VIANAMEIN, OPT_VIANAMEOUT, parseInterface, parseProtocol, ParseState, parseTargetName, SeenOptions,
  type ExtInstance, type ParsedCommand, type ParseOptions,
} from './cmdline.ts';
import { INV_PROTO } from './model.ts';
import { findMatch, findTarget, isKnownUnmodeledTarget } from './extensions/registry.ts';
import type { ExtOption, MatchExtension, TargetExtension } from './extensions/types.ts';

type AnyExt = MatchExtension<any> | TargetExtension<any>;

/** iptables' own long option names: an exact one wins over any extension's */
const BASE_NAMES = new Set(BASE_LONG.map((o) => o.name));

/**
 * each extension's options by the exact word that names them ("--dport": the first
 * option declared under a name, as getopt finds it), without those an iptables option
 * of the same name shadows
 */
const EXT_OPTIONS = new Map<AnyExt, Map<string, ExtOption>>();

function optionsOf(ext: AnyExt): Map<string, ExtOption> {
  let m = EXT_OPTIONS.get(ext);
  if (m === undefined) {
    m = new Map();
    for (const o of ext.options) {
      const word = `--${o.name}`;
      if (!m.has(word) && !BASE_NAMES.has(o.name)) m.set(word, o);
    }
    EXT_OPTIONS.set(ext, m);
  }
  return m;
}

/** whether an extension of the line other than `cur` also has an option `word` names */
function otherOwner(p: ParsedCommand, cur: ExtInstance<AnyExt>, word: string): boolean {
  for (const m of p.matches) if (m !== cur && optionsOf(m.ext).has(word)) return true;
  return p.target !== null && p.target !== cur && optionsOf(p.target.ext).has(word);
}

/**
 * parseCommand's result for a plain `-A` rule line, or null when the line is not one
 * (or parseCommand would throw): then ask parseCommand.
 */
export function parseRuleFast(argv: readonly string[], popts: ParseOptions, rec?: WalkRecord): ParsedCommand | null {
  try {
    return walk(argv, popts, rec);
  } catch {
    return null;
  }
}

/** what a word was to the walk (WalkRecord.roles) */
export const WORD_FIXED = 0;
export const WORD_CHAIN = 1;
export const WORD_SOURCE = 2;
export const WORD_DESTINATION = 3;
export const WORD_JUMP = 4;
export const WORD_EXT_ARG = 5;

/** one extension option the walk ran, with the command's protocol state at that moment */
export interface OptionStep {
  /** index into WalkRecord.exts */
  inst: number;
  opt: ExtOption;
  invert: boolean;
  /** the argument's word index, or -1 */
  word: number;
  proto: number;
  protoText: string | null;
  inv: number;
}

/**
 * How the walk took a line, for restore-shapes.ts: the role of every word, the
 * extensions (its matches and at most one target) in the order the line loaded them, and
 * the option calls in order. `peeked`: an extension looked past its argument (its next
 * words then depend on the values).
 */
export interface WalkRecord {
  roles: number[];
  exts: Array<MatchExtension<any> | TargetExtension<any>>;
  steps: OptionStep[];
  peeked: boolean;
}

/** ParseState that notes any look past an option's argument */
class RecordingState extends ParseState {
  rec: WalkRecord | undefined;
  peek(): string | null {
    if (this.rec !== undefined) this.rec.peeked = true;
    return super.peek();
  }
  take(): string {
    if (this.rec !== undefined) this.rec.peeked = true;
    return super.take();
  }
}

function walk(argv: readonly string[], popts: ParseOptions, rec: WalkRecord | undefined): ParsedCommand | null {
  const n = argv.length;
  if (n < 2 || argv[0] !== '-A') return null;
  const p = emptyCommand(popts);
  const g = new Getopt(argv);
  const warnings: string[] = [];
  const st = rec === undefined ? new ParseState(p, g, popts, warnings) : new RecordingState(p, g, popts, warnings);
  if (rec !== undefined) (st as RecordingState).rec = rec;
  const roles = rec?.roles;
  let curIdx = -1;
  let src: string | null = null;
  let dst: string | null = null;
  /** the extension whose options may come next */
  let cur: ExtInstance<AnyExt> | null = null;
  while (g.optind < n) {
    const w = argv[g.optind++];
    if (w === '!') {
      if (st.invert) return null;
      st.invert = true;
      continue;
    }
    if (w.length === 2 && w.charCodeAt(0) === 45 /* - */) {
      // every short option handled here takes an argument: the next word, whatever it is
      if (g.optind >= n) return null;
      const argAt = g.optind;
      const arg = argv[g.optind++];
      switch (w) {
        case '-A':
          st.addCommand(CMD_APPEND, CMD_NONE);
          p.chain = arg;
          if (roles) roles[argAt] = WORD_CHAIN;
          break;
        case '-s':
          st.setOption(OPT_SOURCE);
          src = arg;
          if (roles) roles[argAt] = WORD_SOURCE;
          break;
        case '-d':
          st.setOption(OPT_DESTINATION);
          dst = arg;
          if (roles) roles[argAt] = WORD_DESTINATION;
          break;
        case '-p': {
          st.setOption(OPT_PROTOCOL);
          const text = arg.toLowerCase();
          p.protoText = text;
          p.proto = parseProtocol(text, popts.names);
          if (p.proto === 0 && (p.inv & INV_PROTO)) return null;
          break;
        }
        case '-i':
        case '-o':
          if (arg === '') return null;
          st.setOption(w === '-i' ? OPT_VIANAMEIN : OPT_VIANAMEOUT);
          if (w === '-i') p.iniface = parseInterface(arg, st.warnings);
          else p.outiface = parseInterface(arg, st.warnings);
          break;
        case '-m': {
          if (st.invert || arg.length >= 29) return null;
          const ext = findMatch(arg);
          if (ext === null) return null;
          // (a second instance of one match needs getopt's bookkeeping)
          for (const m of p.matches) if (m.ext === ext) return null;
          cur = { ext, data: ext.init(), seen: new SeenOptions(), completed: false };
          p.matches.push(cur as ExtInstance<MatchExtension<any>>);
          if (rec) curIdx = rec.exts.push(ext) - 1;
          break;
        }
        case '-j': {
          st.setOption(OPT_JUMP);
          p.jumpto = parseTargetName(arg);
          const t = findTarget(arg);
          // (a known but unmodelled target is the general parser's error to report)
          if (t === null && isKnownUnmodeledTarget(arg)) return null;
          cur = t === null ? null : (p.target = { ext: t, data: t.init(), seen: new SeenOptions(), completed: false });
          if (rec) {
            if (t === null) roles![argAt] = WORD_JUMP;
            else curIdx = rec.exts.push(t) - 1;
          }
          break;
        }
        case '-g':
          st.setOption(OPT_JUMP);
          p.jumpto = parseTargetName(arg);
          p.goto = true;
          cur = null;
          if (roles) roles[argAt] = WORD_JUMP;
          break;
        default:
          return null;
      }
      st.invert = false;
      continue;
    }
    if (cur === null) return null;
    const opt = optionsOf(cur.ext).get(w);
    if (opt === undefined || otherOwner(p, cur, w)) return null;
    let optarg: string | null = null;
    let argAt = -1;
    if (opt.hasArg === 1) {
      if (g.optind >= n) return null;
      argAt = g.optind;
      optarg = argv[g.optind++];
    }
    if (rec) {
      if (argAt >= 0) roles![argAt] = WORD_EXT_ARG;
      rec.steps.push({ inst: curIdx, opt, invert: st.invert, word: argAt, proto: p.proto, protoText: p.protoText, inv: p.inv });
    }
    st.runExtOption(cur, opt, optarg);
    st.invert = false;
  }
  p.warnings = warnings;
  return finishParse(p, popts, g, st, st.invert, src, dst);
}
