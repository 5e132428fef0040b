// iptables-nft with three or more -v: after each batch object's -v -v text, nft_*_print_debug
// hands the object's netlink message to libmnl's mnl_nlmsg_fprintf, which prints it 4 bytes
// a line (header box, nfgenmsg, each attribute's len/flags/type in ANSI colours, its data in
// hex with the printable characters). The message is built here as libnftnl 1.2.4 builds it
// (nftnl_{table,chain,rule}_nlmsg_build_payload, each expression's build function), from
// the same descriptions the -v -v text is printed from (debug-dump-nft.ts).

import type { NftExpr, NlObject } from './debug-dump-nft.ts';
import { xtInfo } from './xt-struct.ts';

const NFNL_SUBSYS_NFTABLES = 10;
const NLA_F_NESTED = 0x8000;

/** an attribute tree: a leaf carries its payload bytes, a nest its children */
type Attr = { type: number; data: number[] } | { type: number; nest: Attr[] };

const be32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number): number[] => [(n >>> 8) & 255, n & 255];
const be64 = (n: bigint): number[] => {
  const v = BigInt.asUintN(64, n);
  return [...be32(Number(v >> 32n)), ...be32(Number(v & 0xffffffffn))];
};
const strz = (s: string): number[] => [...new TextEncoder().encode(s), 0];

const leaf = (type: number, data: number[]): Attr => ({ type, data });
const u32 = (type: number, n: number): Attr => leaf(type, be32(n));
const u64 = (type: number, n: bigint | number): Attr => leaf(type, be64(BigInt(n)));
const str = (type: number, s: string): Attr => leaf(type, strz(s));
const nest = (type: number, children: Attr[]): Attr => ({ type, nest: children });
/** NFTA_DATA_VALUE inside its nest (nftnl_data_reg) */
const value = (type: number, bytes: readonly number[]): Attr => nest(type, [leaf(1, [...bytes])]);

const align4 = (n: number): number => (n + 3) & ~3;

/** mnl_attr_put / mnl_attr_nest_*: length without the padding, padding zeroed */
function encode(a: Attr, out: number[]): void {
  const start = out.length;
  out.push(0, 0, 0, 0);
  if ('data' in a) {
    out.push(...a.data);
    while (out.length % 4) out.push(0);
  } else {
    for (const c of a.nest) encode(c, out);
  }
  const len = 'data' in a ? 4 + a.data.length : out.length - start;
  const type = 'data' in a ? a.type : a.type | NLA_F_NESTED;
  out[start] = len & 255;
  out[start + 1] = (len >>> 8) & 255;
  out[start + 2] = type & 255;
  out[start + 3] = (type >>> 8) & 255;
}

const CMP_OPS: Record<string, number> = { eq: 0, neq: 1, lt: 2, lte: 3, gt: 4, gte: 5 };
const META_KEYS: Record<string, number> = { mark: 3, iifname: 6, oifname: 7, nftrace: 12, l4proto: 16 };
const VERDICTS: Record<string, number> = { drop: 0, accept: 1, jump: -3, goto: -4, return: -5 };

/** one expression's NFTA_EXPR_DATA; `cached`: as the kernel returned it (libnftnl keeps what it parsed) */
function exprData(e: NftExpr, cached: boolean): Attr[] {
  switch (e.e) {
    case 'payload': return [u32(1, 1), u32(2, e.base === 'network' ? 1 : 2), u32(3, e.off), u32(4, e.len)];
    case 'meta': return [u32(2, META_KEYS[e.key]), u32(1, 1)];
    case 'metaSet': return [u32(2, META_KEYS[e.key]), u32(3, e.sreg)];
    case 'cmp': return [u32(1, 1), u32(2, CMP_OPS[e.op]), value(3, e.data)];
    case 'bitwise':
      // the kernel also returns NFTA_BITWISE_OP (boolean: 0)
      return [u32(1, 1), u32(2, 1), ...(cached ? [u32(6, 0)] : []), u32(3, e.mask.length), value(4, e.mask), value(5, e.xor)];
    case 'range': return [u32(1, 1), u32(2, CMP_OPS[e.op]), value(3, e.from), value(4, e.to)];
    case 'counter': return [u64(1, e.bytes), u64(2, e.pkts)];
    case 'verdict': {
      const v = [u32(1, VERDICTS[e.verdict] >>> 0), ...(e.chain !== undefined ? [str(2, e.chain)] : [])];
      return [u32(1, 0), nest(2, [nest(2, v)])];
    }
    case 'immediate': return [u32(1, e.dreg), value(2, e.data)];
    case 'limit': return [u64(1, e.rate), u64(2, e.unit), u32(3, e.burst), u32(4, 0), u32(5, 0)];
    case 'log': {
      const out: Attr[] = [];
      if (e.prefix !== undefined) out.push(str(2, e.prefix));
      out.push(leaf(1, be16(e.group)));
      if (e.snaplen !== undefined) out.push(u32(3, e.snaplen));
      if (e.qthreshold) out.push(leaf(4, be16(e.qthreshold)));
      return out;
    }
    case 'match':
    case 'target':
      return [str(1, e.name), u32(2, e.rev), leaf(3, xtInfo(e, cached))];
  }
}

