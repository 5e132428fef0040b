import { registerBasics } from './builtins/basic.ts';
import { explain } from './builtins/explain.ts';
import { ls } from './builtins/ls.ts';
import { date, sleep, uname } from './builtins/system.ts';
import { man, MAN_PAGES } from './builtins/man.ts';
import { ps } from './builtins/ps.ts';
import { registerTutorial } from './builtins/tutorial.ts';
import { complete as completeLine } from './complete.ts';
import { runLine, Screen } from './exec.ts';
import { isIncomplete } from './parse.ts';
import type { Runtime } from './exec.ts';
import { grep } from './filters/grep.ts';
import { cat, head, sort, tail, uniq, wc } from './filters/text.ts';
import { createFs } from './fs.ts';
import type { ShellHost } from './host.ts';
import type { TermLang } from '../i18n/terminal.ts';
import { boundOutput, MAX_HISTORY, MAX_HISTORY_ENTRY } from './limits.ts';
import { createRegistry } from './registry.ts';
import type { CommandRegistry, Completion, RunOutput, SessionControl, Where, CommandResult } from './types.ts';
import { NODE } from './types.ts';

export interface SessionOptions<W> {
  scenario: string;
  /** Builds the world for the scenario; called at start and on every `reset`. */
  makeHost?: (scenario: string) => ShellHost<W> | undefined;
  /** Commands run silently at start and after `reset` (the chapter's `setup`). */
  setup?: string[];
  /** Flow point to start at (after setup). */
  at?: number;
  /** Language of the guide's own notices (reset, truncated output ...); programs stay English. */
  lang?: TermLang;
  /** Extra commands registered after the world's (tests, the site's own helpers). */
  register?: (registry: CommandRegistry<W>) => void;
}

/** What survives a reload: the history, and the lines that built the current state
 *  (replayed on restore, so any world that is deterministic restores exactly). */
export interface SessionSnapshot {
  v: 1;
  scenario: string;
  history: string[];
  log: string[];
}

export interface Session<W = unknown> {
  run(line: string): RunOutput;
  /** Like run(), but what reached the terminal split by stream (fd 1, fd 2), for nfsim. */
  runStreams(line: string): CommandResult;
  /** True when bash would ask for more input (open quote, trailing |, here-document). */
  isIncomplete(text: string): boolean;
  /** Runs a line without recording it in history or in the replay log (quiz checks). */
  check(line: string): RunOutput;
  prompt(): string;
  complete(line: string, cursor?: number): Completion;
  history(): readonly string[];
  where(): Where;
  scenario(): string;
  host(): ShellHost<W> | undefined;
  /** Current flow point, or undefined when the scenario has no flow. */
  flowPoint(): number | undefined;
  snapshot(): SessionSnapshot;
  /** Rebuilds the state a snapshot describes; returns false (and stays at the start) if it is unusable. */
  restore(snap: unknown): boolean;
  reset(): void;
  /** Sets `$?` (an interrupted command: 130, as bash does after ^C). */
  setStatus(code: number): void;
}

const SHELL_PID = 4021;
/** Lines made only of these commands change nothing worth replaying on restore. */
const PURE = new Set([
  'grep', 'head', 'tail', 'wc', 'sort', 'uniq', 'cat', 'less', 'more', 'echo', 'help', 'man', 'explain',
  'history', 'id', 'whoami', 'hostname', 'ps', 'pwd', 'true', 'false', 'type', 'which', 'clear', ':', 'ls', 'date', 'uname', 'sleep',
]);
const MAX_LOG = 400;

function baseVars(): Map<string, string> {
  return new Map([
    ['HOME', '/root'],
    ['USER', 'root'],
    ['LOGNAME', 'root'],
    ['SHELL', '/bin/bash'],
    ['HOSTNAME', 'node-1'],
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['PWD', '/root'],
    ['TERM', 'xterm-256color'],
    ['LANG', 'C.UTF-8'],
  ]);
}

