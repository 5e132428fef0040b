// Rule text: the canonical -S / iptables-save form, the -L line and the one-line
// echo of -v -A/-D/-I/-R/-C. Byte layouts follow iptables 1.8.9 (xshared.c,
// nft-ipv4.c, iptables-save) as captured in test/fixtures/engine/kernel-format.

import { INV_DST, INV_FRAG, INV_IN, INV_OUT, INV_PROTO, INV_SRC, type Rule, targetName } from './model.ts';
import { ipToAnyName, ipToString, maskSuffix, saveAddr } from './ipv4.ts';
import type { NameDb } from './names/namedb.ts';
import type { SpecMemo } from './text-memo.ts';
import type { TextBuilder } from './text-builder.ts';
import type { Flavor } from './errors.ts';

/** xtables_chain_protos: names iptables knows without /etc/protocols */
const CHAIN_PROTOS: ReadonlyArray<[string, number]> = [
  ['tcp', 6], ['sctp', 132], ['udp', 17], ['udplite', 136], ['icmp', 1], ['icmpv6', 58], ['esp', 50], ['ah', 51], ['mh', 135], ['all', 0],
];

export function chainProtoNumber(name: string): number | null {
  for (const [n, v] of CHAIN_PROTOS) if (n === name) return v;
  return null;
}

/** proto_to_name(proto, 0): /etc/protocols first, then the built-in list */
export function protoName(proto: number, names: NameDb): string | null {
  if (proto !== 0) {
    const n = names.protocolName(proto);
    if (n) return n;
  }
  for (const [n, v] of CHAIN_PROTOS) if (v === proto) return n;
  return null;
}

/** proto_to_name(proto, 1): the built-in list only */
export function chainProtoName(proto: number): string | null {
  for (const [n, v] of CHAIN_PROTOS) if (v === proto) return n;
  return null;
}

function saveIface(letter: string, iface: string, inv: boolean): string {
  if (iface === '' || iface === '+') return '';
  return `${inv ? ' !' : ''} -${letter} ${iface}`;
}

export interface SaveOptions {
  /** print "-c P B" before the target (iptables -S -v) */
  counters?: boolean;
}

/** "-A CHAIN ..." without newline */
export function ruleSaveText(chain: string, r: Rule, names: NameDb, opts: SaveOptions = {}): string {
  return `-A ${chain}${ruleSpecText(r, names, opts)}`;
}

function specMemo(r: Rule, names: NameDb): SpecMemo {
  let m = r.specMemo;
  if (m === undefined || m.names !== names) {
    m = { names, head: specHead(r, names), target: specTarget(r, names) };
    r.specMemo = m;
  }
  return m;
}

/** everything after "-A CHAIN" */
export function ruleSpecText(r: Rule, names: NameDb, opts: SaveOptions = {}): string {
  const m = specMemo(r, names);
  if (opts.counters) return `${m.head} -c ${r.pkts} ${r.bytes}${m.target}`;
  return m.head + m.target;
}

/** addresses, interfaces, protocol, fragment and matches */
function specHead(r: Rule, names: NameDb): string {
  let s = '';
  if (r.smsk !== 0 || r.src !== 0 || (r.inv & INV_SRC)) s += `${r.inv & INV_SRC ? ' !' : ''} -s ${saveAddr(r.src, r.smsk >>> 0)}`;
  if (r.dmsk !== 0 || r.dst !== 0 || (r.inv & INV_DST)) s += `${r.inv & INV_DST ? ' !' : ''} -d ${saveAddr(r.dst, r.dmsk >>> 0)}`;
  s += saveIface('i', r.iniface, (r.inv & INV_IN) !== 0);
  s += saveIface('o', r.outiface, (r.inv & INV_OUT) !== 0);
  if (r.proto !== 0) {
    const pn = protoName(r.proto, names);
    s += `${r.inv & INV_PROTO ? ' !' : ''} -p ${pn ?? String(r.proto)}`;
  }
  if (r.frag) s += `${r.inv & INV_FRAG ? ' !' : ''} -f`;
  const info = { proto: r.proto, invProto: (r.inv & INV_PROTO) !== 0 };
  for (const m of r.matches) {
    s += ` -m ${m.ext.name}${m.ext.save(m.data, { names, rule: info })}`;
  }
  return s;
}

/** " -j TARGET ..." / " -g CHAIN" */
function specTarget(r: Rule, names: NameDb): string {
  const info = { proto: r.proto, invProto: (r.inv & INV_PROTO) !== 0 };
  switch (r.target.kind) {
    case 'none': return '';
    case 'verdict': return ` -j ${r.target.name}`;
    case 'chain': return ` -${r.goto ? 'g' : 'j'} ${r.target.name}`;
    case 'ext': return ` -j ${r.target.ext.name}${r.target.ext.save(r.target.data, { names, rule: info })}`;
  }
}

const SMALL_PADDED: string[] = [];

