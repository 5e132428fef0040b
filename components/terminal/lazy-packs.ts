// Commands the session's worker loads when a command first needs them, not before its
// first prompt (the terminal's budget is 140 KB gzip from start to prompt): manual pages,
// `explain`, `grep` with its regular-expression translator, `ss`, `ip`, `conntrack`, `curl`
// with the whole packet path, the text of `iptables -h`, and the iptables extensions no
// scenario's own rules use (statistic, LOG, DNAT ...).
// The build (components/terminal/vite-lazy.ts, worker bundle only) replaces each module
// below with a stand-in that forwards to the real module once loaded; the worker
// (session-worker.ts) loads the packs a request may use before handling it, so every
// command still runs synchronously and gives the same output. Node, the tests and the
// page's fallback import the modules directly.

export interface LazyPack {
  /** The module, relative to the repository root. */
  module: string;
  /** Its exported functions (forwarded), data (filled in on load) and objects (every
   *  property read forwarded: an extension held in the engine's registry). */
  functions: string[];
  data?: string[];
  objects?: string[];
  /** Command names that may run code of this module. */
  commands: string[];
  /** Other text that may (a regular expression over the text without quotes). */
  pattern?: RegExp;
  /** Kinds of request (src/shell/session-server.ts) that may, whatever their text. */
  requests?: string[];
  /** Scenarios whose own rules use it: loaded with the session (`init`). */
  scenarios?: string[];
}

/** What a request asks for besides its text: its kind, and for `init` the scenario. */
export interface PackRequest {
  t: string;
  scenario?: string;
}

export const LAZY_PACKS: Readonly<Record<string, LazyPack>> = {
  man: { module: 'src/shell/builtins/man.ts', functions: ['man'], data: ['MAN_PAGES'], commands: ['man'] },
  explain: { module: 'src/shell/builtins/explain.ts', functions: ['engineVerdict', 'explainRule', 'explain'], commands: ['explain'] },
  grep: { module: 'src/shell/filters/grep.ts', functions: ['grep'], commands: ['grep'] },
  ss: { module: 'src/world/commands/ss.ts', functions: ['ssRender', 'ssCommand'], commands: ['ss'] },
  ip: { module: 'src/world/commands/ip.ts', functions: ['ipCommand'], commands: ['ip'] },
  conntrack: { module: 'src/world/commands/conntrack.ts', functions: ['conntrackLine', 'conntrackCommand'], commands: ['conntrack'] },
  // The packet path, with HTTP, DNS, TCP and the apps behind it: only curl sends packets
  // (src/world/packet-path.ts makes a world's stack on its first one), and the flow commands
  // run curl to realise the points they move to (src/shell/world-host.ts).
  curl: { module: 'src/world/commands/curl.ts', functions: ['curlCommand'], commands: ['curl', 'step', 'next', 'prev', 'goto'] },
  // Rule evaluation: only packets (curl, the flow commands) and explain's verdicts use it.
  evaluate: { module: 'src/engine/evaluate.ts', functions: ['evaluateHook', 'ifaceMatches', 'ruleMatches'], commands: ['curl', 'step', 'next', 'prev', 'goto', 'explain'] },
  kubectl: { module: 'src/world/commands/kubectl.ts', functions: ['kubectlCommand'], commands: ['kubectl', 'step', 'next', 'prev', 'goto'] },
  text: { module: 'src/shell/filters/text.ts', functions: ['cat', 'head', 'sort', 'tail', 'uniq', 'wc'], commands: ['cat', 'less', 'more', 'head', 'tail', 'wc', 'sort', 'uniq'] },
  ps: { module: 'src/shell/builtins/ps.ts', functions: ['ps'], commands: ['ps'] },
  ls: { module: 'src/shell/builtins/ls.ts', functions: ['ls'], commands: ['ls'] },
  system: { module: 'src/shell/builtins/system.ts', functions: ['date', 'dateText', 'sleep', 'uname'], commands: ['date', 'sleep', 'uname'] },
  save: { module: 'src/engine/save.ts', functions: ['ctime', 'runIptablesSave', 'saveTable'], commands: ['iptables-save', 'iptables-nft-save', 'iptables-legacy-save'] },
  // Tab completion: every completion request loads it (requests).
  complete: { module: 'src/shell/complete.ts', functions: ['complete'], commands: [], requests: ['complete'] },
  // -h, a cluster of short options with h in it (-nh), or --help and its prefixes (--h).
  help: { module: 'src/engine/help.ts', functions: ['helpText'], commands: [], pattern: /(^|\s)-(-h|[^\s-]*h)/ },
  ...extensions(['addrtype', 'statistic', 'limit', 'iprange', 'mac', 'comment', 'LOG', 'DNAT', 'MASQUERADE', 'REJECT', 'NOTRACK', 'TRACE', 'NFQUEUE', 'CHECKSUM', 'TCPMSS']),
  // Extensions the Bookinfo 1.6 and current rules do not use, but a variant's do: loaded with
  // that scenario, or when the text names them. A short name is matched as a word (CT is in
  // REDIRECT and ACCEPT, set in reset), the option letter glued on included (-jCT, -mset).
  ...extension('conntrack', 'conntrack.ts', ['conntrack', 'state'], /conntrack|state/i, ['bookinfo-current-tproxy']),
  ...extension('CT', 'CT.ts', ['CT'], /(^|[^a-z]|-j)ct($|[^a-z])/i, ['bookinfo-current-dns']),
  ...extension('multiport', 'multiport.ts', ['multiport'], /multiport/i, ['bookinfo-current-dns']),
  ...extension('MARK', 'MARK-target.ts', ['MARK'], /mark/i, ['bookinfo-current-tproxy']),
  ...extension('mark', 'mark-match.ts', ['mark'], /mark/i, ['bookinfo-current-tproxy']),
  ...extension('CONNMARK', 'CONNMARK-target.ts', ['CONNMARK'], /connmark/i, ['bookinfo-current-tproxy']),
  ...extension('connmark', 'connmark-match.ts', ['connmark'], /connmark/i, ['bookinfo-current-tproxy']),
  ...extension('TPROXY', 'TPROXY.ts', ['TPROXY'], /tproxy/i, ['bookinfo-current-tproxy']),
  ...extension('socket', 'socket.ts', ['socket'], /socket/i, []),
  ...extension('set', 'set.ts', ['set'], /(^|[^a-z]|-m)set($|[^a-z])/i, []),
  ...extension('SNAT', 'SNAT.ts', ['SNAT'], /snat/i, []),
  ...extension('NFLOG', 'NFLOG.ts', ['NFLOG'], /nflog/i, []),
  ...extension('ttl', 'ttl.ts', ['ttl'], /ttl/i, []),
  ...extension('pkttype', 'pkttype.ts', ['pkttype'], /pkttype/i, []),
};

