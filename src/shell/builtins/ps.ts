import type { ProcessInfo, ShellHost } from '../host.ts';
import type { CommandContext, CommandResult } from '../types.ts';

// procps `ps` for the handful of forms readers type: `ps`, `ps -ef`, `ps aux`, `ps -e`,
// `ps -p PID`, `ps -o pid,user,cmd`. Processes come from the world; a node without a world
// still has its own few daemons so `ps` never comes back empty.

const SHELL_PID = 4021;

const NODE_ONLY: ProcessInfo[] = [
  { pid: 1, ppid: 0, user: 'root', uid: 0, command: '/sbin/init' },
  { pid: 612, ppid: 1, user: 'root', uid: 0, command: '/usr/bin/containerd' },
  { pid: 743, ppid: 1, user: 'root', uid: 0, command: '/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml' },
];

type Col = 'pid' | 'ppid' | 'user' | 'uid' | 'cmd' | 'comm' | 'tty' | 'time' | 'stime' | 'c';

const HEADERS: Record<Col, [string, number, 'l' | 'r']> = {
  pid: ['PID', 7, 'r'],
  ppid: ['PPID', 7, 'r'],
  user: ['USER', 8, 'l'],
  uid: ['UID', 5, 'r'],
  cmd: ['CMD', 0, 'l'],
  comm: ['COMMAND', 0, 'l'],
  tty: ['TTY', 8, 'l'],
  time: ['TIME', 8, 'r'],
  stime: ['STIME', 5, 'l'],
  c: ['C', 2, 'r'],
};

const ALIASES: Record<string, Col> = {
  pid: 'pid', ppid: 'ppid', user: 'user', euser: 'user', uname: 'user', uid: 'uid', euid: 'uid',
  cmd: 'cmd', args: 'cmd', command: 'cmd', comm: 'comm', ucomm: 'comm', tty: 'tty', tt: 'tty',
  time: 'time', cputime: 'time', stime: 'stime', start_time: 'stime', c: 'c',
};

function table(procs: ProcessInfo[], cols: Col[], withHeader: boolean): string {
  const cell = (p: ProcessInfo, c: Col): string => {
    switch (c) {
      case 'pid': return String(p.pid);
      case 'ppid': return String(p.ppid);
      case 'user': return p.user;
      case 'uid': return String(p.uid);
      case 'cmd': return p.command;
      case 'comm': return p.command.split(' ')[0].split('/').pop()!.slice(0, 15);
      case 'tty': return p.pid === SHELL_PID || p.command === 'ps' ? 'pts/0' : '?';
      case 'time': return '00:00:00';
      case 'stime': return '09:12';
      case 'c': return '0';
    }
  };
  const rows = procs.map((p) => cols.map((c) => cell(p, c)));
  const widths = cols.map((c, i) => Math.max(HEADERS[c][0].length, HEADERS[c][1], ...rows.map((r) => r[i].length)));
  const fmt = (vals: string[]) =>
    vals
      .map((v, i) => {
        const last = i === vals.length - 1;
        if (last && HEADERS[cols[i]][2] === 'l') return v;
        return HEADERS[cols[i]][2] === 'r' ? v.padStart(widths[i]) : v.padEnd(widths[i]);
      })
      .join(' ');
  const lines = rows.map(fmt);
  if (withHeader) lines.unshift(fmt(cols.map((c) => HEADERS[c][0])));
  return lines.map((l) => l.replace(/\s+$/, '')).join('\n') + '\n';
}

