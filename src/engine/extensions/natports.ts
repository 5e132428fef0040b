// "port[-port]" of REDIRECT and MASQUERADE --to-ports, with 1.8.9's messages.

import { paramError } from '../errors.ts';
import { strtoui } from '../ipv4.ts';
import type { NameDb } from '../names/namedb.ts';
import { strtouiPrefix } from './ports.ts';

export function parseNatPorts(a: string, names: NameDb): { min: number; max: number } {
  const svc = strtoui(a, 0, 65535) === null ? names.servicePort(a) : null;
  if (svc !== null) return { min: svc, max: svc };
  const lo = strtouiPrefix(a, 0, 65535);
  if (!lo) throw paramError(`Port \`${a}' not valid`);
  if (lo.rest === '') return { min: lo.value, max: lo.value };
  if (lo.rest.startsWith(':')) throw paramError('Invalid port:port syntax - use dash');
  if (!lo.rest.startsWith('-')) throw paramError(`Garbage after port value: \`${lo.rest}'`);
  const hiText = lo.rest.slice(1);
  const hi = strtoui(hiText, 0, 65535);
  if (hi === null) throw paramError(`Port \`${hiText}' not valid`);
  if (hi < lo.value) throw paramError(`Port range \`${hiText}' funky`);
  return { min: lo.value, max: hi };
}
