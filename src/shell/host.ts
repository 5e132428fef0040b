import type { CommandRegistry, Where } from './types.ts';

// What the shell asks of the simulated world, as optional capabilities. The world layer
// provides the real thing through src/shell/world-glue.ts; tests pass small fakes. Every
// capability is optional so an engine-only session (scenario `empty`) still works.

export interface ProcessInfo {
  pid: number;
  ppid: number;
  user: string;
  uid: number;
  command: string;
  /** Pod the process belongs to (undefined for node processes). */
  pod?: string;
}

export interface FlowPoint {
  /** 0 = before the request, 1..17 = the numbered points of docs/architecture.md. */
  index: number;
  /** Short text printed when the reader arrives at this point. */
  text: string;
  /** Lines printed under it: what the simulated packet really met (pod, rule, counters). */
  detail?: string;
  /** A line printed before it (e.g. the request the world sent to produce the packets). */
  before?: string;
}

/** Runs a command in the session (the world's flow uses it to send the request it shows). */
export type FlowExec = (argv: string[]) => { stdout: string; stderr: string; code: number };

export interface FlowControl {
  current(): number;
  /** Highest valid index. */
  last(): number;
  /** Moves to point n (0..last) and reports what happened there. With `exec` (the step/goto
   *  commands pass it) the world may first send the request whose packets it shows. */
  goto(n: number, exec?: FlowExec): FlowPoint;
}

/** One counter row of a listing, for the page's diagram and quiz (the store's `counters`). */
export interface CounterRow {
  /** 'node' or the pod's netns label. */
  netns: string;
  table: string;
  chain: string;
  /** 1-based rule number; 0 for the chain's policy. */
  rule: number;
  pkts: number;
  bytes: number;
}

export type CompletionKind = 'chain' | 'table' | 'pod' | 'deployment' | 'pid' | 'service';

export interface ShellHost<W = unknown> {
  world: W;
  hostname(): string;
  /** The simulated wall clock (for `date`); the real time when absent. */
  now?(): Date;
  /** Host files seen from `where`; `env` is the reading command's variables (kubectl exec
   *  passes the container in SIM_CONTAINER, so /etc/resolv.conf can be the pod's). */
  readFile?(where: Where, path: string, env?: Record<string, string>): string | undefined;
  /** Directories that exist (for cd, `cat /etc` -> Is a directory). */
  dirs?(where: Where): string[];
  processes?(where: Where): ProcessInfo[];
  flow?(): FlowControl | undefined;
  /** Turns packet tracing on/off; returns a line to print. */
  setTrace?(on: boolean): string;
  traceEnabled?(): boolean;
  /** With tracing on: what packets did since the last call, as lines to print after the command. */
  drainTrace?(): string;
  /** nat counters of every netns, for the store. */
  counters?(): CounterRow[];
  /** Words of one kind for Tab completion, seen from `where`. */
  completions?(kind: CompletionKind, where: Where): string[];
  /** Registers the world's commands (iptables, nsenter, kubectl ...) into the registry. */
  registerCommands?(registry: CommandRegistry<W>): void;
}
