// A small quote-aware word splitter for nfsim's command lines (not a shell:
// no expansion). Single quotes are literal, double quotes allow \" \\ \$ \`,
// a backslash outside quotes escapes the next character.

export class SplitError extends Error {}

export function splitWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new SplitError('unterminated quoted string');
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) j++;
        cur += line[j];
      }
      if (j >= line.length) throw new SplitError('unterminated quoted string');
      i = j;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < line.length) cur += line[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === '#' && !inWord) {
      break;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/**
 * Split a line at top-level ";" and "&&" (outside quotes). Returns the pieces with
 * the operator that follows each.
 */
export function splitList(line: string): Array<{ text: string; op: ';' | '&&' | '' }> {
  const parts: Array<{ text: string; op: ';' | '&&' | '' }> = [];
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') i++;
    else if (ch === ';') {
      parts.push({ text: line.slice(start, i), op: ';' });
      start = i + 1;
    } else if (ch === '&' && line[i + 1] === '&') {
      parts.push({ text: line.slice(start, i), op: '&&' });
      start = i + 2;
      i++;
    }
  }
  parts.push({ text: line.slice(start), op: '' });
  return parts.filter((p) => p.text.trim() !== '');
}
