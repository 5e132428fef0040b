// The scenario worlds, listed with the real commands, print what real iptables printed
// for the same rule sets (test/fixtures/istio-golden/rendered, iptables 1.8.9 legacy).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { runner } from './cmd-harness.ts';

const rendered = (f: string): string => readFileSync(new URL(`../fixtures/istio-golden/rendered/${f}`, import.meta.url), 'utf8');

describe('listings of the scenario worlds', () => {
  for (const [scenario, base] of [['bookinfo-1.6', 'seed-istio-1.6'], ['bookinfo-current', 'istio-init-default-current']] as const) {
    for (const backend of ['nft', 'legacy'] as const) {
      it(`${scenario} (${backend}): nat -S, -L -v, -L -n -v and --line-numbers in reviews`, () => {
        const w = createWorld(scenario, { backend });
        const run = runner(w);
        const ipt = backend === 'legacy' ? 'iptables-legacy' : 'iptables';
        const ns = (cmd: string) => run(`nsenter -t 8533 -n ${ipt} ${cmd}`);
        expect(ns('-t nat -S').stdout).toBe(rendered(`${base}.nat.S.txt`));
        expect(ns('-t nat -L -v').stdout).toBe(rendered(`${base}.nat.L-v.txt`));
        expect(ns('-t nat -L -n -v').stdout).toBe(rendered(`${base}.nat.L-n-v.txt`));
        expect(ns('-t nat -L -n -v --line-numbers').stdout).toBe(rendered(`${base}.nat.L-n-v-line-numbers.txt`));
      });
    }
  }
});
