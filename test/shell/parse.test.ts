import { describe, expect, it } from 'vitest';
import { parse, ShellSyntaxError } from '../../src/shell/parse.ts';
import type { Word } from '../../src/shell/parse.ts';

const text = (w: Word) => w.parts.map((p) => (p.kind === 'lit' ? p.text : `\${${p.name}}`)).join('');
const argv = (src: string) => parse(src).lists[0].first.commands[0].words.map(text);

describe('tokenizer', () => {
  it('splits on blanks and keeps quoted blanks', () => {
    expect(argv(`iptables -t nat  -A X -m comment --comment "istio redirect"`)).toEqual([
      'iptables', '-t', 'nat', '-A', 'X', '-m', 'comment', '--comment', 'istio redirect',
    ]);
  });
  it('single quotes are literal, double quotes expand $ and honour \\', () => {
    expect(argv(`echo '$HOME \\n' "a\\"b $X" \\$Y a\\ b`)).toEqual(['echo', '$HOME \\n', 'a"b ${X}', '$Y', 'a b']);
  });
  it('reads $?, ${NAME} and $$', () => {
    expect(argv('echo $? ${HOME} $$ x$')).toEqual(['echo', '${?}', '${HOME}', '${$}', 'x$']);
  });
  it('drops comments', () => {
    expect(argv('echo a # b c')).toEqual(['echo', 'a']);
    expect(argv('echo a#b')).toEqual(['echo', 'a#b']);
    expect(parse('# only a comment').lists).toEqual([]);
  });
  it('builds lists, and-or chains and pipelines', () => {
    const s = parse('a | b | c && d || e; f');
    expect(s.lists).toHaveLength(2);
    expect(s.lists[0].first.commands).toHaveLength(3);
    expect(s.lists[0].rest.map((r) => r.op)).toEqual(['&&', '||']);
  });
  it('parses every redirection form', () => {
    const r = parse('x >/dev/null 2>/dev/null 2>&1 &>/dev/null >> f < g 1>&2').lists[0].first.commands[0].redirs;
    expect(r.map((x) => [x.fd, x.op, text(x.target)])).toEqual([
      [1, '>', '/dev/null'],
      [2, '>', '/dev/null'],
      [2, '>&', '1'],
      [1, '&>', '/dev/null'],
      [1, '>>', 'f'],
      [0, '<', 'g'],
      [1, '>&', '2'],
    ]);
  });
  it('treats NAME=value before a command as an assignment', () => {
    const c = parse('A=1 B="x y" env').lists[0].first.commands[0];
    expect(c.assigns.map((a) => [a.name, text(a.value)])).toEqual([['A', '1'], ['B', 'x y']]);
    expect(c.words.map(text)).toEqual(['env']);
  });
  it('reads ! as pipeline negation only in command position', () => {
    expect(parse('! grep x').lists[0].first.bang).toBe(true);
    expect(argv('iptables ! -d 1.2.3.4')).toEqual(['iptables', '!', '-d', '1.2.3.4']);
  });
  it('reports bash syntax errors', () => {
    const msg = (src: string) => {
      try {
        parse(src);
        return 'no error';
      } catch (e) {
        expect(e).toBeInstanceOf(ShellSyntaxError);
        return (e as Error).message;
      }
    };
    expect(msg('| grep x')).toBe("syntax error near unexpected token `|'");
    expect(msg('a ;; b')).toBe("syntax error near unexpected token `;;'");
    expect(msg('a && && b')).toBe("syntax error near unexpected token `&&'");
    expect(msg('echo >')).toBe("syntax error near unexpected token `newline'");
    expect(msg('echo "abc')).toBe('unexpected EOF while looking for matching `"\'');
    expect(msg("echo 'abc")).toBe("unexpected EOF while looking for matching `''");
    expect(msg('a |')).toBe('syntax error: unexpected end of file');
    expect(msg('echo ${a b}')).toBe('${a b}: bad substitution');
  });
  it('handles a 1 MB line in linear time', () => {
    const big = 'echo ' + 'x'.repeat(1024 * 1024);
    const t0 = performance.now();
    expect(argv(big)[1]).toHaveLength(1024 * 1024);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
