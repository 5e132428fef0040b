// libxt_set: membership of an ipset. The sets live in the simulated namespace
// (Firewall.ipsets); like the real tool, a rule naming a missing set is refused.

import { paramError } from '../errors.ts';
import { defineMatch } from './types.ts';

export interface SetData {
  name: string;
  /** one flag per dimension: true = src */
  dirs: boolean[];
  invert: boolean;
  returnNomatch: boolean;
  noUpdateCounters: boolean;
}

export const set = defineMatch<SetData>({
  kind: 'match',
  name: 'set',
  options: [
    { name: 'match-set', hasArg: 1, id: 'match-set', invert: true },
    { name: 'set', hasArg: 1, id: 'match-set', invert: true },
    { name: 'return-nomatch', hasArg: 0, id: 'return-nomatch' },
    { name: 'update-counters', hasArg: 0, id: 'update-counters', invert: true },
  ],
  init: () => ({ name: '', dirs: [], invert: false, returnNomatch: false, noUpdateCounters: false }),
  parse(id, arg, invert, d, ctx) {
    if (id === 'return-nomatch') { d.returnNomatch = true; return; }
    if (id === 'update-counters') { d.noUpdateCounters = invert; return; }
    const flags = ctx.peek();
    if (flags === null) throw paramError('--match-set requires two args.');
    ctx.take();
    if (arg!.length > 31) throw paramError(`setname \`${arg}' too long, max 31 characters.`);
    if (!(ctx.ipsets?.has(arg!) ?? false)) throw paramError(`Set ${arg} doesn't exist.\n`);
    const dirs: boolean[] = [];
    for (const f of flags.split(',')) {
      if (f === 'src') dirs.push(true);
      else if (f === 'dst') dirs.push(false);
      else throw paramError("You must specify (the comma separated list of) 'src' or 'dst'.");
    }
    if (dirs.length > 6) throw paramError("Can't be more src/dst options than 6.");
    d.name = arg!;
    d.dirs = dirs;
    d.invert = invert;
  },
  final(d) {
    if (!d.name) throw paramError('You must specify `--match-set\' with proper arguments');
  },
  print: (d) => `${d.invert ? ' !' : ''} match-set ${d.name} ${d.dirs.map((s) => (s ? 'src' : 'dst')).join(',')}${d.returnNomatch ? ' return-nomatch' : ''}${d.noUpdateCounters ? ' ! update-counters' : ''}`,
  save: (d) => `${d.invert ? ' !' : ''} --match-set ${d.name} ${d.dirs.map((s) => (s ? 'src' : 'dst')).join(',')}${d.returnNomatch ? ' --return-nomatch' : ''}${d.noUpdateCounters ? ' ! --update-counters' : ''}`,
  match(d, pkt, ctx) {
    const addr = d.dirs[0] ? pkt.src : pkt.dst;
    const hit = ctx.ipsetTest ? ctx.ipsetTest(d.name, addr) : false;
    return hit !== d.invert;
  },
});
