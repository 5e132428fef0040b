// "port[-port]" of REDIRECT and MASQUERADE --to-ports, with 1.8.9's messages.

import { paramError } from '../errors.ts';
import { strtoui } from '../ipv4.ts';
import type { NameDb } from '../names/namedb.ts';
import { strtouiPrefix } from './ports.ts';

/**
 * `shifted`: REDIRECT's parser also takes "min-max/base" (NF_NAT_RANGE_PROTO_OFFSET); the
 * base is only refused later, by the revision check (see natShiftedError).
 */
export function parseNatPorts(a: string, names: NameDb, shifted = false): { min: number; max: number; base?: number } {
  const svc = strtoui(a, 0, 65535) === null ? names.servicePort(a) : null;
  if (svc !== null) return { min: svc, max: svc };
  const lo = strtouiPrefix(a, 0, 65535);
  if (!lo) throw paramError(`Port \`${a}' not valid`);
  if (lo.rest === '') return { min: lo.value, max: lo.value };
  if (lo.rest.startsWith(':')) throw paramError('Invalid port:port syntax - use dash');
  if (!lo.rest.startsWith('-')) throw paramError(`Garbage after port value: \`${lo.rest}'`);
  let hiText = lo.rest.slice(1);
  let base: number | undefined;
  const slash = shifted ? hiText.indexOf('/') : -1;
  if (slash >= 0) {
    const baseText = hiText.slice(slash + 1);
    hiText = hiText.slice(0, slash);
    const b = strtoui(baseText, 1, 65535) ?? names.servicePort(baseText);
    if (b === null) throw paramError(`Port \`${baseText}' not valid`);
    base = b;
  }
  const hi = strtoui(hiText, 0, 65535);
  if (hi === null) throw paramError(`Port \`${hiText}' not valid`);
  if (hi < lo.value) throw paramError(`Port range \`${hiText}' funky`);
  return base === undefined ? { min: lo.value, max: hi } : { min: lo.value, max: hi, base };
}
