import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Every listing in the guide is rendered by the engine at build time (<Listing>), so a
// header line of iptables -L output typed into a chapter means prose and simulator can drift.
const handListing = /^\s*(pkts\s+bytes\s+target|target\s+prot\s+opt|Chain [A-Z_]+ \((policy|\d+ references))/m;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('content has no hand-typed listings', () => {
  const files = walk('content').filter((f) => /\.(mdx?|ts)$/.test(f));
  it('finds chapter files to check', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(f, () => expect(readFileSync(f, 'utf8')).not.toMatch(handListing));
  }
});
