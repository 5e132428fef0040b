import type { ShellHost } from '../host.ts';
import type { CommandContext, CommandRegistry } from '../types.ts';
import { gotoCmd, prevCmd, resetCmd, stepCmd, traceCmd } from './tutorial-run.ts';

// The guide's own commands: walk the numbered flow points, toggle packet tracing, start over.
// Their bodies are in tutorial-run.ts (loaded on first use in the terminal's worker).

export function registerTutorial<W>(reg: CommandRegistry<W>, host: () => ShellHost<W> | undefined): void {
  const next = (ctx: CommandContext<W>) => stepCmd(ctx, host());
  reg.register('step', next, { summary: 'move the request on to the next numbered flow point' });
  reg.register('next', next, { summary: 'same as step' });
  reg.register('prev', (ctx) => prevCmd(ctx, host()), { summary: 'go back one flow point' });
  reg.register('goto', (ctx) => gotoCmd(ctx, host()), {
    summary: 'jump to flow point N',
    usage: 'goto N',
    complete: () => {
      const flow = host()?.flow?.();
      return flow ? Array.from({ length: flow.last() + 1 }, (_, i) => String(i)) : [];
    },
  });
  reg.register('trace', (ctx) => traceCmd(ctx, host()), { summary: 'show each rule a packet meets (trace on|off)', usage: 'trace on|off', complete: () => ['on', 'off'] });
  reg.register('reset', (ctx) => resetCmd(ctx as CommandContext), { summary: "restore this chapter's starting state" });
}
