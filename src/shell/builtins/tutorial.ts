import { termText } from '../../i18n/terminal.ts';
import type { ShellHost } from '../host.ts';
import type { CommandContext, CommandRegistry, CommandResult } from '../types.ts';

// The guide's own commands: walk the numbered flow points, toggle packet tracing, start over.
// All calls into the world's flow API go through this file.

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

export function registerTutorial<W>(reg: CommandRegistry<W>, host: () => ShellHost<W> | undefined): void {
  const next = (ctx: CommandContext<W>) =>
    moveTo(ctx, host(), (cur, last) =>
      cur >= last ? termText(ctx.session.lang(), 'atLast', { name: ctx.argv[0], last }) + '\n' : cur + 1,
    );
  reg.register('step', next, { summary: 'move the request on to the next numbered flow point' });
  reg.register('next', next, { summary: 'same as step' });
  reg.register('prev', (ctx) =>
    moveTo(ctx, host(), (cur) => (cur <= 0 ? termText(ctx.session.lang(), 'atStart') + '\n' : cur - 1)), {
    summary: 'go back one flow point',
  });
  reg.register('goto', (ctx) =>
    moveTo(ctx, host(), (_cur, last) => {
      const arg = ctx.argv[1];
      if (arg === undefined || ctx.argv.length > 2) return `usage: goto N   (N from 0 to ${last})\n`;
      if (!/^\d+$/.test(arg) || Number(arg) > last) return termText(ctx.session.lang(), 'notPoint', { arg, last }) + '\n';
      return Number(arg);
    }), {
    summary: 'jump to flow point N',
    usage: 'goto N',
    complete: () => {
      const flow = host()?.flow?.();
      return flow ? Array.from({ length: flow.last() + 1 }, (_, i) => String(i)) : [];
    },
  });
  reg.register('trace', (ctx) => {
    const arg = ctx.argv[1];
    if ((arg !== 'on' && arg !== 'off') || ctx.argv.length > 2) return { stdout: '', stderr: 'usage: trace on|off\n', code: 2 };
    const h = host();
    if (!h?.setTrace) return { stdout: '', stderr: termText(ctx.session.lang(), 'noTrace', { scenario: ctx.session.scenario() }) + '\n', code: 1 };
    return { stdout: h.setTrace(arg === 'on').replace(/\n?$/, '\n'), stderr: '', code: 0 };
  }, { summary: 'show each rule a packet meets (trace on|off)', usage: 'trace on|off', complete: () => ['on', 'off'] });
  reg.register('reset', (ctx) => {
    if (ctx.argv.length > 1) return { stdout: '', stderr: 'usage: reset   (restores this chapter\'s starting state)\n', code: 2 };
    ctx.session.reset();
    return { stdout: termText(ctx.session.lang(), 'reset', { scenario: ctx.session.scenario() }) + '\n', stderr: '', code: 0 };
  }, { summary: "restore this chapter's starting state" });
}
