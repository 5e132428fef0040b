// components/terminal/lazy-packs.ts: which command code the session's worker loads before
// a request. A pack missed here would make its command fail in the browser, so the scan
// must err on the side of loading.
import { describe, expect, it } from 'vitest';
import { LAZY_PACKS, packsFor } from '../../components/terminal/lazy-packs.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

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

  it('loads every pack when a variable may name the command', () => {
    expect(packsFor('$CMD -L')).toEqual(Object.keys(LAZY_PACKS));
    expect(packsFor('echo ${X}')).toEqual(Object.keys(LAZY_PACKS));
  });
});

describe('LAZY_PACKS', () => {
  it('lists each module with its real exports (the build mirrors them)', async () => {
    for (const [name, p] of Object.entries(LAZY_PACKS)) {
      const m = (await import(/* @vite-ignore */ `../../${p.module}`)) as Record<string, unknown>;
      expect(Object.keys(m).sort(), name).toEqual([...p.functions, ...(p.data ?? [])].sort());
      for (const f of p.functions) expect(typeof m[f], `${name}.${f}`).toBe('function');
    }
  });

  it('names commands the Bookinfo session registers', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    const names = s.complete('', 0).candidates;
    for (const p of Object.values(LAZY_PACKS)) for (const c of p.commands) expect(names, c).toContain(c);
  });
});
