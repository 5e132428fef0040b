// The rendered rule sets (what the site loads) and the lab's rule file, from options.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateIstioRules } from '../../src/world/istio-iptables/generate.ts';
import { toRestoreFile } from '../../src/world/istio-iptables/builder.ts';
import { CAPTURE_TEST_DEFAULTS, sidecarOptions } from '../../src/world/istio-iptables/options.ts';
import { cniOptionsFromAnnotations, optionsFromAnnotations } from '../../src/world/istio-iptables/annotations.ts';

const dir = new URL('../fixtures/istio-golden/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

describe('rendered/*.restore', () => {
  it('istio-init-default-current = the injected istio-init defaults', () => {
    expect(toRestoreFile(generateIstioRules(sidecarOptions()).v4)).toBe(read('rendered/istio-init-default-current.restore'));
  });
  it('istio-init-default-current = no annotations at all', () => {
    expect(toRestoreFile(generateIstioRules(optionsFromAnnotations({})).v4)).toBe(read('rendered/istio-init-default-current.restore'));
  });
  it('seed-istio-1.6 = version 1.6 with the same defaults', () => {
    expect(toRestoreFile(generateIstioRules(sidecarOptions({ version: '1.6' })).v4)).toBe(read('rendered/seed-istio-1.6.restore'));
  });
  it('cni-basic, cni-dns, cni-tproxy', () => {
    expect(toRestoreFile(generateIstioRules(cniOptionsFromAnnotations({})).v4)).toBe(read('rendered/cni-basic.restore'));
    expect(toRestoreFile(generateIstioRules(cniOptionsFromAnnotations({}, { dnsCapture: true })).v4)).toBe(read('rendered/cni-dns.restore'));
    expect(toRestoreFile(generateIstioRules(cniOptionsFromAnnotations({ 'sidecar.istio.io/interceptionMode': 'TPROXY' })).v4)).toBe(read('rendered/cni-tproxy.restore'));
  });
  it('capture-tproxy-v4: the IPv4 blocks, then the IPv6 raw block the cut also took', () => {
    const r = generateIstioRules({
      ...CAPTURE_TEST_DEFAULTS, inboundInterceptionMode: 'TPROXY', inboundPortsInclude: '*',
      outboundIpRangesExclude: '1.1.0.0/16', outboundIpRangesInclude: '9.9.0.0/16', redirectDns: true,
      dnsServersV4: ['127.0.0.53'], excludeInterfaces: 'not-istio-nic', enableIpv6: true,
    });
    const v6raw = r.v6.slice(r.v6.indexOf('* raw'));
    expect(toRestoreFile(r.v4 + v6raw)).toBe(read('rendered/capture-tproxy-v4.restore'));
  });
});

describe('version knob', () => {
  it('1.6 is the lab rule file once iptables normalizes it (same rules, same order)', () => {
    const lab = read('lab-istio-nat.rules').split('\n').filter((l) => l.startsWith('-A '));
    const ours = generateIstioRules(sidecarOptions({ version: '1.6' })).v4.split('\n').filter((l) => l.startsWith('-A '));
    // iptables-save puts -s/-d/-o before -m and adds `-m tcp`; compare the rule identity.
    const key = (l: string): string => l.replace(' -m tcp', '').split(' ').sort().join(' ');
    expect(ours.map(key).sort()).toEqual(lab.map(key).sort());
    expect(ours.length).toBe(lab.length);
  });
  it('the inbound path of envoy changes at 1.10', async () => {
    const { versionFeatures } = await import('../../src/world/istio-iptables/generate.ts');
    expect(versionFeatures('1.9').inboundViaPodIp).toBe(false);
    expect(versionFeatures('1.10').inboundViaPodIp).toBe(true);
    expect(() => versionFeatures('two')).toThrow(/unknown Istio version/);
  });
});

describe('annotations change the rules', () => {
  const rules = (ann: Record<string, string>): string => generateIstioRules(optionsFromAnnotations(ann)).v4;
  it('excludeInboundPorts adds RETURNs after the status ports', () => {
    expect(rules({ 'traffic.sidecar.istio.io/excludeInboundPorts': '9080' })).toContain(
      '-A ISTIO_INBOUND -p tcp --dport 15020 -j RETURN\n-A ISTIO_INBOUND -p tcp --dport 9080 -j RETURN\n');
  });
  it('includeInboundPorts lists ports and drops the catch-all', () => {
    const r = rules({ 'traffic.sidecar.istio.io/includeInboundPorts': '9080' });
    expect(r).toContain('-A ISTIO_INBOUND -p tcp --dport 9080 -j ISTIO_IN_REDIRECT\n');
    expect(r).not.toContain('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT');
  });
  it('includeOutboundIPRanges replaces the final catch-all with per-CIDR jumps', () => {
    const r = rules({ 'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12' });
    expect(r).toContain('-A ISTIO_OUTPUT -d 10.96.0.0/12 -j ISTIO_REDIRECT\n');
    expect(r).not.toContain('-A ISTIO_OUTPUT -j ISTIO_REDIRECT');
  });
  it('excludeOutboundIPRanges and excludeOutboundPorts add RETURNs', () => {
    const r = rules({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.244.2.0/24', 'traffic.sidecar.istio.io/excludeOutboundPorts': '3306' });
    expect(r).toContain('-A ISTIO_OUTPUT -d 10.244.2.0/24 -j RETURN\n');
    expect(r).toContain('-A ISTIO_OUTPUT -p tcp --dport 3306 -j RETURN\n-A ISTIO_OUTPUT -p udp --dport 3306 -j RETURN\n');
  });
  it('interceptionMode TPROXY moves inbound capture into mangle', () => {
    const r = rules({ 'sidecar.istio.io/interceptionMode': 'TPROXY' });
    expect(r.startsWith('* mangle\n')).toBe(true);
    expect(r).toContain('-j TPROXY --tproxy-mark 1337/0xffffffff --on-port 15006');
  });
});
