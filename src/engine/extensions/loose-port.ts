// XTTYPE_PORT as conntrack --ctorig*port and TPROXY --on-port parse it: a number is
// taken modulo 65536 (99999 becomes 34463), a name comes from /etc/services.

import { paramError, type XtError } from '../errors.ts';
import { strtoui } from '../ipv4.ts';
import type { NameDb } from '../names/namedb.ts';

export function loosePort(s: string, names: NameDb, ext: string, opt: string): number {
  const n = strtoui(s, 0, 0xffffffff);
  if (n !== null) return n & 0xffff;
  const p = names.servicePort(s);
  if (p !== null) return p;
  throw paramError(`${ext}: bad value for option "--${opt}", or out of range (0-65535).\n`);
}

export function looseRange(s: string, names: NameDb, ext: string, opt: string): [number, number] {
  const colon = s.indexOf(':');
  if (colon < 0) {
    const p = loosePort(s, names, ext, opt);
    return [p, p];
  }
  return [colon === 0 ? 0 : loosePort(s.slice(0, colon), names, ext, opt), s.slice(colon + 1) === '' ? 65535 : loosePort(s.slice(colon + 1), names, ext, opt)];
}

/** getaddrinfo's answer for a name that is neither an address nor in /etc/hosts */
export function gaiError(name: string): XtError {
  const numericLooking = /^[0-9.]+$/.test(name);
  return paramError(`getaddrinfo: ${numericLooking ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
}
