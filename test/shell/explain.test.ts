import { describe, expect, it } from 'vitest';
import { explainRule } from '../../src/shell/builtins/explain.ts';
import { createSession } from '../../src/shell/session.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

describe('explain', () => {
  it('groups each option with its ! and its arguments', () => {
    const parts = explainRule('-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT');
    expect(parts.map((p) => p.tokens.join(' '))).toEqual([
      '-A ISTIO_OUTPUT', '! -d 127.0.0.1/32', '-o lo', '-m owner', '--uid-owner 1337', '-j ISTIO_IN_REDIRECT',
    ]);
    expect(parts[1].text).toBe('destination address is NOT 127.0.0.1/32');
    expect(parts[4].text).toContain('uid 1337');
    expect(parts[5].text).toContain('jump to user chain ISTIO_IN_REDIRECT');
  });
  it('handles a full command with nsenter, iptables, -t and an insert position', () => {
    const parts = explainRule('nsenter -t 8533 -n iptables -t nat -I PREROUTING 1 -p tcp --dport 9080 -j REDIRECT --to-ports 15006');
    expect(parts.map((p) => p.tokens.join(' '))).toEqual([
      'nsenter -t 8533 -n', 'iptables', '-t nat', '-I PREROUTING 1', '-p tcp', '--dport 9080', '-j REDIRECT', '--to-ports 15006',
    ]);
    expect(parts[3].text).toBe('insert this rule into chain PREROUTING at position 1');
    expect(parts[7].text).toContain('envoy inbound');
  });
  it('asks the engine whether iptables would take the rule', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run("explain '-A OUTPUT -p tcp --dport 80 -j RETURN'").code).toBe(0);
    const bad = s.run("explain '-A OUTPUT --dport 80 -j RETURN'");
    expect(bad.code).toBe(2);
    // The same words the engine prints for `iptables -A OUTPUT --dport 80 -j RETURN`.
    const real = createScenarioSession({ scenario: 'empty' }).check('iptables -A OUTPUT --dport 80 -j RETURN');
    expect(real.code).not.toBe(0);
    expect(bad.output).toMatch(/^-A OUTPUT +append this rule/);
    expect(bad.output.endsWith(`\n\nbut iptables would refuse it:\n${real.output}`)).toBe(true);
    expect(s.run("explain '-m owner --uid-owner 1337 -j RETURN'").code).toBe(0);
  });
  it('sctp chunk types take two words, dccp types and options one', () => {
    const parts = explainRule('-A INPUT -p sctp ! --chunk-types ANY DATA:Be,INIT -m dccp --dccp-types ACK ! --dccp-option 4');
    expect(parts.map((p) => p.tokens.join(' '))).toEqual([
      '-A INPUT', '-p sctp', '! --chunk-types ANY DATA:Be,INIT', '-m dccp', '--dccp-types ACK', '! --dccp-option 4',
    ]);
    expect(parts[2].text).toBe('NOT: the packet carries at least one of the chunk types DATA:Be,INIT');
    expect(parts[3].text).toContain('DCCP ports, packet types and options');
    expect(parts[5].text).toBe('DCCP option 4 is not present');
  });
  it('says so for an option it does not know', () => {
    expect(explainRule('-A X --frobnicate')[1].text).toContain('does not know');
  });
  it('as a command: usage error, quotes, aligned output', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run('explain').code).toBe(2);
    const r = s.run(`explain '-A OUTPUT -m comment --comment "hi there" -j RETURN'`);
    expect(r.code).toBe(0);
    expect(r.output).toContain('--comment hi there');
    expect(s.run(`explain -A OUTPUT -j DROP`).output).toMatch(/^-A OUTPUT +append this rule/);
    expect(s.run(`explain '-A "x'`)).toMatchObject({ code: 2 });
  });
});
