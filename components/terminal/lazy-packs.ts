// Commands the session's worker loads when a command first needs them, not before its
// first prompt (the terminal's budget is 140 KB gzip from start to prompt): manual pages,
// `explain`, `grep` with its regular-expression translator, `ss`, `ip`, `conntrack`, the
// text of `iptables -h`, and the iptables extensions no scenario's own rules use
// (statistic, LOG, DNAT ...).
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
}

export const LAZY_PACKS: Readonly<Record<string, LazyPack>> = {
  man: { module: 'src/shell/builtins/man.ts', functions: ['man'], data: ['MAN_PAGES'], commands: ['man'] },
  explain: { module: 'src/shell/builtins/explain.ts', functions: ['engineVerdict', 'explainRule', 'explain'], commands: ['explain'] },
  grep: { module: 'src/shell/filters/grep.ts', functions: ['grep'], commands: ['grep'] },
  ss: { module: 'src/world/commands/ss.ts', functions: ['ssRender', 'ssCommand'], commands: ['ss'] },
  ip: { module: 'src/world/commands/ip.ts', functions: ['ipCommand'], commands: ['ip'] },
  conntrack: { module: 'src/world/commands/conntrack.ts', functions: ['conntrackLine', 'conntrackCommand'], commands: ['conntrack'] },
  // -h, a cluster of short options with h in it (-nh), or --help and its prefixes (--h).
  help: { module: 'src/engine/help.ts', functions: ['helpText'], commands: [], pattern: /(^|\s)-(-h|[^\s-]*h)/ },
  ...extensions(['addrtype', 'statistic', 'limit', 'iprange', 'mac', 'comment', 'LOG', 'DNAT', 'MASQUERADE', 'REJECT', 'NOTRACK', 'TRACE', 'NFQUEUE', 'CHECKSUM', 'TCPMSS']),
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

/** The packs shell text may run: any pack whose command name appears as a word once quotes
 *  and backslashes are taken out (`gr'e'p`, `nsenter ... grep`, `kubectl exec -- ss`, a
 *  here-document's body), and every pack when the text expands a variable (`$X` may hold a
 *  command name). Over-inclusive on purpose: loading a pack early costs only its bytes. */
export function packsFor(text: string): string[] {
  if (/\$[A-Za-z_{]/.test(text)) return Object.keys(LAZY_PACKS);
  const plain = text.replace(/['"\\]/g, '');
  return Object.keys(LAZY_PACKS).filter(
    (name) =>
      LAZY_PACKS[name].commands.some((c) => new RegExp(`(^|[^A-Za-z0-9_.-])${c}($|[^A-Za-z0-9_.-])`).test(plain)) ||
      (LAZY_PACKS[name].pattern?.test(plain) ?? false),
  );
}
