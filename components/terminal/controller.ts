// Everything a terminal view needs that is not drawing: the session for this <Terminal/>,
// saved state, and publishing to the page's shared store (diagram, quiz).
import type { Session } from '../../src/shell/session.ts';
import type { Completion, RunOutput } from '../../src/shell/types.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';
import { publishTerminal } from '../../src/state/terminal.ts';
import { registerSession } from '../../src/state/sessions.ts';
import { fnv1a } from './hash.ts';
import { load, save } from './persist.ts';

export interface Controller {
  id: string;
  scenario: string;
  /** Notices to show before the first prompt (discarded saved state ...). */
  notices: string[];
  run(line: string): RunOutput;
  prompt(): string;
  complete(line: string, cursor: number): Completion;
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

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export function createController(el: HTMLElement): Controller {
  const id = el.dataset.id ?? 'term';
  const scenario = el.dataset.scenario || 'empty';
  const setup = parseSetup(el.dataset.setup);
  const atRaw = el.dataset.at ?? '';
  const at = atRaw === '' ? undefined : Number(atRaw);
  const chapter = chapterHash(scenario, setup, atRaw);
  const path = location.pathname;
  const notices: string[] = [];
  let session: Session<unknown>;
  try {
    session = createScenarioSession({ scenario, setup, at });
  } catch (e) {
    notices.push(`The ${scenario} scenario could not start (${e instanceof Error ? e.message : String(e)}); this is a bare node.`);
    session = createScenarioSession({ scenario: 'empty' });
  }
  const saved = load(path, id, chapter);
  if (saved && 'notice' in saved) notices.push(saved.notice);
  if (saved && 'snap' in saved) {
    let ok = false;
    try {
      ok = session.restore(saved.snap);
    } catch {
      ok = false;
    }
    if (!ok) {
      session.reset();
      notices.push('The saved terminal state could not be replayed and was discarded.');
    }
  }

  let seq = 0;
  const publish = (line: string, code: number) => {
    const host = session.host();
    const where = session.where();
    const flowPoint = session.flowPoint();
    publishTerminal({
      id,
      scenario,
      flowPoint: flowPoint ?? null,
      trace: safe(() => host?.traceEnabled?.() ?? false, false),
      counters: safe(() => host?.counters?.() ?? [], []),
      lastCommand: line,
      lastCode: code,
      seq: seq++,
      where: where.kind === 'node' ? 'node' : where.label,
    });
  };

  registerSession(id, { scenario, check: (line) => session.check(line) });
  publish('', 0);

  return {
    id,
    scenario,
    notices,
    run(line) {
      let out: RunOutput;
      try {
        out = session.run(line);
      } catch (e) {
        // The shell never throws by contract; this guards the page if it ever does.
        out = { output: `bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`, code: 1, clear: false };
      }
      save(path, id, chapter, session.snapshot());
      publish(line, out.code);
      return out;
    },
    prompt: () => session.prompt(),
    complete: (line, cursor) => session.complete(line, cursor),
    history: () => session.history(),
    isIncomplete: (text) => session.isIncomplete(text),
  };
}
