import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';

describe('chapters', () => {
  it('exist in both languages with the same slugs', () => {
    const zh = readdirSync('content/zh').filter((f) => f.endsWith('.mdx')).sort();
    const en = readdirSync('content/en').filter((f) => f.endsWith('.mdx')).sort();
    expect(zh.length).toBeGreaterThan(0);
    expect(zh).toEqual(en);
  });
});

describe('runtime', () => {
  it('runs on Node >= 22.12 (node_modules/node is first on PATH inside npm scripts)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 12)).toBe(true);
  });
});
