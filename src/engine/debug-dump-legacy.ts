// iptables-legacy with -v -v: libiptc's dump_entries after the command. It walks the
// table blob iptc_init fetched, so it shows the table as the kernel had it BEFORE the
// command (the changes are only compiled into a new blob at commit, after the dump).
// The blob is libiptc's layout: each built-in chain in hook order (its rules, then its
// policy entry), each user chain in name order (an ERROR entry naming it, its rules, a
// RETURN entry), then the closing ERROR entry; offsets follow from the entry sizes.

import { ipToString } from './ipv4.ts';
import { type Chain, type Rule, type Table } from './model.ts';
import { ERROR_TARGET_SIZE, IPT_ENTRY_SIZE, matchInfo, STANDARD_TARGET_SIZE, targetInfo } from './xt-kernel-info.ts';

const HOOK_ORDER = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const IPT_F_FRAG = 0x01;
const IPT_F_GOTO = 0x02;

type Verdict = { kind: 'verdict'; text: string } | { kind: 'jump'; chain: string } | { kind: 'next' } | { kind: 'error'; name: string } | { kind: 'ext'; name: string; size: number };

interface Entry {
  rule: Rule | null;
  pkts: bigint;
  bytes: bigint;
  matches: string[];
  matchBytes: number;
  target: Verdict;
  offset: number;
  size: number;
}

function entryOf(rule: Rule | null, pkts: bigint, bytes: bigint, target: Verdict): Entry {
  const matches = rule ? rule.matches.map((m) => matchInfo(m.ext.name)) : [];
  const tsize = target.kind === 'ext' ? target.size : target.kind === 'error' ? ERROR_TARGET_SIZE : STANDARD_TARGET_SIZE;
  const matchBytes = matches.reduce((a, m) => a + m.size, 0);
  return { rule, pkts, bytes, matches: matches.map((m) => m.name), matchBytes, target, offset: 0, size: IPT_ENTRY_SIZE + matchBytes + tsize };
}

function ruleTarget(r: Rule): Verdict {
  const t = r.target;
  switch (t.kind) {
    // no target: the standard target falls through to the next entry
    case 'none': return { kind: 'next' };
    case 'verdict': return { kind: 'verdict', text: t.name === 'ACCEPT' ? 'NF_ACCEPT' : t.name === 'DROP' ? 'NF_DROP' : t.name === 'QUEUE' ? 'NF_QUEUE' : 'RETURN' };
    case 'chain': return { kind: 'jump', chain: t.name };
    case 'ext': {
      const info = targetInfo(t.ext.name);
      return { kind: 'ext', name: info.name, size: info.size };
    }
  }
}

