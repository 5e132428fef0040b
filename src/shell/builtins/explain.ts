import { parseCommand } from '../../engine/cmdline.ts';
import { errorText } from '../../engine/iptables.ts';
import { defaultNameDb } from '../../engine/names/namedb.ts';
import { parse, ShellSyntaxError } from '../parse.ts';
import type { CommandContext, CommandResult } from '../types.ts';

// explainshell for one iptables rule: splits the rule the way iptables' own getopt does
// (option, optional `!`, its arguments) and says what each part means.

interface OptDoc {
  args: number;
  text: (a: string[], neg: boolean) => string;
}

const BUILTIN_TARGETS: Record<string, string> = {
  ACCEPT: 'let the packet through (stop walking this table\'s chains)',
  DROP: 'throw the packet away silently',
  RETURN: 'stop walking this chain; go back to the chain that jumped here (or apply the policy)',
  REDIRECT: 'send the packet to a port on this host (rewrites the destination)',
  DNAT: 'rewrite the destination address/port',
  SNAT: 'rewrite the source address/port',
  MASQUERADE: 'rewrite the source to the outgoing interface\'s address',
  MARK: 'set the packet mark',
  CONNMARK: 'set the connection mark',
  LOG: 'log the packet to the kernel log and keep walking the chain',
  REJECT: 'drop the packet and tell the sender (ICMP error or TCP reset)',
  TPROXY: 'hand the packet to a local socket without rewriting it (mangle PREROUTING)',
};

const not = (neg: boolean) => (neg ? 'NOT ' : '');

const DOCS: Record<string, OptDoc> = {
  '-t': { args: 1, text: ([t]) => `work on the ${t} table (the default is filter)` },
  '-A': { args: 1, text: ([c]) => `append this rule to the end of chain ${c}` },
  '-I': { args: 1, text: ([c]) => `insert this rule into chain ${c} (at the top unless a number follows)` },
  '-D': { args: 1, text: ([c]) => `delete a rule from chain ${c} (by number or by an identical specification)` },
  '-R': { args: 2, text: ([c, n]) => `replace rule ${n} of chain ${c}` },
  '-C': { args: 1, text: ([c]) => `check whether chain ${c} holds this exact rule (exit 0 if it does)` },
  '-N': { args: 1, text: ([c]) => `create a new, empty user chain ${c}` },
  '-X': { args: 0, text: () => 'delete a user chain (it must be empty and unreferenced)' },
  '-F': { args: 0, text: () => 'flush: delete every rule (of the chain, or of the whole table)' },
  '-Z': { args: 0, text: () => 'zero the packet and byte counters' },
  '-P': { args: 2, text: ([c, t]) => `set the policy of built-in chain ${c} to ${t}` },
  '-L': { args: 0, text: () => 'list the rules as a table' },
  '-S': { args: 0, text: () => 'list the rules as the commands that would recreate them' },
  '-n': { args: 0, text: () => 'numeric output: no name lookups for addresses, ports or protocols' },
  '-v': { args: 0, text: () => 'verbose: show counters, interfaces and more' },
  '-x': { args: 0, text: () => 'exact counters, without K/M/G rounding' },
  '--line-numbers': { args: 0, text: () => 'number each rule in the listing' },
  '-p': { args: 1, text: ([p], neg) => `protocol is ${not(neg)}${p}` },
  '-s': { args: 1, text: ([a], neg) => `source address is ${not(neg)}${a}` },
  '-d': { args: 1, text: ([a], neg) => `destination address is ${not(neg)}${a}` },
  '-i': { args: 1, text: ([i], neg) => `packet came in ${neg ? 'NOT ' : ''}through interface ${i} (PREROUTING, INPUT, FORWARD only)` },
  '-o': { args: 1, text: ([o], neg) => `packet leaves ${neg ? 'NOT ' : ''}through interface ${o}${o === 'lo' ? ' (loopback: traffic that stays inside this network namespace)' : ''}` },
  '-m': { args: 1, text: ([m]) => `load the ${m} match extension${MATCHES[m] ? `: ${MATCHES[m]}` : ''}` },
  '-j': { args: 1, text: ([t]) => BUILTIN_TARGETS[t] ? `target ${t}: ${BUILTIN_TARGETS[t]}` : `jump to user chain ${t}; come back here if it returns` },
  '-g': { args: 1, text: ([t]) => `goto chain ${t}: a RETURN there goes back to this chain's caller, not here` },
  '-c': { args: 2, text: ([p, b]) => `set the counters to ${p} packets, ${b} bytes` },
  '--dport': { args: 1, text: ([p], neg) => `destination port is ${not(neg)}${p}` },
  '--sport': { args: 1, text: ([p], neg) => `source port is ${not(neg)}${p}` },
  '--dports': { args: 1, text: ([p], neg) => `destination port is ${neg ? 'none' : 'one'} of ${p}` },
  '--sports': { args: 1, text: ([p], neg) => `source port is ${neg ? 'none' : 'one'} of ${p}` },
  '--syn': { args: 0, text: (_, neg) => `${neg ? 'not ' : ''}a connection's first packet (SYN set, ACK/RST/FIN clear)` },
  '--tcp-flags': { args: 2, text: ([m, s], neg) => `${neg ? 'NOT: ' : ''}of the flags ${m}, exactly ${s} are set` },
  '--uid-owner': { args: 1, text: ([u], neg) => `the sending socket is ${not(neg)}owned by uid ${u}${u === '1337' ? ' (istio-proxy: envoy itself)' : ''}` },
  '--gid-owner': { args: 1, text: ([g], neg) => `the sending socket is ${not(neg)}owned by gid ${g}${g === '1337' ? ' (istio-proxy)' : ''}` },
  '--to-ports': { args: 1, text: ([p]) => `the new destination port: ${p}${p === '15001' ? ' (envoy outbound)' : p === '15006' ? ' (envoy inbound)' : ''}` },
  '--to-port': { args: 1, text: ([p]) => `the new destination port: ${p}` },
  '--to-destination': { args: 1, text: ([d]) => `the new destination: ${d}` },
  '--to-source': { args: 1, text: ([s]) => `the new source: ${s}` },
  '--ctstate': { args: 1, text: ([s], neg) => `connection state is ${not(neg)}one of ${s}` },
  '--state': { args: 1, text: ([s], neg) => `connection state is ${not(neg)}one of ${s}` },
  '--mark': { args: 1, text: ([m], neg) => `packet mark (after the mask) is ${not(neg)}${m}` },
  '--set-xmark': { args: 1, text: ([m]) => `set the mark: clear the mask bits, then XOR in the value (${m})` },
  '--set-mark': { args: 1, text: ([m]) => `set the mark to ${m}` },
  '--comment': { args: 1, text: ([c]) => `a comment for humans (${c}); matches every packet` },
  '--on-port': { args: 1, text: ([p]) => `deliver to the socket listening on port ${p}` },
  '--tproxy-mark': { args: 1, text: ([m]) => `and mark the packet ${m} so a policy route delivers it locally` },
  '--log-prefix': { args: 1, text: ([p]) => `start each log line with "${p}"` },
  '--reject-with': { args: 1, text: ([t]) => `answer with ${t}` },
  '--icmp-type': { args: 1, text: ([t], neg) => `ICMP type is ${not(neg)}${t}` },
  '--chunk-types': { args: 2, text: ([t, c], neg) => `${neg ? 'NOT: ' : ''}${CHUNK_MODES[t.toLowerCase()] ?? `(${t})`} chunk types ${c}` },
  '--dccp-types': { args: 1, text: ([t], neg) => `DCCP packet type is ${not(neg)}one of ${t}` },
  '--dccp-option': { args: 1, text: ([o], neg) => `DCCP option ${o} is ${neg ? 'not ' : ''}present` },
};

