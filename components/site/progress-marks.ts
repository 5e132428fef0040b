import { loadProgress, type Progress } from './progress.ts';

// Fills the ✓ (read) and ★ (quiz all right) marks next to chapter links, in the
// sidebar and on the home page, and keeps them current as progress changes.
function paint(all: Progress): void {
  const nav = document.getElementById('chapter-nav');
  if (!nav) return;
  const { readLabel = 'read', quizLabel = 'quiz all right' } = nav.dataset;
  for (const a of nav.querySelectorAll<HTMLAnchorElement>('[data-progress-slug]')) {
    const p = all[a.dataset.progressSlug ?? ''];
    const mark = a.querySelector<HTMLElement>('[data-progress-mark]');
    if (!mark) continue;
    const quizDone = !!p?.quiz && p.quiz.total > 0 && p.quiz.score === p.quiz.total;
    mark.textContent = quizDone ? '★' : p?.read ? '✓' : '';
    mark.setAttribute('aria-hidden', 'true');
    const label = [p?.read ? readLabel : '', quizDone ? quizLabel : ''].filter(Boolean).join(', ');
    let sr = a.querySelector<HTMLElement>('.progress-sr');
    if (label) {
      mark.title = label;
      if (!sr) {
        sr = document.createElement('span');
        sr.className = 'visually-hidden progress-sr';
        a.append(sr);
      }
      sr.textContent = ` (${label})`;
    } else {
      mark.removeAttribute('title');
      sr?.remove();
    }
  }
}

/** Home page: once some chapter is read, offer the first unread one. */
function offerResume(all: Progress): void {
  const resume = document.querySelector<HTMLAnchorElement>('[data-resume]');
  const links = [...document.querySelectorAll<HTMLAnchorElement>('#chapter-nav [data-progress-slug]')];
  if (!resume || !links.some((a) => all[a.dataset.progressSlug ?? '']?.read)) return;
  const next = links.find((a) => !all[a.dataset.progressSlug ?? '']?.read);
  if (!next) return;
  resume.href = next.href;
  resume.textContent = `${resume.dataset.label}${next.querySelector('.t')?.textContent ?? ''} →`;
  resume.hidden = false;
}

export function initProgressMarks(): void {
  paint(loadProgress());
  offerResume(loadProgress());
  document.addEventListener('istio-guide:progress', (e) => paint((e as CustomEvent<Progress>).detail));
}
