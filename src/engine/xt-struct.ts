// The bytes of an xt extension's kernel struct, as iptables-nft puts them in a compat
// expression's NFTA_MATCH_INFO / NFTA_TARGET_INFO (-v -v -v prints them): the struct the
// extension's parser filled, in host order (x86-64, little-endian) except where the kernel
// keeps network order (addresses, NAT ports), padded to XT_ALIGN (8). One encoder per
// extension, in xt-struct/; an extension without one is sent as zeros of its size (see the
// list in docs/architecture.md).

import type { NftExpr } from './debug-dump-nft.ts';
import { matchInfo, targetInfo } from './xt-kernel-info.ts';
import { MATCH_STRUCTS } from './xt-struct/matches.ts';
import { TARGET_STRUCTS } from './xt-struct/targets.ts';

const XT_ENTRY_HEADER = 32;

export function xtInfo(e: Extract<NftExpr, { e: 'match' | 'target' }>, cached: boolean): number[] {
  const size = (e.e === 'match' ? matchInfo(e.ext) : targetInfo(e.ext)).size - XT_ENTRY_HEADER;
  const enc = (e.e === 'match' ? MATCH_STRUCTS : TARGET_STRUCTS)[e.ext];
  if (!enc) return new Array<number>(size).fill(0);
  const out = enc(e.data, cached);
  while (out.length % 8) out.push(0);
  return out;
}
