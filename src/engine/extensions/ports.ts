// strtoul with an end pointer, as several NAT targets parse "port[-port]".

import { paramError } from '../errors.ts';

/** xtables_strtoui(s, &end, ...): a leading number and what follows it */
export function strtouiPrefix(s: string, min: number, max: number): { value: number; rest: string } | null {
  // the common plain decimal ("8080", "8080-8090"): what the expression below takes, by hand
  const c0 = s.charCodeAt(0);
  if (c0 > 48 && c0 <= 57) {
    let v = 0;
    let i = 0;
    for (; i < s.length && i < 15; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i < 15) return v < min || v > max ? null : { value: v, rest: i === s.length ? '' : s.slice(i) };
  }
  const m = /^[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) return null;
  const body = m[1];
  let v: number;
  if (/^0[xX]/.test(body)) v = Number.parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) v = Number.parseInt(body, 8);
  else v = Number.parseInt(body, 10);
  if (v < min || v > max) return null;
  return { value: v, rest: s.slice(m[0].length) };
}

/**
 * xtopt_parse_mint (XTTYPE_UINT32RC and friends): up to two ':'-separated numbers
 * (strtoumax, base 0, no minus sign); an empty first side is 0, an empty second side `max`.
 */
export function parseMint(arg: string, ext: string, opt: string, max: number): number[] {
  const out: number[] = [];
  let rest = arg;
  for (;;) {
    if (out.length === 2) throw paramError(`${ext}: Too many elements specified\n`);
    let value: number;
    if (rest === '' || rest[0] === ':') {
      value = out.length === 1 ? max : 0;
    } else {
      const r = /^[ \t\n\v\f\r]*-/.test(rest) ? null : strtouiPrefix(rest, 0, max);
      if (!r) throw paramError(`${ext}: bad value for option "--${opt}" near "${rest}", or out of range (0-${max}).\n`);
      if (r.rest !== '' && r.rest[0] !== ':') throw paramError(`${ext}: Argument to "--${opt}" has unexpected characters near "${r.rest}".\n`);
      value = r.value;
      rest = r.rest;
    }
    out.push(value);
    if (rest === '') return out;
    rest = rest.slice(1);
  }
}
