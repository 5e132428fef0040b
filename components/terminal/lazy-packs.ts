// Commands the session's worker loads when a command first needs them, not before its
// first prompt (the terminal's budget is 140 KB gzip from start to prompt): the terminal's
// notices in the other language, manual pages,
// `explain`, `grep` with its regular-expression translator, `ss`, `ip`, `conntrack`, `curl`
// with the whole packet path and rule evaluation, `kubectl`, the text filters, `ps`, `ls`,
// `date`, `help` and other rare builtins, the flow commands, `iptables-save`, iptables-restore's prepared lines, shape reader and name sort, Tab
// completion, the paste splitter, the -v -v debug dumps (with the -v -v -v netlink dumps), the text of `iptables -h`, and the
// iptables extensions the Bookinfo 1.6 and current rules do not use (statistic, LOG, CT ...).
// The build (components/terminal/vite-lazy.ts, worker bundle only) replaces each module of
// LAZY_MODULES with a stand-in that forwards to the real module once loaded; the worker
// (session-worker.ts) loads the packs a request may use (LAZY_PACKS, packsFor) before
// handling it, so every command still runs synchronously and gives the same output. Node,
// the tests and the page's fallback import the modules directly.

/** When a pack is needed. */
export interface LazyPack {
  /** Command names that may run code of this pack. */
  commands?: string[];
  /** Other text that may (a regular expression over the text without quotes). */
  pattern?: RegExp;
  /** Kinds of request (src/shell/session-server.ts) that may, whatever their text. */
  requests?: string[];
  /** Scenarios whose own rules use it: loaded with the session (`init`). */
  scenarios?: string[];
  /** Page languages that need it: loaded with the session (`init`; no language is 'en'). */
  langs?: string[];
}

/** What a pack is: one module and its exports. */
export interface LazyModule {
  /** The module, relative to the repository root. */
  module: string;
  /** Its exported functions (forwarded), data (filled in on load) and objects (every
   *  property read forwarded: an extension held in the engine's registry). */
  functions: string[];
  data?: string[];
  objects?: string[];
}

/** What a request asks for besides its text: its kind, and for `init` the scenario. */
export interface PackRequest {
  t: string;
  scenario?: string;
  lang?: string;
}

// Extensions loaded when their name is typed (see LAZY_PACKS).
const NAMED = ['addrtype', 'statistic', 'limit', 'iprange', 'mac', 'comment', 'LOG', 'DNAT', 'MASQUERADE', 'REJECT', 'NOTRACK', 'TRACE', 'NFQUEUE', 'CHECKSUM', 'TCPMSS'];

// Two verbose options: a short-option cluster with v (not --...), or --v... (--verbose).
const V = String.raw`(?:(?:^|\s)-(?!-)\S*v|(?:^|\s)--v)`;
const TWO_V = new RegExp(String.raw`${V}[\s\S]*${V}|(?:^|\s)-(?!-)\S*v\S*v`);
// A flush option: a short-option cluster with F, or --f... (--flush).
const F = String.raw`(?:(?:^|\s)-(?!-)\S*F|(?:^|\s)--f)`;

// The flow commands run curl to realise the points they move to (src/shell/world-host.ts).
const FLOW = ['step', 'next', 'prev', 'goto'];

