import type { TermLang } from '../i18n/terminal.ts';
// The contract between the shell and every command registered into it
// (engine: iptables*, world: nsenter, kubectl, curl, conntrack, ss, ip; shell: builtins, filters).
// Commands are synchronous and pure TypeScript: no DOM, no Node APIs.

/** What every command returns. A command never throws to its caller. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** "Where am I": the node's root shell, or a pod's network namespace entered with nsenter.
 *  `pid` is the process whose namespaces were entered (`nsenter -t 8533 -n`). `label` is what
 *  the prompt shows (e.g. the pod name, `reviews-v1-5b86c6f6d4-jm4tq`). `netns` is the world's
 *  own key for that namespace (opaque to the shell). */
export type Where =
  | { kind: 'node' }
  | { kind: 'netns'; pid: number; label: string; netns: string };

export const NODE: Where = { kind: 'node' };

/** Options for running a nested command (nsenter/kubectl exec/timeout/xargs use this). */
export interface ExecOptions {
  where?: Where;
  stdin?: string;
  uid?: number;
  gid?: number;
  env?: Record<string, string>;
  /** Whether the command's stdout reaches the terminal (ls prints columns then). */
  tty?: boolean;
  /** For programs that exec their payload themselves (execvp, not bash): how to report a
   *  name that cannot be run. Without it the shell answers as bash does. */
  execFailed?: (name: string, reason: ExecFailure) => CommandResult;
}

/** Why execvp refused a name: none found (ENOENT) or found but not a program (EACCES). */
export type ExecFailure = 'ENOENT' | 'EACCES';

/** What a command may ask of the session around it (tutorial glue, nsenter, clear, exit). */
export interface SessionControl {
  /** Push a sub-shell at `where` (nsenter with no command); `exit` pops it. */
  enterSubshell(where: Where): void;
  /** Pop the innermost sub-shell. Returns false at top level. */
  leaveSubshell(): boolean;
  /** Ask the front end to clear the screen (xterm: clear; plain text: nothing). */
  clearScreen(): void;
  /** Commands typed so far in this session (oldest first). */
  history(): readonly string[];
  /** Clear the history (history -c). */
  clearHistory(): void;
  /** Restore the chapter's starting state (scenario + setup + flow point). */
  reset(): void;
  /** The scenario this session runs. */
  scenario(): string;
  /** Set (or with `undefined`, unset) a shell variable; used by export/unset/cd. */
  setVar(name: string, value: string | undefined): void;
  /** Change the working directory (already resolved and checked by the caller). */
  chdir(path: string): void;
  /** The page's language, for what the guide itself says (src/i18n/terminal.ts). */
  lang(): TermLang;
  /** How many nsenter sub-shells deep we are (0 at the node's own shell). */
  depth(): number;
}

/** Everything a command sees. `W` is the simulated world's type (src/world); commands written
 *  outside the world layer see it as `unknown` and narrow it themselves. */
export interface CommandContext<W = unknown> {
  /** argv[0] is the command name as typed. */
  argv: string[];
  /** Text piped in (empty string when nothing is piped). */
  stdin: string;
  /** Shell variables visible to the command (HOME, PATH, HOSTNAME, USER, `?` ...). */
  env: Record<string, string>;
  cwd: string;
  where: Where;
  uid: number;
  gid: number;
  /** True when stdout goes to the terminal, not into a pipe or a file (isatty(1)). */
  tty: boolean;
  /** The simulated node/cluster. `undefined` only for an engine-only session without a world. */
  world: W;
  /** Run argv as a nested command (registry lookup, same world), e.g. nsenter's payload. */
  exec(argv: string[], opts?: ExecOptions): CommandResult;
  registry: CommandRegistry<W>;
  session: SessionControl;
  /** The files this shell can see: the host's /etc (names, services ...) and files written with `>`. */
  fs: ShellFs;
}

/** A tiny file view. Paths are resolved against cwd by the shell before they get here. */
export interface ShellFs {
  /** File text, or an errno-style reason ('ENOENT' | 'EISDIR'). */
  read(path: string): { text: string } | { error: 'ENOENT' | 'EISDIR' };
  /** Writes (or appends) text; returns an error reason when the path cannot be written. */
  write(path: string, text: string, append: boolean): 'ENOENT' | 'EISDIR' | null;
  isDir(path: string): boolean;
  /** Absolute path for `path` seen from cwd (`~` is /root). */
  resolve(path: string): string;
  /** Names in a directory (files and sub-directories), sorted; empty for an unknown one. */
  list(dir: string): string[];
}

export type Command<W = unknown> = (ctx: CommandContext<W>) => CommandResult;

/** What Tab completion knows about the position being completed. */
export interface CompletionRequest<W = unknown> {
  /** Words before the one being completed (argv[0] first). */
  argv: string[];
  /** The partial word under the cursor ('' when completing a fresh word). */
  word: string;
  where: Where;
  world: W;
}

export interface CommandMeta<W = unknown> {
  /** One line for `help`. */
  summary: string;
  /** Usage line(s) for `help NAME`. */
  usage?: string;
  /** Flags offered by Tab completion (e.g. ['-t', '-L', '-S', '--line-numbers']). */
  flags?: string[];
  /** Extra candidates for the word being completed (chain names, pod names, PIDs ...). */
  complete?: (req: CompletionRequest<W>) => string[];
  /** Hidden from `help` (aliases such as `more`). */
  hidden?: boolean;
}

export interface RegisteredCommand<W = unknown> {
  name: string;
  run: Command<W>;
  meta: CommandMeta<W>;
}

export interface CommandRegistry<W = unknown> {
  register(name: string, run: Command<W>, meta: CommandMeta<W>): void;
  get(name: string): RegisteredCommand<W> | undefined;
  has(name: string): boolean;
  /** All registered names, sorted. */
  names(): string[];
}

/** What the front end gets back for one line typed at the prompt. */
export interface RunOutput {
  /** Stdout and stderr in the order a tty would show them; no ANSI codes. Like bash, it may
   *  lack a final newline (`echo -n x`); the front end then draws the prompt on that line. */
  output: string;
  /** Exit status of the last pipeline (`$?`). */
  code: number;
  /** True when a command asked for the screen to be cleared (clear, Ctrl-L). */
  clear: boolean;
}

/** Tab completion answer: candidates for the word at the cursor and where that word starts. */
export interface Completion {
  candidates: string[];
  /** Index in the line where the word being completed starts. */
  start: number;
}
