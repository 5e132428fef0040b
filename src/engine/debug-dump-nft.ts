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

const cmp = (op: string, bytes: readonly number[]): string => `[ cmp ${op} reg 1 ${words(bytes)}]`;
const payload = (len: number, base: string, off: number): string => `[ payload load ${len}b @ ${base} header + ${off} => reg 1 ]`;
const bitwise = (mask: readonly number[]): string => `[ bitwise reg 1 = ( reg 1 & ${words(mask)}) ^ ${words(mask.map(() => 0))}]`;

/** add_iniface/add_outiface: a trailing '+' compares the prefix, '+' alone only when negated */
function iface(key: string, name: string, inv: boolean, any: boolean): string[] {
  const out = [`[ meta load ${key} => reg 1 ]`];
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
function addr(off: number, a: number, m: number, inv: boolean): string[] {
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
function portRange(lo: number, hi: number, inv: boolean): string {
  if (lo === hi) return cmp(inv ? 'neq' : 'eq', be16(lo));
  if (lo === 0 && hi < 0xffff) return cmp(inv ? 'gt' : 'lte', be16(hi));
  return `[ range ${inv ? 'neq' : 'eq'} reg 1 ${words(be16(lo))}${words(be16(hi))}]`;
}

/** add_nft_tcpudp, on the ports as typed (a range read back from `cmp gt` is one again) */
function ports(d: Ports): string[] {
  const typed = (r: [number, number], inv: boolean, gt: boolean | undefined): [number, number, boolean] => (gt ? [0, r[0] - 1, true] : [r[0], r[1], inv]);
  const [s0, s1, sInv] = typed(d.spts, d.invSrc, d.gtSrc);
  const [d0, d1, dInv] = typed(d.dpts, d.invDst, d.gtDst);
  if (s0 && s0 === s1 && d0 && d0 === d1 && sInv === dInv) {
    return [payload(4, 'transport', 0), cmp(sInv ? 'neq' : 'eq', [...be16(s0), ...be16(d0)])];
  }
  const out: string[] = [];
  if (s0 || s1 < 0xffff) out.push(payload(2, 'transport', 0), portRange(s0, s1, sInv));
  if (d0 || d1 < 0xffff) out.push(payload(2, 'transport', 2), portRange(d0, d1, dInv));
  return out;
}

const XT_LIMIT_SCALE = 10000;
const LIMIT_MULT = [XT_LIMIT_SCALE * 24 * 60 * 60, XT_LIMIT_SCALE * 60 * 60, XT_LIMIT_SCALE * 60, XT_LIMIT_SCALE];
const UNITS: Record<number, string> = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day', 604800: 'week' };

/** add_nft_limit: the coarsest unit that still gives an integer rate */
function limit(d: { avg: number; burst: number }): string {
  let i = 1;
  for (; i < LIMIT_MULT.length; i++) {
    if (d.avg > LIMIT_MULT[i] || Math.floor(LIMIT_MULT[i] / d.avg) < LIMIT_MULT[i] % d.avg) break;
  }
  const rate = Math.floor(LIMIT_MULT[i - 1] / d.avg);
  const unit = UNITS[LIMIT_MULT[i - 1] / XT_LIMIT_SCALE] ?? 'error';
  return `[ limit rate ${rate}/${unit} burst ${d.burst} type packets flags 0x0 ]`;
}

function matchExprs(m: Rule['matches'][number]): string[] {
  const name = m.ext.name;
  if (!m.compat && (name === 'tcp' || name === 'udp')) {
    const out: string[] = [];
    if (name === 'tcp') {
      const t = m.data as TcpData;
      if (t.flgMask) out.push(payload(1, 'transport', 13), bitwise([t.flgMask]), cmp(t.invFlags ? 'neq' : 'eq', [t.flgCmp]));
    }
    return out.concat(ports(m.data as Ports));
  }
  if (name === 'mark') {
    const d = m.data as { mark: number; mask: number; invert: boolean };
    const out = ['[ meta load mark => reg 1 ]'];
    if (d.mask >>> 0 !== 0xffffffff) out.push(bitwise(le32(d.mask)));
    out.push(cmp(d.invert ? 'neq' : 'eq', le32(d.mark)));
    return out;
  }
  if (name === 'limit') return [limit(m.data)];
  const info = matchInfo(name);
  return [`[ match name ${info.name} rev ${info.rev} ]`];
}

function targetExprs(r: Rule): string[] {
  const t = r.target;
  switch (t.kind) {
    case 'none': return [];
    case 'verdict':
      if (t.name === 'QUEUE') return ['[ target name QUEUE rev 0 ]'];
      return [`[ immediate reg 0 ${t.name.toLowerCase()} ]`];
    case 'chain': return [`[ immediate reg 0 ${r.goto ? 'goto' : 'jump'} -> ${t.name} ]`];
    case 'ext': {
      if (t.ext.name === 'TRACE') return ['[ immediate reg 9 0x00000001 ]', '[ meta set nftrace with reg 9 ]'];
      if (t.ext.name === 'NFLOG') {
        const d = t.data as NflogData;
        const prefix = d.prefix !== '' ? `prefix ${d.prefix} ` : '';
        return [`[ log ${prefix}group ${d.group} snaplen ${d.size ?? 0} qthreshold ${d.threshold} ]`];
      }
      const info = targetInfo(t.ext.name);
      return [`[ target name ${info.name} rev ${info.rev} ]`];
    }
  }
}

/** nft_ipv4_add: the expressions of one rule, counters as given */
export function nftExprs(r: Rule, pkts: bigint, bytes: bigint): string[] {
  const out: string[] = [];
  if (r.iniface !== '' || r.anyIn) out.push(...iface('iifname', r.iniface, (r.inv & INV_IN) !== 0, r.anyIn === true));
  if (r.outiface !== '' || r.anyOut) out.push(...iface('oifname', r.outiface, (r.inv & INV_OUT) !== 0, r.anyOut === true));
  if (r.proto !== 0) out.push('[ meta load l4proto => reg 1 ]', cmp(r.inv & INV_PROTO ? 'neq' : 'eq', [r.proto]));
  if (r.src || r.smsk || r.inv & INV_SRC) out.push(...addr(12, r.src, r.smsk, (r.inv & INV_SRC) !== 0));
  if (r.dst || r.dmsk || r.inv & INV_DST) out.push(...addr(16, r.dst, r.dmsk, (r.inv & INV_DST) !== 0));
  if (r.frag) out.push(payload(2, 'network', 6), bitwise([0x1f, 0xff]), cmp(r.inv & INV_FRAG ? 'eq' : 'neq', [0, 0]));
  for (const m of r.matches) out.push(...matchExprs(m));
  out.push(`[ counter pkts ${pkts} bytes ${bytes} ]`);
  out.push(...targetExprs(r));
  return out;
}

/** nftnl_rule_fprintf + "\n": the header fields that are set, then one line per expression */
export function ruleObject(family: string | null, table: string, chain: string, exprs: readonly string[], handle?: number, position?: number): string {
  const head = [family, table, chain, handle, position].filter((x) => x !== null && x !== undefined).join(' ');
  return `${head}\n${exprs.map((e) => `  ${e}\n`).join('')}\n`;
}

const HOOKS: Record<string, string> = { PREROUTING: 'prerouting', INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', POSTROUTING: 'postrouting' };

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
export function chainUse(table: Table, c: Chain): number {
  let n = c.rules.length;
  for (const ch of table.chains.values()) for (const r of ch.rules) if (r.target.kind === 'chain' && r.target.name === c.name) n++;
  return n;
}

/**
 * nftnl_chain_fprintf + "\n". A base chain shows its hook, policy and counters; one the
 * kernel returned (`cached`) also carries NFT_CHAIN_BASE in its flags.
 */
export function chainObject(table: string, name: string, use: number, base: { policy: string; pkts: bigint; bytes: bigint; cached: boolean } | null, hookOf = name): string {
  let s = `ip ${table} ${name} use ${use}`;
  if (base) {
    const spec = baseChainSpec(table, hookOf);
    s += ` type ${spec.type} hook ${HOOKS[hookOf]} prio ${spec.prio} policy ${base.policy.toLowerCase()} packets ${base.pkts} bytes ${base.bytes}`;
    if (base.cached) s += ' flags 1';
  }
  return s + '\n';
}

export function tableObject(name: string): string {
  return `table ${name} ip flags 0 use 0 handle 0\n`;
}

/** a rule the kernel returned: its handle, the previous rule's handle, its stored expressions */
export function cachedRule(table: Table, c: Chain, index: number): string {
  const r = c.rules[index];
  const prev = index > 0 ? c.rules[index - 1].handle : undefined;
  return ruleObject('ip', table.name, c.name, nftExprs(r, r.pkts, r.bytes), r.handle, prev);
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
