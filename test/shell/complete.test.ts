import { describe, expect, it } from 'vitest';
import { commonPrefix } from '../../src/shell/common-prefix.ts';
import { createSession } from '../../src/shell/session.ts';
import { targetNames } from '../../src/engine/extensions/registry.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';
import { makeFakeHost } from './fake-host.ts';

const s = () => createSession({ scenario: 'bookinfo-1.6', makeHost: makeFakeHost });

describe('tab completion', () => {
  it('completes command names at command position', () => {
    expect(s().complete('ipt')).toEqual({ candidates: ['iptables'], start: 0 });
    expect(s().complete('echo a | gr')).toEqual({ candidates: ['grep'], start: 9 });
    expect(s().complete('sudo ipt').candidates).toEqual(['iptables']);
  });
  it('completes flags after -', () => {
    expect(s().complete('iptables -').candidates).toEqual(['-L', '-S', '-t']);
  });
  it('completes tables, chains, targets from the world', () => {
    expect(s().complete('iptables -t n').candidates).toEqual(['nat']);
    expect(s().complete('iptables -t nat -L ISTIO_').candidates).toEqual(['ISTIO_INBOUND', 'ISTIO_OUTPUT']);
    expect(s().complete('iptables -A OUTPUT -j RE').candidates).toEqual(['REDIRECT', 'REJECT', 'RETURN']);
    expect(s().complete('iptables -m ow').candidates).toEqual(['owner']);
  });
  it('offers every modelled extension and protocol, and each one it offers loads', () => {
    expect(s().complete('iptables -m s').candidates).toEqual(['sctp', 'set', 'socket', 'state', 'statistic']);
    expect(s().complete('iptables -p d').candidates).toEqual(['dccp']);
    expect(s().complete('iptables -A OUTPUT -j N').candidates).toEqual(['NFLOG', 'NFQUEUE', 'NOTRACK']);
    const real = createScenarioSession({ scenario: 'empty' });
    // each name's -h adds that extension's own help to iptables' usage text
    const bare = real.run('iptables -h').output;
    for (const m of s().complete('iptables -m ').candidates) {
      const r = real.run(`iptables -m ${m} -h`);
      expect(r.code, m).toBe(0);
      expect(r.output.startsWith(bare) && r.output.length > bare.length, m).toBe(true);
    }
    const offered = s().complete('iptables -A OUTPUT -j ').candidates;
    for (const t of targetNames()) {
      expect(offered).toContain(t);
      const r = real.run(`iptables -j ${t} -h`);
      expect(r.code, t).toBe(0);
      expect(r.output.startsWith(bare) && r.output.length > bare.length, t).toBe(true);
    }
  });
  it('completes PIDs after nsenter -t, and the command nsenter runs', () => {
    expect(s().complete('nsenter -t 85').candidates).toEqual(['8533']);
    expect(s().complete('nsenter -t 8533 -n ipt').candidates).toEqual(['iptables']);
    expect(s().complete('nsenter -t 8533 -n iptables -t nat -S IS').candidates).toEqual(['ISTIO_INBOUND', 'ISTIO_OUTPUT']);
  });
  it('completes pods and deployments for kubectl exec', () => {
    expect(s().complete('kubectl exec rev').candidates).toEqual(['reviews-v1-5b86c6f6d4-jm4tq']);
    expect(s().complete('kubectl exec deploy/r').candidates).toEqual(['deploy/reviews-v1']);
    expect(s().complete('kubectl exec deploy/reviews-v1 -- cu').candidates).toEqual([]);
  });
  it('completes goto points, trace on/off, files', () => {
    expect(s().complete('goto ').candidates).toEqual(['0', '1', '2', '3']);
    expect(s().complete('trace o').candidates).toEqual(['off', 'on']);
    const plain = createSession({ scenario: 'empty' });
    expect(plain.complete('cat /etc/se').candidates).toEqual(['/etc/services']);
  });
  it('uses the cursor, not the end of the line', () => {
    expect(s().complete('ipt -L', 3)).toEqual({ candidates: ['iptables'], start: 0 });
  });
  it('never throws on odd input', () => {
    for (const line of ['', '"', "'abc", '\\', '|||', 'x'.repeat(100000)]) {
      expect(() => s().complete(line)).not.toThrow();
    }
  });
  it('commonPrefix', () => {
    expect(commonPrefix(['ISTIO_INBOUND', 'ISTIO_OUTPUT'])).toBe('ISTIO_');
    expect(commonPrefix([])).toBe('');
  });
});