export function ps<W>(ctx: CommandContext<W>, host: ShellHost<W> | undefined): CommandResult {
  const all: ProcessInfo[] = [
    ...(host?.processes?.(ctx.where) ?? NODE_ONLY),
    { pid: SHELL_PID, ppid: 1, user: 'root', uid: 0, command: '-bash' },
    { pid: SHELL_PID + 167, ppid: SHELL_PID, user: 'root', uid: 0, command: 'ps' },
  ].sort((a, b) => a.pid - b.pid);
  const args = ctx.argv.slice(1);
  let every = false;
  let full = false;
  let bsd = false;
  let cols: Col[] | undefined;
  let pids: number[] | undefined;
  let noHeader = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-e' || a === '-A') every = true;
    else if (a === '-f') full = true;
    else if (a === '-ef' || a === '-fe' || a === '-eF' || a === '-Af') every = full = true;
    else if (a === 'aux' || a === 'ax' || a === '-aux' || a === 'auxww' || a === 'axu') every = bsd = true;
    else if (a === '-p' || a === '--pid' || a === 'p') {
      const list = args[++i];
      if (list === undefined || !/^\d+(,\d+)*$/.test(list)) {
        return { stdout: '', stderr: `error: process ID list syntax error\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`, code: 1 };
      }
      pids = list.split(',').map(Number);
    } else if (a === '-o' || a === 'o' || a.startsWith('-o') || a.startsWith('--format')) {
      const spec = a.length > 2 && a.startsWith('-o') ? a.slice(2) : args[++i] ?? '';
      const names = spec.split(',').map((s) => s.replace(/=$/, ''));
      if (spec.split(',').every((s) => s.endsWith('='))) noHeader = true;
      cols = [];
      for (const n of names) {
        const c = ALIASES[n.toLowerCase()];
        if (!c) return { stdout: '', stderr: `error: unknown user-defined format specifier "${n}"\n\nUsage:\n ps [options]\n\nFor more details see ps(1).\n`, code: 1 };
        cols.push(c);
      }
    } else if (a === '--no-headers' || a === 'h') noHeader = true;
    else if (a === '-C') {
      const name = args[++i] ?? '';
      pids = all.filter((p) => p.command.split(' ')[0].split('/').pop() === name).map((p) => p.pid);
    } else {
      return { stdout: '', stderr: `error: unsupported option (BSD syntax)\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`, code: 1 };
    }
  }
  let procs = all;
  if (pids) procs = all.filter((p) => pids!.includes(p.pid));
  else if (!every) procs = all.filter((p) => p.pid === SHELL_PID || p.command === 'ps');
  if (!cols) {
    if (bsd) {
      const header = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND';
      const rows = procs.map((p) => {
        const tty = p.pid === SHELL_PID || p.command === 'ps' ? 'pts/0' : '?';
        const stat = p.command === 'ps' ? 'R+' : p.pid === SHELL_PID ? 'Ss' : 'Ssl';
        return `${p.user.padEnd(8).slice(0, 8)} ${String(p.pid).padStart(7)}  0.0  0.1  ${String(p.pid * 13 % 900000 + 10000).padStart(6)} ${String(p.pid * 7 % 90000 + 4000).padStart(5)} ${tty.padEnd(8)} ${stat.padEnd(4)} 09:12   0:00 ${p.command}`;
      });
      const body = rows.join('\n') + '\n';
      return { stdout: noHeader ? body : header + '\n' + body, stderr: '', code: procs.length ? 0 : 1 };
    }
    const tty = (p: ProcessInfo) => (p.pid === SHELL_PID || p.command === 'ps' ? 'pts/0' : '?');
    const comm = (p: ProcessInfo) => (p.pid === SHELL_PID ? 'bash' : p.command.split(' ')[0].split('/').pop()!.slice(0, 15));
    const rows = full
      ? procs.map((p) => `${p.user.padEnd(8).slice(0, 8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 09:12 ${tty(p).padEnd(8)} 00:00:00 ${p.command}`)
      : procs.map((p) => `${String(p.pid).padStart(7)} ${tty(p).padEnd(8)} 00:00:00 ${comm(p)}`);
    const header = full ? 'UID          PID    PPID  C STIME TTY          TIME CMD' : '    PID TTY          TIME CMD';
    const body = rows.length ? rows.join('\n') + '\n' : '';
    return { stdout: noHeader ? body : header + '\n' + body, stderr: '', code: procs.length ? 0 : 1 };
  }
  const out = table(procs, cols, !noHeader);
  return { stdout: out, stderr: '', code: procs.length ? 0 : 1 };
}
