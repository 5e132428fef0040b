// Differential fuzz cases: command lines grown from iptables' own test vectors
// (fixtures/engine/iptables-t/*.t), our capture case files and the Istio rule sets,
// then mutated. Deterministic for a given seed. A case always starts from a fresh
// namespace; its last lines list the state so silent state drift is caught too.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from './case-shell.ts';

export interface FuzzCase { id: string; lines: string[] }

interface Seed { table: string; chains: string[]; spec: string[] }

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shellQuote(w: string): string {
  if (w !== '' && /^[A-Za-z0-9_\-.,:/=+@%!]+$/.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

function words(spec: string): string[] | null {
  try {
    return tokenize(spec).map((t) => ('w' in t ? t.w : null)).filter((w): w is string => w !== null);
  } catch {
    return null;
  }
}

function loadT(dir: string): Seed[] {
  const seeds: Seed[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.t')).sort()) {
    let table = 'filter';
    let chains = ['INPUT'];
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (line === '' || line.startsWith('#') || line.startsWith('@') || line.startsWith('%')) continue;
      if (line.startsWith('*')) { table = line.slice(1).trim(); continue; }
      if (line.startsWith(':')) { chains = line.slice(1).split(','); continue; }
      const spec = words(line.split(';')[0]);
      if (spec) seeds.push({ table, chains, spec });
    }
  }
  return seeds;
}

function loadCases(dir: string): Seed[] {
  const seeds: Seed[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cases')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const m = /^iptables -t (\w+) -v -A (\w+) (.*)$/.exec(line);
      if (!m) continue;
      const spec = words(m[3]);
      if (spec) seeds.push({ table: m[1], chains: [m[2]], spec });
    }
  }
  return seeds;
}

function loadRestore(path: string): Seed[] {
  const seeds: Seed[] = [];
  let table = 'filter';
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const m = /^-A (\S+) (.*)$/.exec(line);
    if (!m) continue;
    const spec = words(m[2]);
    if (spec) seeds.push({ table, chains: [m[1]], spec });
  }
  return seeds;
}

export interface Corpus { seeds: Seed[]; values: string[]; options: string[] }

export function loadCorpus(kernelExtra: string): Corpus {
  const seeds = [
    // iptables' own vectors live once, with the engine's fixtures (test/fixtures/engine/iptables-t).
    ...loadT(join(kernelExtra, '..', 'engine', 'iptables-t')),
    ...loadCases(join(kernelExtra, 'cases')),
    ...loadRestore(join(kernelExtra, 'inputs/istio.rules')),
    ...loadRestore(join(kernelExtra, 'inputs/fuzz-istio-current.rules')),
  ];
  const values = new Set<string>(['0', '1', '-1', '65535', '65536', '4294967295', '4294967296', '0x539', '0xffffffff', '1/0xff',
    '1337', 'root', 'nosuch', 'lo', 'eth0', 'eth+', '127.0.0.1', '127.0.0.6/32', '10.0.0.0/8', '0.0.0.0/0', '300.1.1.1',
    '10.0.0.1/33', 'localhost', '1:2', '2:1', ':', '80,443', 'http', 'ssh', '', 'x'.repeat(40), 'NEW,ESTABLISHED', 'ALL',
    'NONE', 'SYN', 'tcp', 'udp', 'icmp', 'all', '15001', '15006', 'RETURN', 'ACCEPT', 'DROP', 'ISTIO_X', '!']);
  const options = new Set<string>();
  for (const s of seeds) for (const w of s.spec) {
    if (w.startsWith('-')) options.add(w); else if (w !== '!') values.add(w);
  }
  return { seeds, values: [...values].sort(), options: [...options].sort() };
}

