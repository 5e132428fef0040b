// Live shell sessions of the page's terminals, for islands that must run a command in the
// reader's own session (quiz task checks). Plain module state: sessions are not renderable.
import type { RunOutput } from '../shell/types.ts';

export interface LiveSession {
  /** Runs a line silently (not added to the reader's history, not shown on screen). The
   *  session lives in a Web Worker, so the answer comes back later (after a running command). */
  check(line: string): Promise<RunOutput>;
  scenario: string;
}

const sessions = new Map<string, LiveSession>();
const waiters = new Map<string, ((s: LiveSession) => void)[]>();

export function registerSession(id: string, s: LiveSession): void {
  sessions.set(id, s);
  for (const w of waiters.get(id) ?? []) w(s);
  waiters.delete(id);
}

export function getSession(id: string): LiveSession | undefined {
  return sessions.get(id);
}

/** Resolves once the terminal `id` has loaded (it loads lazily). */
export function whenSession(id: string): Promise<LiveSession> {
  const s = sessions.get(id);
  if (s) return Promise.resolve(s);
  return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
}
