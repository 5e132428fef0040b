// Reading progress, kept in localStorage under one key and shared by both languages
// (a chapter has the same NN-slug in zh and en). Read by the sidebar marks; written
// when the reader reaches a chapter's end and when a quiz is scored.
export const PROGRESS_KEY = 'istio-guide:progress';

export interface ChapterProgress {
  read?: boolean;
  quiz?: { score: number; total: number };
}
export type Progress = Record<string, ChapterProgress>;

export function loadProgress(): Progress {
  try {
    const raw = localStorage.getItem(PROGRESS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Progress) : {};
  } catch {
    return {};
  }
}

export function updateProgress(slug: string, patch: ChapterProgress): Progress {
  const all = loadProgress();
  all[slug] = { ...all[slug], ...patch };
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(all));
  } catch {
    // Private mode or full storage: progress just is not remembered.
  }
  document.dispatchEvent(new CustomEvent('istio-guide:progress', { detail: all }));
  return all;
}
