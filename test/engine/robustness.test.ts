// Safe on any input: nothing throws to the caller, huge restores work, unmodeled
// extensions get a clear message.

import { describe, expect, it } from 'vitest';
import { Firewall } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { runIptablesSave } from '../../src/engine/save.ts';
import { evaluateHook } from '../../src/engine/evaluate.ts';

const TOKENS = ['-A', '-I', '-D', '-R', '-C', '-N', '-X', '-F', '-Z', '-P', '-E', '-L', '-S', '-t', 'nat', 'filter', 'mangle', 'raw',
  'INPUT', 'OUTPUT', 'X', '1', '0', '99', '-j', '-g', 'ACCEPT', 'DROP', 'RETURN', 'REDIRECT', 'X', '!', '-p', 'tcp', 'udp', 'icmp',
  '--dport', '--sport', '80', '1:2', '-m', 'owner', 'multiport', 'conntrack', 'comment', '--comment', '"', '--uid-owner', '-s', '-d',
  '10.0.0.0/8', '-i', '-o', 'lo', '-v', '-n', '-x', '--line', '-c', '5', '--to-ports', '--ctstate', 'NEW', '-f', '', '--', '-nvL',
  '--set-xmark', '0x1/0x2', '-m', 'statistic', '--mode', 'nth', '--every', '2', '--packet', '0', 'CONNMARK', '--save-mark', 'LOG'];

function rnd(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('robustness', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`${flavor}: 3,000 random command lines never throw and always give a result`, () => {
      const fw = new Firewall({ flavor });
      const r = rnd(flavor === 'nft' ? 42 : 7);
      for (let i = 0; i < 3000; i++) {
        const n = 1 + Math.floor(r() * 9);
        const argv = Array.from({ length: n }, () => TOKENS[Math.floor(r() * TOKENS.length)]);
        const res = runIptables(fw, argv);
        expect(typeof res.stdout).toBe('string');
        expect(typeof res.stderr).toBe('string');
        expect(Number.isInteger(res.code)).toBe(true);
        expect(res.stderr).not.toContain('internal simulator error');
        if (i % 100 === 0) {
          const pkt = { src: 0x0a000001, dst: 0x0a000002, proto: 6, sport: 1, dport: 80, length: 40, hook: 'OUTPUT' as const, mark: 0 };
          expect(['ACCEPT', 'DROP', 'QUEUE']).toContain(evaluateHook(fw, 'filter', 'OUTPUT', pkt).verdict);
        }
      }
      expect(runIptablesSave(fw, []).code).toBe(0);
    });
  }

  it('restores 100,000 rules and lists them', () => {
    const lines = ['*filter', ':BIG - [0:0]'];
    for (let i = 0; i < 100_000; i++) lines.push(`-A BIG -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${i % 65535} -j RETURN`);
    lines.push('-A INPUT -j BIG', 'COMMIT', '');
    const fw = new Firewall();
    expect(runIptablesRestore(fw, [], lines.join('\n'))).toEqual({ stdout: '', stderr: '', code: 0 });
    const s = runIptables(fw, ['-S', 'BIG', '100000']);
    expect(s.stdout).toBe('-A BIG -s 10.1.134.159/32 -p tcp -m tcp --dport 34464 -j RETURN\n');
    const c = runIptables(fw, ['-C', 'BIG', '-s', '10.1.134.159', '-p', 'tcp', '--dport', '34464', '-j', 'RETURN']);
    expect(c.code).toBe(0);
  }, 120_000);

  it('refuses extensions it does not model with a clear message', () => {
    const fw = new Firewall();
    expect(runIptables(fw, ['-A', 'INPUT', '-m', 'hashlimit', '--hashlimit', '1/s', '-j', 'ACCEPT'])).toEqual({
      stdout: '', stderr: 'iptables (simulator): the hashlimit match exists in real iptables but this simulator does not model it.\n', code: 2,
    });
    expect(runIptables(fw, ['-A', 'INPUT', '-j', 'TEE', '--gateway', '1.2.3.4']).stderr).toBe('iptables (simulator): the TEE target exists in real iptables but this simulator does not model it.\n');
    expect(runIptables(fw, ['-A', 'INPUT', '-m', 'hashlimitx']).stderr).toBe("iptables v1.8.9 (nf_tables): Couldn't load match `hashlimitx':No such file or directory\n\nTry `iptables -h' or 'iptables --help' for more information.\n");
  });
});
