// The rule generator: a TypeScript rendition of istio-iptables' capture/run.go
// (Apache-2.0, the Istio Authors), following its call order line by line so the text
// equals the goldens. Historic releases are expressed as feature gates (see versionMinor).

import { IP_VERSION_SPECIFIC as V, IstioRuleBuilder } from './builder.ts';
import { splitList, versionMinor } from './options.ts';
import type { IstioIptablesOptions } from './options.ts';

const ISTIO_INBOUND = 'ISTIO_INBOUND';
const ISTIO_REDIRECT = 'ISTIO_REDIRECT';
const ISTIO_IN_REDIRECT = 'ISTIO_IN_REDIRECT';
const ISTIO_OUTPUT = 'ISTIO_OUTPUT';
const ISTIO_OUTPUT_DNS = 'ISTIO_OUTPUT_DNS';
const ISTIO_DIVERT = 'ISTIO_DIVERT';
const ISTIO_TPROXY = 'ISTIO_TPROXY';
const ISTIO_DROP = 'ISTIO_DROP';
const OUTBOUND_MARK = '1338';
const DNS_AGENT_PORT = '15053';

export interface GeneratedRules {
  /** Istio's iptables-restore input for IPv4 (`* nat`, `-N`, `-A`/`-I`, `COMMIT`). */
  v4: string;
  /** The IPv6 input; empty unless enableIpv6. */
  v6: string;
  builder: IstioRuleBuilder;
}

interface NetworkRange {
  wildcard: boolean;
  cidrs: string[];
  hasLoopback: boolean;
}

/** Features of a release, from the rule-set history in the golden INDEX. */
export interface VersionFeatures {
  /** 1.7: `ISTIO_INBOUND -p tcp --dport 15008 -j RETURN`. */
  tunnelReturn: boolean;
  /** Before 1.13 ssh (22) was excluded from inbound capture. */
  sshExcluded: boolean;
  /** 1.18: `-p tcp ! --dport 15008` on the owner -> ISTIO_IN_REDIRECT rules. */
  inRedirectSkipsTunnel: boolean;
  /** 1.25: `-A OUTPUT -j ISTIO_OUTPUT` without `-p tcp`. */
  outputJumpAllProtocols: boolean;
  /** excludeOutboundPorts also returns udp (the 1.11 CNI snapshot has tcp only; assumed from 1.23). */
  outboundExcludeUdp: boolean;
  /** 1.10: inbound envoy reaches the app from 127.0.0.6 at the pod IP. */
  inboundViaPodIp: boolean;
}

export function versionFeatures(version: string): VersionFeatures {
  const m = versionMinor(version);
  return {
    tunnelReturn: m >= 7,
    sshExcluded: m < 13,
    inRedirectSkipsTunnel: m >= 18,
    outputJumpAllProtocols: m >= 25,
    outboundExcludeUdp: m >= 23,
    inboundViaPodIp: m >= 10,
  };
}

function isV4(addr: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(addr);
}

function validV4(addr: string): boolean {
  return isV4(addr) && addr.split('.').every((o) => Number(o) <= 255 && !/^0\d/.test(o));
}

function validV6(addr: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(addr) || !addr.includes(':')) return false;
  const dbl = addr.split('::').length - 1;
  return dbl <= 1;
}

function v6IsLoopback(addr: string): boolean {
  return addr === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(addr);
}

/** Istio's separateV4V6: netip.ParsePrefix, bad entries ignored. */
function separateV4V6(list: string): [NetworkRange, NetworkRange] {
  if (list === '*') return [{ wildcard: true, cidrs: [], hasLoopback: false }, { wildcard: true, cidrs: [], hasLoopback: false }];
  const v4: NetworkRange = { wildcard: false, cidrs: [], hasLoopback: false };
  const v6: NetworkRange = { wildcard: false, cidrs: [], hasLoopback: false };
  for (const item of splitList(list)) {
    const m = /^(.+)\/(\d+)$/.exec(item);
    if (!m) continue;
    const [, addr, bitsStr] = m;
    const bits = Number(bitsStr);
    if (validV4(addr) && bits <= 32) {
      v4.cidrs.push(item);
      if (addr.startsWith('127.')) v4.hasLoopback = true;
    } else if (validV6(addr) && bits <= 128) {
      v6.cidrs.push(item);
      if (v6IsLoopback(addr)) v6.hasLoopback = true;
    }
  }
  return [v4, v6];
}

