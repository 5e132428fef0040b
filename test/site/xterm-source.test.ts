// components/terminal/xterm-source.ts: xterm built from its shipped sources with stand-ins
// and one patch. The browser tests exercise the result; this checks the build itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildXterm } from '../../components/terminal/xterm-source.ts';

describe('buildXterm', () => {
  it('exports Terminal, with the stand-ins and the batched row alignment, smaller than the published build', async () => {
    const { code, mangleCache } = await buildXterm({});
    expect(code).toMatch(/export\s*\{\s*\w+ as Terminal\s*\}/);
    expect(code).toContain('this xterm build has no overview ruler');
    expect(code).toContain('this xterm build has no character joiners');
    // The link detector's hover logic and the decoration renderer are gone.
    expect(code).not.toContain('xterm-cursor-pointer');
    expect(code).not.toContain('xterm-decoration-container');
    // Handlers of sequences nothing writes are gone: DECRQSS and DECRQM replies, OSC 8 ids.
    expect(code).not.toContain('P1$r');
    expect(code).not.toMatch(/\$y`/);
    expect(code).not.toContain('"id="');
    // ... and those the readline and the view write are there (CSI K, DECTCEM).
    expect(code).toMatch(/final:"K"/);
    expect(code).toMatch(/prefix:"\?",final:"l"/);
    // Terminal.flushWrites() parses queued writes now (the view calls it at each prompt).
    expect(code).toMatch(/flushWrites\(\)\{/);
    // One width read per render (a map over the rows), not one per row in the loop.
    expect(code).toMatch(/\.map\(\w+=>\w+\.getBoundingClientRect\(\)\.width\)/);
    // Private members are renamed through the shared table (the fit addon uses it next).
    expect(mangleCache._core).toEqual(expect.any(String));
    expect(code).not.toContain('._bufferService');
    const published = readFileSync('node_modules/@xterm/xterm/lib/xterm.mjs', 'utf8');
    expect(code.length).toBeLessThan(published.length * 0.85);
  });
});
