// libxt_sctp (old parse API): --sport/--dport ranges, --chunk-types all|any|only with
// chunk names and flags. xt_sctp_info keeps a 256-bit chunk map and up to four
// (chunk, flag, mask) entries; the kernel refuses the match unless -p sctp.

import { paramError } from '../errors.ts';
import type { NameDb } from '../names/namedb.ts';
import { defineMatch } from './types.ts';
import { parsePortFor } from './helpers.ts';
import { PORT_OPTIONS, printPorts } from './tcp.ts';

const SRC_PORTS = 0x01;
const DEST_PORTS = 0x02;
const CHUNK_TYPES = 0x04;

/** SCTP_CHUNK_MATCH_* */
const MATCH_ANY = 0x01;
const MATCH_ALL = 0x02;
const MATCH_ONLY = 0x04;
const MATCH_NAMES: Readonly<Record<number, string>> = { [MATCH_ANY]: 'any', [MATCH_ALL]: 'all', [MATCH_ONLY]: 'only' };

/** XT_NUM_SCTP_FLAGS */
const MAX_FLAG_INFO = 4;

export interface SctpFlagInfo {
  /**
   * libxt_sctp stores the chunk's index in its name table here, not its type: the same
   * number below SHUTDOWN_COMPLETE, never a chunk type the map holds above it (I_DATA:E
   * is accepted, kept and never printed or matched)
   */
  chunktype: number;
  flag: number;
  mask: number;
}

export interface SctpData {
  spts: [number, number];
  dpts: [number, number];
  flags: number;
  invflags: number;
  matchType: number;
  /** the chunk map: 8 words of 32 bits (null before --chunk-types) */
  chunkmap: number[] | null;
  flagInfo: SctpFlagInfo[];
}

/** sctp_chunk_names: name, type, the flag letters by bit (7 first) */
const CHUNKS: ReadonlyArray<readonly [string, number, string]> = [
  ['DATA', 0, '----IUBE'],
  ['INIT', 1, '--------'],
  ['INIT_ACK', 2, '--------'],
  ['SACK', 3, '--------'],
  ['HEARTBEAT', 4, '--------'],
  ['HEARTBEAT_ACK', 5, '--------'],
  ['ABORT', 6, '-------T'],
  ['SHUTDOWN', 7, '--------'],
  ['SHUTDOWN_ACK', 8, '--------'],
  ['ERROR', 9, '--------'],
  ['COOKIE_ECHO', 10, '--------'],
  ['COOKIE_ACK', 11, '--------'],
  ['ECN_ECNE', 12, '--------'],
  ['ECN_CWR', 13, '--------'],
  ['SHUTDOWN_COMPLETE', 14, '-------T'],
  ['I_DATA', 64, '----IUBE'],
  ['RE_CONFIG', 130, '--------'],
  ['PAD', 132, '--------'],
  ['ASCONF', 193, '--------'],
  ['ASCONF_ACK', 128, '--------'],
  ['FORWARD_TSN', 192, '--------'],
  ['I_FORWARD_TSN', 194, '--------'],
];

/** toupper/strcasecmp in the C locale: ASCII letters only */
function upper(s: string): string {
  return s.replace(/[a-z]+/g, (w) => w.toUpperCase());
}

function isSet(map: readonly number[], t: number): boolean {
  return (map[t >>> 5] & (1 << (t & 31))) !== 0;
}

function parsePorts(s: string, names: NameDb): [number, number] {
  const colon = s.indexOf(':');
  if (colon < 0) {
    const p = parsePortFor(s, names, 'sctp');
    return [p, p];
  }
  const lo = colon === 0 ? 0 : parsePortFor(s.slice(0, colon), names, 'sctp');
  const rest = s.slice(colon + 1);
  const hi = rest === '' ? 0xffff : parsePortFor(rest, names, 'sctp');
  if (lo > hi) throw paramError('invalid portrange (min > max)');
  return [lo, hi];
}

function parseMatchType(s: string): number {
  const u = upper(s);
  if (u === 'ANY') return MATCH_ANY;
  if (u === 'ALL') return MATCH_ALL;
  if (u === 'ONLY') return MATCH_ONLY;
  throw paramError('Match type has to be one of "ALL", "ANY" or "ONLY"');
}

