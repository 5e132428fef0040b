// components/terminal/lazy-packs.ts: which command code the session's worker loads before
// a request. A pack missed here would make its command fail in the browser, so the scan
// must err on the side of loading.
import { describe, expect, it, vi } from 'vitest';
import { LAZY_PACKS, packsFor } from '../../components/terminal/lazy-packs.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';
import { SCENARIOS } from '../../src/world/world.ts';

// Every extension name the engine looks up, to check that scenarios build without lazy ones.
const looked = vi.hoisted(() => new Set<string>());
vi.mock('../../src/engine/extensions/registry.ts', async (original) => {
  const m = await original<typeof import('../../src/engine/extensions/registry.ts')>();
  return {
    ...m,
    findMatch: (name: string) => (looked.add(name), m.findMatch(name)),
    findTarget: (name: string) => (looked.add(name), m.findTarget(name)),
  };
});

describe('packsFor', () => {
  it('loads nothing for lines that use none of the packs', () => {
    expect(packsFor('iptables -t nat -L -v')).toEqual([]);
    expect(packsFor('nsenter -t 8533 -n iptables -t nat -S | wc -l; echo $?')).toEqual([]);
    expect(packsFor('zip sslip iptables-save manual')).toEqual([]);
  });

  it('finds command names as words, through quotes, backslashes, pipes and nesting', () => {
    expect(packsFor('iptables -S | grep ISTIO')).toEqual(['grep']);
    expect(packsFor("iptables -S | gr'e'p ISTIO")).toEqual(['grep']);
    expect(packsFor('iptables -S | g\\rep ISTIO')).toEqual(['grep']);
    expect(packsFor('kubectl exec deploy/reviews-v1 -- ss -tlnp')).toEqual(['ss']);
    expect(packsFor('nsenter -t 8533 -n ip route')).toEqual(['ip']);
    expect(packsFor('man iptables;explain "-A X -j Y"')).toEqual(['man', 'explain']);
    expect(packsFor('cat <<EOF\nhello\nEOF\nconntrack -L')).toEqual(['conntrack']);
  });

  it("finds iptables' help options: -h, clusters with h, --help and its prefixes", () => {
    for (const line of ['iptables -h', 'iptables -nh', 'nsenter -t 1 -n iptables --help', 'iptables --he', "iptables '-h'"]) expect(packsFor(line), line).toEqual(['help']);
    for (const line of ['iptables -t nat -S', 'iptables -A INPUT -s host -j ACCEPT', 'iptables-save']) expect(packsFor(line), line).toEqual([]);
  });

  it('finds extension names anywhere, in any case', () => {
    expect(packsFor('iptables -A INPUT -m statistic --mode random --probability 0.5 -j LOG')).toEqual(['ext-statistic', 'ext-LOG']);
    expect(packsFor('iptables -t nat -A OUTPUT --jump=dnat')).toEqual(['ext-DNAT']);
  });

  it('loads every pack when a variable may name the command', () => {
    expect(packsFor('$CMD -L')).toEqual(Object.keys(LAZY_PACKS));
    expect(packsFor('echo ${X}')).toEqual(Object.keys(LAZY_PACKS));
  });
});

describe('LAZY_PACKS', () => {
  it('lists each module with its real exports (the build mirrors them)', async () => {
    for (const [name, p] of Object.entries(LAZY_PACKS)) {
      const m = (await import(/* @vite-ignore */ `../../${p.module}`)) as Record<string, unknown>;
      expect(Object.keys(m).sort(), name).toEqual([...p.functions, ...(p.data ?? []), ...(p.objects ?? [])].sort());
      for (const o of p.objects ?? []) expect(typeof m[o], `${name}.${o}`).toBe('object');
      for (const f of p.functions) expect(typeof m[f], `${name}.${f}`).toBe('function');
    }
  });

  it('names commands the Bookinfo session registers', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    const names = s.complete('', 0).candidates;
    for (const p of Object.values(LAZY_PACKS)) for (const c of p.commands) expect(names, c).toContain(c);
  });

  it("no scenario's own rules use a lazily loaded extension (its name is never typed)", () => {
    const lazy = new Set(Object.values(LAZY_PACKS).flatMap((p) => p.objects ?? []));
    expect(lazy.size).toBeGreaterThan(5);
    for (const scenario of SCENARIOS) {
      looked.clear();
      const s = createScenarioSession({ scenario });
      s.run('step; step; step; step; step; step');
      expect(looked.size > 0 || scenario === 'empty', scenario).toBe(true);
      expect([...looked].filter((n) => lazy.has(n)), scenario).toEqual([]);
    }
    // The lookups are seen: typing one is.
    looked.clear();
    createScenarioSession({ scenario: 'empty' }).run('iptables -A INPUT -j LOG');
    expect([...looked]).toContain('LOG');
  });

  it('every way the session prints iptables -h is caught by the help pack', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    for (const line of ['iptables -h', 'iptables -nh', 'iptables --help', 'iptables --he', 'iptables -L -h']) {
      expect(s.run(line).output, line).toContain('Usage: iptables');
      expect(packsFor(line), line).toContain('help');
    }
  });
});
