import { parse, ShellSyntaxError } from './parse.ts';
import type { Pipeline, Redir, SimpleCommand, Word } from './parse.ts';
import type {
  CommandContext,
  CommandRegistry,
  CommandResult,
  ExecOptions,
  SessionControl,
  ShellFs,
  Where,
} from './types.ts';

/** The session state the executor reads and writes. */
export interface Runtime<W> {
  vars: Map<string, string>;
  lastCode: number;
  cwd: string;
  where(): Where;
  registry: CommandRegistry<W>;
  session: SessionControl;
  fs: ShellFs;
  /** The file view of a nested command (kubectl exec sees the pod's container files). */
  fsFor(where: Where, env: Record<string, string> | undefined): ShellFs;
  world: W;
  /** `$$` */
  pid: number;
}

/** Collects what the terminal shows, stopping early when a command floods it. */
export class Screen {
  text = '';
  /** The same text split by stream, for callers that keep them apart (nfsim's stdout/stderr). */
  out = '';
  err = '';
  /** Past this the rest is dropped; boundOutput() later trims to the real limit with a note. */
  static readonly HARD_CAP = 1024 * 1024;
  dropped = false;
  write(s: string, fd: 1 | 2 = 1): void {
    if (!s) return;
    if (this.text.length >= Screen.HARD_CAP) {
      this.dropped = true;
      return;
    }
    this.text += s;
    if (fd === 2) this.err += s;
    else this.out += s;
  }
}

const BIN_DIRS = ['/usr/sbin/', '/usr/bin/', '/sbin/', '/bin/', '/usr/local/bin/', '/usr/local/sbin/'];

/** Expands $VAR/$? in a word. Returns null for an unquoted word that expands to nothing. */
export function expandWord<W>(rt: Runtime<W>, word: Word): string | null {
  let s = '';
  for (const p of word.parts) {
    if (p.kind === 'lit') s += p.text;
    else s += varValue(rt, p.name);
  }
  if (!s && !word.quoted) return null;
  return s;
}

function varValue<W>(rt: Runtime<W>, name: string): string {
  switch (name) {
    case '?':
      return String(rt.lastCode);
    case '$':
      return String(rt.pid);
    case '#':
      return '0';
    case '0':
      return 'bash';
    case '-':
      return 'himBHs';
    case '!':
    case '@':
    case '*':
      return '';
    default:
      return rt.vars.get(name) ?? '';
  }
}

function envObject<W>(rt: Runtime<W>, extra?: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = Object.fromEntries(rt.vars);
  env['?'] = String(rt.lastCode);
  return extra ? { ...env, ...extra } : env;
}

/** Looks a command up the way PATH search would, so /usr/sbin/iptables works too. */
function lookup<W>(rt: Runtime<W>, name: string) {
  if (!name.includes('/')) return rt.registry.get(name);
  for (const dir of BIN_DIRS) {
    if (name.startsWith(dir) && !name.slice(dir.length).includes('/')) return rt.registry.get(name.slice(dir.length));
  }
  return undefined;
}

