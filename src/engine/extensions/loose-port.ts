// XTTYPE_PORT / XTTYPE_PORTRC as libxtables parses them (udp ports, conntrack --ctorig*port,
// TPROXY --on-port): a number is taken modulo 65536 (99999 becomes 34463), a name comes
// from /etc/services.

import { paramError } from '../errors.ts';
import type { NameDb } from '../names/namedb.ts';

/**
 * xtables_getportbyname: getaddrinfo(NULL, s). glibc reads the service with strtoul into
 * an int: a number below 2^31 is a port (kept modulo 65536), anything else (a name, a
 * negative or huge number) is looked up in /etc/services.
 */
export function loosePort(s: string, names: NameDb, ext: string, opt: string): number {
  void ext;
  void opt;
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)$/.exec(s);
  if (m && (m[2] !== '' || s === '')) {
    const v = m[2] === '' ? 0 : Number(m[2]);
    if (m[1] !== '-' && v < 2 ** 31) return v & 0xffff;
    if (m[1] === '-' && v === 0) return 0;
  }
  const p = names.servicePort(s);
  if (p !== null) return p;
  throw paramError(`Port "${s}" does not resolve to anything.\n`);
}

/**
 * xtopt_parse_mport (XTTYPE_PORTRC): "a", "a:b", "a:", ":b"; an empty side is 0 or 65535.
 * The words are taken one by one (strsep on ':'), so a bad port before a third word is
 * what gets reported; `opt` is the option entry's (first) name.
 */
export function looseRange(s: string, names: NameDb, ext: string, opt: string): [number, number] {
  const range: [number, number] = [0, 65535];
  let n = 0;
  for (const part of s.split(':')) {
    if (n === 2) throw paramError(`${ext}: Too many components for option "--${opt}" (max: 2)\n`);
    if (part !== '') range[n] = loosePort(part, names, ext, opt);
    n++;
  }
  if (n === 1) range[1] = range[0];
  return range;
}
