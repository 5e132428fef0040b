// restore-words.ts splits a restore line with slices over runs: it must give the words a
// plain character-by-character reading of add_param_to_argv gives, for any line (quotes,
// escapes, unterminated quotes, empty quoted words, runs of blanks).

import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/engine/restore-words.ts';

/** add_param_to_argv's loop, one character at a time: the reference. */
function reference(line: string, newlineAtEnd: boolean): string[] {
  const text = newlineAtEnd ? `${line}\n` : line;
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\' ) {
        if (i + 1 < text.length) cur += text[++i];
      } else if (c === '"') {
        quoted = false;
        out.push(cur);
        cur = '';
        inWord = false;
      } else cur += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else if (c === '"') {
      quoted = true;
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quoted || inWord) out.push(cur);
  return out;
}

describe('restore line words', () => {
  it('follows add_param_to_argv on the usual spellings', () => {
    expect(splitWords('-A X -m comment --comment "a b" -j ACCEPT', false)).toEqual(['-A', 'X', '-m', 'comment', '--comment', 'a b', '-j', 'ACCEPT']);
    expect(splitWords('a"b c"d', false)).toEqual(['ab c', 'd']);
    expect(splitWords('"" x', false)).toEqual(['', 'x']);
    expect(splitWords('"a\\"b\\\\" c', false)).toEqual(['a"b\\', 'c']);
    expect(splitWords('x "open', true)).toEqual(['x', 'open\n']);
    expect(splitWords('x "open\\', false)).toEqual(['x', 'open']);
    expect(splitWords('  -A   X  ', false)).toEqual(['-A', 'X']);
  });

  it('gives the reference\'s words for random lines', () => {
    const alphabet = ['a', 'b', ' ', ' ', '"', '\\', '-', 'A', '!', 'é', '\r', 'x', '  ', '\t', '\n'];
    let seed = 20261126;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    let compared = 0;
    for (let t = 0; t < 20000; t++) {
      const chars = rnd(4) === 0 ? alphabet.length : alphabet.length - 2;
      let s = '';
      for (let i = rnd(40); i > 0; i--) s += alphabet[rnd(chars)];
      for (const nl of [false, true]) {
        expect(splitWords(s, nl)).toEqual(reference(s, nl));
        compared++;
      }
    }
    expect(compared).toBe(40000);
  });
});
