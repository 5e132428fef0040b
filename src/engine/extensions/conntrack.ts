// libxt_conntrack (revision 3) and its "state" alias: connection state, status,
// direction, original/reply tuple and expiry.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { ipToAnyName, ipToString, maskSuffix, strtoui } from '../ipv4.ts';
import { looseRange } from './loose-port.ts';
import { parseXtHostMask } from './xt-host.ts';
import { parseMint } from './ports.ts';
import type { CtState, PacketView } from '../packet.ts';

const STATE_BITS: ReadonlyArray<[string, number]> = [
  ['INVALID', 1], ['NEW', 2], ['RELATED', 4], ['ESTABLISHED', 8], ['UNTRACKED', 16], ['SNAT', 32], ['DNAT', 64],
];
const STATUS_BITS: ReadonlyArray<[string, number]> = [['EXPECTED', 1], ['SEEN_REPLY', 2], ['ASSURED', 4], ['CONFIRMED', 8]];
// the words --ctstatus takes, in the order the parser tries them
const STATUS_WORDS: ReadonlyArray<[string, number]> = [['NONE', 0], ...STATUS_BITS];

export interface Addr { addr: number; mask: number; wide?: true }

export interface ConntrackData {
  state: number | null;
  invState: boolean;
  proto: number | null;
  invProto: boolean;
  origsrc: Addr | null; invOrigsrc: boolean;
  origdst: Addr | null; invOrigdst: boolean;
  replsrc: Addr | null; invReplsrc: boolean;
  repldst: Addr | null; invRepldst: boolean;
  origsrcport: [number, number] | null; invOrigsrcport: boolean;
  origdstport: [number, number] | null; invOrigdstport: boolean;
  replsrcport: [number, number] | null; invReplsrcport: boolean;
  repldstport: [number, number] | null; invRepldstport: boolean;
  status: number | null; invStatus: boolean;
  expires: [number, number] | null; invExpires: boolean;
  dir: 'ORIGINAL' | 'REPLY' | null;
}

function init(): ConntrackData {
  return {
    state: null, invState: false, proto: null, invProto: false,
    origsrc: null, invOrigsrc: false, origdst: null, invOrigdst: false,
    replsrc: null, invReplsrc: false, repldst: null, invRepldst: false,
    origsrcport: null, invOrigsrcport: false, origdstport: null, invOrigdstport: false,
    replsrcport: null, invReplsrcport: false, repldstport: null, invRepldstport: false,
    status: null, invStatus: false, expires: null, invExpires: false, dir: null,
  };
}

/**
 * conntrack_ps_states / conntrack_ps_statuses: each comma-separated word is compared with
 * strncasecmp over its own length, so any prefix of a name names it; a bad word is reported
 * with the rest of the argument from it on.
 */
function parseFlagList(arg: string, table: ReadonlyArray<readonly [string, number]>, what: string): number {
  let mask = 0;
  let at = 0;
  for (;;) {
    const comma = arg.indexOf(',', at);
    const word = arg.slice(at, comma >= 0 ? comma : undefined).toLowerCase();
    const e = word === '' ? undefined : table.find(([n]) => n.toLowerCase().startsWith(word));
    if (!e) throw paramError(`Bad ${what} "${arg.slice(at)}"`);
    mask |= e[1];
    if (comma < 0) return mask;
    at = comma + 1;
  }
}

function parseStates(arg: string, allowed: number, what: string): number {
  return parseFlagList(arg, STATE_BITS.filter(([, b]) => (b & allowed) !== 0), what);
}

function stateText(mask: number): string {
  return STATE_BITS.filter(([, b]) => mask & b).map(([n]) => n).join(',');
}

function statusText(mask: number): string {
  if (mask === 0) return 'NONE';
  return STATUS_BITS.filter(([, b]) => mask & b).map(([n]) => n).join(',');
}

function addrText(a: Addr, numeric: boolean, names: Parameters<typeof ipToAnyName>[1]): string {
  if (!numeric && a.addr === 0) return 'anywhere';
  return (numeric ? ipToString(a.addr) : ipToAnyName(a.addr, names)) + maskSuffix(a.mask);
}

function addrHitMasked(v: number | undefined, a: Addr): boolean {
  return v !== undefined && ((v & a.mask) >>> 0) === ((a.addr & a.mask) >>> 0);
}

function portsText(p: [number, number]): string {
  return p[0] === p[1] ? String(p[0]) : `${p[0]}:${p[1]}`;
}

