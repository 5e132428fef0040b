// add_param_to_argv's word splitting for iptables-restore lines: blanks (space, tab,
// newline) separate words, double quotes group (a quoted run ends its word, even an
// empty one), and a backslash inside quotes keeps the next character whatever it is.

/**
 * The words of one restore line. `newlineAtEnd` stands for a '\n' after the text
 * (restore passes each line with its newline, which an unterminated quote swallows)
 * without building that string. Runs 50,000 times for a big dump: a line with only
 * spaces for blanks (all of them, nearly) is cut with indexOf, which scans far faster
 * than a loop over its characters.
 */
export function splitWords(line: string, newlineAtEnd: boolean): string[] {
  if (line.indexOf('\t') >= 0 || line.indexOf('\n') >= 0) return splitWordsByChar(line, newlineAtEnd);
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  // the next double quote at or after i (-1: none)
  let quote = line.indexOf('"');
  while (i < n) {
    if (line.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    let space = line.indexOf(' ', i);
    if (space < 0) space = n;
    if (quote < 0 || quote > space) {
      out.push(plainWord(line, i, space));
      i = space;
      continue;
    }
    // a plain run, then the quoted run that ends the word
    let cur = quote > i ? line.slice(i, quote) : '';
    let j = quote + 1;
    let close = line.indexOf('"', j);
    let escape = line.indexOf('\\', j);
    for (;;) {
      if (escape >= 0 && (close < 0 || escape < close)) {
        // the backslash goes, the next character stays (a quote or a backslash too)
        cur += line.slice(j, escape);
        if (escape + 1 < n) cur += line[escape + 1];
        j = escape + 2;
        if (close >= 0 && close < j) close = line.indexOf('"', j);
        escape = line.indexOf('\\', j);
        continue;
      }
      if (close < 0) {
        // an unterminated quote simply runs to the end of the line (newline included)
        if (j < n) cur += line.slice(j);
        if (newlineAtEnd) cur += '\n';
        out.push(cur);
        return out;
      }
      cur += line.slice(j, close);
      i = close + 1;
      break;
    }
    out.push(cur);
    quote = line.indexOf('"', i);
  }
  return out;
}

/**
 * splitWords char by char (a line with a tab or a newline in it). Runs of plain
 * characters are taken with one slice each (no per-character concatenation).
 */
export function splitWordsByChar(line: string, newlineAtEnd: boolean): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10) {
      i++;
      continue;
    }
    // a word: a plain run, then maybe one quoted run that ends it
    let cur = '';
    let start = i;
    while (i < n) {
      c = line.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10) break;
      if (c !== 34) {
        i++;
        continue;
      }
      if (i > start) cur += line.slice(start, i);
      i++;
      start = i;
      let closed = false;
      while (i < n) {
        c = line.charCodeAt(i);
        if (c === 34) {
          closed = true;
          break;
        }
        if (c === 92) {
          // the backslash goes, the next character stays whatever it is
          if (i > start) cur += line.slice(start, i);
          i++;
          start = i;
          if (i < n) i++;
          continue;
        }
        i++;
      }
      if (i > start) cur += line.slice(start, i);
      if (!closed) {
        // an unterminated quote simply runs to the end of the line (newline included)
        if (newlineAtEnd) cur += '\n';
        out.push(cur);
        return out;
      }
      // the closing quote ends the word (even an empty one): what follows starts another
      i++;
      start = i;
      break;
    }
    if (i > start) cur = cur === '' ? plainWord(line, start, i) : cur + line.slice(start, i);
    out.push(cur);
  }
  return out;
}

/** the option words every rule line is made of, one string each for all lines */
const SHORT_WORDS: Array<string | undefined> = new Array(128).fill(undefined);
for (const w of ['-A', '-C', '-D', '-I', '-R', '-s', '-d', '-p', '-m', '-j', '-g', '-i', '-o', '-f', '-c']) SHORT_WORDS[w.charCodeAt(1)] = w;

/** line.slice(start, end), without a new string for `!` and the short options above */
function plainWord(line: string, start: number, end: number): string {
  const n = end - start;
  if (n === 2 && line.charCodeAt(start) === 45) {
    const c = line.charCodeAt(start + 1);
    const w = c < 128 ? SHORT_WORDS[c] : undefined;
    if (w !== undefined) return w;
  } else if (n === 1 && line.charCodeAt(start) === 33) {
    return '!';
  }
  return line.slice(start, end);
}

