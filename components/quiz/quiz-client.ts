// Interactive quizzes. Each question is checked on its own; the score counts the
// questions answered right. Answers and results are saved in localStorage so a reader
// who comes back finds the quiz as they left it; "Try again" clears them.
import { updateProgress } from '../site/progress.ts';
import { checkTask, taskTerminalId, type TaskCheck } from './task-check.ts';
import { whenNear } from '../site/when-near.ts';

interface Saved { answers: Record<string, number[]>; results: Record<string, boolean> }
const keyOf = (quizId: string) => `istio-guide:quiz:${quizId}`;

function load(quizId: string): Saved {
  try {
    const v = JSON.parse(localStorage.getItem(keyOf(quizId)) ?? 'null') as Saved | null;
    if (v && typeof v === 'object' && v.answers && v.results) return v;
  } catch {
    // Unreadable storage: start fresh.
  }
  return { answers: {}, results: {} };
}

function save(quizId: string, s: Saved): void {
  try {
    localStorage.setItem(keyOf(quizId), JSON.stringify(s));
  } catch {
    // Storage blocked or full: the quiz still works, it just will not be remembered.
  }
}

function selected(q: HTMLElement): number[] {
  return [...q.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => Number(i.value));
}

function showChoiceResult(quiz: HTMLElement, q: HTMLElement, correct: number[], chosen: number[]): boolean {
  const d = quiz.dataset;
  const ok = correct.length === chosen.length && correct.every((c) => chosen.includes(c));
  for (const opt of q.querySelectorAll<HTMLElement>('[data-option]')) {
    const i = Number(opt.dataset.option);
    const isCorrect = correct.includes(i);
    const isChosen = chosen.includes(i);
    const state = isChosen ? (isCorrect ? 'correct' : 'wrong') : isCorrect && q.dataset.kind === 'multiple' ? 'missed' : '';
    opt.classList.remove('is-correct', 'is-wrong', 'is-missed');
    if (state) opt.classList.add(`is-${state}`);
    const explain = opt.querySelector<HTMLElement>('[data-explain]');
    const verdict = opt.querySelector<HTMLElement>('[data-verdict]');
    if (explain) explain.hidden = false;
    if (verdict) verdict.textContent = isCorrect ? `✓ ${d.labelCorrect}` : `✗ ${d.labelWrong}`;
    if (verdict && state === 'missed') verdict.textContent = `✓ ${d.labelMissed}`;
  }
  const fb = q.querySelector<HTMLElement>('[data-feedback]');
  if (fb) {
    fb.className = `quiz-feedback ${ok ? 'is-correct' : 'is-wrong'}`;
    fb.textContent = ok ? (d.labelRight ?? '') : `✗ ${d.labelWrong}`;
  }
  return ok;
}

function clearQuestion(q: HTMLElement): void {
  for (const input of q.querySelectorAll<HTMLInputElement>('input')) input.checked = false;
  for (const opt of q.querySelectorAll<HTMLElement>('[data-option]')) {
    opt.classList.remove('is-correct', 'is-wrong', 'is-missed');
    const explain = opt.querySelector<HTMLElement>('[data-explain]');
    if (explain) explain.hidden = true;
  }
  const fb = q.querySelector<HTMLElement>('[data-feedback]');
  if (fb) {
    fb.className = 'quiz-feedback';
    fb.textContent = '';
  }
}

function initQuiz(quiz: HTMLElement): void {
  const quizId = quiz.dataset.quiz ?? '';
  const chapter = quiz.dataset.chapter ?? quizId;
  const key = JSON.parse(quiz.querySelector('[data-quiz-key]')?.textContent ?? '{}') as Record<string, number[]>;
  const questions = [...quiz.querySelectorAll<HTMLElement>('[data-q]')];
  const scoreEl = quiz.querySelector<HTMLElement>('[data-quiz-score]');
  let saved = load(quizId);

  const renderScore = () => {
    const score = Object.values(saved.results).filter(Boolean).length;
    const answered = Object.keys(saved.results).length;
    if (scoreEl) {
      scoreEl.textContent = answered
        ? (quiz.dataset.labelScore ?? '{s} / {t}').replace('{s}', String(score)).replace('{t}', String(questions.length))
        : '';
    }
    updateProgress(chapter, { quiz: { score, total: questions.length } });
  };

  for (const q of questions) {
    const id = q.dataset.q ?? '';
    const button = q.querySelector<HTMLButtonElement>('[data-quiz-check]');
    const fb = q.querySelector<HTMLElement>('[data-feedback]');
    if (q.dataset.kind === 'task') {
      button?.addEventListener('click', async () => {
        const result = await checkTask(taskTerminalId(quizId, id), JSON.parse(q.dataset.checks ?? '[]') as TaskCheck[]);
        if (result === null) {
          if (fb) { fb.className = 'quiz-feedback'; fb.textContent = quiz.dataset.labelNoTerminal ?? ''; }
          return;
        }
        saved.results[id] = result.ok;
        save(quizId, saved);
        if (fb) {
          fb.className = `quiz-feedback ${result.ok ? 'is-correct' : 'is-wrong'}`;
          fb.textContent = result.ok ? (quiz.dataset.labelRight ?? '') : `✗ ${quiz.dataset.labelTaskWrong}`;
        }
        renderScore();
      });
      if (id in saved.results && fb) {
        fb.className = `quiz-feedback ${saved.results[id] ? 'is-correct' : 'is-wrong'}`;
        fb.textContent = saved.results[id] ? (quiz.dataset.labelRight ?? '') : `✗ ${quiz.dataset.labelWrong}`;
      }
      continue;
    }
    const correct = key[id] ?? [];
    button?.addEventListener('click', () => {
      const chosen = selected(q);
      if (chosen.length === 0) {
        if (fb) { fb.className = 'quiz-feedback'; fb.textContent = quiz.dataset.labelChoose ?? ''; }
        return;
      }
      saved.answers[id] = chosen;
      saved.results[id] = showChoiceResult(quiz, q, correct, chosen);
      save(quizId, saved);
      renderScore();
    });
    // Restore a previous visit.
    const previous = saved.answers[id];
    if (previous?.length) {
      for (const input of q.querySelectorAll<HTMLInputElement>('input')) input.checked = previous.includes(Number(input.value));
      showChoiceResult(quiz, q, correct, previous);
    }
  }

  quiz.querySelector('[data-quiz-retry]')?.addEventListener('click', () => {
    saved = { answers: {}, results: {} };
    save(quizId, saved);
    questions.forEach(clearQuestion);
    renderScore();
    questions[0]?.querySelector<HTMLElement>('input, button')?.focus();
  });
  if (Object.keys(saved.results).length) renderScore();
}

export function initQuizzes(): void {
  for (const quiz of document.querySelectorAll<HTMLElement>('[data-quiz]:not([data-ready])')) {
    whenNear(quiz, (q) => {
      if (q.hasAttribute('data-ready')) return;
      q.dataset.ready = '';
      initQuiz(q);
    });
  }
}
