// Terminal tasks pass when the session's final state is right, whatever was typed:
// each check command runs silently in the reader's session (the task's own terminal,
// found in the shared registry src/state/sessions.ts) and its output must, or must
// not, contain the expected text.
import { getSession } from '../../src/state/sessions.ts';

export interface TaskCheck { cmd: string; expect: string; absent?: boolean }
export interface TaskResult { ok: boolean; failed?: TaskCheck }

/** null when the task's terminal has not started yet. */
export async function checkTask(terminalId: string, checks: TaskCheck[]): Promise<TaskResult | null> {
  const session = getSession(terminalId);
  if (!session) return null;
  for (const c of checks) {
    const found = (await session.check(c.cmd)).output.includes(c.expect);
    if (found === !!c.absent) return { ok: false, failed: c };
  }
  return { ok: true };
}

/** The id Quiz.astro gives the terminal of a task. */
export function taskTerminalId(quizId: string, questionId: string): string {
  return `quiz-${quizId}-${questionId}`;
}
