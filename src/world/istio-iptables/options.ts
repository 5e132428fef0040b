// istio-iptables' options, named after its flags (pkg/config). Values stay strings where
// Istio keeps strings (comma lists, '*' wildcards) so odd inputs such as a trailing
// comma behave exactly as Istio's split() makes them behave.

export type InterceptionMode = 'REDIRECT' | 'TPROXY';

export interface IstioIptablesOptions {
  /** Rule-set generation: 'current' (Istio 1.25+) or a historic release such as '1.6', '1.11'. */
  version: string;
  /** -p: envoy's outbound listener. */
  proxyPort: string;
  /** -z: envoy's inbound listener. */
  inboundCapturePort: string;
  /** HBONE tunnel port, never captured inbound (1.7+). */
  inboundTunnelPort: string;
  /** -u / -g: comma lists of the proxy's uids and gids. */
  proxyUid: string;
  proxyGid: string;
  /** -m */
  inboundInterceptionMode: InterceptionMode;
  /** -t: TPROXY mark; the route table is used by `ip rule`, not by iptables. */
  inboundTproxyMark: string;
  inboundTproxyRouteTable: string;
  /** -b / -d: inbound ports to capture ('*' = all) and to exclude (only with '*'). */
  inboundPortsInclude: string;
  inboundPortsExclude: string;
  /** -q / -o */
  outboundPortsInclude: string;
  outboundPortsExclude: string;
  /** -i / -x: CIDR lists, '*' = all. */
  outboundIpRangesInclude: string;
  outboundIpRangesExclude: string;
  /** Owner-group filter (--capture-by-owner-groups ... ); '*' = every group. */
  ownerGroupsInclude: string;
  ownerGroupsExclude: string;
  /** -k: virtual interfaces whose traffic is outbound-captured. */
  kubeVirtInterfaces: string;
  /** -c: interfaces left alone. */
  excludeInterfaces: string;
  /** DNS capture (ISTIO_META_DNS_CAPTURE). */
  redirectDns: boolean;
  /** Capture port 53 to any server (the CNI plugin's behaviour). */
  captureAllDns: boolean;
  dnsServersV4: string[];
  dnsServersV6: string[];
  /** INVALID_DROP */
  dropInvalid: boolean;
  hostIpv4LoopbackCidr: string;
  enableIpv6: boolean;
}

/** The base config of Istio's own capture tests (capture/run_test.go), not a real pod's. */
export const CAPTURE_TEST_DEFAULTS: IstioIptablesOptions = {
  version: 'current',
  proxyPort: '15001',
  inboundCapturePort: '15006',
  inboundTunnelPort: '15008',
  proxyUid: '1337',
  proxyGid: '1337',
  inboundInterceptionMode: 'REDIRECT',
  inboundTproxyMark: '1337',
  inboundTproxyRouteTable: '133',
  inboundPortsInclude: '',
  inboundPortsExclude: '',
  outboundPortsInclude: '',
  outboundPortsExclude: '',
  outboundIpRangesInclude: '',
  outboundIpRangesExclude: '',
  ownerGroupsInclude: '*',
  ownerGroupsExclude: '',
  kubeVirtInterfaces: '',
  excludeInterfaces: '',
  redirectDns: false,
  captureAllDns: false,
  dnsServersV4: [],
  dnsServersV6: [],
  dropInvalid: false,
  hostIpv4LoopbackCidr: '127.0.0.1/32',
  enableIpv6: false,
};

/**
 * What an injected istio-init really runs:
 * `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020`.
 */
export const SIDECAR_DEFAULTS: IstioIptablesOptions = {
  ...CAPTURE_TEST_DEFAULTS,
  inboundPortsInclude: '*',
  inboundPortsExclude: '15090,15021,15020',
  outboundIpRangesInclude: '*',
};

export function sidecarOptions(over: Partial<IstioIptablesOptions> = {}): IstioIptablesOptions {
  return { ...SIDECAR_DEFAULTS, ...over };
}

/** Istio's config.Split: comma separated, blanks dropped. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Minor release number of a version knob; 'current' sorts after every real release. */
export function versionMinor(version: string): number {
  if (version === 'current') return 1000;
  const m = /^1\.(\d+)$/.exec(version);
  if (!m) throw new Error(`unknown Istio version "${version}" (use 'current' or '1.N')`);
  return Number(m[1]);
}
