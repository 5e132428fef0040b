// ip(8) from iproute2 6.1, the read-only parts a reader needs inside a pod:
// `ip addr`, `ip link`, `ip route [show] [table T]`, `ip route get` (ip-route-get.ts),
// `ip rule [show]` (and -br, -4).

import { ipText } from '../../netfilter/addr.ts';
import type { NetDevice, NetNs } from '../../netfilter/netns.ts';
import { RT_TABLE_LOCAL, RT_TABLE_MAIN, tableName } from '../../netfilter/routing.ts';
import type { Route } from '../../netfilter/routing.ts';
import { fail, nsOf, ok } from './context.ts';
import { routeGet } from './ip-route-get.ts';
import type { CommandResult, WorldCommandContext } from './context.ts';

function flags(d: NetDevice): string {
  if (d.kind === 'loopback') return '<LOOPBACK,UP,LOWER_UP>';
  return '<BROADCAST,MULTICAST,UP,LOWER_UP>';
}

function devName(d: NetDevice): string {
  return d.peerIfindex !== undefined ? `${d.name}@if${d.peerIfindex}` : d.name;
}

function linkState(d: NetDevice): string {
  return d.kind === 'loopback' ? 'UNKNOWN' : 'UP';
}

/**
 * A device's first lines. `v4only` (ip -4 addr): iproute2 prints no link/ line then, and
 * the peer's namespace id goes at the end of the first line instead.
 */
function linkLines(d: NetDevice, isNode: boolean, mode: boolean, v4only = false): string {
  const nsid = d.peerIfindex !== undefined ? ` link-netnsid ${isNode ? d.ifindex - 4 : 0}` : '';
  let s = `${d.ifindex}: ${devName(d)}: ${flags(d)} mtu ${d.mtu} qdisc noqueue state ${linkState(d)}${mode ? ' mode DEFAULT' : ''} group default qlen 1000${v4only ? nsid : ''}\n`;
  if (v4only) return s;
  if (d.kind === 'loopback') s += '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
  else s += `    link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff${nsid}\n`;
  return s;
}

/** ip -br: the name and state columns, padded as print_name_and_link does */
function briefHead(d: NetDevice): string {
  return `${devName(d).padEnd(16)} ${linkState(d).padEnd(14)} `;
}

function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] ^= 2;
  const g = (x: number, y: number): string => ((x << 8) | y).toString(16);
  return `fe80::${g(b[0], b[1])}:${g(b[2], 0xff)}:${g(0xfe, b[3])}:${g(b[4], b[5])}`;
}

function addrShow(ns: NetNs, isNode: boolean, v4only: boolean, brief: boolean, only?: string): CommandResult {
  const devs = ns.devices.filter((d) => !only || d.name === only);
  if (only && devs.length === 0) return fail(`Device "${only}" does not exist.\n`, 1);
  let out = '';
  for (const d of devs) {
    if (brief) {
      const addrs = d.addrs.map((a) => `${ipText(a.ip)}/${a.prefix}`);
      if (!v4only) addrs.push(d.kind === 'loopback' ? '::1/128' : `${linkLocal(d.mac)}/64`);
      out += `${briefHead(d)}${addrs.join(' ')} \n`;
      continue;
    }
    out += linkLines(d, isNode, false, v4only);
    for (const a of d.addrs) {
      const scope = a.scope === 'host' ? 'host' : 'global';
      const brd = d.kind !== 'loopback' && a.prefix < 31 ? ` brd ${ipText((a.ip | (0xffffffff >>> a.prefix)) >>> 0)}` : '';
      out += `    inet ${ipText(a.ip)}/${a.prefix}${brd} scope ${scope} ${d.name}\n       valid_lft forever preferred_lft forever\n`;
    }
    if (!v4only) {
      if (d.kind === 'loopback') out += '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
      else out += `    inet6 ${linkLocal(d.mac)}/64 scope link \n       valid_lft forever preferred_lft forever\n`;
    }
  }
  return ok(out);
}

function routeLine(r: Route, table: number): string {
  const dst = r.prefix === 0 ? 'default' : r.prefix === 32 ? ipText(r.dst) : `${ipText(r.dst)}/${r.prefix}`;
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(dst);
  if (r.via !== undefined) parts.push('via', ipText(r.via));
  if (r.dev) parts.push('dev', r.dev);
  if (table !== RT_TABLE_MAIN && table !== RT_TABLE_LOCAL && r.table !== table) parts.push('table', tableName(r.table));
  if (r.proto && r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope && r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src !== undefined && r.proto === 'kernel') parts.push('src', ipText(r.src));
  return `${parts.join(' ')} \n`;
}

