// The engine-only node (scenario `empty`): the shell drives the real engine; outputs are the
// engine's, so these tests only check the wiring (argv, stdin, backends, completion).
import { describe, expect, it } from 'vitest';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

describe('engine-backed node', () => {
  it('iptables commands reach the engine and keep state between lines', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    expect(s.run('iptables -t nat -N ISTIO_REDIRECT').code).toBe(0);
    expect(s.run('iptables -t nat -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001').code).toBe(0);
    expect(s.run('iptables -t nat -S ISTIO_REDIRECT').output).toBe('-N ISTIO_REDIRECT\n-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001\n');
    expect(s.run('/usr/sbin/iptables -t nat -S | grep -c REDIRECT').output).toBe('2\n');
  });
  it('engine errors come through with their exit codes', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    const r = s.run('iptables -X NOPE');
    expect(r.code).toBe(1);
    expect(r.output).toBe('iptables: No chain/target/match by that name.\n');
  });
  it('iptables-save > file and iptables-restore < file / here-document round-trip', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    s.run('iptables -t nat -A OUTPUT -d 127.0.0.1/32 -j RETURN');
    s.run('iptables-save -t nat > /tmp/nat.rules');
    s.run('iptables -t nat -F');
    expect(s.run('iptables -t nat -S OUTPUT').output).toBe('-P OUTPUT ACCEPT\n');
    expect(s.run('iptables-restore < /tmp/nat.rules').code).toBe(0);
    expect(s.run('iptables -t nat -S OUTPUT').output).toBe('-P OUTPUT ACCEPT\n-A OUTPUT -d 127.0.0.1/32 -j RETURN\n');
    const r = s.run("iptables-restore --noflush <<'EOF'\n*nat\n-A OUTPUT -p tcp -j RETURN\nCOMMIT\nEOF\niptables -t nat -S OUTPUT | tail -n 1");
    expect(r.output).toBe('-A OUTPUT -p tcp -j RETURN\n');
  });
  it('legacy and nft backends hold separate rule sets', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    s.run('iptables-legacy -N ONLY_LEGACY');
    expect(s.run('iptables -S').output).not.toContain('ONLY_LEGACY');
    expect(s.run('iptables-legacy -S').output).toContain('-N ONLY_LEGACY');
  });
  it('completes chain names from the current firewall', () => {
    const s = createScenarioSession({ scenario: 'empty' });
    s.run('iptables -t nat -N ISTIO_INBOUND');
    expect(s.complete('iptables -t nat -L ISTIO_').candidates).toEqual(['ISTIO_INBOUND']);
  });
  it('survives snapshot and restore', () => {
    const a = createScenarioSession({ scenario: 'empty' });
    a.run('iptables -t nat -N KEEP');
    a.run('iptables -t nat -A OUTPUT -j KEEP');
    const b = createScenarioSession({ scenario: 'empty' });
    expect(b.restore(JSON.parse(JSON.stringify(a.snapshot())))).toBe(true);
    expect(b.run('iptables -t nat -S OUTPUT').output).toBe('-P OUTPUT ACCEPT\n-A OUTPUT -j KEEP\n');
  });
});
