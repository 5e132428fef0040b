// Commands the session's worker loads when a command first needs them, not before its
// first prompt (the terminal's budget is 140 KB gzip from start to prompt): manual pages,
// `explain`, `grep` with its regular-expression translator, `ss`, `ip`, `conntrack`.
// The build (components/terminal/vite-lazy.ts, worker bundle only) replaces each module
// below with a stand-in that forwards to the real module once loaded; the worker
// (session-worker.ts) loads the packs a request may use before handling it, so every
// command still runs synchronously and gives the same output. Node, the tests and the
// page's fallback import the modules directly.

export interface LazyPack {
  /** The module, relative to the repository root. */
  module: string;
  /** Its exported functions (forwarded) and data (filled in on load). */
  functions: string[];
  data?: string[];
  /** Command names that may run code of this module. */
  commands: string[];
}

export const LAZY_PACKS: Readonly<Record<string, LazyPack>> = {
  man: { module: 'src/shell/builtins/man.ts', functions: ['man'], data: ['MAN_PAGES'], commands: ['man'] },
  explain: { module: 'src/shell/builtins/explain.ts', functions: ['engineVerdict', 'explainRule', 'explain'], commands: ['explain'] },
  grep: { module: 'src/shell/filters/grep.ts', functions: ['grep'], commands: ['grep'] },
  ss: { module: 'src/world/commands/ss.ts', functions: ['ssRender', 'ssCommand'], commands: ['ss'] },
  ip: { module: 'src/world/commands/ip.ts', functions: ['ipCommand'], commands: ['ip'] },
  conntrack: { module: 'src/world/commands/conntrack.ts', functions: ['conntrackLine', 'conntrackCommand'], commands: ['conntrack'] },
};

/** The packs shell text may run: any pack whose command name appears as a word once quotes
 *  and backslashes are taken out (`gr'e'p`, `nsenter ... grep`, `kubectl exec -- ss`, a
 *  here-document's body), and every pack when the text expands a variable (`$X` may hold a
 *  command name). Over-inclusive on purpose: loading a pack early costs only its bytes. */
export function packsFor(text: string): string[] {
  if (/\$[A-Za-z_{]/.test(text)) return Object.keys(LAZY_PACKS);
  const plain = text.replace(/['"\\]/g, '');
  return Object.keys(LAZY_PACKS).filter((name) =>
    LAZY_PACKS[name].commands.some((c) => new RegExp(`(^|[^A-Za-z0-9_.-])${c}($|[^A-Za-z0-9_.-])`).test(plain)),
  );
}
