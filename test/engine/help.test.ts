// iptables -h with extensions: the general help, then print_extension_helps' sections. The
// byte-for-byte truth is test/fixtures/kernel-extra/{nft,legacy}/help.txt (replayed by
// test/kernel/fixture-replay.test.ts); this file checks the rule behind it on combinations
// the capture does not list, and that every modelled extension has its text.

import { describe, expect, it } from 'vitest';
import { Firewall } from '../../src/engine/model.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import { helpText } from '../../src/engine/help.ts';
import { allMatches, allTargets } from '../../src/engine/extensions/registry.ts';
import { MATCH_HELP, TARGET_HELP } from '../../src/engine/extensions/help/index.ts';

const GENERAL = helpText('v1.8.9 (nf_tables)');

function run(line: string, flavor: 'nft' | 'legacy' = 'nft') {
  return runIptables(new Firewall({ flavor }), line.split(' ').filter((w) => w !== ''));
}

/** the section titles after the general help, in order ("mac" for "mac match options:") */
function sections(stdout: string): string[] {
  expect(stdout.startsWith(GENERAL)).toBe(true);
  const rest = stdout.slice(GENERAL.length);
  return [...rest.matchAll(/(?:^|\n)\n(\S+)/g)].map((m) => m[1]);
}

function section(kind: 'match' | 'target', name: string): string {
  const t = (kind === 'match' ? MATCH_HELP : TARGET_HELP)[name];
  return `\n${t ?? `${name} does not take any options\n`}`;
}

describe('extension help texts', () => {
  it('every modelled extension has one, and there is none for an extension not modelled', () => {
    expect(Object.keys(MATCH_HELP).sort()).toEqual(allMatches().map((m) => m.name).sort());
    expect(Object.keys(TARGET_HELP).sort()).toEqual([...allTargets().map((t) => t.name), 'standard'].sort());
  });

  it('each starts with its own title line, or is null (no help function)', () => {
    for (const [name, t] of Object.entries(MATCH_HELP)) {
      expect(t === null || t.endsWith('\n')).toBe(true);
      if (t !== null && name !== 'addrtype') expect(t.split('\n')[0]).toMatch(new RegExp(`^${name} match options`));
    }
    for (const [name, t] of Object.entries(TARGET_HELP)) {
      if (t !== null) expect(t.split('\n')[0]).toMatch(new RegExp(`^${name} (target|match)`));
    }
  });
});

describe('iptables -h sections', () => {
  it('every match and target alone, on both backends', () => {
    for (const flavor of ['nft', 'legacy'] as const) {
      const general = helpText(flavor === 'nft' ? 'v1.8.9 (nf_tables)' : 'v1.8.9 (legacy)');
      for (const m of allMatches()) expect(run(`-m ${m.name} -h`, flavor).stdout).toBe(general + section('match', m.name));
      for (const t of allTargets()) expect(run(`-j ${t.name} --help`, flavor).stdout).toBe(general + section('target', t.name));
    }
  });

  it('the target first, then the matches in the order they were loaded', () => {
    expect(sections(run('-m ttl -m owner -j NFLOG -m ttl -h').stdout)).toEqual(['NFLOG', 'ttl', 'owner', 'ttl']);
    expect(sections(run('-m pkttype -j RETURN -m iprange -h').stdout)).toEqual(['standard', 'pkttype', 'iprange']);
  });

  it('what comes after -h is never loaded', () => {
    expect(sections(run('-m set -h -j CT -m limit').stdout)).toEqual(['set']);
    expect(run('-h -m nosuchmatch').code).toBe(0);
  });

  it('-p loads its match at -h only when no match is loaded, and by name only', () => {
    expect(sections(run('-p udp -h').stdout)).toEqual(['udp']);
    expect(sections(run('-p udp -m ttl -h').stdout)).toEqual(['ttl']);
    expect(sections(run('-p 17 -h').stdout)).toEqual([]);
    // an option of the protocol's match loaded it where it stood
    expect(sections(run('-m ttl -p 17 --sport 1 -m ttl -h').stdout)).toEqual(['ttl', 'udp', 'ttl']);
    expect(sections(run('-p tcp --tcp-flags SYN SYN -j TCPMSS -h').stdout)).toEqual(['TCPMSS', 'tcp']);
  });

  it('-g loads no target; a chain name is no target', () => {
    expect(sections(run('-g ACCEPT -h').stdout)).toEqual([]);
    expect(sections(run('-j mychain -h').stdout)).toEqual([]);
  });

  it('an extension iptables has but the engine does not model says so instead of a wrong help', () => {
    for (const line of ['-m esp -h', '-j CLASSIFY -h', '-p esp -h']) {
      const r = run(line);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/exists in real iptables but this simulator does not model it/);
    }
    // -h before it: iptables never looks at it
    expect(run('-h -m esp').stdout).toBe(GENERAL);
  });

  it('in an iptables-restore line: the help under its name, and the run ends there', () => {
    const fw = new Firewall({ flavor: 'legacy' });
    const r = runIptablesRestore(fw, ['iptables-restore'], '*filter\n-A INPUT -j DROP\n-A INPUT -m mac -h\n-A INPUT -j BAD\nCOMMIT\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(helpText('v1.8.9 (legacy)', 'iptables-restore', { target: null, matches: ['mac'] }));
    expect(r.stdout.split('\n')[2]).toBe('Usage: iptables-restore -[ACD] chain rule-specification [options]');
    expect(fw.table('filter').chains.get('INPUT')!.rules.length).toBe(0);
  });
});
