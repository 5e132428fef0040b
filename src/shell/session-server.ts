// The reader's shell session behind a message interface, so the browser can run it in a
// Web Worker (components/terminal/session-worker.ts) and the page's main thread never
// waits for a command: a 100,000-rule restore or its listing takes seconds of engine time.
// Plain TypeScript with no DOM: the same handler runs in Node tests and, as a fallback
// when a worker cannot start, on the page itself.
import type { CounterRow } from './host.ts';
import { splitPaste } from './paste.ts';
import type { Session } from './session.ts';
import { MAX_HISTORY_ENTRY } from './limits.ts';
import type { Completion } from './types.ts';
import { createScenarioSession } from './world-glue.ts';
import { termText, type TermLang, type TermTextKey } from '../i18n/terminal.ts';

/** Counter rows sent with each state update (the diagram needs the Istio chains only;
 *  a reader's 100,000-rule nat table must not be copied to the page after every command). */
export const MAX_VIEW_COUNTERS = 2000;
/** A paste batch stops after this much work or output so the page can draw in between. */
export const BATCH_MS = 40;
export const BATCH_CHARS = 64 * 1024;
/** How much of a pasted command is echoed (bash echoes all; a 1 MB paste would bury the screen). */
export const ECHO_LINES = 40;
export const ECHO_LINE_CHARS = 2000;

export interface View {
  prompt: string;
  /** 'node' or the netns label of an nsenter sub-shell. */
  where: string;
  flowPoint: number | null;
  trace: boolean;
  counters: CounterRow[];
}

export type Request =
  /** `savedNotice`: why the page dropped its saved state; worded first among the notices, so
   *  the page itself carries no guide text. */
  | { t: 'init'; id: number; scenario: string; setup: string[]; at?: number; snap?: string; status?: number; lang?: TermLang; savedNotice?: SavedNotice }
  | { t: 'run'; id: number; line: string }
  | { t: 'check'; id: number; line: string }
  | { t: 'complete'; id: number; line: string; cursor: number }
  /** Splits pasted text into commands and keeps them; `paste-next` runs the next batch. */
  | { t: 'paste'; id: number; text: string }
  | { t: 'paste-next'; id: number }
  | { t: 'paste-drop'; id: number }
  | { t: 'status'; id: number; code: number };

/** A request before the client numbers it. */
export type Ask = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface StateReply {
  view: View;
  /** JSON of the session snapshot after the command (what a reload or an interrupt restores). */
  snap: string;
  code: number;
}

/** The page's reasons for starting without its saved state. */
export type SavedNotice = Extract<TermTextKey, 'savedOlder' | 'savedChanged' | 'savedUnreadable' | 'savedTooLarge'>;

export type Reply =
  | ({ t: 'ready'; id: number; notices: string[]; history: string[] } & StateReply)
  | ({ t: 'ran'; id: number; output: string; clear: boolean } & StateReply)
  | { t: 'checked'; id: number; output: string; code: number }
  | { t: 'completed'; id: number; completion: Completion }
  | { t: 'pasted'; id: number; commands: number; tail: string }
  /** Output of the commands run: `before`, then a clear screen if `clear`, then `after`.
   *  `history`: the lines run, for the page's line editor. */
  | ({ t: 'batch'; id: number; before: string; clear: boolean; after: string; remaining: number; history: string[] } & StateReply)
  | { t: 'ok'; id: number };

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Control characters made visible the way bash's line editor shows them (`^[`, `^?`), so
 *  nothing a reader pastes or writes to a file can drive the terminal: outputs carry no
 *  escape sequences by contract (RunOutput), any that appear came from the reader. */
export function visible(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/g, (c) => {
    const n = c.charCodeAt(0);
    if (n === 0x7f) return '^?';
    return n < 0x20 ? '^' + String.fromCharCode(n + 0x40) : `M-^${String.fromCharCode(n - 0x40)}`;
  });
}

/** What a pasted command looks like on screen: its lines behind `> `, cut when huge. */
export function echoOf(cmd: string): string {
  let lines = cmd.split('\n');
  if (lines.length > ECHO_LINES) {
    const hidden = lines.length - (ECHO_LINES - 1);
    lines = [...lines.slice(0, ECHO_LINES - 6), `[… ${hidden} more pasted lines not shown]`, ...lines.slice(-5)];
  }
  return lines
    .map((l) => (l.length > ECHO_LINE_CHARS ? `${l.slice(0, ECHO_LINE_CHARS)}[… ${l.length - ECHO_LINE_CHARS} more characters]` : l))
    .join('\n> ');
}