/** parse_sctp_chunk: "ALL", "NONE", or comma-separated NAME[:flags] (strtok: empty items vanish) */
function parseChunks(s: string, d: SctpData): void {
  const map = [0, 0, 0, 0, 0, 0, 0, 0];
  d.chunkmap = map;
  const whole = upper(s);
  if (whole === 'ALL') {
    map.fill(-1);
    return;
  }
  if (whole === 'NONE') return;
  for (const item of s.split(',')) {
    if (item === '') continue;
    const colon = item.indexOf(':');
    const name = colon < 0 ? item : item.slice(0, colon);
    const idx = CHUNKS.findIndex((c) => c[0] === upper(name));
    if (idx < 0) throw paramError(`Unknown sctp chunk \`${name}'`);
    const [, type, valid] = CHUNKS[idx];
    map[type >>> 5] |= 1 << (type & 31);
    if (colon < 0) continue;
    for (const ch of item.slice(colon + 1)) {
      // strchr over the flag letters: '-' is found too, at bit 7
      const pos = valid.indexOf(upper(ch));
      if (pos < 0) throw paramError(`Invalid flags for chunk type ${idx}`);
      addFlag(d, idx, 7 - pos, ch >= 'A' && ch <= 'Z');
    }
  }
}

/** save_chunk_flag_info */
function addFlag(d: SctpData, chunk: number, bit: number, set: boolean): void {
  let fi = d.flagInfo.find((f) => f.chunktype === chunk);
  if (!fi) {
    if (d.flagInfo.length === MAX_FLAG_INFO) {
      throw paramError('Number of chunk types with flags exceeds currently allowed limit. Increasing this limit involves changing IPT_NUM_SCTP_FLAGS and recompiling both the kernel space and user space modules');
    }
    fi = { chunktype: chunk, flag: 0, mask: 0 };
    d.flagInfo.push(fi);
  }
  fi.mask |= 1 << bit;
  if (set) fi.flag |= 1 << bit;
}

/** print_chunks (numeric: 0x%04X) */
function chunksText(d: SctpData, numeric: boolean): string {
  const map = d.chunkmap ?? [0, 0, 0, 0, 0, 0, 0, 0];
  let s = ` ${MATCH_NAMES[d.matchType]}`;
  if (map.every((w) => w === 0)) return `${s} NONE`;
  if (map.every((w) => w === -1)) return `${s} ALL`;
  const items: string[] = [];
  for (let t = 0; t < 256; t++) {
    if (!isSet(map, t)) continue;
    let item = numeric ? `0x${t.toString(16).toUpperCase().padStart(4, '0')}` : CHUNKS.filter((c) => c[1] === t).map((c) => c[0]).join('');
    for (const f of d.flagInfo) {
      // print_chunk_flags reads the flag letters of the name table's entry number t
      if (f.chunktype !== t || f.mask === 0) continue;
      item += ':';
      for (let b = 7; b >= 0; b--) {
        if (!(f.mask & (1 << b))) continue;
        const letter = CHUNKS[t][2][7 - b];
        item += f.flag & (1 << b) ? letter : letter.toLowerCase();
      }
    }
    items.push(item);
  }
  return `${s} ${items.join(',')}`;
}

function savePorts(opt: string, r: [number, number], inv: boolean): string {
  return `${inv ? ' !' : ''} --${opt} ${r[0] !== r[1] ? `${r[0]}:${r[1]}` : r[0]}`;
}

/** the kernel's match_flags: the entries name chunk types here */
function flagsMatch(d: SctpData, type: number, flags: number): boolean {
  const f = d.flagInfo.find((x) => x.chunktype === type);
  return f === undefined || (flags & f.mask) === f.flag;
}

/** xt_sctp's match_packet over the packet's chunks */
function chunksMatch(d: SctpData, chunks: ReadonlyArray<{ type: number; flags: number }>): boolean {
  const map = d.chunkmap!;
  const left = d.matchType === MATCH_ALL ? [...map] : null;
  for (const c of chunks) {
    if (isSet(map, c.type)) {
      const ok = flagsMatch(d, c.type, c.flags);
      if (d.matchType === MATCH_ANY && ok) return true;
      if (left && ok) left[c.type >>> 5] &= ~(1 << (c.type & 31));
      if (d.matchType === MATCH_ONLY && !ok) return false;
    } else if (d.matchType === MATCH_ONLY) {
      return false;
    }
  }
  if (left) return left.every((w) => w === 0);
  return d.matchType === MATCH_ONLY;
}

