// What a world command sees. Structurally a subset of src/shell/types.ts CommandContext
// (the world layer does not import the shell), so the shell can pass its own context.

import type { NetNs } from '../../netfilter/netns.ts';
import type { Pod, Proc, World } from '../world.ts';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

export type WhereLike = { kind: 'node' } | { kind: 'netns'; pid: number; label: string; netns: string };

export interface ExecOptionsLike {
  where?: WhereLike;
  stdin?: string;
  uid?: number;
  gid?: number;
  env?: Record<string, string>;
  /** The payload is exec'd directly (execvp), not by bash: the caller words the failure. */
  execFailed?: (name: string, reason: 'ENOENT' | 'EACCES') => CommandResult;
}

export interface WorldCommandContext {
  argv: string[];
  stdin: string;
  env?: Record<string, string>;
  where: WhereLike;
  uid: number;
  gid: number;
  world: World;
  /** run a nested command in the same session (registry lookup) */
  exec(argv: string[], opts?: ExecOptionsLike): CommandResult;
  session?: { enterSubshell(where: WhereLike): void };
}

export type WorldCommand = (ctx: WorldCommandContext) => CommandResult;

export const ok = (stdout: string, stderr = ''): CommandResult => ({ stdout, stderr, code: 0 });
export const fail = (stderr: string, code = 1, stdout = ''): CommandResult => ({ stdout, stderr, code });

/** The network namespace a command runs in. */
export function nsOf(world: World, where: WhereLike): NetNs {
  if (where.kind === 'node') return world.node.ns;
  return world.namespaces().find((n) => n.name === where.netns) ?? world.node.ns;
}

export function podOfNs(world: World, ns: NetNs): Pod | undefined {
  return world.pods.find((p) => p.ns === ns);
}

/** `where` for a process's network namespace (what nsenter -t PID -n gives). */
export function whereOfProc(world: World, proc: Proc): WhereLike {
  if (proc.ns === world.node.ns) return { kind: 'node' };
  return { kind: 'netns', pid: proc.pid, label: proc.pod?.spec.name ?? proc.ns.name, netns: proc.ns.name };
}