export interface SessionServer {
  handle(req: Request): Reply;
}

export function createSessionServer(): SessionServer {
  let session: Session<unknown> | null = null;
  let queue: string[] = [];
  let firstOfPaste = true;

  const view = (s: Session<unknown>): View => {
    const host = s.host();
    const where = s.where();
    return {
      prompt: safe(() => s.prompt(), 'root@node-1:~# '),
      where: where.kind === 'node' ? 'node' : where.label,
      flowPoint: safe(() => s.flowPoint() ?? null, null),
      trace: safe(() => host?.traceEnabled?.() ?? false, false),
      counters: safe(() => (host?.counters?.() ?? []).slice(0, MAX_VIEW_COUNTERS), []),
    };
  };
  const state = (s: Session<unknown>, code: number): StateReply => ({ view: view(s), snap: JSON.stringify(s.snapshot()), code });

  function run(s: Session<unknown>, line: string) {
    try {
      return s.run(line);
    } catch (e) {
      // The shell never throws by contract; this keeps the session alive if it ever does.
      return { output: `bash: internal error: ${msg(e)}\n`, code: 1, clear: false };
    }
  }

  function init(req: Extract<Request, { t: 'init' }>): Reply {
    const notices: string[] = req.savedNotice ? [termText(req.lang ?? 'en', req.savedNotice)] : [];
    let s: Session<unknown>;
    try {
      s = createScenarioSession({ scenario: req.scenario, setup: req.setup, at: req.at, lang: req.lang });
    } catch (e) {
      notices.push(termText(req.lang ?? 'en', 'scenarioFailed', { scenario: req.scenario, error: msg(e) }));
      s = createScenarioSession({ scenario: 'empty', lang: req.lang });
    }
    if (req.snap !== undefined) {
      let ok = false;
      try {
        ok = s.restore(JSON.parse(req.snap));
      } catch {
        ok = false;
      }
      if (!ok) {
        s.reset();
        notices.push(termText(req.lang ?? 'en', 'savedReplayFailed'));
      }
    }
    if (req.status !== undefined) s.setStatus(req.status);
    session = s;
    queue = [];
    return { t: 'ready', id: req.id, notices, history: [...s.history()], ...state(s, req.status ?? 0) };
  }

  function pasteNext(s: Session<unknown>, id: number): Reply {
    const t0 = performance.now();
    let before = '';
    let after = '';
    let clear = false;
    let code = 0;
    const history: string[] = [];
    while (queue.length) {
      const cmd = queue.shift()!;
      const echo = (firstOfPaste ? '' : s.prompt()) + visible(echoOf(cmd)) + '\n';
      firstOfPaste = false;
      if (cmd.trim() && !/^\s/.test(cmd)) history.push(cmd.slice(0, MAX_HISTORY_ENTRY));
      const r = run(s, cmd);
      code = r.code;
      if (r.clear) {
        before += echo;
        after = visible(r.output);
        clear = true;
        break;
      }
      before += echo + visible(r.output);
      if (performance.now() - t0 > BATCH_MS || before.length > BATCH_CHARS) break;
    }
    return { t: 'batch', id, before, clear, after, remaining: queue.length, history, ...state(s, code) };
  }

  return {
    handle(req: Request): Reply {
      if (req.t === 'init') return init(req);
      const s = session ?? (session = createScenarioSession({ scenario: 'empty' }));
      switch (req.t) {
        case 'run': {
          queue = [];
          const r = run(s, req.line);
          return { t: 'ran', id: req.id, output: visible(r.output), clear: r.clear, ...state(s, r.code) };
        }
        case 'check': {
          try {
            const r = s.check(req.line);
            return { t: 'checked', id: req.id, output: r.output, code: r.code };
          } catch (e) {
            return { t: 'checked', id: req.id, output: `bash: internal error: ${msg(e)}\n`, code: 1 };
          }
        }
        case 'complete':
          return { t: 'completed', id: req.id, completion: safe(() => s.complete(req.line, req.cursor), { start: req.cursor, candidates: [] }) };
        case 'paste': {
          const split = splitPaste(req.text);
          queue = split.commands;
          firstOfPaste = true;
          return { t: 'pasted', id: req.id, commands: queue.length, tail: split.tail };
        }
        case 'paste-next':
          return pasteNext(s, req.id);
        case 'paste-drop':
          queue = [];
          return { t: 'ok', id: req.id };
        case 'status':
          s.setStatus(req.code);
          return { t: 'ok', id: req.id };
      }
    },
  };
}