/** When each pack loads: the only table the worker reads. */
export const LAZY_PACKS: Readonly<Record<string, LazyPack>> = {
  // the terminal's own notices (src/i18n/terminal.ts), in the page's language only
  'text-en': { langs: ['en'] },
  'text-zh': { langs: ['zh'] },
  man: { commands: ['man'] },
  explain: { commands: ['explain'] },
  grep: { commands: ['grep'] },
  ss: { commands: ['ss'] },
  ip: { commands: ['ip'] },
  conntrack: { commands: ['conntrack'] },
  // The packet path, with HTTP, DNS, TCP and the apps behind it: only curl sends packets
  // (src/world/packet-path.ts makes a world's stack on its first one).
  curl: { commands: ['curl', ...FLOW] },
  // Rule evaluation: only packets and explain's verdicts use it.
  evaluate: { commands: ['curl', ...FLOW, 'explain'] },
  kubectl: { commands: ['kubectl', ...FLOW] },
  text: { commands: ['cat', 'less', 'more', 'head', 'tail', 'wc', 'sort', 'uniq'] },
  ps: { commands: ['ps'] },
  ls: { commands: ['ls'] },
  system: { commands: ['date', 'sleep', 'uname'] },
  'basic-more': { commands: ['id', 'whoami', 'env', 'history', 'sudo', 'type', 'which', 'help'] },
  tutorial: { commands: [...FLOW, 'trace', 'reset'] },
  save: { commands: ['iptables-save', 'iptables-nft-save', 'iptables-legacy-save'] },
  // iptables-restore prepares plain -A lines as it reads them, and reads repeated rule lines
  // by their shape (a big rule set's speed-up; a scenario's own rules are read without
  // them, to the same result)
  'restore-append': { commands: ['iptables-restore', 'iptables-nft-restore'] },
  'restore-shapes': { commands: ['iptables-restore', 'iptables-nft-restore'] },
  // the sort of a big table's user chains (a restore is the way to one; a table's chains
  // are sorted to the same order without it)
  'sort-names': { commands: ['iptables-restore', 'iptables-nft-restore'] },
  complete: { requests: ['complete'] },
  paste: { requests: ['paste'] },
  // iptables' -v -v debug dumps (libnftnl objects, libiptc's blob): two v options, in one
  // cluster (-vv, -Lvv) or apart (-v -L -v, --verbose). The nft module also holds the order
  // -v -F creates base chains in: a v and an F option load it too. It brings the -v -v -v
  // netlink dumps (nlmsg-nft.ts and the xt structs) in its chunk: no stand-in of their own
  // in the first chunk.
  'debug-nft': { pattern: new RegExp(`${TWO_V.source}|${V}[\\s\\S]*${F}|${F}[\\s\\S]*${V}|(?:^|\\s)-(?!-)\\S*(?:v\\S*F|F\\S*v)`) },
  'debug-legacy': { pattern: TWO_V },
  // -h, a cluster of short options with h in it (-nh), or --help and its prefixes (--h). The
  // pack holds the general text and every extension's own (src/engine/extensions/help/).
  help: { pattern: /(^|\s)-(-h|[^\s-]*h)/ },
  // Extensions of src/engine/extensions/: a rule can only use one whose name was typed
  // (`-m statistic`, `--jump=LOG`, a here-document fed to iptables-restore), so the name
  // anywhere in the text, in any case, loads it. Not lazy: those the Bookinfo 1.6 and current
  // rules use (tcp, owner, REDIRECT), and udp, which `-p 17` loads without its name.
  ...Object.fromEntries(NAMED.map((n) => [`ext-${n}`, { pattern: new RegExp(n, 'i') }])),
  // Those a variant's rules use: loaded with that scenario, or when the text names them. A
  // short name is matched as a word (CT is in REDIRECT and ACCEPT, set in reset), the option
  // letter glued on included (-jCT, -mset).
  'ext-conntrack': { pattern: /conntrack|state/i, scenarios: ['bookinfo-current-tproxy'] },
  'ext-CT': { pattern: /(^|[^a-z]|-j)ct($|[^a-z])/i, scenarios: ['bookinfo-current-dns'] },
  'ext-multiport': { pattern: /multiport/i, scenarios: ['bookinfo-current-dns'] },
  'ext-MARK': { pattern: /mark/i, scenarios: ['bookinfo-current-tproxy'] },
  'ext-mark': { pattern: /mark/i, scenarios: ['bookinfo-current-tproxy'] },
  'ext-CONNMARK': { pattern: /connmark/i, scenarios: ['bookinfo-current-tproxy'] },
  'ext-connmark': { pattern: /connmark/i, scenarios: ['bookinfo-current-tproxy'] },
  'ext-TPROXY': { pattern: /tproxy/i, scenarios: ['bookinfo-current-tproxy'] },
  // icmp: by name, or any token that reads as the number 1 (`-p 1`, `-p01`, `--proto 0x1`:
  // the protocol number iptables maps to icmp through /etc/protocols).
  'ext-icmp': { pattern: /icmp|(^|[^0-9a-z.:/_-]|-p)\+?(0x0*1|0*1)(?![0-9a-z.:_])/i },
  'ext-socket': { pattern: /socket/i },
  'ext-set': { pattern: /(^|[^a-z]|-m)set($|[^a-z])/i },
  'ext-SNAT': { pattern: /snat/i },
  'ext-NFLOG': { pattern: /nflog/i },
  'ext-ttl': { pattern: /ttl/i },
  'ext-pkttype': { pattern: /pkttype/i },
  // sctp and dccp: by name, or a token that reads as their protocol number (132 or 33 in
  // decimal, octal or hex), which loads the match as -p's implicit one.
  'ext-sctp': { pattern: /sctp|(^|[^0-9a-z.:/_-]|-p)\+?(0x0*84|0+204|132)(?![0-9a-z.:_])/i },
  'ext-dccp': { pattern: /dccp|(^|[^0-9a-z.:/_-]|-p)\+?(0x0*21|0+41|33)(?![0-9a-z.:_])/i },
};