/** Extensions of src/engine/extensions/: a rule can only use one whose name was typed
 *  (`-m statistic`, `--jump=LOG`, a here-document fed to iptables-restore), so the name
 *  anywhere in the text, in any case, loads it. Not here: those the scenarios' own rules use
 *  (istio-iptables, the CNI and lab variants: tcp, udp, owner, mark, conntrack, CT, set,
 *  REDIRECT, TPROXY, SNAT ...) and icmp, which `-p 1` loads without its name. */
function extensions(names: string[]): Record<string, LazyPack> {
  return Object.fromEntries(
    names.map((n) => [`ext-${n}`, { module: `src/engine/extensions/${n}.ts`, functions: [], objects: [n], commands: [], pattern: new RegExp(n, 'i') }]),
  );
}

function extension(name: string, file: string, objects: string[], pattern: RegExp, scenarios: string[]): Record<string, LazyPack> {
  return { [`ext-${name}`]: { module: `src/engine/extensions/${file}`, functions: [], objects, commands: [], pattern, scenarios } };
}

/** The packs shell text (of a `request` kind) may run: any pack whose command name appears
 *  as a word once quotes and backslashes are taken out (`gr'e'p`, `nsenter ... grep`,
 *  `kubectl exec -- ss`, a here-document's body), any pack the request's kind or scenario
 *  needs, and every pack when the text expands a variable (`$X` may hold a command name). Over-inclusive on
 *  purpose: loading a pack early costs only its bytes. */
export function packsFor(text: string, request?: PackRequest): string[] {
  if (/\$[A-Za-z_{]/.test(text)) return Object.keys(LAZY_PACKS);
  const plain = text.replace(/['"\\]/g, '');
  return Object.keys(LAZY_PACKS).filter(
    (name) =>
      (request !== undefined && (LAZY_PACKS[name].requests?.includes(request.t) ?? false)) ||
      (request?.t === 'init' && request.scenario !== undefined && (LAZY_PACKS[name].scenarios?.includes(request.scenario) ?? false)) ||
      LAZY_PACKS[name].commands.some((c) => new RegExp(`(^|[^A-Za-z0-9_.-])${c}($|[^A-Za-z0-9_.-])`).test(plain)) ||
      (LAZY_PACKS[name].pattern?.test(plain) ?? false),
  );
}
