// Ambient in-pod and host-probe goldens (cni/pkg/iptables/testdata), both families.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ambientHostProbeRules, ambientPodRules } from '../../src/world/istio-iptables/ambient.ts';

const dir = new URL('../fixtures/istio-golden/', import.meta.url);
const golden = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
// The stub records the two saves, then each restore input; the file has no final newline.
const log = (r: { v4: string; v6: string }): string => `iptables-save\nip6tables-save\n${r.v4}${r.v6}`.replace(/\n$/, '');

const pods: Record<string, { dns: boolean; ingress: boolean; nics: string[] }> = {
  default: { dns: true, ingress: false, nics: [] },
  ingress: { dns: false, ingress: true, nics: [] },
  virtual_interfaces: { dns: false, ingress: false, nics: ['fake1s0f0', 'fake1s0f1'] },
  ingress_and_virtual_interfaces: { dns: false, ingress: true, nics: ['fake1s0f0', 'fake1s0f1'] },
  dns_pod_enabled_and_off_globally: { dns: true, ingress: false, nics: [] },
  dns_pod_disabled_and_on_globally: { dns: false, ingress: false, nics: [] },
};

describe('ambient goldens', () => {
  for (const [name, c] of Object.entries(pods)) {
    for (const ipv6 of [false, true]) {
      const file = `${name}${ipv6 ? '_ipv6' : ''}.golden`;
      it(file, () => {
        expect(log(ambientPodRules({ dnsCapture: c.dns, ingressMode: c.ingress, virtualInterfaces: c.nics, enableIpv6: ipv6 }))).toBe(golden(file));
      });
    }
  }
  it('hostprobe.golden and hostprobe_ipv6.golden', () => {
    expect(log(ambientHostProbeRules(false))).toBe(golden('hostprobe.golden'));
    expect(log(ambientHostProbeRules(true))).toBe(golden('hostprobe_ipv6.golden'));
  });
});