/** xtables_print_num with FMT_KILOMEGAGIGA, padded ("%5llu " / "%4lluK ") or not */
export function abbrev(n: bigint, padded: boolean): string {
  if (n <= 99999n) {
    // most counters are small (and most are zero): their text is made once
    if (padded && n < 1024n) return (SMALL_PADDED[Number(n)] ??= `${String(n).padStart(5)} `);
    return padded ? `${String(n).padStart(5)} ` : `${n} `;
  }
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  for (let i = 0; i < units.length; i++) {
    // uint64 arithmetic: the + 500 wraps near 2^64 as it does in C
    v = ((v + 500n) & 0xffffffffffffffffn) / 1000n;
    if (v <= 9999n || i === units.length - 1) return padded ? `${String(v).padStart(4)}${units[i]} ` : `${v}${units[i]} `;
  }
  return '';
}

export interface ListFormat {
  verbose: boolean;
  numeric: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

const SPACES = ['', ' ', '  ', '   ', '    ', '     ', '      ', '       ', '        ', '         ', '          ',
  '           ', '            ', '             ', '              ', '               ', '                ',
  '                 ', '                  ', '                   '];

function pad(s: string, w: number): string {
  if (s.length >= w) return s;
  const k = w - s.length;
  return s + (k < SPACES.length ? SPACES[k] : ' '.repeat(k));
}

export function listHeaderColumns(f: ListFormat): string {
  let s = '';
  if (f.lineNumbers) s += 'num  ';
  if (f.verbose) s += f.exact ? '    pkts      bytes ' : ' pkts bytes ';
  s += 'target    ';
  s += ' prot ';
  s += 'opt';
  if (f.verbose) s += ' in     out    ';
  s += ` ${pad('source', 19)} `;
  s += ` ${pad('destination', 19)} `;
  return s + '\n';
}

function matchesAndTarget(r: Rule, names: NameDb, numeric: boolean): string {
  let s = '';
  const info = { proto: r.proto, invProto: (r.inv & INV_PROTO) !== 0 };
  for (const m of r.matches) s += m.ext.print(m.data, { names, numeric, rule: info });
  if (r.target.kind === 'ext') s += r.target.ext.print(r.target.data, { names, numeric, rule: info });
  return s;
}

function addrText(addr: number, mask: number, numeric: boolean, names: NameDb): string {
  if (mask === 0 && !numeric) return 'anywhere';
  const base = numeric ? ipToString(addr) : ipToAnyName(addr, names);
  return base + maskSuffix(mask);
}

/** one -L line (with "\n") */
export function listRuleLine(r: Rule, num: number, f: ListFormat, names: NameDb): string {
  let s = '';
  if (f.lineNumbers) s += `${pad(String(num), 4)} `;
  if (f.verbose) {
    if (f.exact) s += `${String(r.pkts).padStart(8)} ${String(r.bytes).padStart(8)} `;
    else s += abbrev(r.pkts, true) + abbrev(r.bytes, true);
  }
  return s + listRuleBody(r, f, names);
}

const LINE_CTX = { names: null as unknown as NameDb, numeric: false, rule: { proto: 0, invProto: false } };

/**
 * listRuleLine added to `out` as one string. The pieces are joined with `+` (a rope
 * V8 flattens once, when the builder joins its chunk): measured against a push per
 * piece, re-listing 50,000 rules took ~80 instead of ~100 ms CPU.
 */
export function appendListRuleLine(out: TextBuilder, r: Rule, num: number, f: ListFormat, names: NameDb): void {
  let s = f.lineNumbers ? `${pad(String(num), 4)} ` : '';
  if (f.verbose) {
    if (f.exact) s += `${String(r.pkts).padStart(8)} ${String(r.bytes).padStart(8)} `;
    else s += abbrev(r.pkts, true) + abbrev(r.bytes, true);
  }
  s += pad(targetName(r), 9);
  s += r.iniface === '' && r.outiface === '' && f.numeric ? numericMiddle(r, f.verbose) : middleColumns(r, f, names);
  s += r.inv & INV_SRC ? '!' : ' ';
  s += padAddr(r.src, r.smsk >>> 0, f.numeric, names);
  s += r.inv & INV_DST ? '!' : ' ';
  s += padAddr(r.dst, r.dmsk >>> 0, f.numeric, names);
  if (r.goto) s += '[goto] ';
  const matches = r.matches;
  const target = r.target;
  if (matches.length !== 0 || target.kind === 'ext') {
    // (one context for every line: the print functions read it and keep nothing of it)
    const pctx = LINE_CTX;
    pctx.names = names;
    pctx.numeric = f.numeric;
    pctx.rule.proto = r.proto;
    pctx.rule.invProto = (r.inv & INV_PROTO) !== 0;
    for (let i = 0; i < matches.length; i++) s += matches[i].ext.print(matches[i].data, pctx);
    if (target.kind === 'ext') s += target.ext.print(target.data, pctx);
  }
  out.push(s + '\n');
}

/** " prot opt [in out ]" after the target column (the space before prot included) */
function middleColumns(r: Rule, f: ListFormat, names: NameDb): string {
  let s = ' ';
  s += r.inv & INV_PROTO ? '!' : ' ';
  const pname = f.numeric ? null : protoName(r.proto, names);
  s += `${pad(pname ?? String(r.proto), 4)} `;
  s += r.inv & INV_FRAG ? '!' : '-';
  s += r.frag ? 'f' : '-';
  s += ' ';
  if (f.verbose) {
    const inI = (r.inv & INV_IN ? '!' : '') + (r.iniface !== '' ? r.iniface : f.numeric ? '*' : 'any');
    const outI = (r.inv & INV_OUT ? '!' : '') + (r.outiface !== '' ? r.outiface : f.numeric ? '*' : 'any');
    s += ` ${pad(inI, 6)} ${pad(outI, 6)} `;
  }
  return s;
}

/** middleColumns of -n without interfaces: a few dozen distinct texts, made once */
const NUMERIC_MIDDLE = new Map<number, string>();
const VERBOSE_NUMERIC: ListFormat = { verbose: true, numeric: true, exact: false, lineNumbers: false };
const PLAIN_NUMERIC: ListFormat = { verbose: false, numeric: true, exact: false, lineNumbers: false };

function numericMiddle(r: Rule, verbose: boolean): string {
  // proto < 256; the inversion bits that show here: proto, fragment (interfaces are empty).
  // Those bits reach 0x40, so the proto takes a factor of 128 (with 4, `! -p udp` and `-p 33` met)
  const key = ((r.proto * 128 + (r.inv & (INV_PROTO | INV_FRAG | INV_IN | INV_OUT))) * 2 + (r.frag ? 1 : 0)) * 2 + (verbose ? 1 : 0);
  let s = NUMERIC_MIDDLE.get(key);
  if (s === undefined) {
    // (names are not consulted with -n)
    s = middleColumns(r, verbose ? VERBOSE_NUMERIC : PLAIN_NUMERIC, null as unknown as NameDb);
    NUMERIC_MIDDLE.set(key, s);
  }
  return s;
}

const ANY_NUMERIC = `${pad('0.0.0.0/0', 19)} `;

/** an address column: padded to 19 and followed by its space */
function padAddr(addr: number, mask: number, numeric: boolean, names: NameDb): string {
  if (mask === 0 && numeric) return ANY_NUMERIC;
  return `${pad(addrText(addr, mask, numeric, names), 19)} `;
}

/** the -L line after the counters: it depends on -n and -v only */
function listRuleBody(r: Rule, f: ListFormat, names: NameDb): string {
  // middleColumns starts with the space that ends the target column
  let s = pad(targetName(r), 9) + middleColumns(r, f, names);
  s += r.inv & INV_SRC ? '!' : ' ';
  s += `${pad(addrText(r.src, r.smsk >>> 0, f.numeric, names), 19)} `;
  s += r.inv & INV_DST ? '!' : ' ';
  s += `${pad(addrText(r.dst, r.dmsk >>> 0, f.numeric, names), 19)} `;
  if (r.goto) s += '[goto] ';
  s += matchesAndTarget(r, names, f.numeric);
  return s + '\n';
}

/** the echo of -v -A/-I/-D/-R/-C (print_firewall_line with FMT_PRINT_RULE) */
export function echoRuleLine(r: Rule, names: NameDb, flavor: Flavor = 'legacy'): string {
  // iptables-nft sends QUEUE as a compat target of that name, which reads back as "standard"
  let s = `${flavor === 'nft' && r.target.kind === 'verdict' && r.target.name === 'QUEUE' ? 'standard' : targetName(r)} `;
  s += r.inv & INV_PROTO ? '!' : ' ';
  // FMT_PRINT_RULE includes FMT_NUMERIC: only xtables' own short list names a protocol
  s += `${chainProtoName(r.proto) ?? String(r.proto)} `;
  s += 'opt ';
  s += r.inv & INV_FRAG ? '!' : '-';
  s += r.frag ? 'f' : '-';
  s += ' ';
  s += `in ${r.inv & INV_IN ? '!' : ''}${r.iniface !== '' ? r.iniface : '*'} `;
  s += `out ${r.inv & INV_OUT ? '!' : ''}${r.outiface !== '' ? r.outiface : '*'} `;
  s += r.inv & INV_SRC ? '!' : ' ';
  s += `${ipToString(r.src)}${maskSuffix(r.smsk >>> 0)} `;
  s += r.inv & INV_DST ? '!' : ' ';
  s += `-> ${ipToString(r.dst)}${maskSuffix(r.dmsk >>> 0)}`;
  s += '  ';
  if (r.goto) s += '[goto] ';
  s += matchesAndTarget(r, names, true);
  return s + '\n';
}