const ADDR_OPTS = ['origsrc', 'origdst', 'replsrc', 'repldst'] as const;
const PORT_OPTS = ['origsrcport', 'origdstport', 'replsrcport', 'repldstport'] as const;

function dump(d: ConntrackData, prefix: string, numeric: boolean, names: Parameters<typeof ipToAnyName>[1], stateName: string): string {
  let s = '';
  if (d.state !== null) s += `${d.invState ? ' !' : ''} ${prefix}${stateName} ${stateText(d.state)}`;
  if (d.proto !== null) s += `${d.invProto ? ' !' : ''} ${prefix}ctproto ${d.proto}`;
  for (const k of ADDR_OPTS) {
    const a = d[k];
    const inv = d[`inv${k[0].toUpperCase()}${k.slice(1)}` as 'invOrigsrc'];
    if (a) s += `${inv ? ' !' : ''} ${prefix}ct${k} ${addrText(a, numeric || prefix !== '', names)}`;
  }
  for (const k of PORT_OPTS) {
    const p = d[k];
    const inv = d[`inv${k[0].toUpperCase()}${k.slice(1)}` as 'invOrigsrcport'];
    if (p) s += `${inv ? ' !' : ''} ${prefix}ct${k} ${portsText(p)}`;
  }
  if (d.status !== null) s += `${d.invStatus ? ' !' : ''} ${prefix}ctstatus ${statusText(d.status)}`;
  if (d.expires !== null) {
    s += `${d.invExpires ? ' !' : ''} ${prefix}ctexpire ${d.expires[0] === d.expires[1] ? d.expires[0] : `${d.expires[0]}:${d.expires[1]}`}`;
  }
  if (d.dir !== null) s += ` ${prefix}ctdir ${d.dir}`;
  return s;
}

const STATE_FOR: Readonly<Record<CtState, number>> = { INVALID: 1, NEW: 2, RELATED: 4, ESTABLISHED: 8, UNTRACKED: 16 };

function inRange(v: number, r: [number, number]): boolean {
  return v >= r[0] && v <= r[1];
}

function addrHit(v: number | undefined, a: Addr): boolean {
  return addrHitMasked(v, a);
}

function conntrackMatches(d: ConntrackData, pkt: PacketView): boolean {
  const ct = pkt.ct;
  if (d.state !== null) {
    let bits = 0;
    if (!ct) bits = STATE_FOR.INVALID;
    else {
      bits = STATE_FOR[ct.state];
      if (ct.snat) bits |= 32;
      if (ct.dnat) bits |= 64;
    }
    if (((bits & d.state) !== 0) === d.invState) return false;
  }
  if (!ct || ct.state === 'UNTRACKED' || ct.state === 'INVALID') {
    // everything below needs a tracked connection
    return d.proto === null && ADDR_OPTS.every((k) => !d[k]) && PORT_OPTS.every((k) => !d[k]) && d.status === null && d.expires === null && d.dir === null;
  }
  const o = ct.original;
  const r = ct.reply;
  if (d.proto !== null && ((o?.proto ?? pkt.proto) === d.proto) === d.invProto) return false;
  if (d.origsrc && addrHit(o?.src, d.origsrc) === d.invOrigsrc) return false;
  if (d.origdst && addrHit(o?.dst, d.origdst) === d.invOrigdst) return false;
  if (d.replsrc && addrHit(r?.src, d.replsrc) === d.invReplsrc) return false;
  if (d.repldst && addrHit(r?.dst, d.repldst) === d.invRepldst) return false;
  if (d.origsrcport && inRange(o?.sport ?? -1, d.origsrcport) === d.invOrigsrcport) return false;
  if (d.origdstport && inRange(o?.dport ?? -1, d.origdstport) === d.invOrigdstport) return false;
  if (d.replsrcport && inRange(r?.sport ?? -1, d.replsrcport) === d.invReplsrcport) return false;
  if (d.repldstport && inRange(r?.dport ?? -1, d.repldstport) === d.invRepldstport) return false;
  if (d.status !== null) {
    let bits = 0;
    for (const [n, b] of STATUS_BITS) if (ct.status?.includes(n)) bits |= b;
    if (((bits & d.status) !== 0) === d.invStatus) return false;
  }
  if (d.expires !== null && inRange(ct.expires ?? 0, d.expires) === d.invExpires) return false;
  if (d.dir !== null && ct.dir !== d.dir) return false;
  return true;
}

