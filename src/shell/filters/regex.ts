// POSIX basic/extended regular expressions (as GNU grep reads them) translated to JS RegExp
// source. Errors carry GNU grep's own wording.

export class RegexError extends Error {}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  word: 'A-Za-z0-9_',
};

/** Reads a bracket expression starting at src[i] === '['; returns JS source and next index. */
function bracket(src: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (src[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (;;) {
    if (j >= src.length) throw new RegexError('Unmatched [, [^, [:, [., or [=');
    const c = src[j];
    if (c === ']' && !first) return [out + ']', j + 1];
    first = false;
    if (c === '[' && src[j + 1] === ':') {
      const end = src.indexOf(':]', j + 2);
      if (end < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      const name = src.slice(j + 2, end);
      const cls = CLASSES[name];
      if (!cls) throw new RegexError('Invalid character class name');
      out += cls;
      j = end + 2;
      continue;
    }
    // Inside a POSIX bracket a backslash is literal, as are the JS-special ] \ ^ (when not first) and -.
    if (c === '\\' || c === ']' || (c === '^' && out !== '[') || c === '[') out += '\\' + c;
    else out += c;
    j++;
  }
}

/** Translates one pattern. `extended` is -E. */
export function posixToJs(pattern: string, extended: boolean): string {
  let out = '';
  let depth = 0;
  let atStart = true;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '[') {
      const [s, next] = bracket(pattern, i);
      out += s;
      i = next;
      atStart = false;
      continue;
    }
    if (c === '\\') {
      const d = pattern[i + 1];
      i += 2;
      if (d === undefined) throw new RegexError('Trailing backslash');
      if (!extended && (d === '(' || d === ')' || d === '|' || d === '{' || d === '}' || d === '+' || d === '?')) {
        if (d === '(') {
          depth++;
          out += '(';
          atStart = true;
          continue;
        }
        if (d === ')') {
          if (depth === 0) throw new RegexError('Unmatched ) or \\)');
          depth--;
          out += ')';
          atStart = false;
          continue;
        }
        if (d === '|') {
          out += '|';
          atStart = true;
          continue;
        }
        out += d;
        continue;
      }
      if (d === '<' || d === '>') out += '\\b';
      else if ('wWsSbB'.includes(d)) out += '\\' + d;
      else if (/[0-9]/.test(d)) out += '\\' + d;
      else out += /[A-Za-z]/.test(d) ? d : '\\' + d;
      atStart = false;
      continue;
    }
    if (extended) {
      if (c === '(') {
        depth++;
        out += '(';
        atStart = true;
        i++;
        continue;
      }
      if (c === ')') {
        if (depth === 0) out += '\\)';
        else {
          depth--;
          out += ')';
        }
        atStart = false;
        i++;
        continue;
      }
      if (c === '|') {
        out += '|';
        atStart = true;
        i++;
        continue;
      }
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (m && !atStart) {
          out += m[0];
          i += m[0].length;
        } else {
          out += '\\{';
          i++;
        }
        continue;
      }
      if (c === '*' || c === '+' || c === '?') {
        out += atStart ? '\\' + c : c;
        i++;
        continue;
      }
      if (c === '}') {
        out += '\\}';
        i++;
        continue;
      }
    } else {
      if (c === '(' || c === ')' || c === '|' || c === '{' || c === '}' || c === '+' || c === '?') {
        out += '\\' + c;
        i++;
        atStart = false;
        continue;
      }
      if (c === '*' && atStart) {
        out += '\\*';
        i++;
        atStart = false;
        continue;
      }
      if (c === '^' && !atStart) {
        out += '\\^';
        i++;
        continue;
      }
    }
    if (c === '/') out += '\\/';
    else out += c;
    atStart = c === '^';
    i++;
  }
  if (depth > 0) throw new RegexError('Unmatched ( or \\(');
  return out;
}

export function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