export function generateIstioRules(cfg: IstioIptablesOptions): GeneratedRules {
  const f = versionFeatures(cfg.version);
  const b = new IstioRuleBuilder(cfg.enableIpv6);
  const tproxy = cfg.inboundInterceptionMode === 'TPROXY';
  const loopback = cfg.hostIpv4LoopbackCidr;

  const [v4Exclude, v6Exclude] = separateV4V6(cfg.outboundIpRangesExclude);
  if (v4Exclude.wildcard) throw new Error('invalid value for OUTBOUND_IP_RANGES_EXCLUDE');
  const [v4Include, v6Include] = separateV4V6(cfg.outboundIpRangesInclude);

  let redirectDns = cfg.redirectDns;
  // Istio silently disables DNS capture when it has nowhere to send it.
  if (redirectDns && !cfg.captureAllDns && cfg.dnsServersV4.length === 0 && cfg.dnsServersV6.length === 0) {
    redirectDns = false;
  }

  // Istio 1.6 created its chains before filling them, in this order.
  if (!f.tunnelReturn) for (const c of [ISTIO_INBOUND, ISTIO_REDIRECT, ISTIO_IN_REDIRECT, ISTIO_OUTPUT]) b.declareChain('nat', c);

  // shortCircuitExcludeInterfaces
  for (const nic of splitList(cfg.excludeInterfaces)) {
    b.append('PREROUTING', 'nat', '-i', nic, '-j', 'RETURN');
    b.append('OUTPUT', 'nat', '-o', nic, '-j', 'RETURN');
  }
  if (tproxy) {
    for (const nic of splitList(cfg.excludeInterfaces)) {
      b.append('PREROUTING', 'mangle', '-i', nic, '-j', 'RETURN');
      b.append('OUTPUT', 'mangle', '-o', nic, '-j', 'RETURN');
    }
  }
  // shortCircuitKubeInternalInterface
  for (const nic of splitList(cfg.kubeVirtInterfaces)) b.insert('PREROUTING', 'nat', 1, '-i', nic, '-j', 'RETURN');

  if (cfg.dropInvalid) {
    b.append('PREROUTING', 'mangle', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', ISTIO_DROP);
    b.append(ISTIO_DROP, 'mangle', '-j', 'DROP');
  }

  if (f.tunnelReturn) b.append(ISTIO_INBOUND, 'nat', '-p', 'tcp', '--dport', cfg.inboundTunnelPort, '-j', 'RETURN');
  b.append(ISTIO_REDIRECT, 'nat', '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', cfg.proxyPort);
  b.append(ISTIO_IN_REDIRECT, 'nat', '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', cfg.inboundCapturePort);

  handleInboundPortsInclude(b, cfg, f.sshExcluded);

  if (f.outputJumpAllProtocols) b.append('OUTPUT', 'nat', '-j', ISTIO_OUTPUT);
  else b.append('OUTPUT', 'nat', '-p', 'tcp', '-j', ISTIO_OUTPUT);

  for (const port of splitList(cfg.outboundPortsExclude)) {
    b.append(ISTIO_OUTPUT, 'nat', '-p', 'tcp', '--dport', port, '-j', 'RETURN');
    if (f.outboundExcludeUdp) b.append(ISTIO_OUTPUT, 'nat', '-p', 'udp', '--dport', port, '-j', 'RETURN');
  }

  // 127.0.0.6 is the source envoy's inbound passthrough binds to.
  b.appendVersioned('127.0.0.6/32', '::6/128', ISTIO_OUTPUT, 'nat', '-o', 'lo', '-s', V, '-j', 'RETURN');

  const noLoopbackInclude = !v4Include.hasLoopback && !v6Include.hasLoopback;
  const tunnelMatch = f.inRedirectSkipsTunnel ? ['-p', 'tcp', '!', '--dport', cfg.inboundTunnelPort] : [];
  for (const uid of splitList(cfg.proxyUid)) {
    if (redirectDns && f.inRedirectSkipsTunnel) {
      b.appendVersioned(loopback, '::1/128', ISTIO_OUTPUT, 'nat', '-o', 'lo', '!', '-d', V, '-p', 'tcp',
        '-m', 'multiport', '!', '--dports', `53,${cfg.inboundTunnelPort}`,
        '-m', 'owner', '--uid-owner', uid, '-j', ISTIO_IN_REDIRECT);
    } else {
      b.appendVersioned(loopback, '::1/128', ISTIO_OUTPUT, 'nat', '-o', 'lo', '!', '-d', V, ...tunnelMatch,
        '-m', 'owner', '--uid-owner', uid, '-j', ISTIO_IN_REDIRECT);
    }
    if (noLoopbackInclude) {
      if (redirectDns) {
        b.append(ISTIO_OUTPUT, 'nat', '-o', 'lo', '-p', 'tcp', '!', '--dport', '53', '-m', 'owner', '!', '--uid-owner', uid, '-j', 'RETURN');
      } else {
        b.append(ISTIO_OUTPUT, 'nat', '-o', 'lo', '-m', 'owner', '!', '--uid-owner', uid, '-j', 'RETURN');
      }
    }
    b.append(ISTIO_OUTPUT, 'nat', '-m', 'owner', '--uid-owner', uid, '-j', 'RETURN');
  }
  for (const gid of splitList(cfg.proxyGid)) {
    b.appendVersioned(loopback, '::1/128', ISTIO_OUTPUT, 'nat', '-o', 'lo', '!', '-d', V, ...tunnelMatch,
      '-m', 'owner', '--gid-owner', gid, '-j', ISTIO_IN_REDIRECT);
    if (noLoopbackInclude) {
      if (redirectDns) {
        b.append(ISTIO_OUTPUT, 'nat', '-o', 'lo', '-p', 'tcp', '!', '--dport', '53', '-m', 'owner', '!', '--gid-owner', gid, '-j', 'RETURN');
      } else {
        b.append(ISTIO_OUTPUT, 'nat', '-o', 'lo', '-m', 'owner', '!', '--gid-owner', gid, '-j', 'RETURN');
      }
    }
    b.append(ISTIO_OUTPUT, 'nat', '-m', 'owner', '--gid-owner', gid, '-j', 'RETURN');
  }

  handleCaptureByOwnerGroup(b, cfg);

  if (redirectDns) setupDnsRedirect(b, cfg);

  // Envoy-aware apps and container-to-container traffic use localhost.
  b.appendVersioned(loopback, '::1/128', ISTIO_OUTPUT, 'nat', '-d', V, '-j', 'RETURN');
  for (const cidr of v4Exclude.cidrs) b.appendV4(ISTIO_OUTPUT, 'nat', '-d', cidr, '-j', 'RETURN');
  for (const cidr of v6Exclude.cidrs) b.appendV6(ISTIO_OUTPUT, 'nat', '-d', cidr, '-j', 'RETURN');

  for (const port of splitList(cfg.outboundPortsInclude)) {
    b.append(ISTIO_OUTPUT, 'nat', '-p', 'tcp', '--dport', port, '-j', ISTIO_REDIRECT);
  }

  handleOutboundInclude(b, cfg, v4Include, 4);
  handleOutboundInclude(b, cfg, v6Include, 6);

  if (tproxy) {
    const mark = cfg.inboundTproxyMark;
    b.append('PREROUTING', 'mangle', '-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'CONNMARK', '--save-mark');
    b.append('OUTPUT', 'mangle', '-p', 'tcp', '-o', 'lo', '-m', 'mark', '--mark', mark, '-j', 'RETURN');
    for (const uid of splitList(cfg.proxyUid)) {
      b.appendVersioned(loopback, '::1/128', 'OUTPUT', 'mangle', '!', '-d', V, '-p', 'tcp', '-o', 'lo',
        '-m', 'owner', '--uid-owner', uid, '-j', 'MARK', '--set-mark', OUTBOUND_MARK);
    }
    for (const gid of splitList(cfg.proxyGid)) {
      b.appendVersioned(loopback, '::1/128', 'OUTPUT', 'mangle', '!', '-d', V, '-p', 'tcp', '-o', 'lo',
        '-m', 'owner', '--gid-owner', gid, '-j', 'MARK', '--set-mark', OUTBOUND_MARK);
    }
    b.append('OUTPUT', 'mangle', '-p', 'tcp', '-m', 'connmark', '--mark', mark, '-j', 'CONNMARK', '--restore-mark');
    b.insert(ISTIO_INBOUND, 'mangle', 1, '-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'RETURN');
    b.insertV4(ISTIO_INBOUND, 'mangle', 2, '-p', 'tcp', '-s', '127.0.0.6/32', '-i', 'lo', '-j', 'RETURN');
    b.insertV6(ISTIO_INBOUND, 'mangle', 2, '-p', 'tcp', '-s', '::6/128', '-i', 'lo', '-j', 'RETURN');
    b.insert(ISTIO_INBOUND, 'mangle', 3, '-p', 'tcp', '-i', 'lo', '-m', 'mark', '!', '--mark', OUTBOUND_MARK, '-j', 'RETURN');
  }

  return { v4: b.buildV4Restore(), v6: cfg.enableIpv6 ? b.buildV6Restore() : '', builder: b };
}

function handleInboundPortsInclude(b: IstioRuleBuilder, cfg: IstioIptablesOptions, sshExcluded: boolean): void {
  if (cfg.inboundPortsInclude === '') return;
  const tproxy = cfg.inboundInterceptionMode === 'TPROXY';
  let table = 'nat';
  if (tproxy) {
    b.append(ISTIO_DIVERT, 'mangle', '-j', 'MARK', '--set-mark', cfg.inboundTproxyMark);
    b.append(ISTIO_DIVERT, 'mangle', '-j', 'ACCEPT');
    b.appendVersioned(cfg.hostIpv4LoopbackCidr, '::1/128', ISTIO_TPROXY, 'mangle', '!', '-d', V, '-p', 'tcp',
      '-j', 'TPROXY', '--tproxy-mark', `${cfg.inboundTproxyMark}/0xffffffff`, '--on-port', cfg.inboundCapturePort);
    table = 'mangle';
  }
  b.append('PREROUTING', table, '-p', 'tcp', '-j', ISTIO_INBOUND);
  if (cfg.inboundPortsInclude === '*') {
    const excludes = splitList(cfg.inboundPortsExclude);
    if (sshExcluded) excludes.unshift('22');
    for (const port of excludes) b.append(ISTIO_INBOUND, table, '-p', 'tcp', '--dport', port, '-j', 'RETURN');
    if (tproxy) {
      b.append(ISTIO_INBOUND, 'mangle', '-p', 'tcp', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', ISTIO_DIVERT);
      b.append(ISTIO_INBOUND, 'mangle', '-p', 'tcp', '-j', ISTIO_TPROXY);
    } else {
      b.append(ISTIO_INBOUND, 'nat', '-p', 'tcp', '-j', ISTIO_IN_REDIRECT);
    }
    return;
  }
  // An explicit port list: inbound excludes are ignored.
  for (const port of splitList(cfg.inboundPortsInclude)) {
    if (tproxy) {
      b.append(ISTIO_INBOUND, 'mangle', '-p', 'tcp', '--dport', port, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', ISTIO_DIVERT);
      b.append(ISTIO_INBOUND, 'mangle', '-p', 'tcp', '--dport', port, '-j', ISTIO_TPROXY);
    } else {
      b.append(ISTIO_INBOUND, 'nat', '-p', 'tcp', '--dport', port, '-j', ISTIO_IN_REDIRECT);
    }
  }
}

function handleOutboundInclude(b: IstioRuleBuilder, cfg: IstioIptablesOptions, range: NetworkRange, family: 4 | 6): void {
  const append = (chain: string, table: string, ...p: string[]): void =>
    family === 4 ? b.appendV4(chain, table, ...p) : b.appendV6(chain, table, ...p);
  const insert = (chain: string, table: string, pos: number, ...p: string[]): void =>
    family === 4 ? b.insertV4(chain, table, pos, ...p) : b.insertV6(chain, table, pos, ...p);
  if (range.wildcard) {
    append(ISTIO_OUTPUT, 'nat', '-j', ISTIO_REDIRECT);
    for (const nic of splitList(cfg.kubeVirtInterfaces)) insert('PREROUTING', 'nat', 1, '-i', nic, '-j', ISTIO_REDIRECT);
    return;
  }
  for (const cidr of range.cidrs) {
    for (const nic of splitList(cfg.kubeVirtInterfaces)) insert('PREROUTING', 'nat', 1, '-i', nic, '-d', cidr, '-j', ISTIO_REDIRECT);
    append(ISTIO_OUTPUT, 'nat', '-d', cidr, '-j', ISTIO_REDIRECT);
  }
}

function handleCaptureByOwnerGroup(b: IstioRuleBuilder, cfg: IstioIptablesOptions): void {
  if (cfg.ownerGroupsInclude === '*') {
    for (const g of splitList(cfg.ownerGroupsExclude)) b.append(ISTIO_OUTPUT, 'nat', '-m', 'owner', '--gid-owner', g, '-j', 'RETURN');
    return;
  }
  const groups = splitList(cfg.ownerGroupsInclude);
  const noneOf = groups.flatMap((g) => ['-m', 'owner', '!', '--gid-owner', g]);
  b.append(ISTIO_OUTPUT, 'nat', ...noneOf, '-j', 'RETURN');
}

function setupDnsRedirect(b: IstioRuleBuilder, cfg: IstioIptablesOptions): void {
  const all = cfg.captureAllDns;
  b.append('OUTPUT', 'raw', '-j', ISTIO_OUTPUT_DNS);
  if (all || cfg.dnsServersV4.length > 0) b.appendV4(ISTIO_OUTPUT, 'nat', '-j', ISTIO_OUTPUT_DNS);
  if (all || cfg.dnsServersV6.length > 0) b.appendV6(ISTIO_OUTPUT, 'nat', '-j', ISTIO_OUTPUT_DNS);
  if (all) {
    b.append(ISTIO_OUTPUT_DNS, 'nat', '-p', 'tcp', '--dport', '53', '-j', 'REDIRECT', '--to-ports', DNS_AGENT_PORT);
    b.append(ISTIO_OUTPUT_DNS, 'nat', '-p', 'udp', '--dport', '53', '-j', 'REDIRECT', '--to-port', DNS_AGENT_PORT);
  } else {
    for (const s of cfg.dnsServersV4) b.appendV4(ISTIO_OUTPUT_DNS, 'nat', '-p', 'tcp', '--dport', '53', '-d', `${s}/32`, '-j', 'REDIRECT', '--to-ports', DNS_AGENT_PORT);
    for (const s of cfg.dnsServersV6) b.appendV6(ISTIO_OUTPUT_DNS, 'nat', '-p', 'tcp', '--dport', '53', '-d', `${s}/128`, '-j', 'REDIRECT', '--to-ports', DNS_AGENT_PORT);
    for (const s of cfg.dnsServersV4) b.appendV4(ISTIO_OUTPUT_DNS, 'nat', '-p', 'udp', '--dport', '53', '-d', `${s}/32`, '-j', 'REDIRECT', '--to-port', DNS_AGENT_PORT);
    for (const s of cfg.dnsServersV6) b.appendV6(ISTIO_OUTPUT_DNS, 'nat', '-p', 'udp', '--dport', '53', '-d', `${s}/128`, '-j', 'REDIRECT', '--to-port', DNS_AGENT_PORT);
  }
  // Conntrack zones keep envoy<->upstream DNS apart from app<->agent DNS.
  for (const uid of splitList(cfg.proxyUid)) {
    b.append(ISTIO_OUTPUT_DNS, 'raw', '-p', 'udp', '--dport', '53', '-m', 'owner', '--uid-owner', uid, '-j', 'CT', '--zone', '1');
    b.append(ISTIO_OUTPUT_DNS, 'raw', '-p', 'udp', '--sport', DNS_AGENT_PORT, '-m', 'owner', '--uid-owner', uid, '-j', 'CT', '--zone', '2');
  }
  for (const gid of splitList(cfg.proxyGid)) {
    b.append(ISTIO_OUTPUT_DNS, 'raw', '-p', 'udp', '--dport', '53', '-m', 'owner', '--gid-owner', gid, '-j', 'CT', '--zone', '1');
    b.append(ISTIO_OUTPUT_DNS, 'raw', '-p', 'udp', '--sport', DNS_AGENT_PORT, '-m', 'owner', '--gid-owner', gid, '-j', 'CT', '--zone', '2');
  }
  if (all) {
    b.append('PREROUTING', 'raw', '-j', ISTIO_INBOUND);
    b.append(ISTIO_OUTPUT_DNS, 'raw', '-p', 'udp', '--dport', '53', '-j', 'CT', '--zone', '2');
    b.append(ISTIO_INBOUND, 'raw', '-p', 'udp', '--sport', '53', '-j', 'CT', '--zone', '1');
    return;
  }
  if (cfg.dnsServersV4.length > 0) b.appendV4('PREROUTING', 'raw', '-j', ISTIO_INBOUND);
  for (const s of cfg.dnsServersV4) {
    b.appendV4(ISTIO_OUTPUT_DNS, 'raw', '-p', 'udp', '--dport', '53', '-d', `${s}/32`, '-j', 'CT', '--zone', '2');
    b.appendV4(ISTIO_INBOUND, 'raw', '-p', 'udp', '--sport', '53', '-s', `${s}/32`, '-j', 'CT', '--zone', '1');
  }
  if (cfg.dnsServersV6.length > 0) b.appendV6('PREROUTING', 'raw', '-j', ISTIO_INBOUND);
  for (const s of cfg.dnsServersV6) {
    b.appendV6(ISTIO_OUTPUT_DNS, 'raw', '-p', 'udp', '--dport', '53', '-d', `${s}/128`, '-j', 'CT', '--zone', '2');
    b.appendV6(ISTIO_INBOUND, 'raw', '-p', 'udp', '--sport', '53', '-s', `${s}/128`, '-j', 'CT', '--zone', '1');
  }
}
