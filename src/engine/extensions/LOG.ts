// libxt_LOG: write the packet to the kernel log, then carry on.

import { paramError } from '../errors.ts';
import { defineTarget } from './types.ts';
import { saveString } from './helpers.ts';
import { strtoui } from '../ipv4.ts';

export interface LogData {
  level: number;
  prefix: string;
  flags: number;
}

/* syslog.h prioritynames, in its order: -L prints the first name of a level */
const PRIORITIES: ReadonlyArray<[string, number]> = [
  ['alert', 1], ['crit', 2], ['debug', 7], ['emerg', 0], ['err', 3], ['error', 3], ['info', 6],
  ['notice', 5], ['panic', 0], ['warn', 4], ['warning', 4],
];
/* XTTYPE_SYSLOGLEVEL accepts these names */
const LEVELS: ReadonlyArray<[string, number]> = [
  ['emerg', 0], ['alert', 1], ['crit', 2], ['error', 3], ['warning', 4], ['notice', 5], ['info', 6], ['debug', 7], ['panic', 0],
];
const FLAGS: ReadonlyArray<[string, number, string]> = [
  ['log-tcp-sequence', 0x01, 'tcp-sequence'], ['log-tcp-options', 0x02, 'tcp-options'],
  ['log-ip-options', 0x04, 'ip-options'], ['log-uid', 0x08, 'uid'], ['log-macdecode', 0x20, 'macdecode'],
];

export const LOG = defineTarget<LogData>({
  kind: 'target',
  name: 'LOG',
  options: [
    { name: 'log-level', hasArg: 1, id: 'level' },
    { name: 'log-prefix', hasArg: 1, id: 'prefix' },
    ...FLAGS.map(([n]) => ({ name: n, hasArg: 0 as const, id: n })),
  ],
  init: () => ({ level: 4, prefix: '', flags: 0 }),
  parse(id, arg, _invert, d) {
    if (id === 'level') {
      const n = strtoui(arg!, 0, 7);
      const p = LEVELS.find(([name]) => name === arg);
      if (n === null && !p) throw paramError(`log level "${arg}" unknown\n`);
      d.level = n ?? p![1];
    } else if (id === 'prefix') {
      if (arg!.length === 0) throw paramError('Argument must have a minimum length of 1 characters\n');
      // XTTYPE_STRING into a 30-byte buffer: longer prefixes are cut, not refused
      d.prefix = arg!.slice(0, 29);
    } else {
      d.flags |= FLAGS.find(([n]) => n === id)![1];
    }
  },
  print(d, ctx) {
    let s = ' LOG';
    if (ctx.numeric) s += ` flags ${d.flags} level ${d.level}`;
    else {
      const p = PRIORITIES.find(([, l]) => l === d.level);
      s += p ? ` level ${p[0]}` : ` UNKNOWN level ${d.level}`;
      for (const [, bit, text] of FLAGS) if (d.flags & bit) s += ` ${text}`;
    }
    if (d.prefix) s += ` prefix "${d.prefix}"`;
    return s;
  },
  save(d) {
    let s = '';
    if (d.prefix) s += ` --log-prefix ${saveString(d.prefix)}`;
    if (d.level !== 4) s += ` --log-level ${d.level}`;
    for (const [name, bit] of FLAGS) if (d.flags & bit) s += ` --${name}`;
    return s;
  },
  apply: (d) => ({ verdict: 'CONTINUE', action: { type: 'LOG', prefix: d.prefix, level: d.level } }),
});
