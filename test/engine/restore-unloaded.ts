// What test/engine/restore-without-*.test.ts compare: a restore with a shortcut's module
// not loaded (each file mocks one, as the terminal worker's stand-in behaves before its
// pack loads) against the same restore with the shortcuts off.

import { expect } from 'vitest';
import { Firewall } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { runIptablesSave } from '../../src/engine/save.ts';
import { restoreShortcuts } from '../../src/engine/restore-switch.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';
import { kubeProxyDump } from '../../bench/dump.ts';

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

/** a kube-proxy dump and its mistakes, each with no option, --noflush and --test: the same as with the shortcuts off */
export function expectAsWithoutShortcuts(): void {
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
}
