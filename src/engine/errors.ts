// Every way iptables 1.8.9 reports a failure, as a value. Nothing in the engine throws
// anything else to its caller: run* functions turn an XtError into stderr text.

export type Flavor = 'nft' | 'legacy';

/** xtables exit statuses (include/xtables.h enum xtables_exittype). */
export const OTHER_PROBLEM = 1;
export const PARAMETER_PROBLEM = 2;
export const VERSION_PROBLEM = 3;
export const RESOURCE_PROBLEM = 4;

export type XtErrorKind =
  /** xtables_error(): "<prog> v1.8.9 (<flavor>): <msg>\n" + status-specific tail */
  | 'xt'
  /** libiptc / nft cache error: "iptables: <msg>.\n", exit 1 */
  | 'kernel'
  /** text printed as is */
  | 'raw'
  /** text, then exit_tryhelp's lines (no program prefix) */
  | 'tryhelp'
  /** not a failure: text for stdout, then exit at once with the status (-h or -V in a
   *  restore line ends iptables-restore there, committing nothing more) */
  | 'stdout'
  /** the process dies of a signal (status 128 + signal): the text is what the shell says */
  | 'signal';

export class XtError {
  readonly kind: XtErrorKind;
  readonly status: number;
  readonly msg: string;
  constructor(kind: XtErrorKind, status: number, msg: string) {
    this.kind = kind;
    this.status = status;
    this.msg = msg;
  }
}

export function paramError(msg: string): XtError {
  return new XtError('xt', PARAMETER_PROBLEM, msg);
}

export function otherError(msg: string): XtError {
  return new XtError('xt', OTHER_PROBLEM, msg);
}

export function kernelError(msg: string, status = 1): XtError {
  return new XtError('kernel', status, msg);
}

export const E_NOCHAIN = 'No chain/target/match by that name';
export const E_BADRULE = 'Bad rule (does a matching rule exist in that chain?)';
export const E_EXISTS = 'Chain already exists';
export const E_INVAL_DMESG = "Invalid argument. Run `dmesg' for more information";

export function versionString(flavor: Flavor): string {
  return flavor === 'nft' ? 'v1.8.9 (nf_tables)' : 'v1.8.9 (legacy)';
}

/**
 * Render an error the way the real program prints it. `prog` is the program name
 * iptables uses in messages (iptables, iptables-restore); `line` is the restore line
 * number (exit_tryhelp prints "Error occurred at line").
 */
export function formatError(e: XtError, prog: string, flavor: Flavor, line = -1): string {
  if (e.kind === 'raw' || e.kind === 'signal') return e.msg;
  // its text is stdout's: the callers that allow it (iptables-restore) print it there
  if (e.kind === 'stdout') return '';
  if (e.kind === 'tryhelp') {
    return e.msg + (line !== -1 ? `Error occurred at line: ${line}\n` : '') + `Try \`${prog} -h' or '${prog} --help' for more information.\n`;
  }
  if (e.kind === 'kernel') return `iptables: ${e.msg}.\n`;
  let s = `${prog} ${versionString(flavor)}: ${e.msg}\n`;
  if (e.status === PARAMETER_PROBLEM) {
    if (line !== -1) s += `Error occurred at line: ${line}\n`;
    s += `Try \`${prog} -h' or '${prog} --help' for more information.\n`;
  } else if (e.status === VERSION_PROBLEM) {
    s += 'Perhaps iptables or your kernel needs to be upgraded.\n';
  }
  return s;
}

export function isXtError(e: unknown): e is XtError {
  return e instanceof XtError;
}