/** What each pack is: read by the build and the tests; the worker's bundle leaves it out. */
export const LAZY_MODULES: Readonly<Record<string, LazyModule>> = /* @__PURE__ */ (() => ({
  'text-en': { module: 'src/i18n/terminal-en.ts', functions: [], data: ['TEXT_EN'] },
  'text-zh': { module: 'src/i18n/terminal-zh.ts', functions: [], data: ['TEXT_ZH'] },
  man: { module: 'src/shell/builtins/man.ts', functions: ['man'], data: ['MAN_PAGES'] },
  explain: { module: 'src/shell/builtins/explain.ts', functions: ['engineVerdict', 'explainRule', 'explain'] },
  grep: { module: 'src/shell/filters/grep.ts', functions: ['grep'] },
  ss: { module: 'src/world/commands/ss.ts', functions: ['ssRender', 'ssCommand'] },
  ip: { module: 'src/world/commands/ip.ts', functions: ['ipCommand'] },
  conntrack: { module: 'src/world/commands/conntrack.ts', functions: ['conntrackLine', 'conntrackCommand'] },
  curl: { module: 'src/world/commands/curl.ts', functions: ['curlCommand'] },
  evaluate: { module: 'src/engine/evaluate.ts', functions: ['evaluateHook', 'ifaceMatches', 'ruleMatches'] },
  kubectl: { module: 'src/world/commands/kubectl.ts', functions: ['kubectlCommand'] },
  text: { module: 'src/shell/filters/text.ts', functions: ['cat', 'head', 'sort', 'tail', 'uniq', 'wc'] },
  ps: { module: 'src/shell/builtins/ps.ts', functions: ['ps'] },
  ls: { module: 'src/shell/builtins/ls.ts', functions: ['ls'] },
  system: { module: 'src/shell/builtins/system.ts', functions: ['date', 'dateText', 'sleep', 'uname'] },
  'basic-more': { module: 'src/shell/builtins/basic-more.ts', functions: ['env', 'help', 'history', 'id', 'sudo', 'typeCmd', 'whoami'] },
  tutorial: { module: 'src/shell/builtins/tutorial-run.ts', functions: ['gotoCmd', 'prevCmd', 'resetCmd', 'stepCmd', 'traceCmd'] },
  save: { module: 'src/engine/save.ts', functions: ['ctime', 'runIptablesSave', 'saveTable'] },
  'restore-append': { module: 'src/engine/restore-append.ts', functions: ['newPendingAppends'] },
  'restore-shapes': { module: 'src/engine/restore-shapes.ts', functions: ['newRestoreShapes', 'parseSimpleAddress'] },
  'sort-names': { module: 'src/engine/sort-names.ts', functions: ['sortByName'] },
  complete: { module: 'src/shell/complete.ts', functions: ['complete'] },
  paste: { module: 'src/shell/paste.ts', functions: ['splitPaste'], data: ['MAX_OPEN_CONTINUATION', 'MAX_OPEN_LINES'] },
  'debug-nft': { module: 'src/engine/debug-dump-nft.ts', functions: ['batchAppend', 'builtinInitOrder', 'chainMsg', 'ruleCacheDump', 'ruleMsg', 'tableObject'] },
  'debug-legacy': { module: 'src/engine/debug-dump-legacy.ts', functions: ['errorAfterDump', 'legacyDump'] },
  help: { module: 'src/engine/help.ts', functions: ['helpText'] },
  ...Object.fromEntries(NAMED.map((n) => [`ext-${n}`, extension(`${n}.ts`, [n])])),
  'ext-conntrack': extension('conntrack.ts', ['conntrack', 'state']),
  'ext-CT': extension('CT.ts', ['CT']),
  'ext-multiport': extension('multiport.ts', ['multiport']),
  'ext-MARK': extension('MARK-target.ts', ['MARK']),
  'ext-mark': extension('mark-match.ts', ['mark']),
  'ext-CONNMARK': extension('CONNMARK-target.ts', ['CONNMARK']),
  'ext-connmark': extension('connmark-match.ts', ['connmark']),
  'ext-TPROXY': extension('TPROXY.ts', ['TPROXY']),
  'ext-icmp': extension('icmp.ts', ['icmp']),
  'ext-socket': extension('socket.ts', ['socket']),
  'ext-set': extension('set.ts', ['set']),
  'ext-SNAT': extension('SNAT.ts', ['SNAT']),
  'ext-NFLOG': extension('NFLOG.ts', ['NFLOG']),
  'ext-ttl': extension('ttl.ts', ['ttl']),
  'ext-pkttype': extension('pkttype.ts', ['pkttype']),
  'ext-sctp': extension('sctp.ts', ['sctp']),
  'ext-dccp': extension('dccp.ts', ['dccp']),
}))();

