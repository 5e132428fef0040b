// conntrack(8)'s command line as conntrack-tools 1.4.7 reads it: GNU getopt_long over its
// option table (optional arguments, unique prefixes of long options, clusters of short
// ones), the options a protocol adds once `-p` names it, the table of which options each
// command allows, and the tool's own messages. Measured against the real tool:
// test/fixtures/world/captures/conntrack-*.txt.

import { NameDb } from '../../engine/names/namedb.ts';
import { ETC_BASE } from '../../engine/names/etc-base.ts';

/** a PARAMETER_PROBLEM: the message, then "Try `conntrack -h'...", exit 2 */
export class ConntrackUsageError extends Error {}

type HasArg = 0 | 1 | 2;
interface LongOpt { name: string; has: HasArg; val: string }

const LONG: readonly LongOpt[] = [
  { name: 'dump', has: 2, val: 'L' }, { name: 'create', has: 2, val: 'I' }, { name: 'delete', has: 2, val: 'D' },
  { name: 'update', has: 2, val: 'U' }, { name: 'get', has: 2, val: 'G' }, { name: 'flush', has: 2, val: 'F' },
  { name: 'event', has: 2, val: 'E' }, { name: 'counter', has: 2, val: 'C' }, { name: 'stats', has: 0, val: 'S' },
  { name: 'version', has: 0, val: 'V' }, { name: 'help', has: 0, val: 'h' }, { name: 'orig-src', has: 1, val: 's' },
  { name: 'src', has: 1, val: 's' }, { name: 'orig-dst', has: 1, val: 'd' }, { name: 'dst', has: 1, val: 'd' },
  { name: 'reply-src', has: 1, val: 'r' }, { name: 'reply-dst', has: 1, val: 'q' }, { name: 'protonum', has: 1, val: 'p' },
  { name: 'timeout', has: 1, val: 't' }, { name: 'status', has: 1, val: 'u' }, { name: 'zero', has: 0, val: 'z' },
  { name: 'event-mask', has: 1, val: 'e' }, { name: 'tuple-src', has: 1, val: '[' }, { name: 'tuple-dst', has: 1, val: ']' },
  { name: 'mask-src', has: 1, val: '{' }, { name: 'mask-dst', has: 1, val: '}' }, { name: 'nat-range', has: 1, val: 'a' },
  { name: 'mark', has: 1, val: 'm' }, { name: 'secmark', has: 1, val: 'c' }, { name: 'id', has: 2, val: 'i' },
  { name: 'family', has: 1, val: 'f' }, { name: 'src-nat', has: 2, val: 'n' }, { name: 'dst-nat', has: 2, val: 'g' },
  { name: 'output', has: 1, val: 'o' }, { name: 'buffer-size', has: 1, val: 'b' }, { name: 'any-nat', has: 2, val: 'j' },
  { name: 'zone', has: 1, val: 'w' }, { name: 'label', has: 1, val: 'l' }, { name: 'label-add', has: 1, val: '<' },
  { name: 'label-del', has: 2, val: '>' }, { name: 'orig-zone', has: 1, val: '(' }, { name: 'reply-zone', has: 1, val: ')' },
];

/** the short options and whether each takes an argument (getopt_str) */
const SHORT: Readonly<Record<string, HasArg>> = {
  L: 2, I: 2, U: 2, D: 2, G: 2, E: 2, F: 2, h: 0, V: 0, s: 1, d: 1, r: 1, q: 1, p: 1, t: 1, u: 1, e: 1, a: 1, z: 0,
  '[': 1, ']': 1, '{': 1, '}': 1, m: 1, i: 1, f: 1, o: 1, n: 2, g: 2, c: 1, b: 1, C: 2, S: 0, j: 2, w: 1, l: 1, '<': 1,
  '>': 2, '(': 1, ')': 1,
};

/** the options in the order of their bits (optflags), and the option letter of each */
export const OPT_NAMES = ['src', 'dst', 'reply-src', 'reply-dst', 'protonum', 'timeout', 'status', 'zero', 'event-mask',
  'tuple-src', 'tuple-dst', 'mask-src', 'mask-dst', 'nat-range', 'mark', 'id', 'family', 'src-nat', 'dst-nat', 'output',
  'secmark', 'buffer-size', 'any-nat', 'zone', 'label', 'label-add', 'label-del', 'orig-zone', 'reply-zone'] as const;
