// iptables-nft with -v -v: libnftnl's text for what iptables 1.8.9 sends and fetches.
// nft_rule_list_cb prints every rule the rule cache fetches from the kernel (handle and
// the previous rule's handle as position, the expressions as the kernel keeps them), and
// nft_action prints each table, chain and rule object of the batch before sending it
// (nft_{table,chain,rule}_print_debug). The expressions are those nft.c builds: native
// payload/meta/cmp for the addresses, interfaces, protocol, fragment flag, tcp/udp ports
// and flags, mark, limit, NFLOG and TRACE; a compat `match`/`target` (name and revision)
// for every other extension.

import { INV_DST, INV_FRAG, INV_IN, INV_OUT, INV_PROTO, INV_SRC, type Chain, type Rule, type Table } from './model.ts';
import type { TcpData } from './extensions/tcp.ts';
import type { Ports } from './nft-native.ts';
import type { NflogData } from './extensions/NFLOG.ts';
import { matchInfo, targetInfo } from './xt-kernel-info.ts';
import { nlmsgText } from './nlmsg-nft.ts';

/** libnftnl's data_reg text: the bytes as host-order (little-endian) 32-bit words */
function words(bytes: readonly number[]): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const w = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    s += `0x${(w >>> 0).toString(16).padStart(8, '0')} `;
  }
  return s;
}

function be32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function be16(n: number): number[] {
  return [(n >>> 8) & 255, n & 255];
}