/** Runs one argv. Never throws: a command that throws becomes an internal-error message. */
export function runArgv<W>(rt: Runtime<W>, argv: string[], opts: ExecOptions = {}): CommandResult {
  const name = argv[0];
  if (name === undefined) return { stdout: '', stderr: '', code: 0 };
  const cmd = lookup(rt, name);
  if (!cmd) {
    // A path that names a file or directory exists but is not one of our programs.
    const found = name.includes('/') ? rt.fs.read(rt.fs.resolve(name)) : { error: 'ENOENT' as const };
    const reason = 'text' in found || found.error === 'EISDIR' ? 'EACCES' : 'ENOENT';
    if (opts.execFailed) return opts.execFailed(name, reason);
    if (reason === 'EACCES') return { stdout: '', stderr: `bash: ${name}: ${'text' in found ? 'Permission denied' : 'Is a directory'}\n`, code: 126 };
    if (name.includes('/')) return { stdout: '', stderr: `bash: ${name}: No such file or directory\n`, code: 127 };
    return { stdout: '', stderr: `bash: ${name}: command not found\n`, code: 127 };
  }
  const where = opts.where ?? rt.where();
  const ctx: CommandContext<W> = {
    argv,
    stdin: opts.stdin ?? '',
    env: envObject(rt, opts.env),
    cwd: rt.cwd,
    where,
    uid: opts.uid ?? 0,
    gid: opts.gid ?? 0,
    tty: opts.tty ?? false,
    world: rt.world,
    exec: (inner, innerOpts = {}) =>
      runArgv(rt, inner, { where, uid: opts.uid, gid: opts.gid, tty: opts.tty, ...innerOpts }),
    registry: rt.registry,
    session: rt.session,
    fs: opts.where || opts.env ? rt.fsFor(where, opts.env) : rt.fs,
  };
  try {
    const res = cmd.run(ctx);
    if (!res || typeof res.code !== 'number') {
      return { stdout: '', stderr: `bash: ${name}: internal error: no result\n`, code: 1 };
    }
    return { stdout: String(res.stdout ?? ''), stderr: String(res.stderr ?? ''), code: res.code };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { stdout: '', stderr: `bash: ${name}: internal error: ${msg}\n`, code: 1 };
  }
}

type Sink = { kind: 'pipe' } | { kind: 'tty' } | { kind: 'null' } | { kind: 'file'; path: string };

function fsError(path: string, err: 'ENOENT' | 'EISDIR'): string {
  return `bash: ${path}: ${err === 'ENOENT' ? 'No such file or directory' : 'Is a directory'}\n`;
}

interface Prepared {
  stdin?: string;
  sinks: Map<number, Sink>;
}

/** Applies redirections in order (so `>/dev/null 2>&1` and `2>&1 >/dev/null` differ as in bash). */
function prepareRedirs<W>(rt: Runtime<W>, redirs: Redir[], screen: Screen): Prepared | null {
  const sinks = new Map<number, Sink>([
    [1, { kind: 'pipe' }],
    [2, { kind: 'tty' }],
  ]);
  let stdin: string | undefined;
  for (const r of redirs) {
    const target = expandWord(rt, r.target);
    if (target === null) {
      screen.write('bash: ambiguous redirect\n', 2);
      return null;
    }
    if (r.op === '>&') {
      if (target === '-') {
        sinks.set(r.fd, { kind: 'null' });
        continue;
      }
      if (/^\d+$/.test(target)) {
        const src = sinks.get(Number(target));
        if (!src) {
          screen.write(`bash: ${target}: Bad file descriptor\n`, 2);
          return null;
        }
        sinks.set(r.fd, src);
        continue;
      }
      // `>&file` is bash shorthand for &>file.
    }
    if (r.op === '<<') {
      if (r.fd === 0) stdin = target;
      continue;
    }
    if (r.op === '<') {
      const path = rt.fs.resolve(target);
      const res = rt.fs.read(path);
      if ('error' in res) {
        screen.write(fsError(target, res.error), 2);
        return null;
      }
      if (r.fd === 0) stdin = res.text;
      continue;
    }
    const path = rt.fs.resolve(target);
    let sink: Sink;
    if (path === '/dev/null') sink = { kind: 'null' };
    else if (path === '/dev/stdout') sink = sinks.get(1)!;
    else if (path === '/dev/stderr') sink = sinks.get(2)!;
    else {
      const append = r.op === '>>' || r.op === '&>>';
      const err = rt.fs.write(path, '', append);
      if (err) {
        screen.write(fsError(target, err), 2);
        return null;
      }
      sink = { kind: 'file', path };
    }
    if (r.op === '&>' || r.op === '&>>' || (r.op === '>&' && !/^\d+$/.test(target))) {
      sinks.set(1, sink);
      sinks.set(2, sink);
    } else {
      sinks.set(r.fd, sink);
    }
  }
  return { stdin, sinks };
}

