// A minimal command runner over the world's commands (the shell's exec, reduced).
import { worldCommands } from '../../src/world/commands/registry.ts';
import type { CommandResult, WhereLike, WorldCommandContext } from '../../src/world/commands/context.ts';
import type { World } from '../../src/world/world.ts';

export function runner(world: World): (line: string | string[], where?: WhereLike, uid?: number) => CommandResult {
  const cmds = worldCommands();
  const run = (argv: string[], where: WhereLike, uid: number, gid: number, env: Record<string, string>, stdin: string): CommandResult => {
    const c = cmds[argv[0]];
    if (!c) return { stdout: '', stderr: `${argv[0]}: command not found\n`, code: 127 };
    const ctx: WorldCommandContext = {
      argv, stdin, env, where, uid, gid, world,
      exec: (a, o = {}) => run(a, o.where ?? where, o.uid ?? uid, o.gid ?? gid, o.env ?? env, o.stdin ?? ''),
    };
    return c.run(ctx);
  };
  return (line, where = { kind: 'node' }, uid = 0) => run(Array.isArray(line) ? line : line.split(' '), where, uid, uid, {}, '');
}
