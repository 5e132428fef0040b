import type { Chapter } from './chapters.ts';
import { loadQuiz } from '../../components/quiz/load.ts';

// Whether a chapter page will hold a terminal: declared in frontmatter, embedded
// directly, or brought in by a quiz with terminal tasks. The page's CSP depends on it
// (xterm.js writes <style> elements), so this must not rely on authors remembering
// the frontmatter flag.
export function pageHasTerminal(entry: Chapter): boolean {
  if (entry.data.terminal) return true;
  const body = entry.body ?? '';
  if (/<Terminal[\s/>]/.test(body)) return true;
  for (const m of body.matchAll(/<Quiz\s+id=["']([^"']+)["']/g)) {
    if (loadQuiz(m[1]).questions.some((q) => q.kind === 'task')) return true;
  }
  return false;
}
