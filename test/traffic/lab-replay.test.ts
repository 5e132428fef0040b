// The replay steps, checked with a driver that plays back the kernel's own capture: it
// records what the replay asks for, answers requests with the lab's exit codes and
// `iptables-save` with the captured text. The real simulator is plugged in through the
// same LabDriver interface (test/traffic/README.md).
import { describe, expect, it } from 'vitest';
import { labFile, labHookRules, labScenario, labScenarioNames } from './lab-fixtures.ts';
import type { LabPod, TableName } from './lab-fixtures.ts';
import { DNS_NAMES, labExitCodes, replayLabScenario, setupOf } from './lab-replay.ts';
import type { CommandResult, LabDriver, LabSetup } from './lab-replay.ts';

const ok: CommandResult = { stdout: '', stderr: '', code: 0 };
const saveFile: Record<TableName, string> = {
  nat: 'nat-save-c.txt', raw: 'raw-save-c.txt', mangle: 'hooks-mangle-save-c.txt', filter: 'hooks-filter-save-c.txt',
};

class PlaybackDriver implements LabDriver {
  readonly calls: string[] = [];
  readonly reviewsVip = '10.244.255.70';
  readonly dnsServer = '10.244.2.20';
  setupSeen?: LabSetup;
  private codes: number[];
  private readonly name: string;
  private readonly tamper?: (pod: LabPod, table: TableName, text: string) => string;
  constructor(name: string, tamper?: (pod: LabPod, table: TableName, text: string) => string) {
    this.name = name;
    this.tamper = tamper;
    this.codes = labExitCodes(name, (f) => labFile(name, f));
  }
  setup(s: LabSetup): void { this.setupSeen = s; this.calls.push('setup'); }
  restore(pod: LabPod, text: string, noflush: boolean): CommandResult {
    this.calls.push(`restore ${pod}${noflush ? ' --noflush' : ''} ${text === labHookRules(this.name) ? 'hooks' : 'rules'}`);
    return ok;
  }
  iptables(pod: LabPod, argv: string[]): CommandResult { this.calls.push(`iptables ${pod} ${argv.join(' ')}`); return ok; }
  save(pod: LabPod, table: TableName): string {
    this.calls.push(`save ${pod} ${table}`);
    const text = labFile(this.name, `${pod}.${saveFile[table]}`);
    return this.tamper ? this.tamper(pod, table, text) : text;
  }
  flushConntrack(pod: LabPod): void { this.calls.push(`conntrack -F ${pod}`); }
  curl(pod: LabPod, url: string): CommandResult { this.calls.push(`curl ${pod} ${url}`); return { ...ok, code: this.codes.shift() ?? -1 }; }
  dnsQuery(pod: LabPod, server: string, name: string): CommandResult {
    this.calls.push(`dns ${pod} ${server} ${name}`);
    return { ...ok, code: this.codes.shift() ?? -1 };
  }
  getaddrinfo(pod: LabPod, host: string): CommandResult {
    this.calls.push(`getaddrinfo ${pod} ${host}`);
    return { ...ok, code: this.codes.shift() ?? -1 };
  }
  settle(ms: number): void { this.calls.push(`settle ${ms}`); }
}

