// `ip route get ADDR [from ADDR] [mark MARK]` (iproute2 6.1): the route the kernel picks,
// policy rules and fwmark included, as the one-entry "cache" iproute2 prints. Measured:
// test/fixtures/world/captures/ip-route-get.txt (a pod laid out with TPROXY's rule and table 133).

import { ipText, isIpText, ip } from '../../netfilter/addr.ts';
import type { NetNs } from '../../netfilter/netns.ts';
import { fibLookup, RT_TABLE_LOCAL, RT_TABLE_MAIN } from '../../netfilter/routing.ts';
import { fail } from './context.ts';
import type { CommandResult } from './context.ts';

/** get_unsigned / strtoul with base 0: decimal, 0x hex or 0 octal */
function parseMark(s: string): number | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16) >>> 0;
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9]\d*$/.test(s) && Number(s) <= 0xffffffff) return Number(s);
  return null;
}

export function routeGet(ns: NetNs, args: readonly string[]): CommandResult {
  let dst: number | undefined;
  let from: number | undefined;
  let mark = 0;
  let warn = '';
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    if (a === 'from' || a === 'mark') {
      const v = args[++i];
      if (v === undefined) return fail('Command line is not complete. Try option "help"\n', 255);
      if (a === 'mark') {
        const m = parseMark(v);
        if (m === null) return fail(`Error: argument "${v}" is wrong: mark value is invalid\n\n`, 255);
        mark = m;
      } else {
        if (!isIpText(v.split('/')[0])) return fail(`Error: inet prefix is expected rather than "${v}".\n`, 1);
        from = ip(v.split('/')[0]);
      }
      continue;
    }
    if (a === 'to') {
      a = args[++i];
      if (a === undefined) return fail('Command line is not complete. Try option "help"\n', 255);
    }
    // a second destination is the same error as garbage: iproute2 reads it as another "to"
    const [addr, len] = a.split('/');
    if (!isIpText(addr)) return fail(`Error: ${dst === undefined ? 'any valid' : 'inet'} prefix is expected rather than "${a}".\n`, 1);
    if (dst !== undefined) return fail(`Error: inet prefix is expected rather than "${a}".\n`, 1);
    if (len !== undefined && len !== '32') warn = `Warning: /${len} as prefix is invalid, only /32 (or none) is supported.\n`;
    dst = ip(addr);
  }
  if (dst === undefined) return fail('need at least a destination address\n', 1);
  const hit = fibLookup(ns.routes, ns.rules, dst, mark);
  if (!hit || hit.route.type === 'unreachable' || hit.route.type === 'blackhole') return fail('RTNETLINK answers: Network is unreachable\n', 2);
  const r = hit.route;
  const local = r.type === 'local' || r.type === 'broadcast';
  const parts: string[] = [];
  if (local) parts.push(r.type);
  parts.push(ipText(dst));
  if (from !== undefined) parts.push('from', ipText(from));
  if (r.via !== undefined) parts.push('via', ipText(r.via));
  parts.push('dev', local ? 'lo' : r.dev ?? '');
  if (hit.table !== RT_TABLE_MAIN) parts.push('table', hit.table === RT_TABLE_LOCAL ? 'local' : String(hit.table));
  if (from === undefined) {
    // the source the route gives, else the device's (a local route without one: the address itself)
    const src = r.src ?? (local ? dst : ns.primaryAddress(r.dev ?? ''));
    if (src !== undefined) parts.push('src', ipText(src));
  }
  // (rt_print_mark: small marks in decimal, others in hex)
  if (mark !== 0) parts.push('mark', mark >= 16 ? `0x${mark.toString(16)}` : String(mark));
  parts.push('uid', '0');
  return { stdout: `${parts.join(' ')} \n    cache ${local ? '<local> ' : ''}\n`, stderr: warn, code: 0 };
}
