// The terminal's worker loads restore-append.ts (the prepared -A lines) only for a command
// naming iptables-restore (components/terminal/lazy-packs.ts); a scenario's own rules are
// restored before it is loaded, when newPendingAppends throws as the build's stand-in does.
// The restore must then read every line the general way, to the same result as with the
// shortcuts off, and the shape reader (which writes into the prepared lines) must not run.

import { describe, expect, it, vi } from 'vitest';
import { expectAsWithoutShortcuts } from './restore-unloaded.ts';

const asked = vi.hoisted(() => ({ appends: 0, shapes: 0 }));
vi.mock('../../src/engine/restore-append.ts', () => ({
  newPendingAppends: () => {
    asked.appends++;
    throw new Error("the simulator's code for this command (restore-append) was not loaded before it ran");
  },
}));
vi.mock('../../src/engine/restore-shapes.ts', async (original) => ({
  ...(await original<typeof import('../../src/engine/restore-shapes.ts')>()),
  newRestoreShapes: () => {
    asked.shapes++;
    throw new Error('the shape reader ran without the prepared lines');
  },
}));

describe('iptables-nft-restore without the prepared lines loaded', () => {
  it('reads a kube-proxy dump and its mistakes as with the shortcuts off', () => {
    expectAsWithoutShortcuts();
    expect(asked.appends).toBeGreaterThan(0);
    expect(asked.shapes).toBe(0);
  });
});
