import { updateProgress } from './progress.ts';

// A chapter counts as read once its last line has been on screen.
export function markReadAtEnd(): void {
  const end = document.querySelector<HTMLElement>('[data-chapter-end]');
  const slug = document.querySelector<HTMLElement>('[data-chapter]')?.dataset.chapter;
  if (!end || !slug || !('IntersectionObserver' in window)) return;
  const io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) {
      updateProgress(slug, { read: true });
      io.disconnect();
    }
  });
  io.observe(end);
}