function routeShow(ns: NetNs, args: string[]): CommandResult {
  if (args.length > 0 && args[0] !== '' && 'get'.startsWith(args[0])) return routeGet(ns, args.slice(1));
  let table = RT_TABLE_MAIN;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === 'show' || args[i] === 'list' || args[i] === 'ls') continue;
    if (args[i] === 'table') {
      const t = args[++i];
      if (t === 'local') table = RT_TABLE_LOCAL;
      else if (t === 'main') table = RT_TABLE_MAIN;
      else if (t === 'all') table = -1;
      else if (t !== undefined && /^\d+$/.test(t)) table = Number(t);
      else return fail(`Error: argument "${t ?? ''}" is wrong: table id value is invalid\n\n`, 255);
      continue;
    }
    return fail(`Error: either "to" is duplicate, or "${args[i]}" is a garbage.\n`, 255);
  }
  const routes = ns.routes.filter((r) => table === -1 || r.table === table);
  const sorted = [...routes].sort((a, b) => (a.table !== b.table ? b.table - a.table : 0) || sortKey(a) - sortKey(b));
  return ok(sorted.map((r) => routeLine(r, table)).join(''));
}

function sortKey(r: Route): number {
  // the kernel walks its trie: shorter prefixes of lower addresses first; default first
  return r.prefix === 0 ? -1 : r.dst * 64 + r.prefix;
}

function ruleShow(ns: NetNs): CommandResult {
  const lines = [...ns.rules].sort((a, b) => a.pref - b.pref).map((r) => {
    const mark = r.fwmark !== undefined ? ` fwmark 0x${r.fwmark.toString(16)}${r.fwmask !== undefined && r.fwmask !== 0xffffffff ? `/0x${r.fwmask.toString(16)}` : ''}` : '';
    return `${r.pref}:\tfrom all${mark} lookup ${tableName(r.table)}\n`;
  });
  return ok(lines.join(''));
}

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** ip's own options (the usage's OPTIONS, by full name) */
const IP_OPTIONS = ['-Version', '-statistics', '-details', '-resolve', '-human-readable', '-iec', '-json', '-pretty', '-family',
  '-4', '-6', '-M', '-B', '-0', '-loops', '-brief', '-oneline', '-timestamp', '-tshort', '-batch', '-rcvbuf', '-netns',
  '-Numeric', '-all', '-color', '-force', '-help'];

export function ipCommand(ctx: WorldCommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  let brief = false;
  let v4 = false;
  while (args.length && args[0].startsWith('-')) {
    const o = args.shift()!;
    if (o === '-br' || o === '-brief') brief = true;
    else if (o === '-4') v4 = true;
    else if (o === '-o' || o === '-oneline') continue;
    // an option ip has (any prefix of its name) that this one does not carry out
    else if (IP_OPTIONS.some((n) => n.startsWith(o) && o.length > 1)) return fail(`ip: option "${o}" is not modelled by this simulator (it runs -br, -4 and -o)\n`, 255);
    else return fail(`Option "${o}" is unknown, try "ip -help".\n`, 255);
  }
  const ns = nsOf(ctx.world, ctx.where);
  const isNode = ns === ctx.world.node.ns;
  const obj = args.shift();
  if (obj === undefined) return fail(USAGE, 255);
  const sub = args.filter((a) => a !== 'show' && a !== 'list' && a !== 'ls');
  if ('address'.startsWith(obj) && obj.length >= 1 && obj !== 'a' ? true : obj === 'a' || obj === 'addr') {
    const dev = sub[0] === 'dev' ? sub[1] : sub[0];
    return addrShow(ns, isNode, v4, brief, dev);
  }
  if (obj === 'link' || obj === 'l') {
    if (brief) return ok(ns.devices.map((d) => `${briefHead(d)}${d.mac} ${flags(d)} \n`).join(''));
    return ok(ns.devices.map((d) => linkLines(d, isNode, true)).join(''));
  }
  if (obj === 'route' || obj === 'r' || obj === 'ro') return routeShow(ns, args);
  if (obj === 'rule' || obj === 'ru') {
    if (sub.length) return fail('ip rule changes are not modelled by this simulator; the TPROXY scenario sets them up.\n', 2);
    return ruleShow(ns);
  }
  return fail(`Object "${obj}" is unknown, try "ip help".\n`, 1);
}
