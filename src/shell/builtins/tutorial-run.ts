// The guide's own commands' bodies (walk the flow points, trace, reset): the terminal's
// worker loads them on first use (components/terminal/lazy-packs.ts); tutorial.ts registers
// them. All calls into the world's flow API go through this file.
import { termText } from '../../i18n/terminal.ts';
import type { ShellHost } from '../host.ts';
import type { CommandContext, CommandResult } from '../types.ts';

function noFlow(name: string, ctx: CommandContext): CommandResult {
  return {
    stdout: '',
    stderr: termText(ctx.session.lang(), 'noFlow', { name, scenario: ctx.session.scenario() }) + '\n',
    code: 1,
  };
}

function moveTo<W>(ctx: CommandContext<W>, host: ShellHost<W> | undefined, target: (cur: number, last: number) => number | string): CommandResult {
  const name = ctx.argv[0];
  const flow = host?.flow?.();
  if (!flow) return noFlow(name, ctx as CommandContext);
  const last = flow.last();
  const t = target(flow.current(), last);
  if (typeof t === 'string') return { stdout: '', stderr: t, code: t.startsWith('usage') ? 2 : 1 };
  const point = flow.goto(t, (argv) => ctx.exec(argv, { where: { kind: 'node' } }));
  const nl = (x: string | undefined) => (x ? x.replace(/\n?$/, '\n') : '');
  return { stdout: `${nl(point.before)}[${point.index}/${last}] ${nl(point.text)}${nl(point.detail)}`, stderr: '', code: 0 };
}

export function stepCmd<W>(ctx: CommandContext<W>, host: ShellHost<W> | undefined): CommandResult {
  return moveTo(ctx, host, (cur, last) => (cur >= last ? termText(ctx.session.lang(), 'atLast', { name: ctx.argv[0], last }) + '\n' : cur + 1));
}

export function prevCmd<W>(ctx: CommandContext<W>, host: ShellHost<W> | undefined): CommandResult {
  return moveTo(ctx, host, (cur) => (cur <= 0 ? termText(ctx.session.lang(), 'atStart') + '\n' : cur - 1));
}

export function gotoCmd<W>(ctx: CommandContext<W>, host: ShellHost<W> | undefined): CommandResult {
  return moveTo(ctx, host, (_cur, last) => {
    const arg = ctx.argv[1];
    if (arg === undefined || ctx.argv.length > 2) return `usage: goto N   (N from 0 to ${last})\n`;
    if (!/^\d+$/.test(arg) || Number(arg) > last) return termText(ctx.session.lang(), 'notPoint', { arg, last }) + '\n';
    return Number(arg);
  });
}

export function traceCmd<W>(ctx: CommandContext<W>, host: ShellHost<W> | undefined): CommandResult {
  const arg = ctx.argv[1];
  if ((arg !== 'on' && arg !== 'off') || ctx.argv.length > 2) return { stdout: '', stderr: 'usage: trace on|off\n', code: 2 };
  if (!host?.setTrace) return { stdout: '', stderr: termText(ctx.session.lang(), 'noTrace', { scenario: ctx.session.scenario() }) + '\n', code: 1 };
  return { stdout: host.setTrace(arg === 'on').replace(/\n?$/, '\n'), stderr: '', code: 0 };
}

export function resetCmd(ctx: CommandContext): CommandResult {
  if (ctx.argv.length > 1) return { stdout: '', stderr: 'usage: reset   (restores this chapter\'s starting state)\n', code: 2 };
  ctx.session.reset();
  return { stdout: termText(ctx.session.lang(), 'reset', { scenario: ctx.session.scenario() }) + '\n', stderr: '', code: 0 };
}
