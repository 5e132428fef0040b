import { termText } from '../../i18n/terminal.ts';
import type { ShellHost } from '../host.ts';
import type { CommandContext, CommandRegistry, CommandResult } from '../types.ts';

const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', code: 0 });
const fail = (stderr: string, code = 1): CommandResult => ({ stdout: '', stderr, code });

/** `echo` as bash's builtin: -n, -e, -E. */
function echo(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    const f = args.shift()!;
    if (f.includes('n')) newline = false;
    if (f.includes('e')) escapes = true;
    if (f.includes('E')) escapes = false;
  }
  let text = args.join(' ');
  if (escapes) {
    const cut = text.indexOf('\\c');
    if (cut >= 0) {
      text = text.slice(0, cut);
      newline = false;
    }
    text = text.replace(/\\([\\abefnrtv0])/g, (_, c: string) =>
      ({ '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' })[c] ?? c,
    );
  }
  return ok(text + (newline ? '\n' : ''));
}

function passwdName(ctx: CommandContext, file: string, id: number): string | undefined {
  const res = ctx.fs.read(file);
  if ('error' in res) return id === 0 ? 'root' : undefined;
  for (const line of res.text.split('\n')) {
    const f = line.split(':');
    if (f.length > 2 && Number(f[2]) === id && f[2] !== '') return f[0];
  }
  return undefined;
}

function id(ctx: CommandContext): CommandResult {
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

function whoami(ctx: CommandContext): CommandResult {
  if (ctx.argv.length > 1) return fail(`whoami: extra operand ‘${ctx.argv[1]}’\nTry 'whoami --help' for more information.\n`);
  const user = passwdName(ctx, '/etc/passwd', ctx.uid);
  if (!user) return fail(`whoami: cannot find name for user ID ${ctx.uid}\n`);
  return ok(user + '\n');
}

function cd(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  if (args.length > 1) return fail('bash: cd: too many arguments\n');
  const target = args[0] ?? ctx.env.HOME ?? '/root';
  const path = target === '-' ? ctx.env.OLDPWD ?? ctx.cwd : ctx.fs.resolve(target);
  if (!ctx.fs.isDir(path)) {
    const res = ctx.fs.read(path);
    return fail(`bash: cd: ${target}: ${'error' in res ? 'No such file or directory' : 'Not a directory'}\n`);
  }
  ctx.session.setVar('OLDPWD', ctx.cwd);
  ctx.session.chdir(path);
  return ok(target === '-' ? path + '\n' : '');
}

function exportCmd(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1).filter((a) => a !== '-n');
  if (!args.length || args[0] === '-p') {
    const vars = Object.entries(ctx.env).filter(([k]) => /^[A-Za-z_]/.test(k)).sort(([a], [b]) => (a < b ? -1 : 1));
    return ok(vars.map(([k, v]) => `declare -x ${k}="${v.replace(/(["\\$`])/g, '\\$1')}"`).join('\n') + '\n');
  }
  let stderr = '';
  for (const a of args) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a);
    if (!m) {
      stderr += `bash: export: \`${a}': not a valid identifier\n`;
      continue;
    }
    if (m[2] !== undefined) ctx.session.setVar(m[1], m[2]);
    else if (ctx.env[m[1]] === undefined) ctx.session.setVar(m[1], '');
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

function unset(ctx: CommandContext): CommandResult {
  for (const a of ctx.argv.slice(1)) if (!a.startsWith('-')) ctx.session.setVar(a, undefined);
  return ok();
}

function env(ctx: CommandContext): CommandResult {
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

function history(ctx: CommandContext): CommandResult {
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

function exit(ctx: CommandContext): CommandResult {
  const arg = ctx.argv[1];
  let code = Number(ctx.env['?'] ?? 0);
  let stderr = 'exit\n';
  if (arg !== undefined) {
    if (/^-?\d+$/.test(arg)) code = ((Number(arg) % 256) + 256) % 256;
    else {
      code = 2;
      stderr += `bash: exit: ${arg}: numeric argument required\n`;
    }
  }
  if (ctx.session.leaveSubshell()) return { stdout: '', stderr, code };
  // The page's own shell never closes: closing it would strand the reader.
  return {
    stdout: '',
    stderr: stderr + termText(ctx.session.lang(), 'exitTop') + '\n',
    code,
  };
}

function sudo(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  while (args.length && args[0].startsWith('-')) args.shift();
  if (!args.length) return fail('usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\n');
  const res = ctx.exec(args, { stdin: ctx.stdin });
  if (res.code === 127 && !ctx.registry.has(args[0])) return fail(`sudo: ${args[0]}: command not found\n`);
  return res;
}

function typeCmd(ctx: CommandContext, shellBuiltins: Set<string>): CommandResult {
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

function help(ctx: CommandContext): CommandResult {
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

export const SHELL_BUILTINS = new Set([
  'cd', 'echo', 'exit', 'export', 'unset', 'help', 'history', 'pwd', 'true', 'false', 'type', 'clear', ':', 'logout',
]);

export function registerBasics<W>(reg: CommandRegistry<W>, host: () => ShellHost<W> | undefined): void {
  const r = reg as unknown as CommandRegistry<unknown>;
  r.register('echo', echo, { summary: 'print its arguments', usage: 'echo [-neE] [ARG ...]', flags: ['-n', '-e'] });
  r.register('true', () => ok(), { summary: 'do nothing, successfully', hidden: true });
  r.register(':', () => ok(), { summary: 'do nothing, successfully', hidden: true });
  r.register('false', () => ({ stdout: '', stderr: '', code: 1 }), { summary: 'do nothing, unsuccessfully', hidden: true });
  r.register('pwd', (ctx) => ok(ctx.cwd + '\n'), { summary: 'print the working directory' });
  r.register('cd', cd, { summary: 'change the working directory', usage: 'cd [DIR]' });
  r.register('export', exportCmd, { summary: 'set a shell variable', usage: 'export NAME=VALUE' });
  r.register('unset', unset, { summary: 'remove a shell variable', hidden: true });
  r.register('env', env, { summary: 'print the environment, or run a command with extra variables' });
  r.register('id', id, { summary: 'print user and group ids', flags: ['-u', '-g', '-n'] });
  r.register('whoami', whoami, { summary: 'print the user name' });
  r.register('hostname', (ctx) => {
    if (ctx.argv.length > 1 && !ctx.argv[1].startsWith('-')) return fail('hostname: you must be root to change the host name\n');
    const h = host()?.hostname() ?? 'node-1';
    if (ctx.argv[1] === '-I' || ctx.argv[1] === '-i') return ok((h === 'node-1' ? '10.128.0.5' : h) + ' \n');
    return ok(h + '\n');
  }, { summary: 'print the host name', flags: ['-I'] });
  r.register('clear', (ctx) => {
    ctx.session.clearScreen();
    return ok();
  }, { summary: 'clear the screen (Ctrl-L)' });
  r.register('history', history, { summary: 'list the commands typed so far', usage: 'history [N] | history -c' });
  r.register('exit', exit, { summary: 'leave an nsenter sub-shell', usage: 'exit [N]' });
  r.register('logout', exit, { summary: 'leave an nsenter sub-shell', hidden: true });
  r.register('sudo', sudo, { summary: 'run a command as root (you already are)', hidden: true });
  r.register('type', (ctx) => typeCmd(ctx, SHELL_BUILTINS), { summary: 'say what kind of command a name is', hidden: true });
  r.register('which', (ctx) => typeCmd(ctx, SHELL_BUILTINS), { summary: 'show where a command lives', hidden: true });
  r.register('help', help, { summary: 'this list; `help NAME` for one command' });
}
