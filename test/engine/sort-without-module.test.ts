// The terminal's worker loads sort-names.ts only with iptables-restore (components/terminal/
// lazy-packs.ts); before that, sortByName throws as the build's stand-in does, and a
// table's user chains must then be sorted by the comparison it stands for: the same
// listing and save.

import { describe, expect, it, vi } from 'vitest';
import { Firewall } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { NameDb } from '../../src/engine/names/namedb.ts';
import { ETC_BASE } from '../../src/engine/names/etc-base.ts';

const sorter = vi.hoisted(() => ({ asked: 0 }));
vi.mock('../../src/engine/sort-names.ts', () => ({
  sortByName: () => {
    sorter.asked++;
    throw new Error("the simulator's code for this command (sort-names) was not loaded before it ran");
  },
}));

const env = { names: new NameDb(ETC_BASE), now: () => new Date(Date.UTC(2026, 0, 1)) };

describe('user chains without sort-names.ts loaded', () => {
  it('are listed and saved in strcmp order', () => {
    const fw = new Firewall({ flavor: 'nft' });
    for (const c of ['b', 'B', 'a-1', 'A', 'a', 'KUBE-SVC-2', 'KUBE-SEP-1', 'KUBE-SERVICES']) expect(runIptables(fw, ['-N', c], env).code).toBe(0);
    const heads = runIptables(fw, ['-L', '-n'], env).stdout.split('\n').filter((l) => l.startsWith('Chain ')).map((l) => l.split(' ')[1]);
    expect(heads).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'A', 'B', 'KUBE-SEP-1', 'KUBE-SERVICES', 'KUBE-SVC-2', 'a', 'a-1', 'b']);
    expect(runIptables(fw, ['-S'], env).stdout.split('\n').filter((l) => l.startsWith('-N')).map((l) => l.slice(3))).toEqual(['A', 'B', 'KUBE-SEP-1', 'KUBE-SERVICES', 'KUBE-SVC-2', 'a', 'a-1', 'b']);
    expect(sorter.asked).toBeGreaterThan(0);
  });
});