function extension(file: string, objects: string[]): LazyModule {
  return { module: `src/engine/extensions/${file}`, functions: [], objects };
}

/** The packs shell text (of a `request` kind) may run: any pack whose command name appears
 *  as a word once quotes and backslashes are taken out (`gr'e'p`, `nsenter ... grep`,
 *  `kubectl exec -- ss`, a here-document's body), any pack the request's kind or scenario
 *  needs, and every pack when the text expands a variable (`$X` may hold a command name).
 *  Over-inclusive on purpose: loading a pack early costs only its bytes. */
export function packsFor(text: string, request?: PackRequest): string[] {
  if (/\$[A-Za-z_{]/.test(text)) return Object.keys(LAZY_PACKS);
  const plain = text.replace(/['"\\]/g, '');
  return Object.keys(LAZY_PACKS).filter((name) => {
    const p = LAZY_PACKS[name];
    return (
      (request !== undefined && (p.requests?.includes(request.t) ?? false)) ||
      (request?.t === 'init' && request.scenario !== undefined && (p.scenarios?.includes(request.scenario) ?? false)) ||
      (request?.t === 'init' && (p.langs?.includes(request.lang ?? 'en') ?? false)) ||
      (p.commands ?? []).some((c) => new RegExp(`(^|[^A-Za-z0-9_.-])${c}($|[^A-Za-z0-9_.-])`).test(plain)) ||
      (p.pattern?.test(plain) ?? false)
    );
  });
}