const TABLE_CHAINS: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};
const USER_CHAINS = ['ISTIO_X', 'ISTIO_Y'];
const LISTINGS = [
  ['-S'], ['-S', '-v'], ['-L'], ['-L', '-n'], ['-L', '-v'], ['-L', '-v', '-n'], ['-L', '-v', '-x'], ['-L', '-n', '--line-numbers'],
  ['-L', '-v', '-n', '-x', '--line-numbers'],
];
/** rule shapes generated rule sets repeat, with @value positions (restore files repeat them) */
const SHAPED: string[][] = [
  ['-d', '@addr', '-p', 'tcp', '-m', 'comment', '--comment', '@comment', '-m', 'tcp', '--dport', '@port', '-j', '@chain'],
  ['-m', 'comment', '--comment', '@comment', '-m', 'statistic', '--mode', 'random', '--probability', '@prob', '-j', '@chain'],
  ['-s', '@addr', '-m', 'comment', '--comment', '@comment', '-j', '@chain'],
  ['-p', 'tcp', '-m', 'comment', '--comment', '@comment', '-m', 'tcp', '-j', 'DNAT', '--to-destination', '@dest'],
  ['-p', 'tcp', '-j', 'REDIRECT', '--to-ports', '@port'],
  ['-m', 'mark', '!', '--mark', '@mark', '-j', '@chain'],
  ['-o', 'lo', '!', '-d', '@addr', '-j', '@chain'],
  ['-j', 'MARK', '--set-xmark', '@mark'],
];
const SHAPE_VALUES: Record<string, string[]> = {
  '@addr': ['10.0.0.1', '10.0.0.0/8', '127.0.0.6/32', '192.168.1.1/32', '10.96.0.10/32'],
  '@comment': ['ns/svc:http', 'a -> b', 'x', 'kubernetes service portals', 'y'.repeat(256)],
  '@port': ['80', '443', '15001', '15006', '1:1024', 'http'],
  '@prob': ['0.5', '0.33333333349', '0.50000000000', '1'],
  '@dest': ['10.0.0.1:80', '10.0.0.1', '10.0.0.1-10.0.0.9:80-90', '127.0.0.1:15001'],
  '@mark': ['0x4000/0x4000', '0x1', '1337'],
  '@chain': [...USER_CHAINS, 'RETURN', 'ACCEPT', 'DROP', 'OUTPUT'],
};
const EXTRA_FLAGS = [['-v'], ['-n'], ['-x'], ['--line-numbers'], ['-c', '1', '2'], ['-w'], ['-W', '5'], ['--verbose'], ['-4'], ['-f']];

export class Generator {
  private r: () => number;
  private c: Corpus;
  constructor(corpus: Corpus, seed: number) {
    this.c = corpus;
    this.r = mulberry32(seed);
  }
  private int(n: number): number { return Math.floor(this.r() * n); }
  private pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
  private chance(p: number): boolean { return this.r() < p; }

  mutate(spec: string[]): string[] {
    const s = [...spec];
    const n = 1 + this.int(3);
    for (let k = 0; k < n; k++) {
      const i = this.int(s.length + 1);
      switch (this.int(10)) {
        case 0: if (s.length) s.splice(Math.min(i, s.length - 1), 1); break;
        case 1: if (s.length) s.splice(i, 0, s[Math.min(i, s.length - 1)]); break;
        case 2: if (s.length > 1) { const j = Math.min(i, s.length - 2); [s[j], s[j + 1]] = [s[j + 1], s[j]]; } break;
        case 3: s.splice(i, 0, '!'); break;
        case 4: {
          const vi = s.map((w, idx) => (w.startsWith('-') ? -1 : idx)).filter((x) => x >= 0);
          if (vi.length) s[this.pick(vi)] = this.pick(this.c.values);
          break;
        }
        case 5: s.splice(i, 0, this.pick(this.c.options), this.pick(this.c.values)); break;
        case 6: {
          const li = s.map((w, idx) => (w.startsWith('--') && w.length > 4 ? idx : -1)).filter((x) => x >= 0);
          if (li.length) { const j = this.pick(li); s[j] = s[j].slice(0, 3 + this.int(s[j].length - 3)); }
          break;
        }
        case 7: s.splice(i, 0, ...this.pick(EXTRA_FLAGS)); break;
        case 8: { const j = this.int(Math.max(1, s.length)); if (s[j]) s[j] = this.chance(0.5) ? s[j].toUpperCase() : s[j].toLowerCase(); break; }
        default: s.splice(i, 0, this.pick(this.c.options)); break;
      }
    }
    return s;
  }

