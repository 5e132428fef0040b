// ss(8) from iproute2 6.1 for TCP/UDP sockets: -t -u -l -a -n -p -o (and -e's uid); ports
// by their /etc/services names unless -n; ss's usage text after an option it does not have.
// Columns are laid out as ss does when its output is not a terminal (compact
// widths from the content; see render_calc_width in misc/ss.c).

import { ipText } from '../../netfilter/addr.ts';
import type { Sock } from '../../netfilter/sockets.ts';
import { fail, nsOf, ok } from './context.ts';
import { engineEnv } from './iptables.ts';
import { SS_LONG, SS_SHORT, SS_USAGE } from './ss-usage.ts';
import type { CommandResult, WorldCommandContext } from './context.ts';

interface Column {
  header: string;
  ldelim: string;
  right: boolean;
}

const COLS: Column[] = [
  { header: 'Netid', ldelim: '', right: false },
  { header: 'State', ldelim: ' ', right: false },
  { header: 'Recv-Q', ldelim: ' ', right: false },
  { header: 'Send-Q', ldelim: ' ', right: false },
  { header: 'Local Address:', ldelim: ' ', right: true },
  { header: 'Port', ldelim: '', right: false },
  { header: 'Peer Address:', ldelim: ' ', right: true },
  { header: 'Port', ldelim: '', right: false },
  { header: 'Process', ldelim: '', right: false },
  { header: '', ldelim: '', right: false },
];

/** Lay out rows (one token per enabled column) exactly like ss's render(). */
export function ssRender(rows: string[][], disabled: boolean[]): string {
  const maxLen = COLS.map((c, i) => (disabled[i] ? 0 : Math.max(c.header.length, ...rows.map((r) => r[i]?.length ?? 0))));
  const width: number[] = [];
  let first = true;
  COLS.forEach((c, i) => {
    if (disabled[i]) {
      width[i] = 0;
      return;
    }
    width[i] = !first && maxLen[i] ? maxLen[i] + c.ldelim.length : maxLen[i];
    if (width[i]) first = false;
  });
  const all = [COLS.map((c) => c.header), ...rows];
  let out = '';
  for (const r of all) {
    let line = '';
    let started = false;
    COLS.forEach((c, i) => {
      if (disabled[i]) return;
      const tok = r[i] ?? '';
      let printed = 0;
      if (started) {
        line += c.ldelim;
        printed = c.ldelim.length;
      }
      started = true;
      if (width[i] && c.right) {
        const s = width[i] - tok.length - printed;
        if (s > 0) {
          line += ' '.repeat(s);
          printed += s;
        }
      }
      line += tok;
      printed += tok.length;
      if (width[i] && !c.right) {
        const s = width[i] - printed;
        if (s > 0) line += ' '.repeat(s);
      }
    });
    out += `${line}\n`;
  }
  return out;
}

const STATE_ORDER = ['LISTEN', 'UNCONN'];

