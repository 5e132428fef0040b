// libxt_tcp: --sport/--dport ranges, --tcp-flags/--syn, --tcp-option (old parse API).

import { paramError } from '../errors.ts';
import { defineMatch, type ExtOption } from './types.ts';
import { parsePortRange } from './helpers.ts';

function tcpPorts(s: string, names: NameDb): [number, number] {
  const r = parsePortRange(s, names);
  if (r[0] > r[1]) throw paramError('invalid portrange (min > max)');
  return r;
}
import type { NameDb } from '../names/namedb.ts';
import { strtoui } from '../ipv4.ts';

export interface TcpData {
  spts: [number, number];
  dpts: [number, number];
  option: number;
  flgMask: number;
  flgCmp: number;
  invSrc: boolean;
  invDst: boolean;
  invOption: boolean;
  invFlags: boolean;
  flags: number;
}

const FLAG_NAMES: ReadonlyArray<[string, number]> = [
  ['FIN', 0x01], ['SYN', 0x02], ['RST', 0x04], ['PSH', 0x08], ['ACK', 0x10], ['URG', 0x20], ['ALL', 0x3f], ['NONE', 0],
];

function parseFlagList(s: string): number {
  let ret = 0;
  for (const part of s.split(',').filter((x) => x !== '')) {
    const f = FLAG_NAMES.find(([n]) => n.toLowerCase() === part.toLowerCase());
    if (!f) throw paramError(`Unknown TCP flag \`${part}'`);
    ret |= f[1];
  }
  return ret;
}

export function tcpFlagsText(flags: number): string {
  const out: string[] = [];
  let f = flags;
  while (f) {
    let i = 0;
    while ((f & FLAG_NAMES[i][1]) === 0) i++;
    out.push(FLAG_NAMES[i][0]);
    f &= ~FLAG_NAMES[i][1];
  }
  return out.length ? out.join(',') : 'NONE';
}

function portText(port: number, numeric: boolean, names: NameDb, proto: string): string {
  if (numeric) return String(port);
  return names.serviceName(port, proto) ?? String(port);
}

export function printPorts(name: string, min: number, max: number, invert: boolean, numeric: boolean, names: NameDb, proto: string): string {
  if (min === 0 && max === 0xffff && !invert) return '';
  const inv = invert ? '!' : '';
  if (min === max) return ` ${name}:${inv}${portText(min, numeric, names, proto)}`;
  return ` ${name}s:${inv}${portText(min, numeric, names, proto)}:${portText(max, numeric, names, proto)}`;
}

export function savePorts(opt: string, range: [number, number], invert: boolean): string {
  if (range[0] === 0 && range[1] === 0xffff) return '';
  const inv = invert ? ' !' : '';
  return range[0] !== range[1] ? `${inv} --${opt} ${range[0]}:${range[1]}` : `${inv} --${opt} ${range[0]}`;
}

function hex2(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** --source-port/--sport and --destination-port/--dport, as tcp and sctp declare them (their
 *  old-style parsers take `!` themselves); udp and dccp (x6 parsers) mark them invertible. */
export const PORT_OPTIONS: ExtOption[] = [
    { name: 'source-port', hasArg: 1, id: 'sport' },
    { name: 'sport', hasArg: 1, id: 'sport' },
    { name: 'destination-port', hasArg: 1, id: 'dport' },
    { name: 'dport', hasArg: 1, id: 'dport' },
];
export const PORT_OPTIONS_X6: ExtOption[] = PORT_OPTIONS.map((o) => ({ ...o, invert: true }));

/** the default range, shared: ranges are replaced, never changed in place */
const ANY_PORT: [number, number] = [0, 0xffff];

export const tcp = defineMatch<TcpData>({
  kind: 'match',
  name: 'tcp',
  proto: 6,
  oldStyle: true,
  options: [
    ...PORT_OPTIONS,
    { name: 'syn', hasArg: 0, id: 'syn' },
    { name: 'tcp-flags', hasArg: 1, id: 'flags' },
    { name: 'tcp-option', hasArg: 1, id: 'option' },
  ],
  init: () => ({ spts: ANY_PORT, dpts: ANY_PORT, option: 0, flgMask: 0, flgCmp: 0, invSrc: false, invDst: false, invOption: false, invFlags: false, flags: 0 }),
  parse(id, arg, invert, d, ctx) {
    switch (id) {
      case 'sport':
        if (d.flags & 1) throw paramError("Only one `--source-port' allowed");
        d.spts = tcpPorts(arg!, ctx.names);
        d.invSrc = invert;
        d.flags |= 1;
        break;
      case 'dport':
        if (d.flags & 2) throw paramError("Only one `--destination-port' allowed");
        d.dpts = tcpPorts(arg!, ctx.names);
        d.invDst = invert;
        d.flags |= 2;
        break;
      case 'syn':
        if (d.flags & 4) throw paramError("Only one of `--syn' or `--tcp-flags'  allowed");
        d.flgMask = 0x17;
        d.flgCmp = 0x02;
        d.invFlags = invert;
        d.flags |= 4;
        break;
      case 'flags': {
        if (d.flags & 4) throw paramError("Only one of `--syn' or `--tcp-flags'  allowed");
        const second = ctx.peek();
        if (second === null) throw paramError('--tcp-flags requires two args.');
        ctx.take();
        d.flgMask = parseFlagList(arg!);
        d.flgCmp = parseFlagList(second);
        d.invFlags = invert;
        d.flags |= 4;
        break;
      }
      case 'option': {
        if (d.flags & 8) throw paramError("Only one `--tcp-option' allowed");
        const v = strtoui(arg!, 1, 255);
        if (v === null) throw paramError(`Bad TCP option "${arg}"`);
        d.option = v;
        d.invOption = invert;
        d.flags |= 8;
        break;
      }
    }
  },
  print(d, ctx) {
    let s = ' tcp';
    s += printPorts('spt', d.spts[0], d.spts[1], d.invSrc, ctx.numeric, ctx.names, 'tcp');
    s += printPorts('dpt', d.dpts[0], d.dpts[1], d.invDst, ctx.numeric, ctx.names, 'tcp');
    if (d.option || d.invOption) s += ` option=${d.invOption ? '!' : ''}${d.option}`;
    if (d.flgMask || d.invFlags) {
      s += ` flags:${d.invFlags ? '!' : ''}`;
      s += ctx.numeric ? `${hex2(d.flgMask)}/${hex2(d.flgCmp)}` : `${tcpFlagsText(d.flgMask)}/${tcpFlagsText(d.flgCmp)}`;
    }
    return s;
  },
  save(d) {
    let s = savePorts('sport', d.spts, d.invSrc) + savePorts('dport', d.dpts, d.invDst);
    if (d.option || d.invOption) s += `${d.invOption ? ' !' : ''} --tcp-option ${d.option}`;
    if (d.flgMask || d.invFlags) s += `${d.invFlags ? ' !' : ''} --tcp-flags ${tcpFlagsText(d.flgMask)} ${tcpFlagsText(d.flgCmp)}`;
    return s;
  },
  match(d, pkt) {
    if (pkt.fragment) return false;
    const sp = pkt.sport ?? 0;
    const dp = pkt.dport ?? 0;
    if ((sp >= d.spts[0] && sp <= d.spts[1]) === d.invSrc) return false;
    if ((dp >= d.dpts[0] && dp <= d.dpts[1]) === d.invDst) return false;
    if ((((pkt.tcpFlags ?? 0) & d.flgMask) === d.flgCmp) === d.invFlags) return false;
    // packets carry no TCP options in the simulation
    if (d.option && !d.invOption) return false;
    return true;
  },
});