  private seedRule(): { table: string; chain: string; spec: string[] } {
    const sd = this.pick(this.c.seeds);
    const spec = this.chance(0.55) ? this.mutate(sd.spec) : sd.spec;
    const table = this.chance(0.08) ? this.pick(Object.keys(TABLE_CHAINS)) : sd.table;
    const chain = this.chance(0.1) ? this.pick([...(TABLE_CHAINS[table] ?? ['INPUT']), ...USER_CHAINS]) : this.pick(sd.chains);
    return { table, chain, spec };
  }

  private cmd(table: string, args: string[]): string {
    const t = table === 'filter' && this.chance(0.5) ? [] : ['-t', table];
    return ['iptables', ...t, ...args].map(shellQuote).join(' ');
  }

  next(id: string): FuzzCase {
    const lines: string[] = [];
    const kind = this.int(10);
    const tables = new Set<string>();
    const setup = (table: string) => {
      if (tables.has(table)) return;
      tables.add(table);
      for (const u of USER_CHAINS) lines.push(this.cmd(table, ['-N', u]));
    };
    if (kind <= 4) {
      // one or more rule commands grown from seeds
      const n = kind <= 2 ? 1 : 2 + this.int(3);
      for (let k = 0; k < n; k++) {
        const { table, chain, spec } = this.seedRule();
        if (this.chance(0.7)) setup(table);
        const verb = this.pick(['-A', '-A', '-A', '-A', '-I', '-C', '-D', '-R']);
        const pos = (verb === '-I' && this.chance(0.5)) || verb === '-R' ? [String(this.int(4))] : [];
        const v = this.chance(0.3) ? ['-v'] : [];
        lines.push(this.cmd(table, [...v, verb, chain, ...pos, ...spec]));
        tables.add(table);
      }
    } else if (kind <= 6) {
      // chain-level commands on a small state
      const table = this.pick(Object.keys(TABLE_CHAINS));
      setup(table);
      const chains = [...TABLE_CHAINS[table], ...USER_CHAINS, 'NOPE'];
      const n = 2 + this.int(4);
      for (let k = 0; k < n; k++) {
        const c = this.pick(chains);
        const c2 = this.pick(chains);
        const ops: string[][] = [
          ['-A', c, '-j', c2], ['-A', c, '-g', c2], ['-A', c, '-j', 'RETURN'], ['-I', c, String(this.int(4)), '-j', c2],
          ['-N', c], ['-X', c], ['-X'], ['-F', c], ['-F'], ['-Z', c], ['-E', c, c2], ['-P', c, this.pick(['ACCEPT', 'DROP', 'RETURN'])],
          ['-D', c, String(this.int(3))], ['-R', c, String(this.int(3)), '-j', 'ACCEPT'], ['-L', c], ['-S', c], ['-S', c, String(this.int(3))],
          ['-L', c, String(this.int(3)), '-n'], ['-Z', c, String(this.int(3))], ['-L', '-Z', c], ['-C', c, '-j', c2],
        ];
        let op = this.pick(ops);
        if (this.chance(0.2)) op = this.mutate(op);
        if (this.chance(0.2)) op = ['-v', ...op];
        lines.push(this.cmd(table, op));
      }
    } else if (kind <= 8) {
      // iptables-restore of a small file grown from seeds
      const table = this.pick(Object.keys(TABLE_CHAINS));
      let text = `*${table}\n`;
      if (this.chance(0.5)) text += `:${this.pick(TABLE_CHAINS[table])} ${this.pick(['ACCEPT', 'DROP'])} [${this.int(9)}:${this.int(999)}]\n`;
      for (const u of USER_CHAINS) text += `:${u} - [0:0]\n`;
      const n = 1 + this.int(4);
      let seeded = '';
      let last: { chain: string; spec: string[] } | null = null;
      for (let k = 0; k < n; k++) {
        const { chain, spec } = this.seedRule();
        const ctr = this.chance(0.3) ? `[${this.int(99)}:${this.int(99999)}] ` : '';
        seeded += `${ctr}${this.pick(['-A', '-A', '-I', '-D', '-N'])} ${chain} ${spec.map(shellQuote).join(' ')}\n`;
        last = { chain, spec };
      }
      // a rule's shape again with other values, as generated rule sets repeat it (the
      // engine then replays the shape instead of parsing: restore-shapes.ts): a shape of
      // kube-proxy's or Istio's, an unmodified seed of this table or the last seed line,
      // then its repeats with corpus values. They come first, as a parse error in the
      // seed lines would end the file before them.
      if (last !== null && this.chance(0.6)) {
        const own = this.c.seeds.filter((sd) => sd.table === table);
        if (this.chance(0.4)) {
          const spec = this.pick(SHAPED).map((w) => (w.startsWith('@') ? this.pick(SHAPE_VALUES[w]) : w));
          last = { chain: this.pick([...USER_CHAINS, ...(TABLE_CHAINS[table] ?? [])]), spec };
        } else if (own.length > 0 && this.chance(0.7)) {
          const sd = this.pick(own);
          last = { chain: this.pick(sd.chains), spec: sd.spec };
        }
        const again = 3 + this.int(5);
        text += `-A ${last.chain} ${last.spec.map(shellQuote).join(' ')}\n`;
        for (let k = 0; k < again; k++) {
          const spec = last.spec.map((w, i) => {
            const prev = last!.spec[i - 1];
            const named = prev === '-m' || prev === '-p' || prev === '--match' || prev === '--protocol';
            return !w.startsWith('-') && w !== '!' && !named && this.chance(0.35) ? this.pick(this.c.values) : w;
          });
          const chain = this.chance(0.3) ? this.pick([...(TABLE_CHAINS[table] ?? ['INPUT']), ...USER_CHAINS]) : last.chain;
          text += `-A ${chain} ${spec.map(shellQuote).join(' ')}\n`;
        }
      }
      text += seeded;
      if (this.chance(0.9)) text += 'COMMIT\n';
      // a second table, whose lines are chain commands as well as rules (a restore file
      // takes every command: -N, -X, -F, -Z, -E, -P, -D by number): an error there must
      // name its line and leave the first table as the real tool leaves it
      if (this.chance(0.3)) {
        const t2 = this.pick(Object.keys(TABLE_CHAINS));
        text += `*${t2}\n`;
        if (this.chance(0.5)) for (const u of USER_CHAINS) text += `:${u} - [0:0]\n`;
        const chains = [...TABLE_CHAINS[t2], ...USER_CHAINS, 'NOPE'];
        const n2 = 1 + this.int(5);
        for (let k = 0; k < n2; k++) {
          const c = this.pick(chains);
          const c2 = this.pick(chains);
          const op = this.pick([['-A', c, '-j', c2], ['-N', c], ['-X', c], ['-X'], ['-F', c], ['-F'], ['-Z', c], ['-Z'], ['-E', c, c2],
            ['-P', c, this.pick(['ACCEPT', 'DROP'])], ['-D', c, String(1 + this.int(2))], ['-I', c, '-j', 'RETURN'], ['-C', c, '-j', c2]]);
          text += `${op.join(' ')}\n`;
        }
        if (this.chance(0.85)) text += 'COMMIT\n';
        tables.add(t2);
      }
      const fmt = text.replace(/\\/g, '\\\\').replace(/%/g, '%%').replace(/\n/g, '\\n');
      const flags = [...(this.chance(0.4) ? ['-c'] : []), ...(this.chance(0.4) ? ['--noflush'] : []), ...(this.chance(0.1) ? ['-T', table] : []), ...(this.chance(0.1) ? ['--test'] : [])];
      lines.push(`printf ${shellQuote(fmt)} | iptables-restore${flags.length ? ' ' + flags.join(' ') : ''}`);
      tables.add(table);
    } else {
      // token soup
      const n = 1 + this.int(6);
      const argv: string[] = [];
      for (let k = 0; k < n; k++) argv.push(this.chance(0.5) ? this.pick(this.c.options) : this.pick([...this.c.values, '-A', '-I', '-D', '-L', '-S', '-N', '-X', '-t', '-j', '-m', '-p', '!']));
      lines.push(['iptables', ...argv].map(shellQuote).join(' '));
      tables.add('filter');
    }
    for (const t of tables) {
      const l = this.pick(LISTINGS);
      lines.push(this.cmd(t, l));
    }
    lines.push(this.chance(0.5) ? 'iptables-save -c' : 'iptables-save');
    return { id, lines };
  }
}
