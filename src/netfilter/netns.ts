// One network namespace: devices and addresses, policy routing, conntrack, the
// iptables of the namespace (through FirewallPort) and its sockets.

import { ip, ipText, maskOf } from './addr.ts';
import { ConntrackTable } from './conntrack.ts';
import type { FirewallPort } from './firewall-port.ts';
import { defaultRules, RT_TABLE_LOCAL, RT_TABLE_MAIN } from './routing.ts';
import type { Route, RoutingRule } from './routing.ts';
import { SocketTable } from './sockets.ts';

export interface IfAddr {
  ip: number;
  prefix: number;
  scope: 'host' | 'global' | 'link';
}

export interface NetDevice {
  name: string;
  ifindex: number;
  kind: 'loopback' | 'veth';
  mac: string;
  mtu: number;
  up: boolean;
  addrs: IfAddr[];
  /** the other end of a veth pair */
  peer?: { ns: NetNs; dev: string };
  /** `eth0@if7`: ifindex of the peer */
  peerIfindex?: number;
}

/** A kube-proxy stand-in: ClusterIP:port -> endpoint, applied as a DNAT binding. */
export type ServiceResolver = (dst: number, dport: number, proto: number) => { ip: number; port: number } | undefined;

export class NetNs {
  readonly name: string;
  readonly devices: NetDevice[] = [];
  readonly routes: Route[] = [];
  rules: RoutingRule[] = defaultRules();
  readonly conntrack = new ConntrackTable();
  readonly sockets = new SocketTable();
  firewall: FirewallPort;
  forwarding = false;
  /** kube-proxy (nftables mode: invisible to iptables) on the node */
  services?: ServiceResolver;
  private nextEphemeral: number;

  constructor(name: string, firewall: FirewallPort, ephemeralStart = 37544) {
    this.name = name;
    this.firewall = firewall;
    this.nextEphemeral = ephemeralStart;
    this.addDevice({ name: 'lo', ifindex: 1, kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: [] });
    this.addAddress('lo', '127.0.0.1', 8, 'host');
  }

  addDevice(d: NetDevice): NetDevice {
    this.devices.push(d);
    return d;
  }

  device(name: string): NetDevice | undefined {
    return this.devices.find((d) => d.name === name);
  }

  /** `ip addr add`: also the local/broadcast routes the kernel adds to table local, and the prefix route. */
  addAddress(dev: string, addr: string, prefix: number, scope: IfAddr['scope'] = 'global'): void {
    const d = this.device(dev);
    if (!d) throw new Error(`no device ${dev}`);
    const a = ip(addr);
    d.addrs.push({ ip: a, prefix, scope });
    const net = (a & maskOf(prefix)) >>> 0;
    if (d.kind === 'loopback') {
      this.routes.push({ type: 'local', dst: net, prefix, dev, src: a, proto: 'kernel', scope: 'host', table: RT_TABLE_LOCAL });
      this.routes.push({ type: 'local', dst: a, prefix: 32, dev, src: a, proto: 'kernel', scope: 'host', table: RT_TABLE_LOCAL });
    } else {
      this.routes.push({ type: 'local', dst: a, prefix: 32, dev, src: a, proto: 'kernel', scope: 'host', table: RT_TABLE_LOCAL });
      if (prefix < 32) this.routes.push({ type: 'unicast', dst: net, prefix, dev, src: a, proto: 'kernel', scope: 'link', table: RT_TABLE_MAIN });
    }
    if (prefix < 31) {
      const bcast = (net | (~maskOf(prefix) >>> 0)) >>> 0;
      this.routes.push({ type: 'broadcast', dst: bcast, prefix: 32, dev, src: a, proto: 'kernel', scope: 'link', table: RT_TABLE_LOCAL });
    }
  }

  addRoute(r: Omit<Route, 'table'> & { table?: number }): void {
    this.routes.push({ table: RT_TABLE_MAIN, ...r });
  }

  /** Every address of the namespace: what makes a destination "local". */
  isLocalAddress(a: number): boolean {
    if (a >>> 24 === 127) return this.device('lo')?.up ?? false;
    return this.devices.some((d) => d.addrs.some((x) => x.ip === a));
  }

  /** The first address of a device (REDIRECT of an arriving packet uses it). */
  primaryAddress(dev: string): number | undefined {
    return this.device(dev)?.addrs[0]?.ip;
  }

  /** A free ephemeral port for a new client socket (kept sequential so runs are reproducible). */
  allocatePort(): number {
    for (let i = 0; i < 28232; i++) {
      const p = this.nextEphemeral;
      this.nextEphemeral = p >= 60999 ? 32768 : p + 1 + (p % 7 === 0 ? 6 : 13);
      if (!this.sockets.portInUse(p)) return p;
    }
    throw new Error('no free ephemeral port');
  }

  describe(): string {
    return `${this.name}: ${this.devices.map((d) => `${d.name} ${d.addrs.map((a) => `${ipText(a.ip)}/${a.prefix}`).join(',')}`).join('; ')}`;
  }
}
