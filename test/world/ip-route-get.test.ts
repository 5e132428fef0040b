// `ip route get` against iproute2 6.1 in a namespace laid out as the TPROXY scenario's
// reviews pod (test/fixtures/world/captures/ip-route-get.txt): the simulator's pod must
// answer every captured query byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { runner } from './cmd-harness.ts';

const text = readFileSync(new URL('../fixtures/world/captures/ip-route-get.txt', import.meta.url), 'utf8');
const cases = [...text.matchAll(/^\$ ip (.*)\n([\s\S]*?)\[stderr\]\n([\s\S]*?)\[rc=(\d+)\]\n/gm)].map((m) => ({ args: m[1], stdout: m[2], stderr: m[3], code: Number(m[4]) }));
const RV = { kind: 'netns' as const, pid: 8533, label: 'reviews', netns: 'reviews-v1-5b86c6f6d4-jm4tq' };

describe('ip route get in the TPROXY pod, as iproute2 6.1 answers', () => {
  it('the capture has the cases', () => {
    expect(cases.filter((c) => /^(r|ro|route) /.test(c.args)).length).toBe(16);
  });
  for (const c of cases.filter((x) => /^(r|ro|route) /.test(x.args))) {
    it(`ip ${c.args}`, () => {
      const run = runner(createWorld('bookinfo-current-tproxy'));
      expect(run(`ip ${c.args}`, RV)).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
    });
  }

  it('options ip has but the simulator does not carry out say so; one ip lacks is unknown as ip says', () => {
    const run = runner(createWorld('bookinfo-current-tproxy'));
    // (-n is -netns NAME: named namespaces are not modelled; nsenter -t PID -n is the way in)
    for (const o of ['-s', '-d', '-j', '-n']) expect(run(`ip ${o} link`, RV).stderr).toBe(`ip: option "${o}" is not modelled by this simulator (it runs -br, -4 and -o)\n`);
    const x = cases.find((c) => c.args === '-x')!;
    expect(run('ip -x', RV)).toEqual({ stdout: x.stdout, stderr: x.stderr, code: x.code });
  });
});