const OPT_OF_LETTER = 'sdrqptuze[]{}amifngocbjwl<>()';

export type Command = 'L' | 'I' | 'U' | 'D' | 'G' | 'F' | 'E' | 'V' | 'h' | 'expect-L' | 'expect-I' | 'expect-D' | 'expect-G' | 'expect-F' | 'expect-E' | 'C' | 'expect-C' | 'S' | 'expect-S';

/* Which options each command allows: 0 illegal, 1 compulsory, 2 optional, 3 see the
   address pairs (commands_v_options; the columns are OPT_NAMES). */
const MATRIX: Readonly<Record<Command, string>> = {
  L: '22222022000220202222202220022',
  I: '33331120000000220022000020202',
  U: '22222220000220222222000022200',
  D: '22222220000220222222000220022',
  G: '33331000000000020002000020000',
  F: '00000000000000000000000000000',
  E: '22222000200220200222222220022',
  V: '00000000000000000000000000000',
  h: '00002000000000000000000000000',
  'expect-L': '00000000000000002002000000000',
  'expect-I': '11221120011110000000000000000',
  'expect-D': '11221000000000000000000000000',
  'expect-G': '11221000000000000000000000000',
  'expect-F': '00000000000000000000000000000',
  'expect-E': '00000000000000000002000000000',
  C: '00000000000000000000000000000',
  'expect-C': '00000000000000000000000000000',
  S: '00000000000000000000000000000',
  'expect-S': '00000000000000000000000000000',
};

const TABLES = ['conntrack', 'expect', 'dying', 'unconfirmed'] as const;
export type CtTable = (typeof TABLES)[number];

/** TCP states as conntrack names them (compared case-sensitively) */
export const TCP_STATE_NAMES = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'LISTEN', 'SYN_SENT2'];

interface ProtoHandler { name: string; num: number; opts: readonly LongOpt[]; help: string }

const PORT_OPTS: readonly LongOpt[] = [
  { name: 'orig-port-src', has: 1, val: 'sport' }, { name: 'sport', has: 1, val: 'sport' },
  { name: 'orig-port-dst', has: 1, val: 'dport' }, { name: 'dport', has: 1, val: 'dport' },
  { name: 'reply-port-src', has: 1, val: 'rsport' }, { name: 'reply-port-dst', has: 1, val: 'rdport' },
  { name: 'mask-port-src', has: 1, val: 'msport' }, { name: 'mask-port-dst', has: 1, val: 'mdport' },
  { name: 'tuple-port-src', has: 1, val: 'tsport' }, { name: 'tuple-port-dst', has: 1, val: 'tdport' },
];
const PORT_HELP = '  --orig-port-src\t\toriginal source port\n  --orig-port-dst\t\toriginal destination port\n' +
  '  --reply-port-src\t\treply source port\n  --reply-port-dst\t\treply destination port\n' +
  '  --mask-port-src\t\tmask source port\n  --mask-port-dst\t\tmask destination port\n' +
  '  --tuple-port-src\t\texpectation tuple src port\n  --tuple-port-src\t\texpectation tuple dst port\n';

const PROTOS: readonly ProtoHandler[] = [
  { name: 'tcp', num: 6, opts: [...PORT_OPTS, { name: 'state', has: 1, val: 'state' }], help: `${PORT_HELP}  --state\t\t\tTCP state, fe. ESTABLISHED\n` },
  { name: 'udp', num: 17, opts: PORT_OPTS, help: PORT_HELP },
  { name: 'icmp', num: 1, opts: [{ name: 'icmp-type', has: 1, val: 'itype' }, { name: 'icmp-code', has: 1, val: 'icode' }, { name: 'icmp-id', has: 1, val: 'iid' }],
    help: '  --icmp-type\t\t\ticmp type\n  --icmp-code\t\t\ticmp code\n  --icmp-id\t\t\ticmp id\n' },
];

