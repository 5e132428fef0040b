// nsenter(1) from util-linux 2.38: -t PID with -n (the only namespace the world models;
// other namespace flags are accepted and leave the view unchanged).

import { fail } from './context.ts';
import type { CommandResult, WhereLike, WorldCommandContext } from './context.ts';
import { whereOfProc } from './context.ts';

const HELP_HINT = "Try 'nsenter --help' for more information.\n";

export function nsenterCommand(ctx: WorldCommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  let pid: string | undefined;
  let net = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a === '-t' || a === '--target') {
      pid = args[++i];
      if (pid === undefined) return fail(`nsenter: option requires an argument -- 't'\n${HELP_HINT}`, 1);
      continue;
    }
    if (a.startsWith('--target=')) {
      pid = a.slice(9);
      continue;
    }
    if (a === '--net' || a === '--mount' || a === '--uts' || a === '--ipc' || a === '--pid' || a === '--all') {
      if (a === '--net' || a === '--all') net = true;
      continue;
    }
    if (/^-[a-zA-Z]+/.test(a) && !a.startsWith('--')) {
      // clustered short options: -n, -t8533, -nt 8533, -a
      let rest = a.slice(1);
      while (rest) {
        const ch = rest[0];
        rest = rest.slice(1);
        if (ch === 'n' || ch === 'a') net = true;
        else if ('muipUCT'.includes(ch)) continue;
        else if (ch === 't') {
          pid = rest || args[++i];
          if (pid === undefined) return fail(`nsenter: option requires an argument -- 't'\n${HELP_HINT}`, 1);
          rest = '';
        } else return fail(`nsenter: invalid option -- '${ch}'\n${HELP_HINT}`, 1);
      }
      continue;
    }
    return fail(`nsenter: unrecognized option '${a}'\n${HELP_HINT}`, 1);
  }
  const cmd = args.slice(i);
  let where: WhereLike = ctx.where;
  if (net) {
    if (pid === undefined) return fail('nsenter: neither filename nor target pid supplied for ns/net\n', 1);
    if (!/^\d+$/.test(pid)) return fail(`nsenter: failed to parse pid: '${pid}'\n`, 1);
    const proc = ctx.world.proc(Number(pid));
    if (!proc) return fail(`nsenter: cannot open /proc/${pid}/ns/net: No such file or directory\n`, 1);
    if (ctx.uid !== 0) return fail(`nsenter: cannot open /proc/${pid}/ns/net: Permission denied\n`, 1);
    where = whereOfProc(ctx.world, proc);
  } else if (pid !== undefined && !ctx.world.proc(Number(pid))) {
    return fail(`nsenter: cannot open /proc/${pid}/ns/net: No such file or directory\n`, 1);
  }
  if (cmd.length === 0) {
    ctx.session?.enterSubshell(where);
    return { stdout: '', stderr: '', code: 0 };
  }
  // nsenter execvp()s its program: util-linux 2.38 words a failure itself, 127 when there
  // is no such program, 126 when the name is a file that cannot be executed.
  return ctx.exec(cmd, {
    where,
    uid: ctx.uid,
    gid: ctx.gid,
    execFailed: (name, reason) =>
      fail(`nsenter: failed to execute ${name}: ${reason === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`, reason === 'ENOENT' ? 127 : 126),
  });
}