export function createSession<W = unknown>(opts: SessionOptions<W>): Session<W> {
  let host: ShellHost<W> | undefined;
  let registry: CommandRegistry<W>;
  let vars = baseVars();
  let cwd = '/root';
  let stack: Where[] = [];
  let files = new Map<string, string>();
  let historyList: string[] = [];
  let log: string[] = [];
  let lastCode = 0;
  let clearRequested = false;
  let resetRequested = false;

  const where = (): Where => stack[stack.length - 1] ?? NODE;

  const control: SessionControl = {
    enterSubshell(w) {
      stack.push(w);
    },
    leaveSubshell() {
      return stack.pop() !== undefined;
    },
    clearScreen() {
      clearRequested = true;
    },
    history: () => historyList,
    clearHistory() {
      historyList = [];
    },
    reset() {
      resetRequested = true;
      doReset();
    },
    scenario: () => opts.scenario,
    setVar(name, value) {
      if (value === undefined) vars.delete(name);
      else vars.set(name, value);
    },
    chdir(path) {
      cwd = path;
      vars.set('PWD', path);
    },
    depth: () => stack.length,
    lang: () => opts.lang ?? 'en',
  };

  const fs = createFs({
    files: () => files,
    cwd: () => cwd,
    host: () => host,
    where,
  });
  const fsFor = (w: Where, env: Record<string, string> | undefined) =>
    createFs({ files: () => files, cwd: () => cwd, host: () => host, where: () => w, env: () => env });

  const rt: Runtime<W> = {
    get vars() {
      return vars;
    },
    get lastCode() {
      return lastCode;
    },
    set lastCode(c: number) {
      lastCode = c;
    },
    get cwd() {
      return cwd;
    },
    where,
    get registry() {
      return registry;
    },
    session: control,
    fs,
    fsFor,
    get world() {
      return host?.world as W;
    },
    pid: SHELL_PID,
  };

  function buildRegistry(): CommandRegistry<W> {
    const reg = createRegistry<W>();
    const r = reg as unknown as CommandRegistry<unknown>;
    registerBasics(reg, () => host);
    r.register('grep', grep, { summary: 'print lines that match a pattern', usage: 'grep [-vinwcEFqo] PATTERN [FILE...]', flags: ['-v', '-i', '-n', '-c', '-w', '-E', '-F', '-o', '-q', '-A', '-B', '-C'] });
    r.register('head', head, { summary: 'first lines (-n N)', flags: ['-n'] });
    r.register('tail', tail, { summary: 'last lines (-n N, -n +N)', flags: ['-n'] });
    r.register('wc', wc, { summary: 'count lines, words, bytes', flags: ['-l', '-w', '-c'] });
    r.register('sort', sort, { summary: 'sort lines (-n -r -u -k N)', flags: ['-n', '-r', '-u', '-k'] });
    r.register('uniq', uniq, { summary: 'drop repeated lines (-c -d -u)', flags: ['-c', '-d', '-u'] });
    r.register('cat', cat, { summary: 'print files (e.g. /etc/services)', flags: ['-n', '-A'] });
    r.register('less', cat, { summary: 'print files (no pager here)', hidden: true });
    r.register('more', cat, { summary: 'print files (no pager here)', hidden: true });
    r.register('date', (ctx) => date(ctx, () => host?.now?.() ?? new Date()), { summary: 'print the date (UTC)' });
    r.register('uname', (ctx) => uname(ctx, host?.hostname() ?? 'node-1'), { summary: 'print the kernel name and version', flags: ['-a', '-r'] });
    r.register('sleep', sleep, { summary: 'wait (instantly: the simulated clock does not wait for the page)', hidden: true });
    r.register('ls', ls, { summary: 'list a directory (/etc, /tmp ...)', flags: ['-l', '-a', '-1'] });
    r.register('man', man, { summary: 'short manual pages: man iptables', complete: () => MAN_PAGES });
    r.register('explain', explain, { summary: "explain each part of an iptables rule: explain '-A ...'" });
    reg.register('ps', (ctx) => ps(ctx, host), { summary: 'list processes (ps -ef, ps aux)', flags: ['-ef', 'aux', '-p', '-o'] });
    registerTutorial(reg, () => host);
    host?.registerCommands?.(reg);
    opts.register?.(reg);
    return reg;
  }

  function runSilently(line: string): void {
    const screen = new Screen();
    runLine(rt, line, screen);
    clearRequested = false;
  }

  function doReset(): void {
    host = opts.makeHost?.(opts.scenario);
    registry = buildRegistry();
    vars = baseVars();
    cwd = '/root';
    stack = [];
    files = new Map();
    log = [];
    lastCode = 0;
    for (const line of opts.setup ?? []) runSilently(line);
    const flow = host?.flow?.();
    if (flow && opts.at !== undefined && opts.at >= 0 && opts.at <= flow.last()) flow.goto(opts.at);
    lastCode = 0;
  }

  function isPure(line: string): boolean {
    if (/[<>]/.test(line)) return false;
    return line
      .split(/\|\||&&|[|;]/)
      .map((seg) => seg.trim().split(/\s+/)[0] ?? '')
      .every((w) => !w || PURE.has(w));
  }

  function remember(line: string): void {
    // Debian's default HISTCONTROL=ignoreboth: skip blank lines, lines starting with a
    // space, and repeats of the previous line.
    if (!line.trim() || /^\s/.test(line)) return;
    const entry = line.length > MAX_HISTORY_ENTRY ? line.slice(0, MAX_HISTORY_ENTRY) : line;
    if (historyList[historyList.length - 1] === entry) return;
    historyList.push(entry);
    if (historyList.length > MAX_HISTORY) historyList = historyList.slice(-MAX_HISTORY);
  }

  doReset();

  function record(line: string): { screen: Screen; code: number } {
    clearRequested = false;
    resetRequested = false;
    remember(line);
    const screen = new Screen();
    const code = runLine(rt, line, screen);
    if (host?.traceEnabled?.()) {
      try {
        screen.write(host.drainTrace?.() ?? '');
      } catch {
        // A broken trace printer must not take the command's output with it.
      }
    }
    if (resetRequested) log = [];
    if (!isPure(line) && line.trim()) {
      log.push(line);
      if (log.length > MAX_LOG) log = log.slice(-MAX_LOG);
    }
    return { screen, code };
  }

  const session: Session<W> = {
    run(line: string): RunOutput {
      const { screen, code } = record(line);
      return { output: boundOutput(screen.text, opts.lang), code, clear: clearRequested };
    },
    runStreams(line: string): CommandResult {
      const { screen, code } = record(line);
      return { stdout: screen.out, stderr: screen.err, code };
    },
    isIncomplete: (text: string) => isIncomplete(text),
    check(line: string): RunOutput {
      clearRequested = false;
      const screen = new Screen();
      const code = runLine(rt, line, screen);
      return { output: boundOutput(screen.text, opts.lang), code, clear: false };
    },
    prompt() {
      const dir = cwd === '/root' ? '~' : cwd.startsWith('/root/') ? '~' + cwd.slice(5) : cwd;
      const w = where();
      const base = `root@${host?.hostname() ?? 'node-1'}:${dir}# `;
      return w.kind === 'netns' ? `[netns ${w.label}] ${base}` : base;
    },
    complete(line, cursor = line.length) {
      return completeLine({ line, cursor, registry, where: where(), host, fs, files: () => files });
    },
    history: () => historyList,
    where,
    scenario: () => opts.scenario,
    host: () => host,
    flowPoint: () => host?.flow?.()?.current(),
    snapshot() {
      return { v: 1, scenario: opts.scenario, history: [...historyList], log: [...log] };
    },
    restore(snap: unknown) {
      if (!isSnapshot(snap) || snap.scenario !== opts.scenario) return false;
      doReset();
      for (const line of snap.log) {
        resetRequested = false;
        runSilently(line);
        if (resetRequested) log = [];
        log.push(line);
      }
      historyList = snap.history.slice(-MAX_HISTORY).map((h) => h.slice(0, MAX_HISTORY_ENTRY));
      return true;
    },
    reset() {
      doReset();
    },
    setStatus(code: number) {
      lastCode = code;
    },
  };
  return session;
}

function isSnapshot(x: unknown): x is SessionSnapshot {
  if (!x || typeof x !== 'object') return false;
  const s = x as Record<string, unknown>;
  return (
    s.v === 1 &&
    typeof s.scenario === 'string' &&
    Array.isArray(s.history) &&
    s.history.every((h) => typeof h === 'string') &&
    Array.isArray(s.log) &&
    s.log.every((h) => typeof h === 'string') &&
    s.log.length <= MAX_LOG
  );
}