const CHUNK_MODES: Record<string, string> = {
  all: 'the packet carries every one of the',
  any: 'the packet carries at least one of the',
  only: 'the packet carries nothing but the',
};

const MATCHES: Record<string, string> = {
  tcp: 'TCP ports and flags',
  udp: 'UDP ports',
  owner: 'who owns the socket that sent the packet (locally generated packets only)',
  conntrack: 'connection tracking state',
  state: 'connection tracking state (older name)',
  mark: 'the packet mark',
  comment: 'a free-text comment',
  multiport: 'several ports at once',
  icmp: 'ICMP type and code',
  socket: 'whether a local socket exists for the packet',
  sctp: 'SCTP ports and chunk types',
  dccp: 'DCCP ports, packet types and options',
};

const LONG_ALIASES: Record<string, string> = {
  '--table': '-t', '--append': '-A', '--insert': '-I', '--delete': '-D', '--replace': '-R',
  '--check': '-C', '--new-chain': '-N', '--delete-chain': '-X', '--flush': '-F', '--zero': '-Z',
  '--policy': '-P', '--list': '-L', '--list-rules': '-S', '--numeric': '-n', '--verbose': '-v',
  '--exact': '-x', '--protocol': '-p', '--source': '-s', '--src': '-s', '--destination': '-d',
  '--dst': '-d', '--in-interface': '-i', '--out-interface': '-o', '--match': '-m', '--jump': '-j',
  '--goto': '-g', '--set-counters': '-c', '--destination-port': '--dport', '--source-port': '--sport',
};

/** Splits a rule into words, honouring the quotes a reader would type. */
function words(text: string): string[] {
  const script = parse(text);
  const first = script.lists[0]?.first.commands[0];
  if (!first) return [];
  return first.words.map((w) => w.parts.map((p) => (p.kind === 'lit' ? p.text : '$' + p.name)).join(''));
}

