import type { CompletionKind, ShellHost } from './host.ts';
import type { CommandRegistry, Completion, ShellFs, Where } from './types.ts';
import { matchNames, targetNames } from '../engine/extensions/registry.ts';

// Tab completion: command names in command position, flags after `-`, and the words a reader
// reaches for next (chain names after -A/-L/-j, tables after -t, PIDs after nsenter -t, pods
// after kubectl exec). Wrappers (sudo, env, nsenter PID -n, kubectl exec POD --) restart
// command position for the command they run.

export interface CompleteInput<W> {
  line: string;
  cursor: number;
  registry: CommandRegistry<W>;
  where: Where;
  host: ShellHost<W> | undefined;
  fs: ShellFs & { knownFiles(): string[] };
  files(): Map<string, string>;
}

interface Scan {
  /** Finished words of the current simple command. */
  words: string[];
  /** The partial word at the cursor, unquoted. */
  word: string;
  start: number;
}

/** Splits the text before the cursor into the current command's words. */
function scan(text: string): Scan {
  let words: string[] = [];
  let cur = '';
  let inWord = false;
  let start = text.length;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      if (!inWord) start = i;
      inWord = true;
      quote = c;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      if (!inWord) start = i;
      inWord = true;
      cur += text[++i];
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')') {
      words = [];
      cur = '';
      inWord = false;
      continue;
    }
    if (!inWord) start = i;
    inWord = true;
    cur += c;
  }
  return { words, word: inWord ? cur : '', start: inWord ? start : text.length };
}

/** Where the wrapped command starts in `words`, or -1 when the cursor is still in the wrapper. */
function payloadStart(words: string[]): number {
  const name = words[0];
  if (name === 'sudo' || name === 'time' || name === 'watch') {
    let i = 1;
    while (i < words.length && words[i].startsWith('-')) i++;
    return i;
  }
  if (name === 'env') {
    let i = 1;
    while (i < words.length && (words[i].startsWith('-') || /^[A-Za-z_]\w*=/.test(words[i]))) i++;
    return i;
  }
  if (name === 'nsenter') {
    let i = 1;
    while (i < words.length && words[i].startsWith('-')) {
      if (words[i] === '-t' || words[i] === '--target' || words[i] === '-S' || words[i] === '-G') i++;
      i++;
    }
    return i;
  }
  if (name === 'kubectl' || name === 'k') {
    const dd = words.indexOf('--');
    return dd >= 0 ? dd + 1 : -1;
  }
  return -1;
}

const TABLES = ['filter', 'nat', 'mangle', 'raw', 'security'];
// Every extension the engine models, so completion never offers one it would refuse.
const MATCHES = matchNames();
const TARGETS = ['ACCEPT', 'DROP', 'RETURN', ...targetNames()];
const PROTOCOLS = ['tcp', 'udp', 'icmp', 'sctp', 'dccp', 'all'];
const CHAIN_OPTS = new Set(['-A', '-I', '-D', '-R', '-C', '-L', '-S', '-F', '-Z', '-N', '-X', '-P', '-E', '--append', '--insert', '--delete', '--list', '--list-rules', '--flush', '--zero', '--delete-chain', '--policy']);

function fromHost<W>(input: CompleteInput<W>, kind: CompletionKind): string[] {
  try {
    return input.host?.completions?.(kind, input.where) ?? [];
  } catch {
    return [];
  }
}

function argCandidates<W>(input: CompleteInput<W>, words: string[], word: string): string[] {
  const name = words[0].split('/').pop()!;
  const prev = words[words.length - 1];
  const out: string[] = [];
  if (/^iptables/.test(name)) {
    if (prev === '-t' || prev === '--table') return TABLES;
    if (prev === '-m' || prev === '--match') return MATCHES;
    if (prev === '-p' || prev === '--protocol') return PROTOCOLS;
    if (prev === '-o' || prev === '-i') return ['lo', 'eth0'];
    if (prev === '-j' || prev === '-g' || prev === '--jump') return [...TARGETS, ...fromHost(input, 'chain')];
    if (CHAIN_OPTS.has(prev)) return fromHost(input, 'chain');
  }
  if (name === 'nsenter' && (prev === '-t' || prev === '--target')) return fromHost(input, 'pid');
  if (name === 'kill' || (name === 'ps' && prev === '-p')) return fromHost(input, 'pid');
  if (name === 'kubectl' || name === 'k') {
    const verbs = ['get', 'exec', 'logs', 'describe'];
    if (words.length === 1) return verbs;
    if (prev === 'get' || prev === 'describe') return ['pods', 'svc', 'deployments', 'endpoints', 'nodes'];
    if (prev === '-n' || prev === '--namespace') return ['default', 'istio-system', 'kube-system'];
    if (prev === '-c' || prev === '--container') return ['istio-proxy', 'istio-init'];
    if (words.includes('exec') || words.includes('logs')) {
      if (word.startsWith('deploy/')) return fromHost(input, 'deployment').map((d) => (d.startsWith('deploy/') ? d : 'deploy/' + d));
      return [...fromHost(input, 'pod'), ...fromHost(input, 'deployment').map((d) => (d.startsWith('deploy/') ? d : 'deploy/' + d))];
    }
  }
  if (name === 'curl' && !word.startsWith('-')) {
    return fromHost(input, 'service').map((s) => (s.includes('://') ? s : `http://${s}/`));
  }
  if (word.startsWith('/') || word.startsWith('~') || word.startsWith('.')) {
    out.push(...input.fs.knownFiles());
  }
  return out;
}

export function complete<W>(input: CompleteInput<W>): Completion {
  try {
    const before = input.line.slice(0, Math.max(0, Math.min(input.cursor, input.line.length)));
    const sc = scan(before);
    let words = sc.words;
    for (;;) {
      if (!words.length) break;
      const p = payloadStart(words);
      if (p < 0 || p > words.length) break;
      if (p === words.length) {
        words = [];
        break;
      }
      words = words.slice(p);
    }
    let candidates: string[];
    if (!words.length) {
      if (sc.word.includes('/')) {
        candidates = input.registry.names().map((n) => '/usr/sbin/' + n).concat(input.fs.knownFiles());
      } else candidates = input.registry.names();
    } else {
      const cmd = input.registry.get(words[0].split('/').pop()!);
      const pool = new Set<string>();
      if (sc.word.startsWith('-')) for (const f of cmd?.meta.flags ?? []) pool.add(f);
      for (const c of argCandidates(input, words, sc.word)) pool.add(c);
      if (cmd?.meta.complete) {
        try {
          for (const c of cmd.meta.complete({ argv: words, word: sc.word, where: input.where, world: input.host?.world as W })) pool.add(c);
        } catch {
          // A broken completer must not break typing.
        }
      }
      candidates = [...pool];
    }
    const matches = [...new Set(candidates.filter((c) => c.startsWith(sc.word)))].sort();
    return { candidates: matches, start: sc.start };
  } catch {
    return { candidates: [], start: input.cursor };
  }
}

