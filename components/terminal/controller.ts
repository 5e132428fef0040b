// Everything a terminal view needs that is not drawing: the session for this <Terminal/>
// (in a Web Worker, see session-client.ts), saved state, and publishing to the page's
// shared store (diagram, quiz). Every call that runs shell code is asynchronous; only
// `isIncomplete` (a parse of what the reader is typing) runs on the page.
import type { Reply, View } from '../../src/shell/session-server.ts';
import type { Completion, RunOutput } from '../../src/shell/types.ts';
import { isIncomplete } from '../../src/shell/parse.ts';
import type { TermLang } from '../../src/i18n/terminal.ts';
import { publishTerminal } from '../../src/state/terminal.ts';
import { registerSession } from '../../src/state/sessions.ts';
import { fnv1a } from './hash.ts';
import { load, saveSnapshotJson } from './persist.ts';
import { SessionClient } from './session-client.ts';

export interface RunResult extends RunOutput {
  /** Ctrl-C ended the command; the session went back to the state before it. */
  interrupted?: boolean;
}

export interface PasteBatch {
  /** Echo and output of the commands run, then a clear screen if `clear`, then `after`. */
  before: string;
  clear: boolean;
  after: string;
  /** Commands of the paste still to run. */
  remaining: number;
  /** Lines run, for the line editor's history. */
  history: string[];
  interrupted?: boolean;
}

export interface Controller {
  id: string;
  scenario: string;
  /** Notices to show before the first prompt (discarded saved state ...), in the page's
   *  language and already in parentheses. */
  notices: string[];
  run(line: string): Promise<RunResult>;
  /** Hands pasted text to the session, which splits it into commands; `tail` is the
   *  unfinished last line, for the prompt. null when interrupted. */
  paste(text: string): Promise<{ commands: number; tail: string } | null>;
  /** Runs the next few pasted commands (a bounded batch). */
  pasteNext(): Promise<PasteBatch>;
  pasteDrop(): void;
  /** Ctrl-C: true when a running command was interrupted. */
  interrupt(): boolean;
  busy(): boolean;
  /** Sets `$?` (Ctrl-C on the prompt: 130). */
  setStatus(code: number): void;
  prompt(): string;
  complete(line: string, cursor: number): Promise<Completion>;
  history(): readonly string[];
  isIncomplete(text: string): boolean;
}

function chapterHash(scenario: string, setup: string[], at: string): string {
  return fnv1a(JSON.stringify([scenario, setup, at]));
}

function parseSetup(raw: string | undefined): string[] {
  try {
    const v: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** A remark of the guide's, set apart from program output. */
function aside(lang: string, text: string): string {
  return lang === 'zh' ? `（${text}）` : `(${text})`;
}

export async function createController(el: HTMLElement): Promise<Controller> {
  const id = el.dataset.id ?? 'term';
  const scenario = el.dataset.scenario || 'empty';
  const setup = parseSetup(el.dataset.setup);
  const atRaw = el.dataset.at ?? '';
  const at = atRaw === '' ? undefined : Number(atRaw);
  const chapter = chapterHash(scenario, setup, atRaw);
  const path = location.pathname;
  // As termLang(): importing it would bring the guide's terminal texts onto the page.
  const lang: TermLang = el.dataset.lang === 'zh' ? 'zh' : 'en';
  const saved = load(path, id, chapter);
  const snap = saved && 'snap' in saved ? JSON.stringify(saved.snap) : undefined;
  // The worker words the notice (it has the guide's texts; the page does not load them).
  const savedNotice = saved && 'notice' in saved ? saved.notice : undefined;

  const client = new SessionClient({ scenario, setup, at, snap, lang, savedNotice });
  let view: View = { prompt: 'root@node-1:~# ', where: 'node', flowPoint: null, trace: false, counters: [] };
  let seq = 0;
  let lastLine = '';
  const publish = (v: View, line: string, code: number) => {
    view = v;
    publishTerminal({ id, scenario, flowPoint: v.flowPoint, trace: v.trace, counters: v.counters, lastCommand: line, lastCode: code, seq: seq++, where: v.where });
  };
  const commit = (r: { view: View; snap: string; code: number }, line: string) => {
    saveSnapshotJson(path, id, chapter, r.snap);
    publish(r.view, line, r.code);
  };
  // A command's output goes to the screen first: its state is saved (localStorage) and
  // published (diagram, quiz) a task later, or when the page goes away before that.
  let unsettled: (() => void) | null = null;
  const settle = () => {
    const f = unsettled;
    unsettled = null;
    f?.();
  };
  addEventListener('pagehide', settle);
  const commitSoon = (r: { view: View; snap: string; code: number }, line: string) => {
    settle();
    view = r.view;
    unsettled = () => commit(r, line);
    setTimeout(settle, 0);
  };

  const first = await client.ready;
  const notices = first.notices.map((n) => aside(lang, n));
  const history = first.history;
  // Later starts follow an interrupt: the state is the one before the interrupted command.
  client.onReady = (r) => (settle(), commit(r, lastLine));
  publish(first.view, '', 0);

  registerSession(id, {
    scenario,
    async check(line) {
      const r = await client.ask({ t: 'check', line });
      return r.t === 'checked' ? { output: r.output, code: r.code, clear: false } : { output: '', code: 130, clear: false };
    },
  });

  return {
    id,
    scenario,
    notices,
    async run(line) {
      lastLine = line;
      const r: Reply | { t: 'interrupted' } = await client.ask({ t: 'run', line });
      if (r.t !== 'ran') return { output: '', code: 130, clear: false, interrupted: true };
      commitSoon(r, line);
      return { output: r.output, code: r.code, clear: r.clear };
    },
    async paste(text) {
      lastLine = '';
      const r = await client.ask({ t: 'paste', text });
      return r.t === 'pasted' ? { commands: r.commands, tail: r.tail } : null;
    },
    async pasteNext() {
      const r = await client.ask({ t: 'paste-next' });
      if (r.t !== 'batch') return { before: '', clear: false, after: '', remaining: 0, history: [], interrupted: true };
      lastLine = r.history[r.history.length - 1] ?? lastLine;
      settle();
      commit(r, lastLine);
      return { before: r.before, clear: r.clear, after: r.after, remaining: r.remaining, history: r.history };
    },
    pasteDrop() {
      void client.ask({ t: 'paste-drop' });
    },
    interrupt: () => client.interrupt(),
    busy: () => client.busy(),
    setStatus(code) {
      void client.ask({ t: 'status', code });
    },
    prompt: () => view.prompt,
    async complete(line, cursor) {
      const r = await client.ask({ t: 'complete', line, cursor });
      return r.t === 'completed' ? r.completion : { start: cursor, candidates: [] };
    },
    history: () => history,
    isIncomplete: (text) => isIncomplete(text),
  };
}
