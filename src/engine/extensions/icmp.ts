// libipt_icmp: --icmp-type by name (prefixes allowed), number or number/code.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';
import { strtouiPrefix } from './ports.ts';

export interface IcmpData {
  type: number;
  codeMin: number;
  codeMax: number;
  invert: boolean;
}

const ICMP_CODES: ReadonlyArray<[string, number, number, number]> = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff],
  ['pong', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 0xff],
  ['ping', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff],
  ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff],
  ['ttl-exceeded', 11, 0, 0xff],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 0xff],
  ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff],
  ['address-mask-reply', 18, 0, 0xff],
];

/** "n" or "lo:hi", each a strtoul prefix up to max; null when a number is missing or too big */
function numRange(s: string, max: number): { lo: number; hi: number; rest: string } | null {
  const lo = strtouiPrefix(s, 0, max);
  if (!lo) return null;
  if (lo.rest[0] !== ':') return { lo: lo.value, hi: lo.value, rest: lo.rest };
  const hi = strtouiPrefix(lo.rest.slice(1), 0, max);
  if (!hi) return null;
  return { lo: lo.value, hi: hi.value, rest: hi.rest };
}

export const icmp = defineMatch<IcmpData>({
  kind: 'match',
  name: 'icmp',
  proto: 1,
  options: [{ name: 'icmp-type', hasArg: 1, id: 'type', invert: true, mand: true }],
  init: () => ({ type: 0xff, codeMin: 0, codeMax: 0xff, invert: false }),
  parse(_id, arg, invert, d) {
    const a = arg!;
    let match = -1;
    for (let i = 0; i < ICMP_CODES.length; i++) {
      if (ICMP_CODES[i][0].toLowerCase().startsWith(a.toLowerCase())) {
        if (match !== -1) throw paramError(`Ambiguous ICMP type \`${a}': \`${ICMP_CODES[match][0]}' or \`${ICMP_CODES[i][0]}'?`);
        match = i;
      }
    }
    if (match !== -1) {
      [, d.type, d.codeMin, d.codeMax] = ICMP_CODES[match];
    } else {
      // "type[:type][/code[:code]]", strtoul-style numbers (base 0, a prefix); after the numbers
      // nothing but the end may follow; then (__ipt_parse_icmp) a type range must be one type
      const t = numRange(a, 255);
      if (t === null) throw paramError(`Unknown ICMP type \`${a}'`);
      d.type = t.lo;
      let rest = t.rest;
      if (rest[0] === '/') {
        const c = numRange(rest.slice(1), 255);
        if (c === null) throw paramError(`Unknown ICMP code \`${a}'`);
        d.codeMin = c.lo;
        d.codeMax = c.hi;
        rest = c.rest;
        if (rest !== '') throw paramError(`unknown character ${rest[0]}`);
      } else {
        if (rest !== '') throw paramError(`unknown character ${rest[0]}`);
        d.codeMin = 0;
        d.codeMax = 0xff;
      }
      if (t.lo !== t.hi) throw paramError('ICMP type range not supported');
    }
    d.invert = invert;
  },
  print(d, ctx) {
    let s = ' icmp';
    if (!ctx.numeric) {
      const e = ICMP_CODES.find(([, t, lo, hi]) => t === d.type && lo === d.codeMin && hi === d.codeMax);
      if (e) return `${s} ${d.invert ? '!' : ''}${e[0]}`;
    }
    if (d.invert) s += ' !';
    s += `type ${d.type}`;
    if (d.codeMin === d.codeMax) s += ` code ${d.codeMin}`;
    else if (d.codeMin !== 0 || d.codeMax !== 0xff) s += ` codes ${d.codeMin}-${d.codeMax}`;
    return s;
  },
  save(d) {
    let s = d.invert ? ' !' : '';
    if (d.type === 0xff) return `${s} --icmp-type any`;
    s += ` --icmp-type ${d.type}`;
    if (d.codeMin !== 0 || d.codeMax !== 0xff) s += `/${d.codeMin}`;
    return s;
  },
  match(d, pkt) {
    if (pkt.fragment) return false;
    const t = pkt.icmpType ?? -1;
    const c = pkt.icmpCode ?? 0;
    const hit = d.type === 0xff || (t === d.type && c >= d.codeMin && c <= d.codeMax);
    return hit !== d.invert;
  },
});
