// The terminal's worker loads restore-shapes.ts only for a command naming iptables-restore
// (components/terminal/lazy-packs.ts); a scenario's own rules are restored before it is
// loaded, when newRestoreShapes throws as the build's stand-in does. The restore must then
// read the lines one by one, to the same result as with the shortcuts off.

import { describe, expect, it, vi } from 'vitest';
import { Firewall } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { runIptablesSave } from '../../src/engine/save.ts';
import { restoreShortcuts } from '../../src/engine/restore-switch.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';
import { kubeProxyDump } from '../../bench/dump.ts';

const reader = vi.hoisted(() => ({ asked: 0 }));
vi.mock('../../src/engine/restore-shapes.ts', () => ({
  newRestoreShapes: () => {
    reader.asked++;
    throw new Error("the simulator's code for this command (restore-shapes) was not loaded before it ran");
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

describe('iptables-nft-restore without the shape reader loaded', () => {
  it('reads a kube-proxy dump and its mistakes as with the shortcuts off', () => {
    const dump = kubeProxyDump(300).text;
    const inputs = [
      dump,
      dump.replace('COMMIT', '-A KUBE-SEP-MISSING -j ACCEPT\nCOMMIT'),
      dump.replace('COMMIT', '-A KUBE-SERVICES -j KUBE-NOPE\nCOMMIT'),
      dump.replace('COMMIT', '-A KUBE-SERVICES -m tcp --bogus\nCOMMIT'),
      dump.replace('COMMIT', '-A POSTROUTING -p tcp -j DNAT --to-destination 1.2.3.4\nCOMMIT'),
    ];
    for (const text of inputs) {
      for (const args of [[], ['--noflush'], ['--test']]) expect(outcome(text, args, true)).toEqual(outcome(text, args, false));
    }
    expect(reader.asked).toBeGreaterThan(0);
  });
});
