// XTTYPE_MARKMASK32 / XTTYPE_UINT32 parsing shared by mark, connmark, MARK, CONNMARK, TPROXY.

import { paramError } from '../errors.ts';
import { strtouiPrefix } from './ports.ts';
import { strtoui } from '../ipv4.ts';

/** xtopt_parse_markmask: "value[/mask]", both 32-bit, base 0 */
export function markMask(arg: string, ext: string, opt: string): { mark: number; mask: number } {
  const v = strtouiPrefix(arg, 0, 0xffffffff);
  if (!v) throw paramError(`${ext}: bad integer value for option "--${opt}", or out of range.\n`);
  let mask = 0xffffffff;
  let rest = v.rest;
  if (rest.startsWith('/')) {
    const m = strtouiPrefix(rest.slice(1), 0, 0xffffffff);
    // 1.8.9 words a bad mask like a bad value
    if (!m) throw paramError(`${ext}: bad integer value for option "--${opt}", or out of range.\n`);
    mask = m.value;
    rest = m.rest;
  }
  if (rest !== '') throw paramError(`${ext}: trailing garbage after value for option "--${opt}".\n`);
  return { mark: v.value >>> 0, mask: mask >>> 0 };
}

/** xtopt_parse_int for XTTYPE_UINT32 */
export function u32(arg: string, ext: string, opt: string, min = 0, max = 0xffffffff): number {
  const v = strtoui(arg, min, max);
  if (v === null) throw paramError(`${ext}: bad value for option "--${opt}", or out of range (${min}-${max}).\n`);
  return v >>> 0;
}

export function hx(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/** " 0x1/0xff" or " 0x1" when the mask is all ones */
export function markText(mark: number, mask: number): string {
  return mask >>> 0 !== 0xffffffff ? ` ${hx(mark)}/${hx(mask)}` : ` ${hx(mark)}`;
}
