import { termText } from '../../i18n/terminal.ts';
import type { ShellHost } from '../host.ts';
import type { CommandContext, CommandRegistry, CommandResult } from '../types.ts';
import { env, help, history, id, sudo, typeCmd, whoami } from './basic-more.ts';

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