function le32(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

/**
 * One nf_tables expression as iptables-nft builds it (register 1 unless said): what the
 * -v -v text prints (exprText) and the netlink message encodes (nlmsg-nft.ts).
 */
export type NftExpr =
  | { e: 'payload'; base: 'network' | 'transport'; off: number; len: number }
  | { e: 'meta'; key: 'iifname' | 'oifname' | 'l4proto' | 'mark' }
  | { e: 'metaSet'; key: 'nftrace'; sreg: number }
  | { e: 'cmp'; op: CmpOp; data: number[] }
  | { e: 'bitwise'; mask: number[]; xor: number[] }
  | { e: 'range'; op: CmpOp; from: number[]; to: number[] }
  | { e: 'counter'; pkts: bigint; bytes: bigint }
  /** immediate into the verdict register */
  | { e: 'verdict'; verdict: 'accept' | 'drop' | 'return' | 'jump' | 'goto'; chain?: string }
  | { e: 'immediate'; dreg: number; data: number[] }
  | { e: 'limit'; rate: number; unit: number; burst: number }
  | { e: 'log'; prefix?: string; group: number; snaplen?: number; qthreshold: number }
  /** a compat xt match or target: the extension's name and revision as the kernel knows it, the rule's data */
  | { e: 'match' | 'target'; name: string; rev: number; ext: string; data: unknown };

type CmpOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';

const UNITS: Record<number, string> = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day', 604800: 'week' };

/** libnftnl's snprintf of one expression, as nftnl_rule_fprintf prints it */
function exprText(x: NftExpr): string {
  switch (x.e) {
    case 'payload': return `[ payload load ${x.len}b @ ${x.base} header + ${x.off} => reg 1 ]`;
    case 'meta': return `[ meta load ${x.key} => reg 1 ]`;
    case 'metaSet': return `[ meta set ${x.key} with reg ${x.sreg} ]`;
    case 'cmp': return `[ cmp ${x.op} reg 1 ${words(x.data)}]`;
    case 'bitwise': return `[ bitwise reg 1 = ( reg 1 & ${words(x.mask)}) ^ ${words(x.xor)}]`;
    case 'range': return `[ range ${x.op} reg 1 ${words(x.from)}${words(x.to)}]`;
    case 'counter': return `[ counter pkts ${x.pkts} bytes ${x.bytes} ]`;
    case 'verdict': return x.chain !== undefined ? `[ immediate reg 0 ${x.verdict} -> ${x.chain} ]` : `[ immediate reg 0 ${x.verdict} ]`;
    case 'immediate': return `[ immediate reg ${x.dreg} ${words(x.data)}]`;
    case 'limit': return `[ limit rate ${x.rate}/${UNITS[x.unit] ?? 'error'} burst ${x.burst} type packets flags 0x0 ]`;
    case 'log': return `[ log ${x.prefix !== undefined ? `prefix ${x.prefix} ` : ''}group ${x.group} snaplen ${x.snaplen ?? 0} qthreshold ${x.qthreshold} ]`;
    case 'match': case 'target': return `[ ${x.e} name ${x.name} rev ${x.rev} ]`;
  }
}

const cmp = (op: CmpOp, bytes: readonly number[]): NftExpr => ({ e: 'cmp', op, data: [...bytes] });
const payload = (len: number, base: 'network' | 'transport', off: number): NftExpr => ({ e: 'payload', base, off, len });
const bitwise = (mask: readonly number[]): NftExpr => ({ e: 'bitwise', mask: [...mask], xor: mask.map(() => 0) });

/** add_iniface/add_outiface: a trailing '+' compares the prefix, '+' alone only when negated */
function iface(key: 'iifname' | 'oifname', name: string, inv: boolean, any: boolean): NftExpr[] {
  const out: NftExpr[] = [{ e: 'meta', key }];
  const op = inv ? 'neq' : 'eq';
  const bytes = [...name].map((ch) => ch.charCodeAt(0) & 255);
  if (any) {
    // "INVAL/D": a name no interface can have
    if (inv) out.push(cmp('eq', [...'INVAL/D'].map((ch) => ch.charCodeAt(0)).concat(0)));
  } else if (name.endsWith('+')) out.push(cmp(op, bytes.slice(0, -1)));
  else out.push(cmp(op, bytes.concat(0)));
  return out;
}

/** add_addr: the address compared on its full bytes, a bitwise AND only for a non-prefix mask */
function addr(off: number, a: number, m: number, inv: boolean): NftExpr[] {
  const data = be32(a);
  const mask = be32(m);
  let i = 0;
  while (i < 4 && mask[i] === 0xff) i++;
  let bw = i < 4 && mask[i] !== 0;
  for (let j = i + 1; !bw && j < 4; j++) bw = mask[j] !== 0;
  const len = bw ? 4 : i;
  const out = [payload(len, 'network', off)];
  if (bw) out.push(bitwise(mask));
  out.push(cmp(inv ? 'neq' : 'eq', data.slice(0, len)));
  return out;
}

/** expr_gen_range_cmp16 */
function portRange(lo: number, hi: number, inv: boolean): NftExpr {
  if (lo === hi) return cmp(inv ? 'neq' : 'eq', be16(lo));
  if (lo === 0 && hi < 0xffff) return cmp(inv ? 'gt' : 'lte', be16(hi));
  return { e: 'range', op: inv ? 'neq' : 'eq', from: be16(lo), to: be16(hi) };
}

/** add_nft_tcpudp, on the ports as typed (a range read back from `cmp gt` is one again) */
function ports(d: Ports): NftExpr[] {
  const typed = (r: [number, number], inv: boolean, gt: boolean | undefined): [number, number, boolean] => (gt ? [0, r[0] - 1, true] : [r[0], r[1], inv]);
  const [s0, s1, sInv] = typed(d.spts, d.invSrc, d.gtSrc);
  const [d0, d1, dInv] = typed(d.dpts, d.invDst, d.gtDst);
  if (s0 && s0 === s1 && d0 && d0 === d1 && sInv === dInv) {
    return [payload(4, 'transport', 0), cmp(sInv ? 'neq' : 'eq', [...be16(s0), ...be16(d0)])];
  }
  const out: NftExpr[] = [];
  if (s0 || s1 < 0xffff) out.push(payload(2, 'transport', 0), portRange(s0, s1, sInv));
  if (d0 || d1 < 0xffff) out.push(payload(2, 'transport', 2), portRange(d0, d1, dInv));
  return out;
}

const XT_LIMIT_SCALE = 10000;
const LIMIT_MULT = [XT_LIMIT_SCALE * 24 * 60 * 60, XT_LIMIT_SCALE * 60 * 60, XT_LIMIT_SCALE * 60, XT_LIMIT_SCALE];

/** add_nft_limit: the coarsest unit that still gives an integer rate */
function limit(d: { avg: number; burst: number }): NftExpr {
  let i = 1;
  for (; i < LIMIT_MULT.length; i++) {
    if (d.avg > LIMIT_MULT[i] || Math.floor(LIMIT_MULT[i] / d.avg) < LIMIT_MULT[i] % d.avg) break;
  }
  return { e: 'limit', rate: Math.floor(LIMIT_MULT[i - 1] / d.avg), unit: LIMIT_MULT[i - 1] / XT_LIMIT_SCALE, burst: d.burst };
}

function matchExprs(m: Rule['matches'][number]): NftExpr[] {
  const name = m.ext.name;
  if (!m.compat && (name === 'tcp' || name === 'udp')) {
    const out: NftExpr[] = [];
    if (name === 'tcp') {
      const t = m.data as TcpData;
      if (t.flgMask) out.push(payload(1, 'transport', 13), bitwise([t.flgMask]), cmp(t.invFlags ? 'neq' : 'eq', [t.flgCmp]));
    }
    return out.concat(ports(m.data as Ports));
  }
  if (name === 'mark') {
    const d = m.data as { mark: number; mask: number; invert: boolean };
    const out: NftExpr[] = [{ e: 'meta', key: 'mark' }];
    if (d.mask >>> 0 !== 0xffffffff) out.push(bitwise(le32(d.mask)));
    out.push(cmp(d.invert ? 'neq' : 'eq', le32(d.mark)));
    return out;
  }
  if (name === 'limit') return [limit(m.data)];
  const info = matchInfo(name);
  return [{ e: 'match', name: info.name, rev: info.rev, ext: name, data: m.data }];
}

function targetExprs(r: Rule): NftExpr[] {
  const t = r.target;
  switch (t.kind) {
    case 'none': return [];
    case 'verdict':
      if (t.name === 'QUEUE') return [{ e: 'target', name: 'QUEUE', rev: 0, ext: 'QUEUE', data: null }];
      return [{ e: 'verdict', verdict: t.name.toLowerCase() as 'accept' | 'drop' | 'return' }];
    case 'chain': return [{ e: 'verdict', verdict: r.goto ? 'goto' : 'jump', chain: t.name }];
    case 'ext': {
      if (t.ext.name === 'TRACE') return [{ e: 'immediate', dreg: 9, data: [1] }, { e: 'metaSet', key: 'nftrace', sreg: 9 }];
      if (t.ext.name === 'NFLOG') {
        const d = t.data as NflogData;
        return [{ e: 'log', ...(d.prefix !== '' ? { prefix: d.prefix } : {}), group: d.group, ...(d.size !== null ? { snaplen: d.size } : {}), qthreshold: d.threshold }];
      }
      const info = targetInfo(t.ext.name);
      return [{ e: 'target', name: info.name, rev: info.rev, ext: t.ext.name, data: t.data }];
    }
  }
}

/** nft_ipv4_add: the expressions of one rule, counters as given */
function nftExprs(r: Rule, pkts: bigint, bytes: bigint): NftExpr[] {
  const out: NftExpr[] = [];
  if (r.iniface !== '' || r.anyIn) out.push(...iface('iifname', r.iniface, (r.inv & INV_IN) !== 0, r.anyIn === true));
  if (r.outiface !== '' || r.anyOut) out.push(...iface('oifname', r.outiface, (r.inv & INV_OUT) !== 0, r.anyOut === true));
  if (r.proto !== 0) out.push({ e: 'meta', key: 'l4proto' }, cmp(r.inv & INV_PROTO ? 'neq' : 'eq', [r.proto]));
  if (r.src || r.smsk || r.inv & INV_SRC) out.push(...addr(12, r.src, r.smsk, (r.inv & INV_SRC) !== 0));
  if (r.dst || r.dmsk || r.inv & INV_DST) out.push(...addr(16, r.dst, r.dmsk, (r.inv & INV_DST) !== 0));
  if (r.frag) out.push(payload(2, 'network', 6), bitwise([0x1f, 0xff]), cmp(r.inv & INV_FRAG ? 'eq' : 'neq', [0, 0]));
  for (const m of r.matches) out.push(...matchExprs(m));
  out.push({ e: 'counter', pkts, bytes });
  out.push(...targetExprs(r));
  return out;
}

/** nftnl_rule_fprintf + "\n": the header fields that are set, then one line per expression */
function ruleText(family: string | null, table: string, chain: string, exprs: readonly NftExpr[], handle?: number, position?: number): string {
  const head = [family, table, chain, handle, position].filter((x) => x !== null && x !== undefined).join(' ');
  return `${head}\n${exprs.map((e) => `  ${exprText(e)}\n`).join('')}\n`;
}

/** NFT_MSG_* of the batch messages iptables-nft sends */
const NFT_MSG = { NEWTABLE: 0, NEWCHAIN: 3, DELCHAIN: 5, NEWRULE: 6, DELRULE: 8 } as const;

/**
 * What one batch object is to the kernel: the attributes libnftnl puts in its message (only
 * those set on the object), for -v -v -v (nlmsg-nft.ts).
 */
export type NlObject =
  | { kind: 'table'; name: string }
  | {
    kind: 'chain'; table: string; name: string; hook?: { num: number; prio: number }; policy?: string; use?: number;
    counters?: { pkts: bigint; bytes: bigint }; handle?: number; type?: string; flags?: number;
  }
  /** `cached`: as the kernel returned it (no compat attribute of its own, a bitwise carries its op) */
  | { kind: 'rule'; table: string; chain: string; handle?: number; position?: number; exprs?: NftExpr[]; compat?: { proto: number; inv: boolean }; cached?: boolean };

/** one object of a batch: its -v -v text (nft_*_print_debug), its message type and its attributes */
export interface BatchObject { text: string; type: number; msg: NlObject }

/**
 * a rule iptables-nft built from the command line (add_compat: the rule's protocol); `zero`:
 * -Z CHAIN N, which builds the rule again from the cached one with its counters at zero
 */
function builtRule(table: string, chain: string, r: Rule, at: { handle?: number; position?: number; zero?: boolean } = {}): BatchObject {
  const exprs = at.zero ? nftExprs(r, 0n, 0n) : nftExprs(r, r.pkts, r.bytes);
  return {
    text: ruleText('ip', table, chain, exprs, at.handle, at.position),
    type: NFT_MSG.NEWRULE,
    msg: { kind: 'rule', table, chain, handle: at.handle, position: at.position, exprs, compat: { proto: r.proto, inv: (r.inv & INV_PROTO) !== 0 } },
  };
}

/**
 * -Z: a cached rule with a counter that was not zero goes back by handle with the counter
 * zeroed; recover_rule_compat finds its protocol in the l4proto compare, if it has one.
 */
function zeroedRule(table: string, chain: string, r: Rule): BatchObject {
  const exprs = nftExprs(r, 0n, 0n);
  const compat = r.proto !== 0 ? { proto: r.proto, inv: (r.inv & INV_PROTO) !== 0 } : undefined;
  return { text: ruleText('ip', table, chain, exprs, r.handle), type: NFT_MSG.NEWRULE, msg: { kind: 'rule', table, chain, handle: r.handle, exprs, compat, cached: true } };
}

/** a rule the kernel returned, deleted: its handle, the previous rule's handle, its stored expressions */
function deletedRule(table: Table, c: Chain, index: number): BatchObject {
  const r = c.rules[index];
  const prev = index > 0 ? c.rules[index - 1].handle : undefined;
  const exprs = nftExprs(r, r.pkts, r.bytes);
  return {
    text: ruleText('ip', table.name, c.name, exprs, r.handle, prev),
    type: NFT_MSG.DELRULE,
    msg: { kind: 'rule', table: table.name, chain: c.name, handle: r.handle, position: prev, exprs, cached: true },
  };
}

/**
 * The rule objects iptables-nft queues: one it built (-A/-I: `at` the handle it goes before;
 * -R: `at` the replaced rule's handle), one -Z CHAIN N builds again with zero counters, one
 * -Z CHAIN replaces from the cache, one deleted (`at` its index), a chain's flush.
 */
export function ruleMsg(kind: 'add' | 'replace' | 'rebuild' | 'zero' | 'del' | 'flush', table: Table, c: Chain, r?: Rule | number, at?: number): BatchObject {
  switch (kind) {
    case 'add': return builtRule(table.name, c.name, r as Rule, { position: at });
    case 'replace': return builtRule(table.name, c.name, r as Rule, { handle: at });
    case 'rebuild': return builtRule(table.name, c.name, r as Rule, { handle: (r as Rule).handle, zero: true });
    case 'zero': return zeroedRule(table.name, c.name, r as Rule);
    case 'del': return deletedRule(table, c, r as number);
    case 'flush': return flushObject(table.name, c.name);
  }
}

/** a chain flush: a rule deletion naming only table and chain */
function flushObject(table: string, chain: string): BatchObject {
  return { text: `${table} ${chain}\n\n`, type: NFT_MSG.DELRULE, msg: { kind: 'rule', table, chain } };
}

const HOOKS: Record<string, string> = { PREROUTING: 'prerouting', INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', POSTROUTING: 'postrouting' };
const HOOK_NUMS: Record<string, number> = { PREROUTING: 0, INPUT: 1, FORWARD: 2, OUTPUT: 3, POSTROUTING: 4 };

/** iptables-nft's builtin_table: each base chain's type and priority */
function baseChainSpec(table: string, chain: string): { type: string; prio: number } {
  switch (table) {
    case 'nat': return { type: 'nat', prio: chain === 'INPUT' || chain === 'POSTROUTING' ? 100 : -100 };
    case 'mangle': return { type: chain === 'OUTPUT' ? 'route' : 'filter', prio: -150 };
    case 'raw': return { type: 'filter', prio: -300 };
    case 'security': return { type: 'filter', prio: 150 };
    default: return { type: 'filter', prio: 0 };
  }
}

/** the order nft_xt_builtin_init creates a table's base chains in (nft.c's builtin_table: nat differs from hook order) */
export function builtinInitOrder(table: Table): Chain[] {
  const cs = table.builtinChains();
  if (table.name !== 'nat') return cs;
  const order = ['PREROUTING', 'INPUT', 'POSTROUTING', 'OUTPUT'];
  return order.map((n) => cs.find((c) => c.name === n)!);
}

/** the number of references the kernel keeps for a chain: its rules and the jumps to it */
function chainUse(table: Table, c: Chain): number {
  let n = c.rules.length;
  for (const ch of table.chains.values()) for (const r of ch.rules) if (r.target.kind === 'chain' && r.target.name === c.name) n++;
  return n;
}

/** what a chain object carries besides table and name */
export interface ChainFields {
  /** NFTA_CHAIN_USE: the kernel's count, on a chain it returned */
  use?: number;
  /** a base chain: its policy; `counters` when the object has them (the text shows 0 otherwise) */
  base?: { policy: string; counters?: { pkts: bigint; bytes: bigint }; cached: boolean };
  handle?: number;
  /** the built-in chain whose hook a (renamed) base chain has */
  hookOf?: string;
}

/**
 * nftnl_chain_fprintf + "\n". A base chain shows its hook, policy and counters; one the
 * kernel returned (`cached`) also carries NFT_CHAIN_BASE in its flags.
 */
function chainObject(op: 'new' | 'del', table: string, name: string, f: ChainFields = {}): BatchObject {
  const type = op === 'new' ? NFT_MSG.NEWCHAIN : NFT_MSG.DELCHAIN;
  let text = `ip ${table} ${name} use ${f.use ?? 0}`;
  const msg: NlObject = { kind: 'chain', table, name };
  if (f.base) {
    const hookOf = f.hookOf ?? name;
    const spec = baseChainSpec(table, hookOf);
    text += ` type ${spec.type} hook ${HOOKS[hookOf]} prio ${spec.prio} policy ${f.base.policy.toLowerCase()} packets ${f.base.counters?.pkts ?? 0} bytes ${f.base.counters?.bytes ?? 0}`;
    if (f.base.cached) text += ' flags 1';
    msg.hook = { num: HOOK_NUMS[hookOf], prio: spec.prio };
    msg.policy = f.base.policy;
    msg.counters = f.base.counters;
    msg.type = spec.type;
    if (f.base.cached) msg.flags = 1;
  }
  msg.use = f.use;
  msg.handle = f.handle;
  return { text: text + '\n', type, msg };
}

/**
 * The chain objects iptables-nft queues: a user chain (-N), a renamed chain (-E: its handle),
 * a base chain it adds (nft_chain_builtin_add: no counters), one -P sends (zero counters), one
 * -Z zeroes (from the cache, or a listed chain new to the kernel), one the cache gives to
 * CHAIN_DEL (the kernel returns a base chain's counters only once something gave it some).
 */
export function chainMsg(kind: 'user' | 'rename' | 'add' | 'policy' | 'zero' | 'zero-new' | 'del', table: Table, c: Chain): BatchObject {
  const zero = { pkts: 0n, bytes: 0n };
  switch (kind) {
    case 'user': return chainObject('new', table.name, c.name);
    case 'rename': return chainObject('new', table.name, c.name, { handle: c.handle });
    case 'add': return chainObject('new', table.name, c.name, { base: { policy: 'ACCEPT', cached: false } });
    case 'policy': return chainObject('new', table.name, c.name, { base: { policy: c.policy, counters: zero, cached: false } });
    case 'zero': return chainObject('new', table.name, c.name, { use: chainUse(table, c), base: { policy: c.policy, counters: zero, cached: true } });
    case 'zero-new': return chainObject('new', table.name, c.name, { base: { policy: c.policy, counters: zero, cached: false } });
    case 'del': {
      const counters = c.stats ? { pkts: c.pkts, bytes: c.bytes } : undefined;
      return chainObject('del', table.name, c.name, { use: chainUse(table, c), base: c.builtin ? { policy: c.policy, counters, cached: true } : undefined });
    }
  }
}

export function tableObject(name: string): BatchObject {
  return { text: `table ${name} ip flags 0 use 0 handle 0\n`, type: NFT_MSG.NEWTABLE, msg: { kind: 'table', name } };
}

/** nft -v -v: the batch objects' text as queued; `netlink` (-v -v -v): each one's message too, numbered from `seq` */
export interface NftBatch { text: string; seq: number; netlink: boolean }

/** queue one batch object: its -v -v text, and with -v -v -v its message (the batch-begin message is 1) */
export function batchAppend(batch: NftBatch, o: BatchObject): void {
  batch.text += o.text;
  batch.seq++;
  if (batch.netlink) batch.text += nlmsgText(batch.seq, o.type, o.msg);
}

/** a rule the kernel returned, as the rule cache prints it */
function cachedRule(table: Table, c: Chain, index: number): string {
  return deletedRule(table, c, index).text;
}

/**
 * What nft_rule_list_cb prints while the rule cache fills: the base chains the kernel has
 * (hook order), then the user chains, in the kernel's (creation) order when the command
 * asked for all of them, else those it names (its chain, a jump target) sorted by name.
 */
export function ruleCacheDump(table: Table, named: readonly string[] | null, inKernel: (c: Chain) => boolean): string {
  let s = '';
  const dump = (c: Chain): void => {
    for (let i = 0; i < c.rules.length; i++) s += cachedRule(table, c, i);
  };
  for (const c of table.builtinChains()) if (inKernel(c)) dump(c);
  const users = [...table.chains.values()].filter((c) => !c.builtin && !c.foreign);
  if (named === null) users.sort((a, b) => a.seq - b.seq);
  else {
    users.splice(0, users.length, ...users.filter((c) => named.includes(c.name)));
    users.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  for (const c of users) dump(c);
  return s;
}