const COMMAND_OPTS = new Set(['-A', '-I', '-D', '-R', '-C', '-N', '-X', '-F', '-Z', '-P', '-L', '-S', '-E',
  '--append', '--insert', '--delete', '--replace', '--check', '--new-chain', '--delete-chain', '--flush', '--zero',
  '--policy', '--list', '--list-rules', '--rename-chain']);

/** Asks the engine's own parser whether iptables would take this rule; its error text if not.
 *  A bare rule specification (no -A/-I ...) is checked as if appended to a chain. */
export function engineVerdict(text: string): string | null {
  let w = words(text);
  if (w[0] === 'nsenter') {
    let i = 1;
    while (i < w.length && w[i].startsWith('-')) i += w[i] === '-t' ? 2 : 1;
    w = w.slice(i);
  }
  if (/(^|\/)iptables(-nft|-legacy)?$/.test(w[0] ?? '')) w = w.slice(1);
  if (!w.some((x) => COMMAND_OPTS.has(x))) w = ['-A', 'CHAIN', ...w];
  try {
    parseCommand(w, { flavor: 'nft', names: defaultNameDb() });
    return null;
  } catch (e) {
    return errorText(e, 'iptables', 'nft');
  }
}

export interface ExplainedPart {
  tokens: string[];
  text: string;
}

export function explainRule(text: string): ExplainedPart[] {
  const w = words(text);
  const out: ExplainedPart[] = [];
  let i = 0;
  if (w[0] === 'nsenter') {
    const start = i;
    i++;
    while (i < w.length && w[i].startsWith('-')) i += w[i] === '-t' ? 2 : 1;
    const pid = w[w.indexOf('-t') + 1];
    out.push({ tokens: w.slice(start, i), text: `run the rest inside the network namespace of process ${pid ?? '?'}` });
  }
  if (/(^|\/)iptables(-nft|-legacy)?$/.test(w[i] ?? '')) {
    out.push({ tokens: [w[i]], text: 'the IPv4 packet filter and NAT administration tool' });
    i++;
  }
  while (i < w.length) {
    const start = i;
    let neg = false;
    if (w[i] === '!') {
      neg = true;
      i++;
    }
    const raw = w[i] ?? '';
    const name = LONG_ALIASES[raw] ?? raw;
    const doc = DOCS[name];
    if (!doc) {
      i++;
      out.push({ tokens: w.slice(start, i), text: raw.startsWith('-') ? 'an option this explainer does not know (see man iptables-extensions)' : 'an argument' });
      continue;
    }
    let args = w.slice(i + 1, i + 1 + doc.args);
    i += 1 + args.length;
    // -I CHAIN N, -D CHAIN N, -L CHAIN, -S CHAIN N take optional trailing words.
    if (['-I', '-D', '-L', '-S', '-F', '-Z', '-X'].includes(name)) {
      while (i < w.length && !w[i].startsWith('-') && w[i] !== '!' && args.length < 2) args = [...args, w[i++]];
      const text = name === '-I' && args[1] ? `insert this rule into chain ${args[0]} at position ${args[1]}` : name === '-D' && args[1] ? `delete rule ${args[1]} of chain ${args[0]}` : doc.text(args, neg) + (args.length && doc.args === 0 ? ` (chain ${args[0]}${args[1] ? `, rule ${args[1]}` : ''})` : '');
      out.push({ tokens: w.slice(start, i), text });
      continue;
    }
    out.push({ tokens: w.slice(start, i), text: doc.text(args, neg) });
  }
  return out;
}

export function explain(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  if (!args.length) {
    return { stdout: '', stderr: "usage: explain '<iptables rule>'\n  e.g. explain '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN'\n", code: 2 };
  }
  const text = args.length === 1 ? args[0] : args.map((a) => (/[\s'"]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
  let parts: ExplainedPart[];
  try {
    parts = explainRule(text);
  } catch (e) {
    const msg = e instanceof ShellSyntaxError ? e.message : String(e);
    return { stdout: '', stderr: `explain: ${msg}\n`, code: 2 };
  }
  if (!parts.length) return { stdout: '', stderr: 'explain: nothing to explain\n', code: 2 };
  const cells = parts.map((p) => p.tokens.join(' '));
  const width = Math.min(32, Math.max(...cells.map((c) => c.length)));
  const lines = parts.map((p, k) => {
    const cell = cells[k];
    return cell.length > width ? `${cell}\n${' '.repeat(width)}  ${p.text}` : `${cell.padEnd(width)}  ${p.text}`;
  });
  const verdict = engineVerdict(text);
  // Our own tool, so the verdict follows the explanation on stdout.
  if (verdict) return { stdout: `${lines.join('\n')}\n\nbut iptables would refuse it:\n${verdict}`, stderr: '', code: 2 };
  return { stdout: lines.join('\n') + '\n', stderr: '', code: 0 };
}