/** the default range, shared: ranges are replaced, never changed in place */
const ANY_PORT: [number, number] = [0, 0];

export const sctp = defineMatch<SctpData>({
  kind: 'match',
  name: 'sctp',
  proto: 132,
  oldStyle: true,
  options: [
    ...PORT_OPTIONS,
    { name: 'chunk-types', hasArg: 1, id: 'chunks' },
  ],
  init: () => ({ spts: ANY_PORT, dpts: ANY_PORT, flags: 0, invflags: 0, matchType: 0, chunkmap: null, flagInfo: [] }),
  parse(id, arg, invert, d, ctx) {
    switch (id) {
      case 'sport':
        if (d.flags & SRC_PORTS) throw paramError("Only one `--source-port' allowed");
        d.flags |= SRC_PORTS;
        d.spts = parsePorts(arg!, ctx.names);
        if (invert) d.invflags |= SRC_PORTS;
        break;
      case 'dport':
        if (d.flags & DEST_PORTS) throw paramError("Only one `--destination-port' allowed");
        d.flags |= DEST_PORTS;
        d.dpts = parsePorts(arg!, ctx.names);
        if (invert) d.invflags |= DEST_PORTS;
        break;
      case 'chunks': {
        if (d.flags & CHUNK_TYPES) throw paramError("Only one `--chunk-types' allowed");
        const list = ctx.peek();
        if (list === null) throw paramError('--chunk-types requires two args');
        d.flags |= CHUNK_TYPES;
        d.matchType = parseMatchType(arg!);
        parseChunks(list, d);
        if (invert) d.invflags |= CHUNK_TYPES;
        ctx.take();
        break;
      }
    }
  },
  print(d, ctx) {
    let s = ' sctp';
    if (d.flags & SRC_PORTS) s += printPorts('spt', d.spts[0], d.spts[1], (d.invflags & SRC_PORTS) !== 0, ctx.numeric, ctx.names, 'sctp');
    if (d.flags & DEST_PORTS) s += printPorts('dpt', d.dpts[0], d.dpts[1], (d.invflags & DEST_PORTS) !== 0, ctx.numeric, ctx.names, 'sctp');
    if (d.flags & CHUNK_TYPES) s += (d.invflags & CHUNK_TYPES ? ' !' : '') + chunksText(d, ctx.numeric);
    return s;
  },
  save(d) {
    let s = '';
    if (d.flags & SRC_PORTS) s += savePorts('sport', d.spts, (d.invflags & SRC_PORTS) !== 0);
    if (d.flags & DEST_PORTS) s += savePorts('dport', d.dpts, (d.invflags & DEST_PORTS) !== 0);
    if (d.flags & CHUNK_TYPES) s += `${d.invflags & CHUNK_TYPES ? ' !' : ''} --chunk-types${chunksText(d, false)}`;
    return s;
  },
  // flag entries the text does not show (their order, I_DATA's) still tell rules apart
  key: (d) => d.flagInfo.map((f) => `${f.chunktype}:${f.flag}:${f.mask}`).join(','),
  match(d, pkt) {
    // the simulated world sends no SCTP: a packet of another protocol never matches
    if (pkt.proto !== 132 || pkt.fragment) return false;
    const inv = (bit: number, cond: boolean): boolean => !(d.flags & bit) || ((d.invflags & bit) !== 0) !== cond;
    const sp = pkt.sport ?? 0;
    const dp = pkt.dport ?? 0;
    return inv(SRC_PORTS, sp >= d.spts[0] && sp <= d.spts[1])
      && inv(DEST_PORTS, dp >= d.dpts[0] && dp <= d.dpts[1])
      && inv(CHUNK_TYPES, d.chunkmap !== null && chunksMatch(d, pkt.sctpChunks ?? []));
  },
});
