// The basic commands a reader rarely types (`id`, `whoami`, `env`, `history`, `sudo`, `type`,
// `which`, `help`): the terminal's worker loads them on first use
// (components/terminal/lazy-packs.ts); basic.ts registers them.
import type { CommandContext, CommandResult } from '../types.ts';

const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', code: 0 });
const fail = (stderr: string, code = 1): CommandResult => ({ stdout: '', stderr, code });

function passwdName(ctx: CommandContext, file: string, id: number): string | undefined {
  const res = ctx.fs.read(file);
  if ('error' in res) return id === 0 ? 'root' : undefined;
  for (const line of res.text.split('\n')) {
    const f = line.split(':');
    if (f.length > 2 && Number(f[2]) === id && f[2] !== '') return f[0];
  }
  return undefined;
}

export function id(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const user = passwdName(ctx, '/etc/passwd', ctx.uid);
  const group = passwdName(ctx, '/etc/group', ctx.gid);
  const u = user ? `${ctx.uid}(${user})` : String(ctx.uid);
  const g = group ? `${ctx.gid}(${group})` : String(ctx.gid);
  if (args.length === 0) return ok(`uid=${u} gid=${g} groups=${g}\n`);
  const flags = args.join('');
  if (/^-u$/.test(flags)) return ok(`${ctx.uid}\n`);
  if (/^-g$/.test(flags)) return ok(`${ctx.gid}\n`);
  if (/^-(un|nu)$/.test(flags)) return ok(`${user ?? ctx.uid}\n`);
  if (/^-(gn|ng)$/.test(flags)) return ok(`${group ?? ctx.gid}\n`);
  if (args[0].startsWith('-')) return fail(`id: invalid option -- '${args[0].slice(1, 2)}'\nTry 'id --help' for more information.\n`);
  if (args[0] === 'root') return ok('uid=0(root) gid=0(root) groups=0(root)\n');
  return fail(`id: ‘${args[0]}’: no such user\n`);
}

export function whoami(ctx: CommandContext): CommandResult {
  if (ctx.argv.length > 1) return fail(`whoami: extra operand ‘${ctx.argv[1]}’\nTry 'whoami --help' for more information.\n`);
  const user = passwdName(ctx, '/etc/passwd', ctx.uid);
  if (!user) return fail(`whoami: cannot find name for user ID ${ctx.uid}\n`);
  return ok(user + '\n');
}

export function env(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const extra: Record<string, string> = {};
  while (args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[0])) {
    const a = args.shift()!;
    const eq = a.indexOf('=');
    extra[a.slice(0, eq)] = a.slice(eq + 1);
  }
  if (args.length) return ctx.exec(args, { stdin: ctx.stdin, env: extra });
  const all = { ...ctx.env, ...extra };
  return ok(
    Object.entries(all)
      .filter(([k]) => /^[A-Za-z_]/.test(k))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
}

export function history(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  if (args[0] === '-c') {
    ctx.session.clearHistory();
    return ok();
  }
  const all = ctx.session.history();
  let n = all.length;
  if (args[0] !== undefined) {
    if (!/^\d+$/.test(args[0])) return fail(`bash: history: ${args[0]}: numeric argument required\n`);
    n = Math.min(n, Number(args[0]));
  }
  const first = all.length - n;
  return ok(all.slice(first).map((c, i) => `${String(first + i + 1).padStart(5)}  ${c}\n`).join(''));
}

export function sudo(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  while (args.length && args[0].startsWith('-')) args.shift();
  if (!args.length) return fail('usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\n');
  const res = ctx.exec(args, { stdin: ctx.stdin });
  if (res.code === 127 && !ctx.registry.has(args[0])) return fail(`sudo: ${args[0]}: command not found\n`);
  return res;
}

export function typeCmd(ctx: CommandContext, shellBuiltins: Set<string>): CommandResult {
  let stdout = '';
  let stderr = '';
  const which = ctx.argv[0] === 'which';
  for (const name of ctx.argv.slice(1)) {
    if (!ctx.registry.has(name)) {
      if (!which) stderr += `bash: type: ${name}: not found\n`;
      continue;
    }
    const path = `/usr/${/^(iptables|ip6?tables|nsenter|conntrack|ss|ip|ip6tables)/.test(name) ? 'sbin' : 'bin'}/${name}`;
    if (which) {
      if (!shellBuiltins.has(name)) stdout += path + '\n';
    } else stdout += shellBuiltins.has(name) ? `${name} is a shell builtin\n` : `${name} is ${path}\n`;
  }
  const missing = ctx.argv.slice(1).some((n) => !ctx.registry.has(n) || (which && shellBuiltins.has(n)));
  return { stdout, stderr, code: missing ? 1 : 0 };
}

export function help(ctx: CommandContext): CommandResult {
  const name = ctx.argv[1];
  if (name) {
    const c = ctx.registry.get(name);
    if (!c) return fail(`bash: help: no help topics match \`${name}'.  Try \`help help' or \`man -k ${name}' or \`info ${name}'.\n`);
    return ok(`${name}: ${c.meta.summary}\n${c.meta.usage ? c.meta.usage.replace(/\n?$/, '\n') : ''}`);
  }
  const rows = ctx.registry
    .names()
    .map((n) => ctx.registry.get(n)!)
    .filter((c) => !c.meta.hidden);
  const width = Math.max(...rows.map((c) => c.name.length)) + 2;
  return ok(
    'A simulated root shell on node-1. Commands you can run here:\n\n' +
      rows.map((c) => `  ${c.name.padEnd(width)}${c.meta.summary}`).join('\n') +
      '\n\nPipes (|), ;, &&, ||, quotes, $VAR, $? and 2>/dev/null work as in bash.\n' +
      'Tab completes; Up/Down walks history. `help NAME` for one command.\n',
  );
}
