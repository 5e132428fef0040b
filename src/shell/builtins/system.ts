import type { CommandContext, CommandResult } from '../types.ts';

// Small node commands readers reach for: date, uname, sleep (instant: the simulated clock
// does not wait for the page).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** coreutils `date` in the C locale with TZ=UTC: `Wed Nov 25 09:00:00 UTC 2026`. */
export function dateText(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export function date(ctx: CommandContext, now: () => Date): CommandResult {
  const args = ctx.argv.slice(1).filter((a) => a !== '-u' && a !== '--utc');
  const d = now();
  if (!args.length) return { stdout: dateText(d) + '\n', stderr: '', code: 0 };
  if (args[0] === '+%s') return { stdout: `${Math.floor(d.getTime() / 1000)}\n`, stderr: '', code: 0 };
  if (args[0].startsWith('+')) {
    const out = args[0].slice(1).replace(/%([YmdHMSsTF%])/g, (_, c: string) => {
      switch (c) {
        case 'Y': return String(d.getUTCFullYear());
        case 'm': return p2(d.getUTCMonth() + 1);
        case 'd': return p2(d.getUTCDate());
        case 'H': return p2(d.getUTCHours());
        case 'M': return p2(d.getUTCMinutes());
        case 'S': return p2(d.getUTCSeconds());
        case 's': return String(Math.floor(d.getTime() / 1000));
        case 'T': return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
        case 'F': return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
        default: return '%';
      }
    });
    return { stdout: out + '\n', stderr: '', code: 0 };
  }
  if (args[0].startsWith('-')) return { stdout: '', stderr: `date: invalid option -- '${args[0].slice(1, 2)}'\nTry 'date --help' for more information.\n`, code: 1 };
  return { stdout: '', stderr: `date: invalid date ‘${args[0]}’\n`, code: 1 };
}

const UNAME = { s: 'Linux', n: 'node-1', r: '6.1.0-27-amd64', v: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)', m: 'x86_64', o: 'GNU/Linux' };

export function uname(ctx: CommandContext, hostname: string): CommandResult {
  const flags = ctx.argv.slice(1).join('').replace(/-/g, '');
  if (/[^asnrvmo]/.test(flags)) {
    const bad = flags.match(/[^asnrvmo]/)![0];
    return { stdout: '', stderr: `uname: invalid option -- '${bad}'\nTry 'uname --help' for more information.\n`, code: 1 };
  }
  const u = { ...UNAME, n: hostname };
  if (flags.includes('a')) return { stdout: `${u.s} ${u.n} ${u.r} ${u.v} ${u.m} ${u.o}\n`, stderr: '', code: 0 };
  const keys = (['s', 'n', 'r', 'v', 'm', 'o'] as const).filter((k) => flags.includes(k));
  return { stdout: (keys.length ? keys.map((k) => u[k]) : [u.s]).join(' ') + '\n', stderr: '', code: 0 };
}

export function sleep(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  if (!args.length) return { stdout: '', stderr: "sleep: missing operand\nTry 'sleep --help' for more information.\n", code: 1 };
  const bad = args.find((a) => !/^\d+(\.\d+)?[smhd]?$/.test(a));
  if (bad) return { stdout: '', stderr: `sleep: invalid time interval ‘${bad}’\nTry 'sleep --help' for more information.\n`, code: 1 };
  return { stdout: '', stderr: '', code: 0 };
}
