// restore-words.ts cuts a line without tabs or newlines with indexOf instead of a loop over
// its characters: both ways must give the same words for any line (quotes, escapes,
// unterminated quotes, empty quoted words, runs of blanks).

import { describe, expect, it } from 'vitest';
import { splitWords, splitWordsByChar } from '../../src/engine/restore-words.ts';

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

  it('gives the character scanner\'s words for random lines', () => {
    const alphabet = ['a', 'b', ' ', ' ', '"', '\\', '-', 'A', '!', 'é', '\r', 'x', '  ', '\t', '\n'];
    let seed = 20261126;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    let compared = 0;
    for (let t = 0; t < 20000; t++) {
      // most lines without a tab or newline (the indexOf way), some with
      const chars = rnd(4) === 0 ? alphabet.length : alphabet.length - 2;
      let s = '';
      for (let i = rnd(40); i > 0; i--) s += alphabet[rnd(chars)];
      for (const nl of [false, true]) {
        expect(splitWords(s, nl)).toEqual(splitWordsByChar(s, nl));
        compared++;
      }
    }
    expect(compared).toBe(40000);
  });
});
