// conntrack(8) from conntrack-tools 1.4.7: -L (with -p/-s/-d/--sport/--dport filters),
// -C, -F. The listing format is libnetfilter_conntrack's default text output.

import { IPPROTO_TCP, IPPROTO_UDP, ipText, isIpText, ip } from '../../netfilter/addr.ts';
import type { Conn } from '../../netfilter/conntrack.ts';
import { remaining } from '../../netfilter/conntrack.ts';
import { fail, nsOf, ok } from './context.ts';
import type { CommandResult, WorldCommandContext } from './context.ts';

const VERSION = 'conntrack v1.4.7 (conntrack-tools)';

function protoName(p: number): string {
  return p === IPPROTO_TCP ? 'tcp' : p === IPPROTO_UDP ? 'udp' : p === 1 ? 'icmp' : 'unknown';
}

export function conntrackLine(c: Conn, now: number, acct: boolean): string {
  const t = Math.max(0, remaining(c, now));
  let s = `${protoName(c.orig.proto).padEnd(8)} ${c.orig.proto} ${t} `;
  if (c.orig.proto === IPPROTO_TCP) s += `${c.tcpState} `;
  const tuple = (x: Conn['orig']): string => `src=${ipText(x.src)} dst=${ipText(x.dst)} sport=${x.sport} dport=${x.dport} `;
  s += tuple(c.orig);
  if (acct) s += `packets=${c.acct[0].packets} bytes=${c.acct[0].bytes} `;
  if (!c.seenReply) s += '[UNREPLIED] ';
  s += tuple(c.reply);
  if (acct) s += `packets=${c.acct[1].packets} bytes=${c.acct[1].bytes} `;
  if (c.assured) s += '[ASSURED] ';
  s += `mark=${c.mark} `;
  if (c.zone) s += `zone=${c.zone} `;
  s += 'use=1';
  return s;
}

export function conntrackCommand(ctx: WorldCommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  if (ctx.uid !== 0) return fail(`${VERSION}: Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n`, 1);
  const ns = nsOf(ctx.world, ctx.where);
  let cmd = '';
  const filt: { proto?: number; src?: number; dst?: number; sport?: number; dport?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = (): string | undefined => args[++i];
    switch (a) {
      case '-L': case '--dump': cmd = 'L'; break;
      case '-C': case '--count': cmd = 'C'; break;
      case '-F': case '--flush': cmd = 'F'; break;
      case '-n': case '-o': case '-e': break;
      case '-p': case '--proto': {
        const v = val();
        if (v === 'tcp' || v === '6') filt.proto = IPPROTO_TCP;
        else if (v === 'udp' || v === '17') filt.proto = IPPROTO_UDP;
        else return fail(`${VERSION}: \`${v ?? ''}' unsupported protocol\n`, 2);
        break;
      }
      case '-s': case '--src': case '--orig-src': case '-d': case '--dst': case '--orig-dst': {
        const v = val() ?? '';
        if (!isIpText(v)) return fail(`${VERSION}: Bad parameter \`${v}'\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`, 2);
        if (a === '-s' || a === '--src' || a === '--orig-src') filt.src = ip(v);
        else filt.dst = ip(v);
        break;
      }
      case '--sport': case '--orig-port-src': case '--dport': case '--orig-port-dst': {
        const v = Number(val());
        if (filt.proto === undefined) return fail(`${VERSION}: missing protocol; use -p tcp or -p udp with port options\n`, 2);
        if (a === '--sport' || a === '--orig-port-src') filt.sport = v;
        else filt.dport = v;
        break;
      }
      default:
        return fail(`${VERSION}: Bad parameter \`${a}'\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`, 2);
    }
  }
  if (cmd === '') return fail(`${VERSION}: no command specified\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`, 2);
  ns.conntrack.expire(ctx.world.clockMs);
  if (cmd === 'F') {
    ns.conntrack.flush();
    return ok('', `${VERSION}: connection tracking table has been emptied.\n`);
  }
  const rows = ns.conntrack.conns.filter((c) =>
    (filt.proto === undefined || c.orig.proto === filt.proto) && (filt.src === undefined || c.orig.src === filt.src) &&
    (filt.dst === undefined || c.orig.dst === filt.dst) && (filt.sport === undefined || c.orig.sport === filt.sport) &&
    (filt.dport === undefined || c.orig.dport === filt.dport));
  if (cmd === 'C') return ok(`${rows.length}\n`);
  const out = rows.map((c) => `${conntrackLine(c, ctx.world.clockMs, ns.conntrack.acct)}\n`).join('');
  return ok(out, `${VERSION}: ${rows.length} flow entries have been shown.\n`);
}
