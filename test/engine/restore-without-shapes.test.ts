// The terminal's worker loads restore-shapes.ts only for a command naming iptables-restore
// (components/terminal/lazy-packs.ts); a scenario's own rules are restored before it is
// loaded, when newRestoreShapes throws as the build's stand-in does. The restore must then
// read the lines one by one, to the same result as with the shortcuts off.

import { describe, expect, it, vi } from 'vitest';
import { expectAsWithoutShortcuts } from './restore-unloaded.ts';

const reader = vi.hoisted(() => ({ asked: 0 }));
vi.mock('../../src/engine/restore-shapes.ts', () => ({
  newRestoreShapes: () => {
    reader.asked++;
    throw new Error("the simulator's code for this command (restore-shapes) was not loaded before it ran");
  },
}));

describe('iptables-nft-restore without the shape reader loaded', () => {
  it('reads a kube-proxy dump and its mistakes as with the shortcuts off', () => {
    expectAsWithoutShortcuts();
    expect(reader.asked).toBeGreaterThan(0);
  });
});
