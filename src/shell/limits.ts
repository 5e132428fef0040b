// Bounds that keep the page responsive whatever the reader types or pastes.
import { termText, type TermLang } from '../i18n/terminal.ts';

export const MAX_OUTPUT_LINES = 2000;
export const MAX_OUTPUT_BYTES = 256 * 1024;
/** Longest single history entry kept (a 1 MB paste must not bloat localStorage). */
export const MAX_HISTORY_ENTRY = 4096;
export const MAX_HISTORY = 1000;

/** Cuts text to the output bounds, adding a note saying how much was left out. */
export function boundOutput(text: string, lang: TermLang = 'en'): string {
  if (text.length <= MAX_OUTPUT_BYTES) {
    let lines = 0;
    let idx = -1;
    for (;;) {
      idx = text.indexOf('\n', idx + 1);
      if (idx < 0) return text;
      lines++;
      if (lines === MAX_OUTPUT_LINES && idx < text.length - 1) return cut(text, idx + 1, lang);
    }
  }
  let end = MAX_OUTPUT_BYTES;
  const nl = text.lastIndexOf('\n', end - 1);
  if (nl > 0) end = nl + 1;
  const head = text.slice(0, end);
  const lines = head.split('\n').length - 1;
  return lines > MAX_OUTPUT_LINES ? cut(text, nthNewline(head, MAX_OUTPUT_LINES) + 1, lang) : cut(text, end, lang);
}

function nthNewline(text: string, n: number): number {
  let idx = -1;
  for (let i = 0; i < n; i++) idx = text.indexOf('\n', idx + 1);
  return idx;
}

function cut(text: string, at: number, lang: TermLang): string {
  const rest = text.slice(at);
  const restLines = rest.split('\n').length - (rest.endsWith('\n') ? 1 : 0);
  const head = text.slice(0, at);
  const note = termText(lang, 'truncated', { n: restLines, lines: restLines === 1 ? 'line' : 'lines', max: MAX_OUTPUT_LINES, kb: MAX_OUTPUT_BYTES / 1024 });
  return `${head}${head.endsWith('\n') || !head ? '' : '\n'}${note}\n`;
}
