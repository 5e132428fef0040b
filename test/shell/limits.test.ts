import { describe, expect, it } from 'vitest';
import { boundOutput, MAX_OUTPUT_BYTES, MAX_OUTPUT_LINES } from '../../src/shell/limits.ts';

describe('boundOutput', () => {
  it('leaves normal output alone', () => {
    expect(boundOutput('a\nb\n')).toBe('a\nb\n');
    expect(boundOutput('')).toBe('');
  });
  it('cuts by lines with a note', () => {
    const text = 'x\n'.repeat(MAX_OUTPUT_LINES + 5);
    const out = boundOutput(text);
    expect(out.split('\n').filter((l) => l === 'x')).toHaveLength(MAX_OUTPUT_LINES);
    expect(out).toContain('[output truncated: 5 more lines not shown');
  });
  it('cuts by bytes with a note', () => {
    const line = 'y'.repeat(1000) + '\n';
    const out = boundOutput(line.repeat(400));
    expect(out.length).toBeLessThan(MAX_OUTPUT_BYTES + 300);
    expect(out).toMatch(/\[output truncated: \d+ more lines/);
  });
  it('cuts one enormous line', () => {
    const out = boundOutput('z'.repeat(2 * MAX_OUTPUT_BYTES));
    expect(out.length).toBeLessThan(MAX_OUTPUT_BYTES + 300);
  });
});
