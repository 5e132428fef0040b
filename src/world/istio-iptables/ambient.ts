// Ambient mode's in-pod rules and the node's health-probe SNAT rule (istio-cni's
// cni/pkg/iptables, Apache-2.0, the Istio Authors). Not a sidecar rule set: kept so the
// guide can contrast the two and so every golden we hold is regenerated from options.

import { IP_VERSION_SPECIFIC as V, IstioRuleBuilder } from './builder.ts';

export interface AmbientPodOptions {
  /** DNS capture in effect for this pod (global setting overridden by the pod). */
  dnsCapture: boolean;
  /** Ingress-mode pod: nothing inbound is captured. */
  ingressMode: boolean;
  /** Virtual interfaces whose TCP goes to the outbound port. */
  virtualInterfaces: string[];
  enableIpv6: boolean;
}

export const AMBIENT_PROBE_SNAT_V4 = '169.254.7.127';
export const AMBIENT_PROBE_SNAT_V6 = 'e9ac:1e77:90ca:399f:4d6d:ece2:2f9b:3164';
const HOST_PROBE_SNAT_V6 = 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff';
const PROXY_MASK = '0x539/0xfff';
const CONN_SKIP_MASK = '0x111/0xfff';

export function ambientPodRules(o: AmbientPodOptions): { v4: string; v6: string } {
  const b = new IstioRuleBuilder(o.enableIpv6);
  b.append('PREROUTING', 'mangle', '-j', 'ISTIO_PRERT');
  b.append('OUTPUT', 'mangle', '-j', 'ISTIO_OUTPUT');
  b.append('ISTIO_PRERT', 'mangle', '-m', 'mark', '--mark', PROXY_MASK, '-j', 'CONNMARK', '--set-xmark', CONN_SKIP_MASK);
  b.append('ISTIO_OUTPUT', 'mangle', '-m', 'connmark', '--mark', CONN_SKIP_MASK, '-j', 'CONNMARK', '--restore-mark', '--nfmask', '0xffffffff', '--ctmask', '0xffffffff');

  b.append('OUTPUT', 'nat', '-j', 'ISTIO_OUTPUT');
  b.append('PREROUTING', 'nat', '-j', 'ISTIO_PRERT');
  for (const nic of o.virtualInterfaces) {
    b.append('ISTIO_PRERT', 'nat', '-i', nic, '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', '15001');
    b.append('ISTIO_PRERT', 'nat', '-i', nic, '-p', 'tcp', '-j', 'RETURN');
  }
  if (!o.ingressMode) b.appendVersioned(AMBIENT_PROBE_SNAT_V4, AMBIENT_PROBE_SNAT_V6, 'ISTIO_PRERT', 'nat', '-s', V, '-p', 'tcp', '-m', 'tcp', '-j', 'ACCEPT');
  b.appendVersioned(AMBIENT_PROBE_SNAT_V4, AMBIENT_PROBE_SNAT_V6, 'ISTIO_OUTPUT', 'nat', '-d', V, '-p', 'tcp', '-m', 'tcp', '-j', 'ACCEPT');
  if (!o.ingressMode) {
    b.appendVersioned('127.0.0.1/32', '::1/128', 'ISTIO_PRERT', 'nat', '!', '-d', V, '-p', 'tcp', '!', '--dport', '15008',
      '-m', 'mark', '!', '--mark', PROXY_MASK, '-j', 'REDIRECT', '--to-ports', '15006');
  }
  if (o.dnsCapture) {
    b.append('ISTIO_OUTPUT', 'nat', '!', '-o', 'lo', '-p', 'udp', '-m', 'mark', '!', '--mark', PROXY_MASK, '-m', 'udp', '--dport', '53', '-j', 'REDIRECT', '--to-port', '15053');
    b.appendVersioned('127.0.0.1/32', '::1/128', 'ISTIO_OUTPUT', 'nat', '!', '-d', V, '-p', 'tcp', '--dport', '53', '-m', 'mark', '!', '--mark', PROXY_MASK, '-j', 'REDIRECT', '--to-ports', '15053');
  }
  b.append('ISTIO_OUTPUT', 'nat', '-p', 'tcp', '-m', 'mark', '--mark', CONN_SKIP_MASK, '-j', 'ACCEPT');
  b.appendVersioned('127.0.0.1/32', '::1/128', 'ISTIO_OUTPUT', 'nat', '!', '-d', V, '-o', 'lo', '-j', 'ACCEPT');
  b.appendVersioned('127.0.0.1/32', '::1/128', 'ISTIO_OUTPUT', 'nat', '!', '-d', V, '-p', 'tcp', '-m', 'mark', '!', '--mark', PROXY_MASK, '-j', 'REDIRECT', '--to-ports', '15001');

  if (o.dnsCapture) {
    b.append('PREROUTING', 'raw', '-j', 'ISTIO_PRERT');
    b.append('OUTPUT', 'raw', '-j', 'ISTIO_OUTPUT');
    b.append('ISTIO_OUTPUT', 'raw', '-p', 'udp', '-m', 'mark', '--mark', PROXY_MASK, '-m', 'udp', '--dport', '53', '-j', 'CT', '--zone', '1');
    b.append('ISTIO_PRERT', 'raw', '-p', 'udp', '-m', 'mark', '!', '--mark', PROXY_MASK, '-m', 'udp', '--sport', '53', '-j', 'CT', '--zone', '1');
  }
  return { v4: b.buildV4Restore(), v6: o.enableIpv6 ? b.buildV6Restore() : '' };
}

/** The node-side rule: kubelet probes reach ambient pods from a fixed link-local source. */
export function ambientHostProbeRules(enableIpv6: boolean): { v4: string; v6: string } {
  const b = new IstioRuleBuilder(enableIpv6);
  b.insert('POSTROUTING', 'nat', 1, '-j', 'ISTIO_POSTRT');
  b.appendV4('ISTIO_POSTRT', 'nat', '-m', 'owner', '--socket-exists', '-p', 'tcp', '-m', 'set', '--match-set', 'istio-inpod-probes-v4', 'dst', '-j', 'SNAT', '--to-source', AMBIENT_PROBE_SNAT_V4);
  b.appendV6('ISTIO_POSTRT', 'nat', '-m', 'owner', '--socket-exists', '-p', 'tcp', '-m', 'set', '--match-set', 'istio-inpod-probes-v6', 'dst', '-j', 'SNAT', '--to-source', HOST_PROBE_SNAT_V6);
  return { v4: b.buildV4Restore(), v6: enableIpv6 ? b.buildV6Restore() : '' };
}
