import type { QuizSpec } from '../../src/quiz/types.ts';

// content/quizzes/NN-slug.ts, found at build time. A glob (not a dynamic import) so
// a missing quiz is a clear build error naming the file, not a bundler failure.
const modules = import.meta.glob<Record<string, unknown>>('../../content/quizzes/*.ts', { eager: true });

function isQuizSpec(x: unknown): x is QuizSpec {
  return !!x && typeof x === 'object' && Array.isArray((x as QuizSpec).questions) && typeof (x as QuizSpec).id === 'string';
}

export function loadQuiz(id: string, extra: Record<string, Record<string, unknown>> = {}): QuizSpec {
  const path = `../../content/quizzes/${id}.ts`;
  const mod = extra[id] ?? modules[path];
  const spec = mod ? [mod.default, mod.quiz, ...Object.values(mod)].find(isQuizSpec) : undefined;
  if (!spec) throw new Error(`<Quiz id="${id}">: no QuizSpec exported by content/quizzes/${id}.ts`);
  return spec;
}
