import { createSession } from '../../src/shell/session.ts';
import type { SessionOptions } from '../../src/shell/session.ts';

/** A session with no world (engine-only), plus any extra commands a test registers. */
export function plainSession(opts: Partial<SessionOptions<unknown>> = {}) {
  return createSession<unknown>({ scenario: 'empty', ...opts });
}

/** Runs a line and returns its output and code. */
export function run(s: ReturnType<typeof plainSession>, line: string) {
  return s.run(line);
}
