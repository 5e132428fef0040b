// XTTYPE_PORT / XTTYPE_PORTRC as libxtables parses them (udp ports, conntrack --ctorig*port,
// TPROXY --on-port): a number is taken modulo 65536 (99999 becomes 34463), a name comes
// from /etc/services.

import { paramError, type XtError } from '../errors.ts';
import { strtoui } from '../ipv4.ts';
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

/** xtopt_parse_mport (XTTYPE_PORTRC): "a", "a:b", "a:", ":b"; an empty side is 0 or 65535 */
export function looseRange(s: string, names: NameDb, ext: string, opt: string): [number, number] {
  const parts = s.split(':');
  if (parts.length > 2) throw paramError(`${ext}: Too many ports specified\n`);
  const lo = parts[0] === '' && parts.length === 2 ? 0 : loosePort(parts[0], names, ext, opt);
  if (parts.length === 1) return [lo, lo];
  return [lo, parts[1] === '' ? 65535 : loosePort(parts[1], names, ext, opt)];
}

/** getaddrinfo's answer for a name that is neither an address nor in /etc/hosts */
export function gaiError(name: string): XtError {
  return paramError(`getaddrinfo: ${gaiRefusesName(name) ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
}

/**
 * Names glibc answers EAI_NONAME for without a DNS query (measured on the capture host):
 * dotted digits that are no address, a leading '-' or '.', an empty label, or a character
 * outside letters, digits and "-_./\\". Other names go to DNS, which the namespaces cannot
 * reach (EAI_AGAIN).
 */
function gaiRefusesName(name: string): boolean {
  if (/^[0-9.]+$/.test(name) && !name.endsWith('.')) return true;
  if (name === '' || name[0] === '-' || name[0] === '.' || name.includes('..')) return true;
  return /[^A-Za-z0-9_.\/\\-]/.test(name);
}