describe('replayLabScenario', () => {
  it.each(labScenarioNames())('%s: the kernel played back through the driver matches itself', (name) => {
    const d = new PlaybackDriver(name);
    const r = replayLabScenario(name, d);
    expect(r.exact).toEqual([]);
    expect(r.spread).toEqual([]);
    expect(r.codes).toEqual(labExitCodes(name, (f) => labFile(name, f)));
    expect(d.setupSeen).toEqual(setupOf(labScenario(name)));
    // order: rules, hook rules, zeroing, then traffic, then the capture
    const first = (p: string): number => d.calls.findIndex((c) => c.startsWith(p));
    expect(first('setup')).toBe(0);
    expect(first('restore lab-pp')).toBeLessThan(first('iptables lab-pp -t nat -Z'));
    expect(d.calls.filter((c) => c.includes(' hooks'))).toHaveLength(2);
    const traffic = d.calls.filter((c) => c.startsWith('curl') || c.startsWith('dns') || c.startsWith('getaddrinfo'));
    expect(traffic.length).toBe(labScenario(name).requestKind === 'pp-dns' ? 2 : labScenario(name).requests);
    if (labScenario(name).requestKind === 'pp-dns-glibc') expect(traffic).toEqual(['getaddrinfo lab-pp reviews']);
    expect(first('conntrack -F lab-rv')).toBeLessThan(d.calls.indexOf(traffic[0]));
    expect(d.calls.indexOf(traffic[traffic.length - 1])).toBeLessThan(first('save'));
  });

  it('sends what the lab sent: self-call to the pod IP, self-call-vip to the VIP, DNS names, 3 requests', () => {
    const calls = (name: string): string[] => {
      const d = new PlaybackDriver(name);
      replayLabScenario(name, d);
      return d.calls.filter((c) => c.startsWith('curl') || c.startsWith('dns'));
    };
    expect(calls('self-call')).toEqual(['curl lab-rv http://10.244.2.20:9080/reviews/0']);
    expect(calls('self-call-vip')).toEqual(['curl lab-rv http://10.244.255.70:9080/reviews/0']);
    expect(calls('dns-capture')).toEqual(DNS_NAMES.map((n) => `dns lab-pp 10.244.2.20 ${n}`));
    expect(calls('nft-localhost-3req')).toHaveLength(3);
    expect(calls('current-podip-by-name')).toEqual(['curl lab-pp http://reviews:9080/reviews/0']);
  });

  it('no-uid-rule deletes the two owner RETURN rules in lab-pp; TPROXY and DNS set up what they need', () => {
    const d = new PlaybackDriver('no-uid-rule');
    replayLabScenario('no-uid-rule', d);
    expect(d.calls).toContain('iptables lab-pp -t nat -D ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN');
    expect(d.calls).toContain('iptables lab-pp -t nat -D ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN');
    expect(setupOf(labScenario('tproxy'))).toMatchObject({ rvTproxy: true, inboundUpstream: 'original-src' });
    expect(setupOf(labScenario('dns-capture'))).toMatchObject({ agentDns: true, sidecar: { 'lab-pp': true, 'lab-rv': false } });
    const t = new PlaybackDriver('tproxy');
    replayLabScenario('tproxy', t);
    expect(t.calls).toContain('restore lab-rv --noflush hooks');
  });

  it('current-podip-by-name ignores only the lab-only DNS placement counter', () => {
    const moved = new PlaybackDriver('current-podip-by-name', (pod, table, text) =>
      table === 'nat' ? text.replace(/^:PREROUTING ACCEPT \[1:79\]$/m, ':PREROUTING ACCEPT [0:0]').replace(/^:OUTPUT ACCEPT \[2:139\]$/m, ':OUTPUT ACCEPT [1:60]') : text);
    const r = replayLabScenario('current-podip-by-name', moved);
    expect(r.exact).toEqual(['lab-pp nat OUTPUT policy: kernel 2 pkts/139 bytes, simulator 1 pkts/60 bytes']);
  });

  it('a simulator that counts one SYN too many in nat, or strays out of the spread, is caught', () => {
    const extra = new PlaybackDriver('current-podip', (pod, table, text) =>
      pod === 'lab-rv' && table === 'nat' ? text.replace('[1:60] -A ISTIO_IN_REDIRECT', '[2:120] -A ISTIO_IN_REDIRECT') : text);
    expect(replayLabScenario('current-podip', extra).exact).toEqual([
      'lab-rv nat ISTIO_IN_REDIRECT #1: kernel 1 pkts/60 bytes, simulator 2 pkts/120 bytes',
    ]);
    const loud = new PlaybackDriver('current-podip', (pod, table, text) =>
      pod === 'lab-pp' && table === 'mangle' ? text.replace(/^\[\d+:(\d+)\] -A OUTPUT -p tcp$/m, '[99:$1] -A OUTPUT -p tcp') : text);
    const r = replayLabScenario('current-podip', loud);
    expect(r.exact).toEqual([]);
    expect(r.spread).toHaveLength(1);
    expect(r.spread[0]).toMatch(/^lab-pp mangle OUTPUT #1: kernel \d+\.\.\d+ pkts, simulator 99$/);
  });
});
