// libxt_CT (revision 2): conntrack zone, helper, events, or no tracking at all; raw table only.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { strtoui } from '../ipv4.ts';

export interface CtData {
  notrack: boolean;
  helper: string;
  ctevents: string[];
  expevents: string[];
  zone: number;
  zoneDir: '' | 'orig' | 'reply';
  zoneMark: boolean;
  timeout: string;
}

/**
 * The conntrack helpers of the capture kernel (6.18, helpers built in), by name (case
 * matters) and the protocols each is registered for: 6 tcp, 17 udp.
 */
const KERNEL_HELPERS: Readonly<Record<string, readonly number[]>> = {
  'ftp': [6], 'tftp': [17], 'irc': [6], 'sip': [6, 17], 'snmp': [17], 'snmp_trap': [17], 'sane': [6],
  'pptp': [6], 'netbios-ns': [17], 'amanda': [17], 'RAS': [17], 'Q.931': [6], 'H.245': [17],
};

const CT_EVENTS = ['new', 'related', 'destroy', 'reply', 'assured', 'protoinfo', 'helper', 'mark', 'natseqinfo', 'secmark'];
const EXP_EVENTS = ['new'];

function events(arg: string, table: string[], opt: string): string[] {
  const out: string[] = [];
  for (const w of arg.split(',')) {
    if (!table.includes(w)) throw paramError(`Unknown event type "${w}"`);
    out.push(w);
  }
  return table.filter((t) => out.includes(t));
}

export const CT = defineTarget<CtData>({
  kind: 'target',
  name: 'CT',
  options: [
    { name: 'notrack', hasArg: 0, id: 'notrack' },
    { name: 'helper', hasArg: 1, id: 'helper' },
    { name: 'ctevents', hasArg: 1, id: 'ctevents' },
    { name: 'expevents', hasArg: 1, id: 'expevents' },
    { name: 'zone-orig', hasArg: 1, id: 'zone-orig' },
    { name: 'zone-reply', hasArg: 1, id: 'zone-reply' },
    { name: 'zone', hasArg: 1, id: 'zone' },
    { name: 'timeout', hasArg: 1, id: 'timeout' },
  ],
  init: () => ({ notrack: false, helper: '', ctevents: [], expevents: [], zone: 0, zoneDir: '', zoneMark: false, timeout: '' }),
  parse(id, arg, _invert, d) {
    const a = arg!;
    switch (id) {
      case 'notrack': d.notrack = true; break;
      case 'helper': d.helper = a; break;
      case 'ctevents': d.ctevents = events(a, CT_EVENTS, id); break;
      case 'expevents': d.expevents = events(a, EXP_EVENTS, id); break;
      case 'zone': case 'zone-orig': case 'zone-reply':
        if (a === 'mark') d.zoneMark = true;
        else {
          const z = strtoui(a, 0, 65535);
          if (z === null) throw paramError(`Cannot parse ${a} as a zone ID`);
          d.zone = z;
        }
        d.zoneDir = id === 'zone-orig' ? 'orig' : id === 'zone-reply' ? 'reply' : '';
        break;
      case 'timeout': d.timeout = a; break;
    }
  },
  print(d) {
    let s = ' CT';
    if (d.notrack) s += ' notrack';
    if (d.helper) s += ` helper ${d.helper}`;
    // ct_print_v1/ct_save_v1: the timeout policy comes right after the helper
    if (d.timeout) s += ` timeout ${d.timeout}`;
    if (d.ctevents.length) s += ` ctevents ${d.ctevents.join(',')}`;
    if (d.expevents.length) s += ` expevents ${d.expevents.join(',')}`;
    if (d.zoneMark || d.zone) s += ` zone${d.zoneDir ? `-${d.zoneDir}` : ''} ${d.zoneMark ? 'mark' : d.zone}`;
    return s;
  },
  save(d) {
    let s = '';
    if (d.notrack) s += ' --notrack';
    if (d.helper) s += ` --helper ${d.helper}`;
    if (d.timeout) s += ` --timeout ${d.timeout}`;
    if (d.ctevents.length) s += ` --ctevents ${d.ctevents.join(',')}`;
    if (d.expevents.length) s += ` --expevents ${d.expevents.join(',')}`;
    if (d.zoneMark || d.zone) s += ` --zone${d.zoneDir ? `-${d.zoneDir}` : ''} ${d.zoneMark ? 'mark' : d.zone}`;
    return s;
  },
  // xt_ct_set_helper: a helper the kernel has for the rule's (not inverted) protocol, else
  // ENOENT; no timeout policies exist in the simulated kernel
  check: (d, ctx) => {
    if (ctx.table !== 'raw') return false;
    if (d.helper) return !ctx.rule.invProto && KERNEL_HELPERS[d.helper]?.includes(ctx.rule.proto) ? true : 'noent';
    return d.timeout ? false : true;
  },
  apply(d, pkt) {
    if (pkt.ct && d.zone) pkt.ct.zone = d.zone;
    return { verdict: 'CONTINUE', action: { type: 'CT', notrack: d.notrack, zone: d.zone || undefined, helper: d.helper || undefined } };
  },
});
