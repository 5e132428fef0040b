// From Kubernetes pod annotations to istio-iptables options: the sidecar injector's
// istio-init arguments, and the istio-cni plugin's variant of the same mapping.

import { sidecarOptions, SIDECAR_DEFAULTS, CAPTURE_TEST_DEFAULTS } from './options.ts';
import type { InterceptionMode, IstioIptablesOptions } from './options.ts';

export type Annotations = Record<string, string>;

/** The annotations a reader can edit, with what each one drives. */
export const TRAFFIC_ANNOTATIONS = {
  'traffic.sidecar.istio.io/includeInboundPorts': 'inboundPortsInclude (-b)',
  'traffic.sidecar.istio.io/excludeInboundPorts': 'inboundPortsExclude (-d), added to 15090,15021,15020',
  'traffic.sidecar.istio.io/includeOutboundIPRanges': 'outboundIpRangesInclude (-i)',
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': 'outboundIpRangesExclude (-x)',
  'traffic.sidecar.istio.io/includeOutboundPorts': 'outboundPortsInclude (-q)',
  'traffic.sidecar.istio.io/excludeOutboundPorts': 'outboundPortsExclude (-o)',
  'traffic.sidecar.istio.io/excludeInterfaces': 'excludeInterfaces (-c)',
  'traffic.sidecar.istio.io/kubevirtInterfaces': 'kubeVirtInterfaces (-k)',
  'sidecar.istio.io/interceptionMode': 'inboundInterceptionMode (-m REDIRECT|TPROXY)',
  'proxy.istio.io/config ISTIO_META_DNS_CAPTURE': 'redirectDns',
} as const;

export interface AnnotationContext {
  /** Istio release knob, see options.ts. */
  version?: string;
  /** Proxy env ISTIO_META_DNS_CAPTURE=true. */
  dnsCapture?: boolean;
  /** nameservers from the pod's resolv.conf (istio-init passes them on). */
  dnsServers?: string[];
  /** Proxy env INVALID_DROP=true. */
  invalidDrop?: boolean;
  proxyUid?: string;
  proxyGid?: string;
}

const A = 'traffic.sidecar.istio.io/';

function mode(annotations: Annotations): InterceptionMode {
  const m = annotations['sidecar.istio.io/interceptionMode'];
  return m === 'TPROXY' ? 'TPROXY' : 'REDIRECT';
}

/**
 * The injector's istio-init arguments. Like the injection template, the status ports
 * 15090,15021,15020 are always excluded inbound and a user list is appended to them.
 */
export function optionsFromAnnotations(annotations: Annotations, ctx: AnnotationContext = {}): IstioIptablesOptions {
  const get = (k: string): string | undefined => annotations[A + k];
  const extraInboundExclude = get('excludeInboundPorts');
  return sidecarOptions({
    version: ctx.version ?? 'current',
    inboundInterceptionMode: mode(annotations),
    inboundPortsInclude: get('includeInboundPorts') ?? SIDECAR_DEFAULTS.inboundPortsInclude,
    inboundPortsExclude: extraInboundExclude
      ? `${SIDECAR_DEFAULTS.inboundPortsExclude},${extraInboundExclude}`
      : SIDECAR_DEFAULTS.inboundPortsExclude,
    outboundIpRangesInclude: get('includeOutboundIPRanges') ?? SIDECAR_DEFAULTS.outboundIpRangesInclude,
    outboundIpRangesExclude: get('excludeOutboundIPRanges') ?? '',
    outboundPortsInclude: get('includeOutboundPorts') ?? '',
    outboundPortsExclude: get('excludeOutboundPorts') ?? '',
    excludeInterfaces: get('excludeInterfaces') ?? '',
    kubeVirtInterfaces: get('kubevirtInterfaces') ?? '',
    redirectDns: ctx.dnsCapture ?? false,
    dnsServersV4: ctx.dnsCapture ? (ctx.dnsServers ?? []) : [],
    dropInvalid: ctx.invalidDrop ?? false,
    proxyUid: ctx.proxyUid ?? '1337',
    proxyGid: ctx.proxyGid ?? ctx.proxyUid ?? '1337',
  });
}

/**
 * The istio-cni plugin's mapping (cni/pkg/plugin): inbound and outbound '*', status
 * ports excluded inbound in ascending order, 15020 excluded outbound unless the pod
 * sets its own list, and DNS captured for every server.
 */
export function cniOptionsFromAnnotations(annotations: Annotations, ctx: AnnotationContext = {}): IstioIptablesOptions {
  const get = (k: string): string | undefined => annotations[A + k];
  const extraInboundExclude = get('excludeInboundPorts');
  return {
    ...CAPTURE_TEST_DEFAULTS,
    version: ctx.version ?? 'current',
    inboundInterceptionMode: mode(annotations),
    inboundPortsInclude: get('includeInboundPorts') ?? '*',
    inboundPortsExclude: extraInboundExclude ? `15020,15021,15090,${extraInboundExclude}` : '15020,15021,15090',
    outboundIpRangesInclude: get('includeOutboundIPRanges') ?? '*',
    outboundIpRangesExclude: get('excludeOutboundIPRanges') ?? '',
    outboundPortsInclude: get('includeOutboundPorts') ?? '',
    outboundPortsExclude: get('excludeOutboundPorts') ?? '15020',
    excludeInterfaces: get('excludeInterfaces') ?? '',
    kubeVirtInterfaces: get('kubevirtInterfaces') ?? '',
    redirectDns: ctx.dnsCapture ?? false,
    captureAllDns: ctx.dnsCapture ?? false,
    dropInvalid: ctx.invalidDrop ?? false,
    proxyUid: ctx.proxyUid ?? '1337',
    proxyGid: ctx.proxyGid ?? ctx.proxyUid ?? '1337',
  };
}
