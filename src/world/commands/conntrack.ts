// conntrack(8) from conntrack-tools 1.4.7: -L and -D with their filters (addresses with
// masks, protocol and ports, TCP state, status, mark, zone, NAT), -C, -F, -V, -h; -o
// extended and id. The command line is read as the tool reads it (conntrack-args.ts). The
// listing format is libnetfilter_conntrack's default text output.

import { IPPROTO_TCP, IPPROTO_UDP, ipText } from '../../netfilter/addr.ts';
import type { Conn } from '../../netfilter/conntrack.ts';
import { remaining } from '../../netfilter/conntrack.ts';
import { fail, nsOf, ok } from './context.ts';
import { checkMasks, ConntrackUsageError, parseConntrackArgs, STATUS_ASSURED, STATUS_SEEN_REPLY, type CtArgs, type NatArg } from './conntrack-args.ts';
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

const USAGE = `Command line interface for the connection tracking system. Version 1.4.7
Usage: conntrack [commands] [options]

Commands:
  -L [table] [options]\t\tList conntrack or expectation table
  -G [table] parameters\t\tGet conntrack or expectation
  -D [table] parameters\t\tDelete conntrack or expectation
  -I [table] parameters\t\tCreate a conntrack or expectation
  -U [table] parameters\t\tUpdate a conntrack
  -E [table] [options]\t\tShow events
  -F [table]\t\t\tFlush table
  -C [table]\t\t\tShow counter
  -S\t\t\t\tShow statistics

Tables: conntrack, expect, dying, unconfirmed

Conntrack parameters and options:
  -n, --src-nat ip\t\t\tsource NAT ip
  -g, --dst-nat ip\t\t\tdestination NAT ip
  -j, --any-nat ip\t\t\tsource or destination NAT ip
  -m, --mark mark\t\t\tSet mark
  -c, --secmark secmark\t\t\tSet selinux secmark
  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY
  -z, --zero \t\t\t\tZero counters while listing
  -o, --output type[,...]\t\tOutput format, eg. xml
  -l, --label label[,...]\t\tconntrack labels

Expectation parameters and options:
  --tuple-src ip\tSource address in expect tuple
  --tuple-dst ip\tDestination address in expect tuple

Updating parameters and options:
  --label-add label\tAdd label
  --label-del label\tDelete label

Common parameters and options:
  -s, --src, --orig-src ip\t\tSource address from original direction
  -d, --dst, --orig-dst ip\t\tDestination address from original direction
  -r, --reply-src ip\t\tSource addres from reply direction
  -q, --reply-dst ip\t\tDestination address from reply direction
  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'
  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'
  -t, --timeout timeout\t\tSet timeout
  -u, --status status\t\tSet status, eg. ASSURED
  -w, --zone value\t\tSet conntrack zone
  --orig-zone value\t\tSet zone for original direction
  --reply-zone value\t\tSet zone for reply direction
  -b, --buffer-size\t\tNetlink socket buffer size
  --mask-src ip\t\t\tSource mask address
  --mask-dst ip\t\t\tDestination mask address

`;

/** what the commands this simulator does not carry out are, for the message that says so */
const UNMODELLED: Readonly<Record<string, string>> = {
  I: '-I (create)', U: '-U (update)', G: '-G (get)', E: '-E (events)', S: '-S (statistics)',
  'expect-I': '-I expect', 'expect-D': '-D expect', 'expect-G': '-G expect', 'expect-E': '-E expect', 'expect-S': '-S expect',
};

/** dump_cb's filter: every attribute the command line set must match (addresses under their masks) */
function matches(c: Conn, a: CtArgs): boolean {
  if (a.family === 'ipv6') return false;
  if (a.proto && c.orig.proto !== a.proto.num) return false;
  if (a.src && ((c.orig.src & a.src.mask) >>> 0) !== ((a.src.addr & a.src.mask) >>> 0)) return false;
  if (a.dst && ((c.orig.dst & a.dst.mask) >>> 0) !== ((a.dst.addr & a.dst.mask) >>> 0)) return false;
  if (a.replySrc !== undefined && c.reply.src !== a.replySrc) return false;
  if (a.replyDst !== undefined && c.reply.dst !== a.replyDst) return false;
  const p = a.ports;
  if (p.sport !== undefined && c.orig.sport !== p.sport) return false;
  if (p.dport !== undefined && c.orig.dport !== p.dport) return false;
  if (p.rsport !== undefined && c.reply.sport !== p.rsport) return false;
  if (p.rdport !== undefined && c.reply.dport !== p.rdport) return false;
  if (a.tcpState !== undefined && c.tcpState !== a.tcpState) return false;
  // (no ICMP connections are tracked here: any ICMP field matches nothing)
  if (a.icmp.type !== undefined || a.icmp.code !== undefined || a.icmp.id !== undefined) return false;
  if (a.mark && (c.mark & a.mark.mask) >>> 0 !== a.mark.value) return false;
  const status = (c.assured ? STATUS_ASSURED : 0) | (c.seenReply ? STATUS_SEEN_REPLY : 0);
  if ((status & a.status) !== a.status) return false;
  if (a.zone !== undefined && c.zone !== a.zone) return false;
  // NAT (the IPS_SRC_NAT / IPS_DST_NAT status bits): the address a binding gave shows in the
  // reply tuple; a port matches only where the binding changed it (measured)
  const natIs = (n: NatArg | undefined, isNat: boolean, addr: number, port: number, before: number): boolean =>
    n === undefined || (isNat && (n.addr === undefined || n.addr === addr) && (n.port === undefined || (n.port === port && port !== before)));
  const snat = (n: NatArg): boolean => natIs(n, c.srcNat, c.reply.dst, c.reply.dport, c.orig.sport);
  const dnat = (n: NatArg): boolean => natIs(n, c.dstNat, c.reply.src, c.reply.sport, c.orig.dport);
  if (a.nat.src && !snat(a.nat.src)) return false;
  if (a.nat.dst && !dnat(a.nat.dst)) return false;
  if (a.nat.any && !snat(a.nat.any) && !dnat(a.nat.any)) return false;
  return true;
}

