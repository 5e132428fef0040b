// libxt_dccp (x6 options): --sport/--dport ranges (XTTYPE_PORTRC: no min <= max check),
// --dccp-types, --dccp-option; the kernel refuses the match unless -p dccp.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { looseRange } from './loose-port.ts';
import { u32 } from './marks.ts';
import { PORT_OPTIONS_X6, printPorts } from './tcp.ts';

const SRC_PORTS = 0x01;
const DEST_PORTS = 0x02;
const TYPE = 0x04;
const OPTION = 0x08;

export interface DccpData {
  spts: [number, number];
  dpts: [number, number];
  flags: number;
  invflags: number;
  typemask: number;
  option: number;
}

/** dccp_pkt_types, by type number */
const TYPES = ['REQUEST', 'RESPONSE', 'DATA', 'ACK', 'DATAACK', 'CLOSEREQ', 'CLOSE', 'RESET', 'SYNC', 'SYNCACK', 'INVALID'];
const INVALID = 10;
/** INVALID stands for the types 10-15 */
const INVALID_OTHER_TYPE_MASK = 0xf800;

/** parse_dccp_types (strtok: empty items vanish; strcasecmp in the C locale) */
function parseTypes(s: string): number {
  let mask = 0;
  for (const item of s.split(',')) {
    if (item === '') continue;
    const u = item.replace(/[a-z]+/g, (w) => w.toUpperCase());
    const i = TYPES.indexOf(u);
    if (i < 0) throw paramError(`Unknown DCCP type \`${item}'`);
    mask |= 1 << i;
  }
  if (mask & (1 << INVALID)) mask |= INVALID_OTHER_TYPE_MASK;
  return mask;
}

/** print_types: numbers, or names up to INVALID (which covers the rest) */
function typesText(mask: number, numeric: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < 16; i++) {
    if (!(mask & (1 << i))) continue;
    out.push(numeric ? String(i) : TYPES[i]);
    if (!numeric && i === INVALID) break;
  }
  return ` ${out.join(',')}`;
}

function savePorts(opt: string, r: [number, number], inv: boolean): string {
  return `${inv ? ' !' : ''} --${opt} ${r[0] !== r[1] ? `${r[0]}:${r[1]}` : r[0]}`;
}

const NO_PORT: [number, number] = [0, 0];

export const dccp = defineMatch<DccpData>({
  kind: 'match',
  name: 'dccp',
  proto: 33,
  options: [
    ...PORT_OPTIONS_X6,
    { name: 'dccp-types', hasArg: 1, id: 'types', invert: true },
    { name: 'dccp-option', hasArg: 1, id: 'option', invert: true },
  ],
  init: () => ({ spts: NO_PORT, dpts: NO_PORT, flags: 0, invflags: 0, typemask: 0, option: 0 }),
  parse(id, arg, invert, d, ctx) {
    let bit: number;
    switch (id) {
      case 'sport':
        d.spts = looseRange(arg!, ctx.names, 'dccp', 'source-port');
        bit = SRC_PORTS;
        break;
      case 'dport':
        d.dpts = looseRange(arg!, ctx.names, 'dccp', 'destination-port');
        bit = DEST_PORTS;
        break;
      case 'types':
        d.typemask = parseTypes(arg!);
        bit = TYPE;
        break;
      default:
        d.option = u32(arg!, 'dccp', 'dccp-option', 1, 255);
        bit = OPTION;
    }
    d.flags |= bit;
    if (invert) d.invflags |= bit;
  },
  print(d, ctx) {
    let s = ' dccp';
    if (d.flags & SRC_PORTS) s += printPorts('spt', d.spts[0], d.spts[1], (d.invflags & SRC_PORTS) !== 0, ctx.numeric, ctx.names, 'dccp');
    if (d.flags & DEST_PORTS) s += printPorts('dpt', d.dpts[0], d.dpts[1], (d.invflags & DEST_PORTS) !== 0, ctx.numeric, ctx.names, 'dccp');
    if (d.flags & TYPE) s += (d.invflags & TYPE ? ' !' : '') + typesText(d.typemask, ctx.numeric);
    if (d.flags & OPTION && (d.option || d.invflags & OPTION)) s += ` option=${d.invflags & OPTION ? '!' : ''}${d.option}`;
    return s;
  },
  save(d) {
    let s = '';
    if (d.flags & SRC_PORTS) s += savePorts('sport', d.spts, (d.invflags & SRC_PORTS) !== 0);
    if (d.flags & DEST_PORTS) s += savePorts('dport', d.dpts, (d.invflags & DEST_PORTS) !== 0);
    if (d.flags & TYPE) s += `${d.invflags & TYPE ? ' !' : ''} --dccp-types${typesText(d.typemask, false)}`;
    if (d.flags & OPTION) s += `${d.invflags & OPTION ? ' !' : ''} --dccp-option ${d.option}`;
    return s;
  },
  match(d, pkt) {
    // the simulated world sends no DCCP: a packet of another protocol never matches
    if (pkt.proto !== 33 || pkt.fragment) return false;
    const inv = (bit: number, cond: boolean): boolean => !(d.flags & bit) || ((d.invflags & bit) !== 0) !== cond;
    const sp = pkt.sport ?? 0;
    const dp = pkt.dport ?? 0;
    return inv(SRC_PORTS, sp >= d.spts[0] && sp <= d.spts[1])
      && inv(DEST_PORTS, dp >= d.dpts[0] && dp <= d.dpts[1])
      && inv(TYPE, pkt.dccpType !== undefined && (d.typemask & (1 << pkt.dccpType)) !== 0)
      && inv(OPTION, (pkt.dccpOptions ?? []).includes(d.option));
  },
});
