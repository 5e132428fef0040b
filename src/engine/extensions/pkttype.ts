// libxt_pkttype: the link-layer packet type (to us, broadcast, multicast, to another host).

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';

export interface PkttypeData { type: number; invert: boolean }

// the table parse_pkttype searches (names and aliases, strcasecmp) and print_pkttype names from
const TYPES: ReadonlyArray<[string, number]> = [
  ['unicast', 0], ['broadcast', 1], ['multicast', 2], ['otherhost', 3],
  ['bcast', 1], ['mcast', 2], ['host', 0],
];

export const pkttype = defineMatch<PkttypeData>({
  kind: 'match',
  name: 'pkttype',
  options: [{ name: 'pkt-type', hasArg: 1, id: 'type', mand: true, invert: true }],
  init: () => ({ type: 0, invert: false }),
  parse(_id, arg, invert, d) {
    const e = TYPES.find(([n]) => n === arg!.toLowerCase());
    if (!e) throw paramError(`Bad packet type '${arg}'`);
    d.type = e[1];
    d.invert = invert;
  },
  print: (d) => ` PKTTYPE ${d.invert ? '!' : ''}= ${TYPES.find(([, t]) => t === d.type)![0]}`,
  save: (d) => `${d.invert ? ' !' : ''} --pkt-type ${TYPES.find(([, t]) => t === d.type)![0]}`,
  match(d, pkt) {
    // the simulated links deliver unicast; 255.255.255.255 and 224.0.0.0/4 say otherwise
    const type = pkt.dst === 0xffffffff ? 1 : (pkt.dst >>> 28) === 0xe ? 2 : 0;
    return (type === d.type) !== d.invert;
  },
});
