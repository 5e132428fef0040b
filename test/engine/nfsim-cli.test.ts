// bin/nfsim.mjs end to end: --rules, repeated -c in one session, stdin lines,
// exit status of the last command, the flavour switch.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from './fixtures.ts';

const ROOT = path.join(FIXTURES, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'nfsim.mjs');

function nfsim(args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: ROOT });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('nfsim', () => {
  it('loads --rules with counters and runs -c commands in one session', () => {
    const r = nfsim(['--rules', path.join(FIXTURES, 'kernel-format/inputs/istio-counters.rules'), '-c', 'iptables -t nat -N NEW', '-c', 'iptables -t nat -L -v']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const want = `${fixture('kernel-format/nft/counters/nat-L-v.txt')}\nChain NEW (0 references)\n pkts bytes target     prot opt in     out     source               destination         \n`;
    expect(r.stdout).toBe(want);
  });

  it('exits with the last command status and keeps its stderr', () => {
    const r = nfsim(['--flavor', 'legacy', '-c', 'iptables -t nat -L NOPE', '-c', 'iptables -t nope -L']);
    expect(r.stderr).toBe("iptables: No chain/target/match by that name.\niptables v1.8.9 (legacy): can't initialize iptables table `nope': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n");
    expect(r.status).toBe(3);
  });

  it('reads command lines from stdin without a prompt when not a tty', () => {
    const r = nfsim([], "iptables -N 'A B'\niptables -N X\niptables -A X -m comment --comment \"two words\"\niptables -S X\n");
    expect(r.stdout).toBe('-N X\n-A X -m comment --comment "two words"\n');
    expect(r.stderr).toBe("iptables v1.8.9 (nf_tables): Invalid chain name `A B'\nTry `iptables -h' or 'iptables --help' for more information.\n");
    expect(r.status).toBe(0);
  });

  it('refuses a bad flavour', () => {
    const r = nfsim(['--flavor', 'bpf']);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith('nfsim: --flavor must be nft or legacy')).toBe(true);
  });
});
