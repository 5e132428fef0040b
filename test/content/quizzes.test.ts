import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import type { Probe, QuizSpec } from '../../src/quiz/types.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

// Every quiz answer key is replayed against the simulator: task solutions must reach a state
// that passes the task's checks (and the starting state must not), and every claim a correct
// option makes about counters or listings is re-computed through its probes.

const files = readdirSync('content/quizzes').filter((f) => f.endsWith('.ts')).sort();

function matches(output: string, expectText: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(expectText);
  return re ? new RegExp(re[1], re[2]).test(output) : output.includes(expectText);
}

function runProbe(p: Probe): string {
  const s = createScenarioSession({ scenario: p.scenario });
  for (const line of p.setup ?? []) s.run(line);
  return s.run(p.cmd).output;
}

function checksPass(session: ReturnType<typeof createScenarioSession>, checks: { cmd: string; expect: string; absent?: boolean }[]) {
  return checks.map((c) => {
    const out = session.run(c.cmd).output;
    return { c, out, ok: matches(out, c.expect) !== (c.absent ?? false) };
  });
}

describe('quizzes', () => {
  it('has one quiz per chapter', () => {
    const chapters = readdirSync('content/en').filter((f) => /^\d\d-.*\.mdx$/.test(f) && !f.startsWith('00-'));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(chapters.map((f) => f.replace(/\.mdx$/, '')).sort());
  });

  for (const file of files) {
    describe(file, async () => {
      const { default: quiz } = (await import(`../../content/quizzes/${file}`)) as { default: QuizSpec };

      it('is well formed in both languages', () => {
        expect(quiz.id).toBe(file.replace(/\.ts$/, ''));
        expect(quiz.questions.length).toBeGreaterThanOrEqual(5);
        for (const q of quiz.questions) {
          expect(q.prompt.zh.length * q.prompt.en.length).toBeGreaterThan(0);
          if (q.kind === 'task') continue;
          const correct = q.options.filter((o) => o.correct).length;
          if (q.kind === 'single') expect(correct, q.id).toBe(1);
          else expect(correct, q.id).toBeGreaterThanOrEqual(1);
          for (const o of q.options) expect(o.explain.zh.length * o.explain.en.length, q.id).toBeGreaterThan(0);
        }
      });

      for (const q of quiz.questions) {
        if (q.kind === 'task') {
          it(`task ${q.id}: the solution passes the checks and the start does not`, () => {
            const before = createScenarioSession({ scenario: q.scenario, setup: q.setup });
            expect(checksPass(before, q.checks).every((r) => r.ok), 'the starting state already passes').toBe(false);
            const s = createScenarioSession({ scenario: q.scenario, setup: q.setup });
            for (const line of q.solution) s.run(line);
            for (const r of checksPass(s, q.checks)) expect(r.ok, `${r.c.cmd}\n--- output:\n${r.out}`).toBe(true);
          });
        } else {
          for (const [i, p] of (q.probes ?? []).entries()) {
            it(`${q.id}: probe ${i + 1} (${p.cmd})`, () => {
              const out = runProbe(p);
              expect(matches(out, p.expect), `expected ${p.expect}\n--- output:\n${out}`).toBe(true);
            });
          }
        }
      }
    });
  }
});