/** what the command line asked for */
export interface CtArgs {
  command: Command | null;
  table: CtTable;
  /** OPT_NAMES that were given */
  options: Set<string>;
  proto?: { num: number; name: string; help: string };
  src?: { addr: number; mask: number };
  dst?: { addr: number; mask: number };
  replySrc?: number;
  replyDst?: number;
  ports: { sport?: number; dport?: number; rsport?: number; rdport?: number };
  tcpState?: string;
  icmp: { type?: number; code?: number; id?: number };
  mark?: { value: number; mask: number };
  status: number;
  zone?: number;
  /** -n/-g/-j, and the address and port given to each */
  nat: { src?: NatArg; dst?: NatArg; any?: NatArg };
  output: Set<string>;
  family: 'ipv4' | 'ipv6';
}

export interface NatArg { addr?: number; port?: number }

export const STATUS_ASSURED = 1;
export const STATUS_SEEN_REPLY = 2;

function fail(msg: string): never {
  throw new ConntrackUsageError(msg);
}

/** inet_aton, as parse_inetaddr uses it for IPv4 (a, a.b, a.b.c and a.b.c.d, each part octal, hex or decimal) */
function inetAton(s: string): number | null {
  if (s === '' || !/^[0-9a-fA-FxX.]+$/.test(s)) return null;
  const parts = s.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return null;
  const nums: number[] = [];
  for (const p of parts) {
    const n = /^0[xX][0-9a-fA-F]*$/.test(p) ? parseInt(p.slice(2) || '0', 16) : /^0[0-7]*$/.test(p) ? parseInt(p, 8) : /^[1-9][0-9]*$/.test(p) ? Number(p) : NaN;
    if (!Number.isFinite(n)) return null;
    nums.push(n);
  }
  const last = nums[nums.length - 1];
  const lastMax = [0xffffffff, 0xffffff, 0xffff, 0xff][nums.length - 1];
  if (last > lastMax || nums.slice(0, -1).some((n) => n > 255)) return null;
  let v = 0;
  for (let i = 0; i < nums.length - 1; i++) v = v * 256 + nums[i];
  return (v * 2 ** (8 * (4 - nums.length + 1)) + last) >>> 0;
}

/** nfct_parse_addr_from_opt for IPv4: "a.b.c.d" or, where the option has a mask, "a.b.c.d/n" */
function parseAddr(opt: string, arg: string, cidr: boolean): { addr: number; mask: number } {
  let text = arg.slice(0, 45);
  let prefix = -1;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const m = /^-?\d+/.exec(text.slice(slash + 1));
    const rest = text.slice(slash + 1);
    prefix = m && m[0] === rest && Number(rest) >= 0 ? Number(rest) : -2;
    text = text.slice(0, slash);
  }
  const a = inetAton(text);
  if (a === null) {
    if (/^[0-9a-fA-F:]+$/.test(text) && text.includes(':')) fail('conntrack here models IPv4 only');
    fail(`Invalid IP address \`${arg}'`);
  }
  if (prefix > 32) prefix = -2;
  if (prefix !== -1 && !cidr) fail(`CIDR notation unavailable for \`--${opt}'`);
  if (prefix === -2) fail('Invalid netmask');
  const mask = prefix < 0 || prefix === 32 ? 0xffffffff : prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { addr: a, mask };
}

/** strtoul(arg, NULL, 0) as C reads it: leading digits only, then truncated to 32 bits */
function strtoul(arg: string): number {
  const m = /^\s*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) return 0;
  const t = m[1];
  const neg = /^\s*-/.test(arg);
  const v = t.startsWith('0x') || t.startsWith('0X') ? parseInt(t.slice(2), 16) : t.length > 1 && t[0] === '0' ? parseInt(t, 8) : Number(t);
  return (neg ? -v : v) >>> 0;
}

/** atoi(arg) as a port: htons((uint16_t) atoi) */
function atoiPort(arg: string): number {
  const m = /^\s*[+-]?\d+/.exec(arg);
  return m ? Number(m[0]) & 0xffff : 0;
}

/** parse_parameter: comma-separated names, each a prefix of one of `names` (any case) */
function parseNames(arg: string, names: readonly string[]): string[] {
  const out: string[] = [];
  const pieces = arg.split(',');
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    const rest = pieces.slice(i).join(',');
    if (p === '') fail(`Bad parameter \`${rest}'`);
    // (strncasecmp over the piece's length: SRC_NAT and DST_NAT are warned about and ignored)
    const hit = names.find((n) => n.toLowerCase().startsWith(p.toLowerCase()));
    if (!hit) fail(`Bad parameter \`${rest}'`);
    out.push(hit);
  }
  return out;
}

