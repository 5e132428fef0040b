// add_param_to_argv's word splitting for iptables-restore lines: blanks (space, tab,
// newline) separate words, double quotes group (a quoted run ends its word, even an
// empty one), and a backslash inside quotes keeps the next character whatever it is.

/**
 * The words of one restore line. `newlineAtEnd` stands for a '\n' after the text
 * (restore passes each line with its newline, which an unterminated quote swallows)
 * without building that string. Runs 50,000 times for a big dump, so runs of plain
 * characters are taken with one slice each (no per-character concatenation). An
 * indexOf-based scan for lines without tabs was ~10 ms faster on 50,000 lines, and
 * was dropped for the 0.3 KB it cost the terminal's budget.
 */
export function splitWords(line: string, newlineAtEnd: boolean): string[] {
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