/** the expression's name in NFTA_EXPR_NAME */
function exprName(e: NftExpr): string {
  switch (e.e) {
    case 'metaSet': return 'meta';
    case 'verdict': return 'immediate';
    default: return e.e;
  }
}

function attrs(o: NlObject): Attr[] {
  switch (o.kind) {
    case 'table': return [str(1, o.name)];
    case 'chain': {
      const out = [str(1, o.table), str(3, o.name)];
      if (o.hook) out.push(nest(4, [u32(1, o.hook.num), u32(2, o.hook.prio >>> 0)]));
      if (o.policy !== undefined) out.push(u32(5, o.policy === 'ACCEPT' ? 1 : 0));
      if (o.use !== undefined) out.push(u32(6, o.use));
      if (o.counters) out.push(nest(8, [u64(2, o.counters.pkts), u64(1, o.counters.bytes)]));
      if (o.handle !== undefined) out.push(u64(2, o.handle));
      if (o.type !== undefined) out.push(str(7, o.type));
      if (o.flags !== undefined) out.push(u32(10, o.flags));
      return out;
    }
    case 'rule': {
      const out = [str(1, o.table), str(2, o.chain)];
      if (o.handle !== undefined) out.push(u64(3, o.handle));
      if (o.position !== undefined) out.push(u64(6, o.position));
      if (o.exprs) out.push(nest(4, o.exprs.map((e) => nest(1, [str(1, exprName(e)), nest(2, exprData(e, o.cached === true))]))));
      if (o.compat) out.push(nest(5, [u32(1, o.compat.proto), u32(2, o.compat.inv ? 2 : 0)]));
      return out;
    }
  }
}

const SEP = '----------------\t------------------\n';
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const hex = (b: number): string => b.toString(16).padStart(2, '0');
/** isprint in the C locale */
const printable = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ' ');

/**
 * mnl_nlmsg_fprintf of one batch message: `msgType` NFT_MSG_*, `seq` its place in the batch
 * (the batch-begin message is 1). Flags other than NLM_F_REQUEST are not shown.
 */
export function nlmsgText(seq: number, msgType: number, o: NlObject): string {
  const payload: number[] = [2, 0, 0, 0]; // nfgenmsg: AF_INET, version 0, res_id 0
  for (const a of attrs(o)) encode(a, payload);
  const len = 16 + payload.length;
  let s = SEP;
  s += `|  ${pad(len, 10)}  |\t| message length |\n`;
  s += `| ${pad((NFNL_SUBSYS_NFTABLES << 8) | msgType, 5)} | R--- |\t|  type | flags  |\n`;
  s += `|  ${pad(seq, 10)}  |\t| sequence number|\n`;
  s += `|  ${pad(0, 10)}  |\t|     port ID    |\n`;
  s += SEP;
  let rem = 0;
  let extra = 4;
  for (let i = 0; i < payload.length; i += 4) {
    const b = payload.slice(i, i + 4);
    const bytes = `| ${b.map(hex).join(' ')}  |\t`;
    if (extra > 0) {
      extra -= 4;
      s += `${bytes}|  extra header  |\n`;
      continue;
    }
    const alen = b[0] | (b[1] << 8);
    const atype = b[2] | (b[3] << 8);
    if (rem === 0 && (atype & 0x3fff) !== 0) {
      const nested = (atype & NLA_F_NESTED) !== 0;
      s += `|\x1b[1;31m${pad(alen, 5)}\x1b[0m|\x1b[1;32m${nested ? 'N' : '-'}${atype & 0x4000 ? 'B' : '-'}\x1b[0m|\x1b[1;34m${pad(atype & 0x3fff, 5)}\x1b[0m|\t|len |flags| type|\n`;
      if (!nested) rem = align4(alen) - 4;
    } else if (rem > 0) {
      rem -= 4;
      s += `${bytes}|      data      |\t ${b.map(printable).join(' ')}\n`;
    }
  }
  return s + SEP;
}