/** the listing line, in the formats -o asks for (extended: the layer-3 protocol first; id: its id last) */
function outputLine(c: Conn, now: number, acct: boolean, output: ReadonlySet<string>): string {
  let line = conntrackLine(c, now, acct);
  if (output.has('extended')) line = `${'ipv4'.padEnd(8)} 2 ${line}`;
  if (output.has('id')) line += ` id=${c.id}`;
  return `${line}\n`;
}

/** exit_error(PARAMETER_PROBLEM, ...): the message, then where to find help, exit 2 */
function usageError(msg: string): CommandResult {
  return fail(`${VERSION}: ${msg}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`, 2);
}

export function conntrackCommand(ctx: WorldCommandContext): CommandResult {
  let a: CtArgs;
  try {
    a = parseConntrackArgs(ctx.argv.slice(1));
  } catch (e) {
    if (e instanceof ConntrackUsageError) return usageError(e.message);
    throw e;
  }
  const cmd = a.command;
  if (cmd === null || cmd === 'h') return ok(USAGE + (cmd === 'h' && a.proto ? `Proto \`${a.proto.name}' help:\n${a.proto.help}` : ''));
  if (cmd === 'V') return ok(`${VERSION}\n`);
  const unmodelled = UNMODELLED[cmd];
  if (unmodelled) return fail(`conntrack: ${unmodelled} is not modelled by this simulator; -L, -D, -C and -F are\n`, 1);
  if (ctx.uid !== 0) return fail(`${VERSION}: Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n`, 1);
  const ns = nsOf(ctx.world, ctx.where);
  ns.conntrack.expire(ctx.world.clockMs);
  const now = ctx.world.clockMs;
  // the expectation table is always empty here, and so are the dying and unconfirmed lists
  switch (cmd) {
    case 'expect-L': return ok('', `${VERSION}: 0 expectations have been shown.\n`);
    case 'expect-C': return ok('0\n');
    case 'expect-F': return ok('', `${VERSION}: expectation table has been emptied.\n`);
    case 'C': return ok(`${ns.conntrack.conns.length}\n`);
    case 'F':
      ns.conntrack.flush();
      return ok('', `${VERSION}: connection tracking table has been emptied.\n`);
  }
  const filtering = a.options.size > 0 && [...a.options].some((o) => FILTERS.has(o));
  if (cmd === 'L' && a.options.has('zero') && filtering) return usageError("Can't use -z with filtering parameters");
  try {
    checkMasks(a);
  } catch (e) {
    if (e instanceof ConntrackUsageError) return usageError(e.message);
    throw e;
  }
  const rows = a.table === 'conntrack' ? ns.conntrack.conns.filter((c) => matches(c, a)) : [];
  const unmodelledOutput = [...a.output].find((o) => o !== 'extended' && o !== 'id');
  if (unmodelledOutput) return fail(`conntrack: -o ${unmodelledOutput} is not modelled by this simulator; -o extended and -o id are\n`, 1);
  const out = rows.map((c) => outputLine(c, now, ns.conntrack.acct, a.output)).join('');
  if (cmd === 'D') {
    for (const c of rows) ns.conntrack.remove(c);
    return { stdout: out, stderr: `${VERSION}: ${rows.length} flow entries have been deleted.\n`, code: rows.length === 0 ? 1 : 0 };
  }
  if (a.options.has('zero')) for (const c of rows) c.acct = [{ packets: 0, bytes: 0 }, { packets: 0, bytes: 0 }];
  return ok(out, `${VERSION}: ${rows.length} flow entries have been shown.\n`);
}

/** the options that filter a listing (CT_COMPARISON) */
const FILTERS = new Set(['protonum', 'src', 'dst', 'reply-src', 'reply-dst', 'mark', 'secmark', 'status', 'id', 'zone', 'label', 'orig-zone', 'reply-zone']);