function route<W>(rt: Runtime<W>, sink: Sink, text: string, screen: Screen, pipeOut: string[], fd: 1 | 2): void {
  if (!text) return;
  switch (sink.kind) {
    case 'null':
      return;
    case 'tty':
      screen.write(text, fd);
      return;
    case 'pipe':
      pipeOut.push(text);
      return;
    case 'file':
      rt.fs.write(sink.path, text, true);
      return;
  }
}

function runSimple<W>(
  rt: Runtime<W>,
  cmd: SimpleCommand,
  stdin: string,
  isLast: boolean,
  screen: Screen,
): { stdout: string; code: number } {
  const argv: string[] = [];
  for (const w of cmd.words) {
    const v = expandWord(rt, w);
    if (v !== null) argv.push(v);
  }
  const assigned: Record<string, string> = {};
  for (const a of cmd.assigns) assigned[a.name] = expandWord(rt, a.value) ?? '';
  const prepared = prepareRedirs(rt, cmd.redirs, screen);
  if (!prepared) return { stdout: '', code: 1 };
  if (!argv.length) {
    // Bare assignments set shell variables, as in `X=1; echo $X`.
    for (const [k, v] of Object.entries(assigned)) rt.vars.set(k, v);
    return { stdout: '', code: 0 };
  }
  const out1 = prepared.sinks.get(1)!;
  const res = runArgv(rt, argv, {
    stdin: prepared.stdin ?? stdin,
    env: Object.keys(assigned).length ? assigned : undefined,
    tty: out1.kind === 'tty' || (out1.kind === 'pipe' && isLast),
  });
  const pipeOut: string[] = [];
  // No newline is added: `echo -n x` leaves the prompt on the same line, as in bash.
  const stdout = res.stdout;
  const stderr = res.stderr;
  // A tty shows the error before the output of a command that prints both.
  const s1 = prepared.sinks.get(1)!;
  const s2 = prepared.sinks.get(2)!;
  const toTty = (s: Sink): Sink => (s.kind === 'pipe' && isLast ? { kind: 'tty' } : s);
  route(rt, toTty(s2), stderr, screen, pipeOut, 2);
  route(rt, toTty(s1), stdout, screen, pipeOut, 1);
  return { stdout: pipeOut.join(''), code: res.code };
}

function runPipeline<W>(rt: Runtime<W>, p: Pipeline, screen: Screen): number {
  let data = '';
  let code = 0;
  p.commands.forEach((cmd, i) => {
    const res = runSimple(rt, cmd, data, i === p.commands.length - 1, screen);
    data = res.stdout;
    code = res.code;
  });
  if (p.bang) code = code === 0 ? 1 : 0;
  return code;
}

/** Runs a whole input line; writes what a terminal would show to `screen`; returns `$?`. */
export function runLine<W>(rt: Runtime<W>, line: string, screen: Screen): number {
  let script;
  try {
    script = parse(line);
  } catch (err) {
    if (err instanceof ShellSyntaxError) {
      screen.write(`bash: ${err.message}\n`, 2);
      rt.lastCode = 2;
      return 2;
    }
    screen.write(`bash: internal error: ${err instanceof Error ? err.message : String(err)}\n`, 2);
    rt.lastCode = 1;
    return 1;
  }
  for (const w of script.warnings) screen.write(`bash: ${w}\n`, 2);
  for (const list of script.lists) {
    rt.lastCode = runPipeline(rt, list.first, screen);
    for (const { op, pipeline } of list.rest) {
      if (op === '&&' ? rt.lastCode !== 0 : rt.lastCode === 0) continue;
      rt.lastCode = runPipeline(rt, pipeline, screen);
    }
  }
  return rt.lastCode;
}
