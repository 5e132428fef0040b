// The sidecar injector refuses bad traffic annotations before istio-iptables ever runs.
// Modelled on Istio's pkg/kube/inject/validate.go (validateAnnotations, validatePortList,
// validateCIDRList): the messages keep Go's error wording (strconv / net/netip).

export const ANNOTATION_KEYS = {
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeOutboundPorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  interceptionMode: 'sidecar.istio.io/interceptionMode',
} as const;

export type AnnotationField = keyof typeof ANNOTATION_KEYS;

function parsePort(s: string): string | null {
  const t = s.trim();
  if (!/^\d+$/.test(t)) return `failed parsing port "${s}": strconv.ParseUint: parsing "${t}": invalid syntax`;
  if (Number(t) > 65535) return `failed parsing port "${s}": strconv.ParseUint: parsing "${t}": value out of range`;
  return null;
}

function portList(name: string, value: string): string | null {
  for (const p of value.split(',')) {
    if (p.trim() === '') continue;
    const e = parsePort(p);
    if (e) return `${name} invalid: ${e}`;
  }
  return null;
}

function parseAddr(a: string): string | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (m) {
    if (m.slice(1).some((o) => Number(o) > 255)) return `ParseAddr("${a}"): IPv4 field has value >255`;
    if (m.slice(1).some((o) => o.length > 1 && o.startsWith('0'))) return `ParseAddr("${a}"): IPv4 field has octet with leading zero`;
    return null;
  }
  if (a.includes(':') && /^[0-9a-fA-F:.]+$/.test(a)) return null;
  if (/^[\d.]+$/.test(a)) return `ParseAddr("${a}"): IPv4 address too short`;
  return `ParseAddr("${a}"): unable to parse IP`;
}

function parsePrefix(s: string): string | null {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return `netip.ParsePrefix("${s}"): no '/'`;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const ae = parseAddr(addr);
  if (ae) return `netip.ParsePrefix("${s}"): ${ae}`;
  if (!/^\d+$/.test(bits) || (bits.length > 1 && bits.startsWith('0'))) return `netip.ParsePrefix("${s}"): bad bits after slash: "${bits}"`;
  const max = addr.includes(':') ? 128 : 32;
  if (Number(bits) > max) return `netip.ParsePrefix("${s}"): prefix length out of range`;
  return null;
}

function cidrList(name: string, value: string): string | null {
  if (value === '*' && name === 'includeIPRanges') return null;
  for (const c of value.split(',')) {
    if (c.trim() === '') continue;
    const e = parsePrefix(c.trim());
    if (e) return `${name} invalid: failed parsing cidr '${c}': ${e}`;
  }
  return null;
}

const CHECKS: Record<AnnotationField, (v: string) => string | null> = {
  includeInboundPorts: (v) => (v === '*' ? null : portList('includeInboundPorts', v)),
  excludeInboundPorts: (v) => portList('excludeInboundPorts', v),
  includeOutboundIPRanges: (v) => cidrList('includeIPRanges', v),
  excludeOutboundIPRanges: (v) => cidrList('excludeIPRanges', v),
  includeOutboundPorts: (v) => portList('includeOutboundPorts', v),
  excludeOutboundPorts: (v) => portList('excludeOutboundPorts', v),
  interceptionMode: (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? null : `interceptionMode invalid: ${v}`),
};

/** The injector's complaint about one annotation, or null if it accepts the value. */
export function checkAnnotation(field: AnnotationField, value: string): string | null {
  const e = CHECKS[field](value);
  return e ? `invalid value '${value}' for annotation '${ANNOTATION_KEYS[field]}': ${e}` : null;
}
