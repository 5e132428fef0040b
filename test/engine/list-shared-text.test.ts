// -L -n shares the prot/opt column texts between rules (and firewalls): two rules that differ
// only there must never be given each other's text.

import { describe, expect, it } from 'vitest';
import { runIptables } from '../../src/engine/iptables.ts';
import { Firewall } from '../../src/engine/model.ts';

function listed(rule: string[], flags: string[]): string {
  const fw = new Firewall({ flavor: 'nft' });
  expect(runIptables(fw, ['-A', 'OUTPUT', ...rule]).code).toBe(0);
  return runIptables(fw, ['-L', 'OUTPUT', ...flags]).stdout.split('\n')[2];
}

describe('-L -n protocol column', () => {
  for (const flags of [['-n'], ['-n', '-v']]) {
    it(`keeps ! -p udp and -p 33 apart (${flags.join(' ')})`, () => {
      const inverted = listed(['!', '-p', 'udp'], flags);
      const dccp = listed(['-p', '33'], flags);
      const frag = listed(['-p', '8', '!', '-f'], flags);
      expect(inverted).toMatch(/!17 +--/);
      expect(dccp).toMatch(/ 33 +--/);
      expect(dccp).not.toContain('!');
      expect(frag).toMatch(/ 8 +!f/);
      // and again in the other order
      expect(listed(['-p', '33'], flags)).toBe(dccp);
      expect(listed(['!', '-p', 'udp'], flags)).toBe(inverted);
    });
  }
});