/** libiptc's mask of an interface name: the bytes compared, the NUL too unless it ends in '+' */
function ifaceMask(name: string): string {
  const n = name === '' ? 0 : name.endsWith('+') ? name.length - 1 : name.length + 1;
  return 'X'.repeat(Math.min(n, 16)) + '.'.repeat(16 - Math.min(n, 16));
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** dump_entries for one table as the kernel has it */
export function legacyDump(table: Table): string {
  const entries: Entry[] = [];
  const hooks = new Map<string, { entry: number; underflow: number }>();
  const chainStart = new Map<string, number>();
  const builtins = table.builtinChains();
  for (const c of builtins) {
    const first = entries.length;
    for (const r of c.rules) entries.push(entryOf(r, r.pkts, r.bytes, ruleTarget(r)));
    entries.push(entryOf(null, c.pkts, c.bytes, { kind: 'verdict', text: c.policy === 'ACCEPT' ? 'NF_ACCEPT' : 'NF_DROP' }));
    hooks.set(c.name, { entry: first, underflow: entries.length - 1 });
  }
  const users: Chain[] = table.userChains();
  for (const c of users) {
    entries.push(entryOf(null, 0n, 0n, { kind: 'error', name: c.name }));
    chainStart.set(c.name, entries.length);
    for (const r of c.rules) entries.push(entryOf(r, r.pkts, r.bytes, ruleTarget(r)));
    entries.push(entryOf(null, 0n, 0n, { kind: 'verdict', text: 'RETURN' }));
  }
  entries.push(entryOf(null, 0n, 0n, { kind: 'error', name: 'ERROR' }));
  let off = 0;
  for (const e of entries) {
    e.offset = off;
    off += e.size;
  }
  const hookHex = (pick: 'entry' | 'underflow'): string =>
    HOOK_ORDER.map((h) => {
      const x = hooks.get(h);
      return x ? entries[x[pick]].offset.toString(16) : 'ffffffff';
    }).join('/');
  let s = `libiptc vlibxtables.so.12. ${off} bytes.\nTable \`${table.name}'\n`;
  s += `Hooks: pre/in/fwd/out/post = ${hookHex('entry')}\n`;
  s += `Underflows: pre/in/fwd/out/post = ${hookHex('underflow')}\n`;
  entries.forEach((e, i) => {
    const r = e.rule;
    s += `Entry ${i} (${e.offset}):\n`;
    s += `SRC IP: ${ipToString(r?.src ?? 0)}/${ipToString(r?.smsk ?? 0)}\n`;
    s += `DST IP: ${ipToString(r?.dst ?? 0)}/${ipToString(r?.dmsk ?? 0)}\n`;
    s += `Interface: \`${r?.iniface ?? ''}'/${ifaceMask(r?.iniface ?? '')}to \`${r?.outiface ?? ''}'/${ifaceMask(r?.outiface ?? '')}\n`;
    s += `Protocol: ${r?.proto ?? 0}\n`;
    s += `Flags: ${hex2((r?.frag ? IPT_F_FRAG : 0) | (r?.goto ? IPT_F_GOTO : 0))}\n`;
    s += `Invflags: ${hex2(r?.inv ?? 0)}\n`;
    s += `Counters: ${e.pkts} packets, ${e.bytes} bytes\nCache: 00000000\n`;
    for (const m of e.matches) s += `Match name: \`${m}'\n`;
    const t = e.target;
    if (t.kind === 'ext') s += `Target name: \`${t.name}' [${t.size}]\n`;
    else if (t.kind === 'error') s += `Target name: \`ERROR' [${ERROR_TARGET_SIZE}]\nerror=\`${t.name}'\n`;
    else {
      s += `Target name: \`' [${STANDARD_TARGET_SIZE}]\n`;
      if (t.kind === 'verdict') s += `verdict=${t.text}\n`;
      else if (t.kind === 'next') s += `verdict=${e.offset + e.size}\n`;
      else s += `verdict=${entries[chainStart.get(t.chain)!]?.offset ?? 0}\n`;
    }
    s += '\n';
  });
  return s;
}

/**
 * dump_entries leaves libiptc's iptc_fn pointing at itself, so an error of the command
 * reads through iptc_strerror's generic rows: the function-specific texts become
 * strerror's (errno as the command left it).
 */
const AS_DUMPED: Readonly<Record<string, string>> = {
  'Index of insertion too big': 'Argument list too long',
  'Index of replacement too big': 'Argument list too long',
  'Index of deletion too big': 'Argument list too long',
  'Index of counter too big': 'Argument list too long',
  'Chain already exists': 'File exists',
  'Bad rule (does a matching rule exist in that chain?)': 'No chain/target/match by that name',
  'Bad built-in chain name': 'No chain/target/match by that name',
  "Bad policy name. Run `dmesg' for more information": "Invalid argument. Run `dmesg' for more information",
  'Loop found in table': 'Too many levels of symbolic links',
  "Target problem. Run `dmesg' for more information": "Invalid argument. Run `dmesg' for more information",
};

export function errorAfterDump(msg: string): string {
  return AS_DUMPED[msg] ?? msg;
}
