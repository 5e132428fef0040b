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

/** getaddrinfo's answer for a name that is neither an address nor in /etc/hosts */
export function gaiError(name: string): XtError {
  return paramError(`getaddrinfo: ${gaiRefusesName(name) ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
}

/**
 * Names glibc answers EAI_NONAME for without a DNS query (measured on the capture host,
 * test/fixtures/kernel-extra/{nft,legacy}/getaddrinfo.txt): dotted digits that are no address, and
 * any name res_hnok() rejects. Other names go to DNS, which the namespaces cannot reach
 * (EAI_AGAIN).
 */
function gaiRefusesName(name: string): boolean {
  if (/^[0-9.]+$/.test(name) && !name.endsWith('.')) return true;
  return !resHnok(name);
}

/**
 * glibc's res_hnok: printable ASCII only; ns_name_pton must accept it (`\DDD` a decimal
 * byte up to 255, `\X` the character X, no empty label, labels of at most 63 bytes, 255 in
 * all); the first label may not start with '-'; every label byte is a letter, a digit, '-'
 * or '_'.
 */
function resHnok(name: string): boolean {
  if (name === '') return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c > 0x7e) return false;
  }
  const labels: string[][] = [];
  let label: string[] = [];
  let total = 0;
  for (let i = 0; i < name.length; i++) {
    let ch = name[i];
    if (ch === '\\') {
      if (i + 1 >= name.length) return false;
      ch = name[++i];
      if (ch >= '0' && ch <= '9') {
        const d = name.slice(i, i + 3);
        if (!/^[0-9]{3}$/.test(d) || Number(d) > 255) return false;
        ch = String.fromCharCode(Number(d));
        i += 2;
      }
    } else if (ch === '.') {
      // an empty label is an error, except the root's at the very end ("a." and ".")
      if (label.length === 0 && !(i === name.length - 1 && labels.length === 0)) return false;
      if (i === name.length - 1) break;
      labels.push(label);
      total += label.length + 1;
      label = [];
      continue;
    }
    label.push(ch);
    if (label.length > 63) return false;
  }
  if (label.length > 0) labels.push(label);
  total += label.length + 1;
  if (total + 1 > 255) return false;
  if (labels.length > 0 && labels[0][0] === '-') return false;
  return labels.every((l) => l.every((c) => /[A-Za-z0-9_-]/.test(c)));
}
