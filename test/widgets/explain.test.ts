import { describe, expect, it } from 'vitest';
import { explainRule } from '../../src/explain/explain.ts';
import { scenarioRules, listRules } from '../../src/explain/scenario.ts';
import { knownMatch, knownOption, knownTarget } from '../../src/explain/generic.ts';
import { tokenizeRule } from '../../src/explain/tokens.ts';
import { runPlayground } from '../../src/explain/annotation-playground.ts';
import * as set16 from '../../content/explain/istio-1.6.ts';
import * as setCurrent from '../../content/explain/istio-current.ts';
import type { ExplainSet } from '../../src/explain/types.ts';

const SETS: Array<[string, ExplainSet]> = [['bookinfo-1.6', set16], ['bookinfo-current', setCurrent]];

describe('explanations', () => {
  for (const [scenario, set] of SETS) {
    it(`${scenario}: every rule the engine prints has an explanation in zh and en`, () => {
      const lines = listRules(scenarioRules(scenario).fw, 'nat');
      for (const line of lines) {
        const e = explainRule(line, set);
        expect(e.note, line).not.toBeNull();
        expect(e.note!.zh.length, line).toBeGreaterThan(5);
        expect(e.note!.en.length, line).toBeGreaterThan(5);
        for (const t of e.tokens) {
          expect(t.note.zh.length * t.note.en.length, `${line}: ${t.text}`).toBeGreaterThan(0);
          expect(t.note.en, `${line}: ${t.text}`).not.toBe(t.text);
        }
      }
      // and every -A note matches a line the engine prints (no stale rule text)
      for (const n of set.rules) expect(lines, n.rule).toContain(n.rule);
      expect(set.rules.length).toBe(lines.filter((l) => l.startsWith('-A')).length);
    });
  }

  it('prefers the two-word note (-m owner) over the generic one', () => {
    const e = explainRule('-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN', set16);
    const m = e.tokens.find((t) => t.text === '-m')!;
    const owner = e.tokens.find((t) => t.text === 'owner')!;
    expect(m.fromNotes).toBe(true);
    expect(owner.note).toEqual(m.note);
    expect(m.note.en).toContain('owner match');
  });

  it('falls back to the generic table for words the notes lack', () => {
    const e = explainRule('-A ISTIO_OUTPUT -d 10.96.0.0/12 -j RETURN', set16);
    const v = e.tokens.find((t) => t.text === '10.96.0.0/12')!;
    expect(v.fromNotes).toBe(false);
    expect(v.note.en).toBe('The value of -d. Matches the destination address (address/mask).');
    expect(v.note.zh).toContain('-d 的值');
  });

  it('the generic table covers every option, match and target of the Istio variants', () => {
    const variants = [
      { fields: {}, version: 'current' as const, dnsCapture: false },
      { fields: {}, version: '1.6' as const, dnsCapture: false },
      { fields: { excludeOutboundPorts: '3306', includeOutboundIPRanges: '10.244.0.0/16', excludeOutboundIPRanges: '10.96.0.0/12' }, version: 'current' as const, dnsCapture: false },
      { fields: { includeInboundPorts: '9080', includeOutboundPorts: '3306' }, version: 'current' as const, dnsCapture: false },
      { fields: { interceptionMode: 'TPROXY' }, version: 'current' as const, dnsCapture: true },
      { fields: { interceptionMode: 'TPROXY', includeInboundPorts: '9080' }, version: '1.6' as const, dnsCapture: false },
    ];
    let checked = 0;
    for (const v of variants) {
      const out = runPlayground(v);
      expect(out.errors).toEqual([]);
      let table = 'nat';
      for (const line of out.save.split('\n')) {
        if (line.startsWith('*')) table = line.slice(1);
        if (!line.startsWith('-A')) continue;
        for (const t of tokenizeRule(line, { table })) {
          expect(t.role, `${line}: ${t.text}`).not.toBe('unknown');
          if (['option', 'command', 'match', 'jump'].includes(t.role)) expect(knownOption(t.text), t.text).toBe(true);
          if (t.role === 'match-name') expect(knownMatch(t.text), t.text).toBe(true);
          if (t.role === 'target' && t.targetKind !== 'chain') expect(knownTarget(t.text), t.text).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    for (const w of ['--set-mark', '--save-mark', '--restore-mark', '--tproxy-mark', '--on-port', '--zone', '--ctstate', '--mark', '--dports']) expect(knownOption(w), w).toBe(true);
    for (const w of ['TPROXY', 'MARK', 'CONNMARK', 'CT']) expect(knownTarget(w), w).toBe(true);
    for (const w of ['conntrack', 'mark', 'connmark', 'multiport']) expect(knownMatch(w), w).toBe(true);
  });
});
