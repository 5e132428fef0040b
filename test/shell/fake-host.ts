// A small stand-in for the world, used only by the shell's tests: a flow with 3 points,
// processes, an nsenter that enters a sub-shell or runs its payload, and a counter whose
// value lives in the world (to prove reset and restore rebuild world state).
import type { ShellHost } from '../../src/shell/host.ts';
import type { CommandContext } from '../../src/shell/types.ts';

export interface FakeWorld {
  counter: number;
  point: number;
  trace: boolean;
}

export function makeFakeHost(): ShellHost<FakeWorld> {
  const world: FakeWorld = { counter: 0, point: 0, trace: false };
  return {
    world,
    hostname: () => 'node-1',
    readFile: (w, path, env) => {
      if (path === '/etc/hosts') return '127.0.0.1\tlocalhost\n';
      if (path === '/etc/resolv.conf' && w.kind === 'netns' && env?.SIM_CONTAINER) return `nameserver 10.96.0.10 # ${w.label}/${env.SIM_CONTAINER}\n`;
      return undefined;
    },
    processes: () => [
      { pid: 1, ppid: 0, user: 'root', uid: 0, command: '/sbin/init' },
      { pid: 8533, ppid: 8500, user: '1000', uid: 1000, command: 'python3 /app/reviews.py', pod: 'reviews-v1-5b86c6f6d4-jm4tq' },
    ],
    flow: () => ({
      current: () => world.point,
      last: () => 3,
      goto: (n: number) => {
        world.point = n;
        return { index: n, text: `point ${n} text` };
      },
    }),
    setTrace: (on) => {
      world.trace = on;
      return `trace ${on ? 'on' : 'off'}`;
    },
    completions: (kind) =>
      ({ chain: ['ISTIO_INBOUND', 'ISTIO_OUTPUT', 'OUTPUT', 'PREROUTING'], pid: ['4170', '8533'], pod: ['reviews-v1-5b86c6f6d4-jm4tq'], deployment: ['reviews-v1'], table: [], service: ['reviews:9080'] })[kind],
    registerCommands(reg) {
      reg.register('bump', (ctx: CommandContext<FakeWorld>) => {
        ctx.world.counter++;
        return { stdout: `counter=${ctx.world.counter}\n`, stderr: '', code: 0 };
      }, { summary: 'test: increments a world counter' });
      reg.register('where', (ctx) => ({ stdout: JSON.stringify(ctx.where) + '\n', stderr: '', code: 0 }), { summary: 'test: prints where' });
      reg.register('boom', () => {
        throw new Error('kaboom');
      }, { summary: 'test: throws' });
      reg.register('iptables', (ctx) => ({ stdout: `iptables ${ctx.argv.slice(1).join(' ')} @${ctx.where.kind}\n`, stderr: '', code: 0 }), { summary: 'test iptables', flags: ['-t', '-L', '-S'] });
      reg.register('kexec', (ctx) =>
        ctx.exec(ctx.argv.slice(1), { where: { kind: 'netns', pid: 8533, label: 'reviews-v1-5b86c6f6d4-jm4tq', netns: 'reviews' }, env: { SIM_CONTAINER: 'reviews' }, stdin: ctx.stdin }),
      { summary: 'test: kubectl exec stand-in' });
      reg.register('nsenter', (ctx) => {
        const t = ctx.argv.indexOf('-t');
        const pid = Number(ctx.argv[t + 1]);
        const rest = ctx.argv.slice(t + 3);
        const where = { kind: 'netns' as const, pid, label: 'reviews-v1-5b86c6f6d4-jm4tq', netns: 'reviews' };
        if (!rest.length) {
          ctx.session.enterSubshell(where);
          return { stdout: '', stderr: '', code: 0 };
        }
        return ctx.exec(rest, { where, stdin: ctx.stdin });
      }, { summary: 'test nsenter' });
    },
  };
}