export function ssCommand(ctx: WorldCommandContext): CommandResult {
  let tcp = false;
  let udp = false;
  let listening = false;
  let all = false;
  let procs = false;
  let ext = false;
  let timers = false;
  let numeric = false;
  const unmodelled = (what: string): CommandResult => fail(`ss: ${what} is not modelled by this simulator (it runs -t -u -l -a -n -p -e -o -H)\n`, 1);
  for (const a of ctx.argv.slice(1)) {
    if (/^-[^-]/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === 't') tcp = true;
        else if (ch === 'u') udp = true;
        else if (ch === 'l') listening = true;
        else if (ch === 'a') all = true;
        else if (ch === 'p') procs = true;
        else if (ch === 'e') ext = true;
        else if (ch === 'o') timers = true;
        else if (ch === 'n') numeric = true;
        else if (ch === 'H') continue;
        // getopt: a letter ss does not have, then the usage text, exit 255
        else if (!SS_SHORT.includes(ch) || ch === ':') return fail(`ss: invalid option -- '${ch}'\n${SS_USAGE}`, 255);
        else return unmodelled(`-${ch}`);
      }
    } else if (a === '--tcp') tcp = true;
    else if (a === '--udp') udp = true;
    else if (a === '--listening') listening = true;
    else if (a === '--all') all = true;
    else if (a === '--processes') procs = true;
    else if (a === '--extended') ext = true;
    else if (a === '--options') timers = true;
    else if (a === '--numeric') numeric = true;
    else if (a === '--no-header') continue;
    else if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      // (getopt_long also takes a unique prefix of a long name)
      const hits = SS_LONG.filter((n) => n.startsWith(name));
      if (name === '' || hits.length === 0) return fail(`ss: unrecognized option '${a}'\n${SS_USAGE}`, 255);
      return unmodelled(a);
    } else return fail(`ss: the filter "${a}" is not modelled by this simulator (it runs -t -u -l -a -n -p -e -o -H)\n`, 1);
  }
  if (!tcp && !udp) tcp = true;
  const ns = nsOf(ctx.world, ctx.where);
  const socks = ns.sockets.all.filter((s) => {
    if (s.proto === 6 ? !tcp : !udp) return false;
    if (s.state === 'CLOSED') return false;
    const isListen = s.state === 'LISTEN' || s.state === 'UNCONN';
    if (all) return true;
    if (listening) return isListen;
    return !isListen;
  });
  socks.sort((a, b) => Number(STATE_ORDER.includes(b.state)) - Number(STATE_ORDER.includes(a.state)));
  const showNetid = tcp && udp;
  const now = ctx.world.clockMs;
  // without -n, ports are named from /etc/services (getservbyport, for the socket's protocol)
  const names = numeric ? null : engineEnv(ctx.world, ctx).names;
  const port = (p: number, proto: number): string => names?.serviceName(p, proto === 6 ? 'tcp' : 'udp') ?? String(p);
  const rows = socks.map((s) => row(s, showNetid, procs && ctx.uid === 0, ext, timers, now, port));
  const disabled = COLS.map((_, i) => i === 0 && !showNetid);
  return ok(ssRender(rows, disabled));
}

function row(s: Sock, netid: boolean, procs: boolean, ext: boolean, timers: boolean, now: number, port: (p: number, proto: number) => string): string[] {
  const listen = s.state === 'LISTEN' || s.state === 'UNCONN';
  const rq = '0'.padEnd(6);
  const wq = (s.state === 'LISTEN' ? String(s.backlog) : '0').padEnd(6);
  const local = s.localIp === 0 ? '0.0.0.0' : ipText(s.localIp);
  const peer = listen ? '0.0.0.0' : ipText(s.remoteIp);
  const proc = procs && s.owner ? ` users:(("${s.owner.comm}",pid=${s.owner.pid},fd=${s.owner.fd}))` : '';
  let extra = '';
  if (timers && s.state === 'TIME-WAIT') {
    const left = Math.max(0, 60 - Math.ceil((now - (s.timeWaitAt ?? now)) / 1000));
    extra += ` timer:(timewait,${left}sec,0)`;
  }
  if (ext) {
    // sk: the kernel's socket address, shown in hex
    const sk = (0xb0 + s.id).toString(16);
    if (s.state === 'TIME-WAIT') extra += ` ino:0 sk:${sk}`;
    else extra += `${s.owner && s.owner.uid ? ` uid:${s.owner.uid}` : ''} ino:${s.inode} sk:${sk} cgroup:unreachable:1 <->`;
  }
  // users, timers and details all go to ss's Process field, in that order
  return [netid ? (s.proto === 6 ? 'tcp' : 'udp') : '', s.state, rq, wq, `${local}:`, port(s.localPort, s.proto), `${peer}:`, listen ? '*' : port(s.remotePort, s.proto), proc + extra, ''];
}
