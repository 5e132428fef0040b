// Whatever is typed, run() returns: random lines built from shell syntax, command names and
// flags must never throw, never exceed the output bound, and leave the session usable.
import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_BYTES } from '../../src/shell/limits.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

const PIECES = [
  'iptables', '-t', 'nat', '-A', '-I', '-D', '-L', '-S', '-F', '-X', '-N', 'OUTPUT', 'ISTIO_OUTPUT', '-j', 'RETURN',
  '-p', 'tcp', '--dport', '9080', '!', '-m', 'owner', '--uid-owner', '1337', 'grep', '-c', '-E', 'head', '-n', 'tail',
  'wc', '-l', 'sort', 'uniq', 'cat', '/etc/services', 'echo', '$?', '$HOME', '${X}', 'X=1', '|', '||', '&&', ';', '>',
  '2>&1', '>/dev/null', '<', '<<EOF', 'EOF', "'", '"', '\\', '#', 'nsenter', '8533', 'kubectl', 'exec', '--', 'curl',
  'http://reviews:9080/', 'exit', 'step', 'goto', '99', 'explain', 'ps', '-ef', 'history', 'reset', 'trace', 'on', '\n',
  '(', ')', '*', '[', ']', '{', '}', '$(', '`', 'ISTIO_', '\t', 'iptables-restore', 'iptables-save', '-c', 'conntrack',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('robustness', () => {
  it('2,000 random lines on the Bookinfo node: no throw, bounded output, still answers', () => {
    const r = rng(42);
    const s = createScenarioSession({ scenario: 'bookinfo-current' });
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(r() * 8);
      const line = Array.from({ length: n }, () => PIECES[Math.floor(r() * PIECES.length)]).join(r() < 0.8 ? ' ' : '');
      const out = s.run(line);
      expect(typeof out.code).toBe('number');
      expect(out.output.length).toBeLessThan(MAX_OUTPUT_BYTES + 1024);
      expect(() => s.complete(line)).not.toThrow();
    }
    while (s.where().kind !== 'node') s.run('exit');
    expect(s.run('echo alive').output).toBe('alive\n');
  });
  it('a 1 MB paste of one line and of many lines', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    expect(s.run('echo ' + 'a'.repeat(1 << 20)).output.length).toBeLessThan(MAX_OUTPUT_BYTES + 1024);
    const many = Array.from({ length: 20000 }, (_, i) => `echo ${i}`).join('\n');
    const out = s.run(many);
    expect(out.output).toContain('[output truncated');
    expect(s.history().every((h) => h.length <= 4096)).toBe(true);
  });
});
