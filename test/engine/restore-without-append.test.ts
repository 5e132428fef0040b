// The terminal's worker loads restore-append.ts (the prepared -A lines) only for a command
// naming iptables-restore (components/terminal/lazy-packs.ts); a scenario's own rules are
// restored before it is loaded, when newPendingAppends throws as the build's stand-in does.
// The restore must then read every line the general way, to the same result as with the
// shortcuts off, and the shape reader (which writes into the prepared lines) must not run.

import { describe, expect, it, vi } from 'vitest';
import { Firewall } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { runIptablesSave } from '../../src/engine/save.ts';
import { restoreShortcuts } from '../../src/engine/restore-switch.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';
import { kubeProxyDump } from '../../bench/dump.ts';

const asked = vi.hoisted(() => ({ appends: 0, shapes: 0 }));
vi.mock('../../src/engine/restore-append.ts', async (original) => ({
  ...(await original<typeof import('../../src/engine/restore-append.ts')>()),
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

const env = { names: new NameDb(ETC_BASE), now: () => new Date(Date.UTC(2026, 0, 1)) };

function outcome(text: string, args: string[], shortcuts: boolean): unknown {
  restoreShortcuts.enabled = shortcuts;
  try {
    const fw = new Firewall({ flavor: 'nft' });
    const r = runIptablesRestore(fw, args, text, env);
    return { r, save: runIptablesSave(fw, ['-c'], env), list: runIptables(fw, ['-t', 'nat', '-L', '-v', '-n', '-x'], env) };
  } finally {
    restoreShortcuts.enabled = true;
  }
}

describe('iptables-nft-restore without the prepared lines loaded', () => {
  it('reads a kube-proxy dump and its mistakes as with the shortcuts off', () => {
    const dump = kubeProxyDump(300).text;
    const inputs = [
      dump,
      dump.replace('COMMIT', '-A KUBE-SEP-MISSING -j ACCEPT\nCOMMIT'),
      dump.replace('COMMIT', '-A KUBE-SERVICES -j KUBE-NOPE\nCOMMIT'),
      dump.replace('COMMIT', '-A KUBE-SERVICES -m tcp --bogus\nCOMMIT'),
      dump.replace('COMMIT', '-A POSTROUTING -p tcp -j DNAT --to-destination 1.2.3.4\nCOMMIT'),
      dump.replace('COMMIT', '-A KUBE-SERVICES -j PREROUTING\nCOMMIT'),
    ];
    for (const text of inputs) {
      for (const args of [[], ['--noflush'], ['--test']]) expect(outcome(text, args, true)).toEqual(outcome(text, args, false));
    }
    expect(asked.appends).toBeGreaterThan(0);
    expect(asked.shapes).toBe(0);
  });
});
