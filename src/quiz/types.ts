// One quiz per chapter, both languages in one file so the answer key is shared and
// replayed by test/content/quizzes.test.ts against the simulator.

export type Lang = 'zh' | 'en';
export type Text = Record<Lang, string>;

/** A command run in a fresh shell of `scenario`, whose output must contain `expect`
 *  (or match it, when it is a RegExp source given as `/.../`). Used to prove that what
 *  an answer claims about counters or listings is what the simulator computes. */
export interface Probe {
  scenario: string;
  setup?: string[];
  cmd: string;
  expect: string;
}

export interface ChoiceOption {
  text: Text;
  correct: boolean;
  /** Why this option is right or wrong; shown after answering. */
  explain: Text;
}

export interface ChoiceQuestion {
  kind: 'single' | 'multiple';
  id: string;
  prompt: Text;
  options: ChoiceOption[];
  /** Claims made by the correct option(s), checked against the simulator in vitest. */
  probes?: Probe[];
}

/** A terminal task: passes when the final state is right, whatever was typed. */
export interface TaskQuestion {
  kind: 'task';
  id: string;
  prompt: Text;
  scenario: string;
  setup?: string[];
  /** A known-good solution, replayed in vitest. */
  solution: string[];
  /** State checks run after the reader's commands, in the same session: each command's
   *  output must contain `expect` (or must not, when `absent` is true). */
  checks: { cmd: string; expect: string; absent?: boolean }[];
  hint: Text;
}

export type Question = ChoiceQuestion | TaskQuestion;

export interface QuizSpec {
  id: string;
  questions: Question[];
}