export const conntrack = defineMatch<ConntrackData>({
  kind: 'match',
  name: 'conntrack',
  options: [
    { name: 'ctstate', hasArg: 1, id: 'ctstate', invert: true },
    { name: 'ctproto', hasArg: 1, id: 'ctproto', invert: true },
    { name: 'ctorigsrc', hasArg: 1, id: 'origsrc', invert: true },
    { name: 'ctorigdst', hasArg: 1, id: 'origdst', invert: true },
    { name: 'ctreplsrc', hasArg: 1, id: 'replsrc', invert: true },
    { name: 'ctrepldst', hasArg: 1, id: 'repldst', invert: true },
    { name: 'ctstatus', hasArg: 1, id: 'ctstatus', invert: true },
    { name: 'ctexpire', hasArg: 1, id: 'ctexpire', invert: true },
    { name: 'ctorigsrcport', hasArg: 1, id: 'origsrcport', invert: true },
    { name: 'ctorigdstport', hasArg: 1, id: 'origdstport', invert: true },
    { name: 'ctreplsrcport', hasArg: 1, id: 'replsrcport', invert: true },
    { name: 'ctrepldstport', hasArg: 1, id: 'repldstport', invert: true },
    { name: 'ctdir', hasArg: 1, id: 'ctdir' },
  ],
  init,
  parse(id, arg, invert, d, ctx) {
    const a = arg!;
    switch (id) {
      case 'ctstate': d.state = parseStates(a, 127, 'ctstate'); d.invState = invert; break;
      case 'ctproto': {
        const n = strtoui(a, 0, 255) ?? ctx.names.protocolNumber(a.toLowerCase()) ?? (a === 'all' ? 0 : null);
        if (n === null) throw paramError(`unknown protocol "${a}" specified`);
        d.proto = n;
        d.invProto = invert;
        break;
      }
      case 'origsrc': case 'origdst': case 'replsrc': case 'repldst': {
        d[id] = parseXtHostMask(a, ctx.names, 'conntrack', `ct${id}`);
        d[`inv${id[0].toUpperCase()}${id.slice(1)}` as 'invOrigsrc'] = invert;
        break;
      }
      case 'origsrcport': case 'origdstport': case 'replsrcport': case 'repldstport': {
        d[id] = looseRange(a, ctx.names, 'conntrack', `ct${id}`);
        d[`inv${id[0].toUpperCase()}${id.slice(1)}` as 'invOrigsrcport'] = invert;
        break;
      }
      case 'ctstatus': {
        const mask = parseFlagList(a, STATUS_WORDS, 'ctstatus');
        d.status = mask;
        d.invStatus = invert;
        break;
      }
      case 'ctexpire': {
        const v = parseMint(a, 'conntrack', 'ctexpire', 0xffffffff);
        d.expires = [v[0], v.length > 1 ? v[1] : v[0]];
        d.invExpires = invert;
        break;
      }
      case 'ctdir': {
        const v = a.toUpperCase();
        if (v !== 'ORIGINAL' && v !== 'REPLY') throw paramError(`conntrack: Bad value for "--ctdir" option: "${a}"`);
        d.dir = v;
        break;
      }
    }
  },
  final(_d, _ctx, seen) {
    if (seen.size === 0) throw paramError('conntrack: At least one option is required');
  },
  print: (d, ctx) => dump(d, '', ctx.numeric, ctx.names, 'ctstate'),
  save: (d, ctx) => dump(d, '--', true, ctx.names, 'ctstate'),
  // the kernel compares the struct: an address without a prefix length masks all 16 bytes of
  // its nf_inet_addr, `/32` only the first 4 (both save as the bare address)
  key: (d) => ADDR_OPTS.map((k) => (d[k]?.wide ? 'w' : '-')).join(''),
  match: (d, pkt) => conntrackMatches(d, pkt),
});

/** -m state: conntrack with only --state, printed and saved under its own name */
export const state = defineMatch<ConntrackData>({
  kind: 'match',
  name: 'state',
  options: [{ name: 'state', hasArg: 1, id: 'state', mand: true, invert: true }],
  init,
  parse(_id, arg, invert, d) {
    d.state = parseStates(arg!, 31, 'state');
    d.invState = invert;
  },
  print: (d, ctx) => dump(d, '', ctx.numeric, ctx.names, 'state'),
  save: (d, ctx) => dump(d, '--', true, ctx.names, 'state'),
  match: (d, pkt) => conntrackMatches(d, pkt),
});