/** split_address_and_port for IPv4: "a.b.c.d" or "a.b.c.d:port" */
function natArg(opt: string, arg: string): NatArg {
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.indexOf(':', colon + 1) >= 0) return { addr: parseAddr(opt, arg, false).addr };
  const port = arg.slice(colon + 1);
  if (port === '') fail("No port specified after `:'");
  if (!/^\d+$/.test(port) || Number(port) > 65535) fail(`Invalid port \`${port}'`);
  return { addr: parseAddr(opt, arg.slice(0, colon), false).addr, port: Number(port) };
}

/**
 * The command line after the program's name, read as conntrack does; throws
 * ConntrackUsageError with the message conntrack prints before "Try `conntrack -h'".
 */
export function parseConntrackArgs(argv: readonly string[]): CtArgs {
  const a: CtArgs = { command: null, table: 'conntrack', options: new Set(), ports: {}, icmp: {}, status: 0, nat: {}, output: new Set(), family: 'ipv4' };
  let longOpts: LongOpt[] = [...LONG];
  let protoOpts: readonly LongOpt[] = [];
  const words = ['conntrack', ...argv];
  let optind = 1;
  /** position inside a cluster of short options (0: at the next word) */
  let inCluster = '';
  let family: 'ipv4' | 'ipv6' | null = null;

  const setCommand = (c: Command): void => {
    if (a.command !== null) fail('Invalid commands combination');
    a.command = c;
  };
  /** get_optional_arg: an argument glued to the option wins nothing; else the next word if it is no option */
  const optionalArg = (optarg: string | null): string | null => {
    if (optarg !== null) return null;
    if (optind < words.length && words[optind][0] !== '-' && words[optind][0] !== '!') return words[optind++];
    return null;
  };
  const checkType = (optarg: string | null): CtTable => {
    const t = optionalArg(optarg);
    if (t === null) return 'conntrack';
    const hit = TABLES.find((n) => n.startsWith(t));
    if (!hit) fail(`unknown type \`${t}'`);
    return hit;
  };
  const setFamily = (f: 'ipv4' | 'ipv6'): void => {
    if (family !== null && family !== f) fail('mismatched address family');
    family = f;
  };

  while (true) {
    // ---- getopt_long: the next option and its argument
    let c: string;
    let optarg: string | null = null;
    if (inCluster === '') {
      // skip words that are no options (GNU getopt moves them after the options, where
      // conntrack never looks at them)
      while (optind < words.length && (words[optind] === '-' || !words[optind].startsWith('-'))) optind++;
      if (optind >= words.length) break;
      const w = words[optind];
      if (w === '--') break;
      if (w.startsWith('--')) {
        optind++;
        const eq = w.indexOf('=');
        const name = w.slice(2, eq < 0 ? undefined : eq);
        const exact = longOpts.find((o) => o.name === name);
        const prefixed = exact ? [exact] : longOpts.filter((o) => o.name.startsWith(name));
        const distinct = new Set(prefixed.map((o) => `${o.val}/${o.has}`));
        if (prefixed.length === 0 || distinct.size > 1) fail(`unknown option \`${w}'`);
        const o = prefixed[0];
        if (eq >= 0) {
          if (o.has === 0) fail(`unknown option \`${w}'`);
          optarg = w.slice(eq + 1);
        } else if (o.has === 1) {
          if (optind >= words.length) fail(`option \`${w}' requires an argument`);
          optarg = words[optind++];
        }
        c = o.val;
      } else {
        inCluster = w.slice(1);
        optind++;
        continue;
      }
    } else {
      c = inCluster[0];
      inCluster = inCluster.slice(1);
      const has = SHORT[c];
      if (has === undefined) {
        // (optind moves past a cluster only once its last letter is read)
        fail(`unknown option \`${words[inCluster === '' ? optind - 1 : optind - 2]}'`);
      }
      if (has !== 0 && inCluster !== '') {
        optarg = inCluster;
        inCluster = '';
      } else if (has === 1) {
        if (optind >= words.length) fail(`option \`${words[optind - 1]}' requires an argument`);
        optarg = words[optind++];
      }
    }

    // ---- what conntrack does with it
    switch (c) {
      case 'L': {
        const t = checkType(optarg);
        a.table = t;
        setCommand(t === 'expect' ? 'expect-L' : 'L');
        break;
      }
      case 'I': case 'D': case 'G': case 'F': case 'E': case 'V': case 'h': case 'C': case 'S': {
        const t = c === 'V' || c === 'h' || c === 'S' ? 'conntrack' : checkType(optarg);
        if (t === 'dying' || t === 'unconfirmed') fail("Can't do that command with tables `dying' and `unconfirmed'");
        a.table = t;
        setCommand((t === 'expect' && c !== 'V' && c !== 'h' ? `expect-${c}` : c) as Command);
        break;
      }
      case 'U': {
        const t = checkType(optarg);
        if (t === 'dying' || t === 'unconfirmed') fail("Can't do that command with tables `dying' and `unconfirmed'");
        if (t === 'expect') fail("Can't update expectations");
        setCommand('U');
        break;
      }
      case 's': case 'd': case 'r': case 'q': case '[': case ']': case '{': case '}': {
        const opt = OPT_NAMES[OPT_OF_LETTER.indexOf(c)];
        const v = parseAddr(opt, optarg!, c === 's' || c === 'd' || c === '[' || c === ']');
        setFamily('ipv4');
        a.options.add(opt);
        if (c === 's') a.src = v;
        else if (c === 'd') a.dst = v;
        else if (c === 'r') a.replySrc = v.addr;
        else if (c === 'q') a.replyDst = v.addr;
        else if (c === '{' && a.src) a.src = { addr: a.src.addr, mask: v.addr };
        else if (c === '}' && a.dst) a.dst = { addr: a.dst.addr, mask: v.addr };
        break;
      }
      case 'p': {
        a.options.add('protonum');
        const name = optarg!;
        const known = PROTOS.find((p) => p.name.toLowerCase() === name.toLowerCase());
        // (measured: "0" is taken and "256" is not; a name is looked up in /etc/protocols)
        const num = /^\d+$/.test(name) ? Number(name) : NaN;
        const byName = hostNames().protocolNumber(name);
        const h = known ?? (byName !== null ? unknownProto(byName) : num >= 0 && num < 256 ? (PROTOS.find((p) => p.num === num) ?? unknownProto(num)) : undefined);
        if (!h) fail(`\`${name}' unsupported protocol`);
        a.proto = { num: h.num, name: h.name, help: h.help };
        protoOpts = h.opts;
        longOpts = [...longOpts, ...protoOpts];
        break;
      }
      case 't': a.options.add('timeout'); break;
      case 'u': {
        a.options.add('status');
        for (const n of parseNames(optarg!, ['ASSURED', 'SEEN_REPLY', 'UNSET', 'FIXED_TIMEOUT', 'EXPECTED'])) {
          if (n === 'ASSURED') a.status |= STATUS_ASSURED;
          else if (n === 'SEEN_REPLY') a.status |= STATUS_SEEN_REPLY;
          else if (n !== 'UNSET') a.status |= 1 << 16;
        }
        break;
      }
      case 'e': a.options.add('event-mask'); parseNames(optarg!, ['ALL', 'NEW', 'UPDATES', 'DESTROY']); break;
      case 'o': a.options.add('output'); for (const n of parseNames(optarg!, ['xml', 'extended', 'timestamp', 'id', 'ktimestamp', 'labels'])) a.output.add(n); break;
      case 'z': a.options.add('zero'); break;
      case 'n': case 'g': case 'j': {
        const opt = c === 'n' ? 'src-nat' : c === 'g' ? 'dst-nat' : 'any-nat';
        a.options.add(opt);
        const arg = optionalArg(optarg);
        const v = arg === null ? {} : natArg(opt, arg);
        if (c === 'n') a.nat.src = v;
        else if (c === 'g') a.nat.dst = v;
        else a.nat.any = v;
        break;
      }
      case 'w': a.options.add('zone'); a.zone = strtoul(optarg!) & 0xffff; break;
      case '(': a.options.add('orig-zone'); break;
      case ')': a.options.add('reply-zone'); break;
      case 'i': a.options.add('id'); break;
      case 'c': a.options.add('secmark'); break;
      case 'm': {
        a.options.add('mark');
        const slash = optarg!.indexOf('/');
        a.mark = { value: strtoul(optarg!), mask: slash >= 0 ? strtoul(optarg!.slice(slash + 1)) : 0xffffffff };
        break;
      }
      case 'l': case '<': case '>':
        // (no label names are configured here: connlabel.conf is empty)
        a.options.add(c === 'l' ? 'label' : c === '<' ? 'label-add' : 'label-del');
        if (c === '>' && optionalArg(optarg) === null) break;
        fail(`unknown label '${(optarg ?? '').split(',')[0]}'`);
        break;
      case 'a': break;
      case 'f':
        a.options.add('family');
        if (optarg!.startsWith('ipv4')) setFamily('ipv4');
        else if (optarg!.startsWith('ipv6')) setFamily('ipv6');
        else fail(`\`${optarg}' unsupported protocol`);
        break;
      case 'b': a.options.add('buffer-size'); break;
      // a protocol's own options
      case 'sport': case 'dport': case 'rsport': case 'rdport': case 'msport': case 'mdport': case 'tsport': case 'tdport':
        if (c === 'sport' || c === 'dport' || c === 'rsport' || c === 'rdport') a.ports[c] = atoiPort(optarg!);
        break;
      case 'state':
        if (!TCP_STATE_NAMES.includes(optarg!)) fail(`unknown TCP state \`${optarg}'`);
        a.tcpState = optarg!;
        break;
      case 'itype': a.icmp.type = Number(/^\s*[+-]?\d+/.exec(optarg!)?.[0] ?? 0) & 0xff; break;
      case 'icode': a.icmp.code = Number(/^\s*[+-]?\d+/.exec(optarg!)?.[0] ?? 0) & 0xff; break;
      case 'iid': a.icmp.id = Number(/^\s*[+-]?\d+/.exec(optarg!)?.[0] ?? 0) & 0xffff; break;
    }
  }
  a.family = family ?? 'ipv4';

  if (a.options.has('any-nat') && (a.options.has('src-nat') || a.options.has('dst-nat'))) fail("cannot specify `--src-nat' or `--dst-nat' with `--any-nat'");
  checkOptions(a);
  return a;
}

