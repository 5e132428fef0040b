import { describe, expect, it } from 'vitest';
import { tokenizeRule, type RuleToken } from '../../src/explain/tokens.ts';
import { scenarioRules, listRules } from '../../src/explain/scenario.ts';

const roles = (line: string): string[] =>
  tokenizeRule(line).map((t) => `${t.text}:${t.role}${t.option && t.option !== t.text ? `(${t.option})` : ''}${t.ext ? `[${t.ext}]` : ''}${t.targetKind ? `{${t.targetKind}}` : ''}`);

function tok(toks: RuleToken[], text: string, nth = 0): RuleToken {
  const all = toks.filter((t) => t.text === text);
  if (!all[nth]) throw new Error(`no token ${text}`);
  return all[nth];
}

describe('token roles from the engine parser', () => {
  it('owner rule: ! belongs to -d, 1337 is --uid-owner inside owner, ISTIO_IN_REDIRECT is a chain target', () => {
    const line = '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT';
    const toks = tokenizeRule(line);
    const bang = tok(toks, '!');
    expect(bang.role).toBe('negation');
    expect(toks[bang.negates!].text).toBe('-d');
    expect(bang.option).toBe('-d');
    expect(tok(toks, '127.0.0.1/32')).toMatchObject({ role: 'value', option: '-d', negated: true });
    expect(tok(toks, '1337')).toMatchObject({ role: 'value', option: '--uid-owner', ext: 'owner' });
    expect(tok(toks, '--uid-owner')).toMatchObject({ role: 'option', ext: 'owner' });
    expect(tok(toks, 'owner')).toMatchObject({ role: 'match-name', ext: 'owner' });
    expect(tok(toks, 'ISTIO_IN_REDIRECT')).toMatchObject({ role: 'target', targetKind: 'chain' });
    expect(tok(toks, 'lo')).toMatchObject({ role: 'value', option: '-o' });
    expect(toks.map((t) => t.index)).toEqual(toks.map((_, i) => i));
  });

  it('a negated extension option: ! before --uid-owner, ! before --dport', () => {
    expect(roles('-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN')).toEqual([
      '-A:command', 'ISTIO_OUTPUT:chain(-A)', '-o:option', 'lo:value(-o)', '-m:match', 'owner:match-name(-m)[owner]',
      '!:negation(--uid-owner)', '--uid-owner:option[owner]', '1337:value(--uid-owner)[owner]', '-j:jump', 'RETURN:target(-j){verdict}',
    ]);
    const cur = tokenizeRule('-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT');
    const bangs = cur.filter((t) => t.role === 'negation');
    expect(bangs.map((b) => cur[b.negates!].text)).toEqual(['-d', '--dport']);
    expect(tok(cur, '15008')).toMatchObject({ option: '--dport', ext: 'tcp', negated: true });
    expect(tok(cur, 'tcp', 1)).toMatchObject({ role: 'match-name', ext: 'tcp' });
    expect(tok(cur, 'tcp', 0)).toMatchObject({ role: 'value', option: '-p' });
  });

  it('extension targets and their options, policies, chains', () => {
    expect(roles('-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001')).toEqual([
      '-A:command', 'ISTIO_REDIRECT:chain(-A)', '-p:option', 'tcp:value(-p)', '-j:jump', 'REDIRECT:target(-j)[REDIRECT]{extension}',
      '--to-ports:option[REDIRECT]', '15001:value(--to-ports)[REDIRECT]',
    ]);
    expect(roles('-P PREROUTING ACCEPT')).toEqual(['-P:command', 'PREROUTING:chain(-P)', 'ACCEPT:policy(-P)']);
    expect(roles('-N ISTIO_INBOUND')).toEqual(['-N:command', 'ISTIO_INBOUND:chain(-N)']);
  });

  it('a match whose option is mandatory (comment) and a quoted value', () => {
    expect(roles('-A X -m comment --comment "a b" -j RETURN')).toEqual([
      '-A:command', 'X:chain(-A)', '-m:match', 'comment:match-name(-m)[comment]', '--comment:option[comment]', 'a b:value(--comment)[comment]',
      '-j:jump', 'RETURN:target(-j){verdict}',
    ]);
  });

  it('extensions whose final check needs an option (CONNMARK, MARK, mark, TPROXY) split into their own units', () => {
    expect(roles('-A PREROUTING -p tcp -m mark --mark 0x539 -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff')).toEqual([
      '-A:command', 'PREROUTING:chain(-A)', '-p:option', 'tcp:value(-p)', '-m:match', 'mark:match-name(-m)[mark]',
      '--mark:option[mark]', '0x539:value(--mark)[mark]', '-j:jump', 'CONNMARK:target(-j)[CONNMARK]{extension}',
      '--save-mark:option[CONNMARK]', '--nfmask:option[CONNMARK]', '0xffffffff:value(--nfmask)[CONNMARK]',
      '--ctmask:option[CONNMARK]', '0xffffffff:value(--ctmask)[CONNMARK]',
    ]);
    const tp = tokenizeRule('-A ISTIO_TPROXY ! -d 127.0.0.1/32 -p tcp -j TPROXY --on-port 15006 --on-ip 0.0.0.0 --tproxy-mark 0x539/0xffffffff', { table: 'mangle' });
    expect(tok(tp, 'TPROXY')).toMatchObject({ role: 'target', targetKind: 'extension' });
    expect(tok(tp, '15006')).toMatchObject({ role: 'value', option: '--on-port', ext: 'TPROXY' });
    expect(tok(tp, '0x539/0xffffffff')).toMatchObject({ role: 'value', option: '--tproxy-mark', ext: 'TPROXY' });
    const ms = tokenizeRule('-A ISTIO_INBOUND -i lo -p tcp -m mark ! --mark 0x53a -j RETURN', { table: 'mangle' });
    expect(ms[tok(ms, '!').negates!].text).toBe('--mark');
  });

  it('words the parser refuses are marked unknown, not guessed', () => {
    const toks = tokenizeRule('-A X -p tcp --bogus 1');
    expect(toks.slice(0, 4).map((t) => t.role)).toEqual(['command', 'chain', 'option', 'value']);
    expect(toks.slice(4).map((t) => t.role)).toEqual(['unknown', 'unknown']);
  });

  for (const scenario of ['bookinfo-1.6', 'bookinfo-current']) {
    it(`every word of every ${scenario} rule gets a role, and every option word is an option`, () => {
      const lines = listRules(scenarioRules(scenario).fw, 'nat');
      expect(lines.length).toBeGreaterThan(20);
      for (const line of lines) {
        const toks = tokenizeRule(line);
        expect(toks.map((t) => t.text).join(' '), line).toBe(line);
        for (const t of toks) {
          expect(t.role, `${line}: ${t.text}`).not.toBe('unknown');
          if (t.text.startsWith('-')) expect(['command', 'option', 'match', 'jump'], `${line}: ${t.text}`).toContain(t.role);
          if (t.role === 'value') expect(t.option, `${line}: ${t.text}`).toBeTruthy();
          if (t.role === 'negation') expect(toks[t.negates!].role).toBe('option');
        }
        const targets = toks.filter((t) => t.role === 'target');
        if (line.startsWith('-A')) expect(targets.length, line).toBe(1);
      }
    });
  }
});
