// libxtables' XTTYPE_HOST and XTTYPE_HOSTMASK (xtopt_parse_host, xtopt_parse_hostmask):
// an address or a name through getaddrinfo(AF_INET), and a prefix length or dotted mask after
// the first '/'. Used by TPROXY --on-ip and conntrack's --ct{orig,repl}{src,dst}; not -s/-d,
// which xtables_ipparse_multiple parses its own way (src/engine/ipv4.ts).

import { paramError, type XtError } from '../errors.ts';
import { inetAton, strtoui } from '../ipv4.ts';
import type { NameDb } from '../names/namedb.ts';

/**
 * xtopt_parse_host: getaddrinfo takes every inet_aton spelling exactly (`9080`, `1.2.3`,
 * `0x1.2`; nothing before or after), then /etc/hosts; a name with two different addresses
 * is refused.
 */
export function parseXtHost(arg: string, names: NameDb): number {
  const n = inetAton(arg);
  if (n !== null) return n;
  const addrs = names.hostAddrs(arg);
  if (addrs.length === 0) throw gaiError(arg);
  if (addrs.some((a) => a !== addrs[0])) throw paramError(`${arg} resolves to more than one address\n`);
  return addrs[0];
}

/**
 * xtopt_parse_hostmask: the host before the first '/', then the mask after it: a prefix
 * length 0-32 (strtoui), else a numeric address read as a mask, whose prefix length is
 * xtables_ipmask_to_cidr's (-1, stored as 255, for a non-contiguous one: then no bits are
 * cleared and the mask stays /32).
 */
export function parseXtHostMask(arg: string, names: NameDb, ext: string, opt: string): { addr: number; mask: number; wide?: true } {
  const slash = arg.indexOf('/');
  // `wide`: the mask is all ones over the whole nf_inet_addr (no prefix length computed)
  if (slash < 0) return { addr: parseXtHost(arg, names), mask: 0xffffffff, wide: true };
  const addr = parseXtHost(arg.slice(0, slash), names);
  const text = arg.slice(slash + 1);
  let bits = strtoui(text, 0, 32);
  if (bits === null) {
    const m = inetAton(text);
    if (m === null) throw paramError(`${ext}: bad value for option "--${opt}", neither a valid network mask nor valid CIDR (0-32).\n`);
    bits = maskToCidr(m);
  }
  if (bits > 32) return { addr, mask: 0xffffffff, wide: true };
  return { addr, mask: bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0 };
}

/** xtables_ipmask_to_cidr, with its -1 as the uint8_t it is stored in */
function maskToCidr(m: number): number {
  if (m === 0xffffffff) return 32;
  let bits = 0xfffffffe;
  for (let i = 31; i >= 0; i--) {
    if (m === bits >>> 0) return i;
    bits = (bits << 1) >>> 0;
  }
  return 255;
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