/** nfct_filter_init's checks, made when a command reads the table with filters */
export function checkMasks(a: CtArgs): void {
  if (a.options.has('mask-src') && !a.options.has('src')) fail("Can't use --mask-src without --src");
  if (a.options.has('mask-dst') && !a.options.has('dst')) fail("Can't use --mask-dst without --dst");
}

/** generic_opt_check: the command's row of MATRIX (no command: every option illegal) */
function checkOptions(a: CtArgs): void {
  const row = a.command === null ? '0'.repeat(OPT_NAMES.length) : MATRIX[a.command];
  let special = false;
  for (let i = 0; i < OPT_NAMES.length; i++) {
    const given = a.options.has(OPT_NAMES[i]);
    if (!given && row[i] === '1') fail(`You need to supply the \`--${OPT_NAMES[i]}' option for this command`);
    if (given && row[i] === '0') fail(`Illegal option \`--${OPT_NAMES[i]}' with this command`);
    if (row[i] === '3') special = true;
  }
  if (!special) return;
  // an address pair, original or reply, must be complete
  const pairs = [['src', 'dst'], ['reply-src', 'reply-dst']];
  if (pairs.some(([x, y]) => a.options.has(x) && a.options.has(y))) return;
  const partial = pairs.findIndex(([x, y]) => a.options.has(x) || a.options.has(y));
  fail(partial === 1 ? "you have to specify `--reply-src' and `--reply-dst'" : "you have to specify `--src' and `--dst'");
}

/** the host's /etc files: getprotobyname and getprotobynumber read its /etc/protocols */
let names: NameDb | undefined;
function hostNames(): NameDb {
  return (names ??= new NameDb(ETC_BASE));
}

function unknownProto(num: number): ProtoHandler {
  const name = hostNames().protocolName(num) ?? 'unknown';
  return { name, num, opts: [], help: '  no options (unsupported)\n' };
}

