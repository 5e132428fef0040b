// The simulated node: its root namespace, the Bookinfo pods (each with its own netns,
// processes, sockets and iptables), CoreDNS, Services, and the clock.

import type { Firewall } from '../engine/model.ts';
import type { Flavor } from '../engine/errors.ts';
import { ip } from '../netfilter/addr.ts';
import { NetNs } from '../netfilter/netns.ts';
import type { Sock, SockOwner } from '../netfilter/sockets.ts';
import { Tracer } from '../netfilter/trace.ts';
import { COREDNS, NODE_IP, NODE_NAME, PODS, POD_GATEWAY, PROXY_UID, proxyPids } from './cluster.ts';
import type { PodSpec } from './cluster.ts';
import { firewallPort, loadRules, newFirewall } from './engine-adapter.ts';
import { generateIstioRules, versionFeatures } from './istio-iptables/generate.ts';
import { toRestoreFile } from './istio-iptables/builder.ts';
import { optionsFromAnnotations } from './istio-iptables/annotations.ts';
import type { Annotations } from './istio-iptables/annotations.ts';
import type { IstioIptablesOptions } from './istio-iptables/options.ts';
import type { FlowEvent } from './flow.ts';

export interface Proc {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  comm: string;
  args: string;
  ns: NetNs;
  pod?: Pod;
  container: string;
}

export interface Pod {
  spec: PodSpec;
  ns: NetNs;
  fw: Firewall;
  sidecar: boolean;
  options?: IstioIptablesOptions;
  /** the restore text loaded into the pod (rendered file form) */
  rules: string;
  app: Proc;
  envoy?: Proc;
  agent?: Proc;
  /** how envoy's inbound listener reaches the app */
  inboundVia: 'localhost' | 'podip' | 'original-src';
  /** connections each envoy listener accepted (numbers the lab flavour's headers) */
  accepted: { outbound: number; inbound: number };
  /** connections each envoy listener is serving now (the loop bound counts these) */
  active: { outbound: number; inbound: number };
}

export type Flavour = 'istio' | 'lab';

export interface WorldOptions {
  /** generator options applied to every pod (a scenario variant) */
  istio?: Partial<IstioIptablesOptions>;
  /** pod annotations per deployment ("reviews-v1": {...}); they drive the generator like the injector */
  annotations?: Record<string, Annotations>;
  /** HTTP texts: Bookinfo's own ('istio') or the real-kernel lab's mock and app ('lab') */
  flavour?: Flavour;
  /** reviews calls ratings for every request (reviews-v2/v3 behaviour; flow points 9-17) */
  reviewsCallsRatings?: boolean;
  /** override the version-derived way envoy reaches the app ('original-src': TPROXY with
   * Envoy's original_src filter, from the client's address with mark 1337) */
  inboundVia?: 'localhost' | 'podip' | 'original-src';
  /** iptables flavour of every namespace */
  backend?: Flavor;
  /** connections an envoy listener accepts before closing new ones at once (the lab mock's bound) */
  envoyMaxConns?: number;
  /** pods without a sidecar (their tables stay empty) */
  withoutSidecar?: string[];
  /** complete generator options for some pods (e.g. the istio-cni plugin's), by deployment */
  podOptions?: Record<string, IstioIptablesOptions>;
  /** the pods' nameserver (default: kube-dns's ClusterIP) */
  nameserver?: string;
  /** run a DNS server (UDP 53, the app's uid) in this deployment's pod too */
  dnsServerIn?: string;
}

export const SCENARIOS = ['bookinfo-1.6', 'bookinfo-current', 'bookinfo-current-dns', 'bookinfo-current-tproxy', 'empty'] as const;

export class World {
  readonly scenario: string;
  readonly opts: Required<Pick<WorldOptions, 'flavour' | 'reviewsCallsRatings' | 'envoyMaxConns'>> & WorldOptions;
  clockMs = 0;
  readonly tracer = new Tracer();
  readonly node: { ns: NetNs; fw: Firewall; hostname: string };
  readonly pods: Pod[] = [];
  readonly coredns: { ns: NetNs; fw: Firewall; proc: Proc };
  readonly processes: Proc[] = [];
  readonly events: FlowEvent[] = [];
  /** set while a request runs, so the flow detector knows the packets belong to it */
  recording = true;

  constructor(scenario: string, opts: WorldOptions = {}) {
    this.scenario = scenario;
    this.opts = { flavour: 'istio', reviewsCallsRatings: false, envoyMaxConns: 20, ...opts };
    const backend = opts.backend ?? 'nft';
    const nodeFw = newFirewall(backend);
    const nodeNs = new NetNs('node-1', firewallPort(nodeFw), 41230);
    nodeNs.forwarding = true;
    nodeNs.addDevice({ name: 'eth0', ifindex: 2, kind: 'veth', mac: '52:54:00:12:34:56', mtu: 1500, up: true, addrs: [] });
    nodeNs.addAddress('eth0', NODE_IP, 24);
    nodeNs.addRoute({ type: 'unicast', dst: 0, prefix: 0, via: ip('10.0.0.1'), dev: 'eth0', proto: 'boot' });
    this.node = { ns: nodeNs, fw: nodeFw, hostname: NODE_NAME };
    this.addProc({ pid: 1, ppid: 0, uid: 0, gid: 0, comm: 'systemd', args: '/sbin/init', ns: nodeNs, container: '' });
    this.addProc({ pid: 612, ppid: 1, uid: 0, gid: 0, comm: 'containerd', args: '/usr/bin/containerd', ns: nodeNs, container: '' });
    this.addProc({ pid: 731, ppid: 1, uid: 0, gid: 0, comm: 'kubelet', args: '/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml', ns: nodeNs, container: '' });

    // CoreDNS behind kube-dns
    const dnsFw = newFirewall(backend);
    const dnsNs = this.podNamespace(COREDNS.name, COREDNS.ip, COREDNS.hostVeth, 3, COREDNS.peerIfindex, COREDNS.mac, dnsFw, 53120);
    const dnsProc = this.addProc({ pid: COREDNS.pid, ppid: 1, uid: 0, gid: 0, comm: 'coredns', args: '/coredns -conf /etc/coredns/Corefile', ns: dnsNs, container: 'coredns' });
    this.listen(dnsNs, 17, 0, 53, dnsProc, 'dns', 7);
    this.listen(dnsNs, 6, 0, 53, dnsProc, 'dns', 8);
    this.coredns = { ns: dnsNs, fw: dnsFw, proc: dnsProc };

    nodeNs.services = (dst, dport, proto) => this.serviceEndpoint(dst, dport, proto);

    const sidecars = scenario !== 'empty';
    for (const spec of PODS) this.addPod(spec, sidecars && !(opts.withoutSidecar ?? []).includes(spec.deployment), backend);
  }

  private podNamespace(name: string, podIp: string, hostVeth: string, ifindex: number, peerIfindex: number, mac: string, fw: Firewall, eph: number): NetNs {
    const ns = new NetNs(name, firewallPort(fw), eph);
    const eth0 = ns.addDevice({ name: 'eth0', ifindex, kind: 'veth', mac, mtu: 1500, up: true, addrs: [], peerIfindex });
    ns.addAddress('eth0', podIp, 32);
    ns.addRoute({ type: 'unicast', dst: ip(POD_GATEWAY), prefix: 32, dev: 'eth0', scope: 'link' });
    ns.addRoute({ type: 'unicast', dst: 0, prefix: 0, via: ip(POD_GATEWAY), dev: 'eth0' });
    const host = this.node.ns.addDevice({ name: hostVeth, ifindex: peerIfindex, kind: 'veth', mac: 'ee:ee:ee:ee:ee:ee', mtu: 1500, up: true, addrs: [], peerIfindex: ifindex });
    eth0.peer = { ns: this.node.ns, dev: hostVeth };
    host.peer = { ns, dev: 'eth0' };
    this.node.ns.addRoute({ type: 'unicast', dst: ip(podIp), prefix: 32, dev: hostVeth, scope: 'link' });
    return ns;
  }

  private addPod(spec: PodSpec, sidecar: boolean, backend: Flavor): void {
    const fw = newFirewall(backend);
    const ns = this.podNamespace(spec.name, spec.ip, spec.hostVeth, spec.ifindex, spec.peerIfindex, spec.mac, fw, 37544 + this.pods.length * 1000);
    const pids = proxyPids(spec.appPid);
    const pod: Pod = {
      spec, ns, fw, sidecar, rules: '', inboundVia: 'podip', accepted: { outbound: 0, inbound: 0 }, active: { outbound: 0, inbound: 0 },
      app: undefined as unknown as Proc,
    };
    this.addProc({ pid: pids.pause, ppid: 612, uid: 65535, gid: 65535, comm: 'pause', args: '/pause', ns, pod, container: 'POD' });
    if (sidecar) {
      const options = this.podOptions(spec);
      pod.options = options;
      pod.inboundVia = this.opts.inboundVia ?? (versionFeatures(options.version).inboundViaPodIp ? 'podip' : 'localhost');
      const gen = generateIstioRules(options);
      pod.rules = toRestoreFile(gen.v4);
      // The seed's set, like the lab's istio-nat.rules, declares the built-in chains too.
      if (options.version === '1.6') pod.rules = pod.rules.replace('*nat\n', '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n');
      const r = loadRules(fw, pod.rules);
      if (r.code !== 0) throw new Error(`rules for ${spec.name} did not load: ${r.stderr}`);
      if (options.inboundInterceptionMode === 'TPROXY') {
        const mark = Number(options.inboundTproxyMark);
        const table = Number(options.inboundTproxyRouteTable);
        ns.rules.push({ pref: 32765, table, fwmark: mark, fwmask: 0xffffffff });
        ns.routes.push({ type: 'local', dst: 0, prefix: 0, dev: 'lo', scope: 'host', table });
      }
      pod.agent = this.addProc({ pid: pids.agent, ppid: 612, uid: PROXY_UID, gid: PROXY_UID, comm: 'pilot-agent', args: 'pilot-agent proxy sidecar --domain default.svc.cluster.local --proxyLogLevel=warning --proxyComponentLogLevel=misc:error --log_output_level=default:info', ns, pod, container: 'istio-proxy' });
      pod.envoy = this.addProc({ pid: pids.envoy, ppid: pids.agent, uid: PROXY_UID, gid: PROXY_UID, comm: 'envoy', args: 'envoy -c etc/istio/proxy/envoy-rev.json --drain-time-s 45 --drain-strategy immediate --local-address-ip-version v4 --file-flush-interval-msec 1000 --disable-hot-restart --allow-unknown-static-fields', ns, pod, container: 'istio-proxy' });
      const tproxy = options.inboundInterceptionMode === 'TPROXY';
      this.listen(ns, 6, 0, Number(options.proxyPort), pod.envoy, 'envoy-outbound', 35);
      this.listen(ns, 6, 0, Number(options.inboundCapturePort), pod.envoy, 'envoy-inbound', 36, tproxy);
      this.listen(ns, 6, 0, 15090, pod.envoy, 'envoy-prom', 22);
      this.listen(ns, 6, ip('127.0.0.1'), 15000, pod.envoy, 'envoy-admin', 18);
      this.listen(ns, 6, 0, 15020, pod.agent, 'agent-stats', 8);
      this.listen(ns, 6, 0, 15021, pod.agent, 'agent-health', 12);
      if (options.redirectDns) {
        this.listen(ns, 17, ip('127.0.0.1'), 15053, pod.agent, 'agent-dns', 10);
        this.listen(ns, 6, ip('127.0.0.1'), 15053, pod.agent, 'agent-dns', 11);
      }
    }
    pod.app = this.addProc({ pid: spec.appPid, ppid: 612, uid: spec.appUid, gid: spec.appUid, comm: spec.appComm, args: spec.appArgs, ns, pod, container: spec.app });
    this.listen(ns, 6, 0, spec.port, pod.app, 'app', 6);
    if (this.opts.dnsServerIn === spec.deployment) this.listen(ns, 17, 0, 53, pod.app, 'dns', 9);
    this.pods.push(pod);
  }

  /** Options for a pod: scenario version and variant, then the pod's annotations. */
  podOptions(spec: PodSpec): IstioIptablesOptions {
    const full = this.opts.podOptions?.[spec.deployment];
    if (full) return full;
    const version = this.scenario === 'bookinfo-1.6' ? '1.6' : 'current';
    const ann: Annotations = { ...(this.opts.annotations?.[spec.deployment] ?? {}) };
    if (this.scenario === 'bookinfo-current-tproxy' && spec.deployment === 'reviews-v1') ann['sidecar.istio.io/interceptionMode'] = 'TPROXY';
    const dns = this.scenario === 'bookinfo-current-dns' && spec.deployment === 'productpage-v1';
    const base = optionsFromAnnotations(ann, { version, dnsCapture: dns, dnsServers: dns ? [this.opts.nameserver ?? COREDNS.clusterIp] : undefined });
    return { ...base, ...(this.opts.istio ?? {}) };
  }

  addProc(p: Omit<Proc, 'pod'> & { pod?: Pod }): Proc {
    this.processes.push(p);
    return p;
  }

  listen(ns: NetNs, proto: 6 | 17, addr: number, port: number, proc: Proc, service: string, fd: number, transparent = false): Sock {
    // listen() backlogs: Envoy's default 128, Go's (pilot-agent) somaxconn 4096, the lab's
    // Python app 5, the Bookinfo apps 128.
    const backlog = proto !== 6 ? 0 : proc.comm === 'envoy' ? 128 : proc.comm === 'pilot-agent' ? 4096 : this.opts.flavour === 'lab' ? 5 : 128;
    return ns.sockets.add({
      proto, state: proto === 6 ? 'LISTEN' : 'UNCONN', localIp: addr, localPort: port, remoteIp: 0, remotePort: 0,
      owner: ownerOf(proc, fd), transparent, backlog, service,
    });
  }

  /** kube-proxy's translation of a ClusterIP to the Service's only endpoint. */
  serviceEndpoint(dst: number, dport: number, proto: number): { ip: number; port: number } | undefined {
    if (dst === ip(COREDNS.clusterIp) && dport === 53) return { ip: ip(COREDNS.ip), port: 53 };
    if (proto !== 6) return undefined;
    const spec = PODS.find((p) => ip(p.clusterIp) === dst && p.port === dport);
    return spec ? { ip: ip(spec.ip), port: spec.port } : undefined;
  }

  /** resolv.conf's nameserver */
  nameserver(): number {
    return ip(this.opts.nameserver ?? COREDNS.clusterIp);
  }

  pod(nameOrDeployment: string): Pod | undefined {
    return this.pods.find((p) => p.spec.name === nameOrDeployment || p.spec.deployment === nameOrDeployment || p.spec.app === nameOrDeployment);
  }

  proc(pid: number): Proc | undefined {
    return this.processes.find((p) => p.pid === pid);
  }

  /** Namespaces by name (the node, every pod, CoreDNS). */
  namespaces(): NetNs[] {
    return [this.node.ns, this.coredns.ns, ...this.pods.map((p) => p.ns)];
  }

  firewallOf(ns: NetNs): Firewall {
    if (ns === this.node.ns) return this.node.fw;
    if (ns === this.coredns.ns) return this.coredns.fw;
    const pod = this.pods.find((p) => p.ns === ns);
    if (!pod) throw new Error(`unknown namespace ${ns.name}`);
    return pod.fw;
  }

  private siblings = new Map<Firewall, Firewall>();

  /** The other backend's tables of a namespace (empty unless a reader writes to them; packets do not see them). */
  otherFirewall(fw: Firewall): Firewall {
    let o = this.siblings.get(fw);
    if (!o) {
      o = newFirewall(fw.flavor === 'legacy' ? 'nft' : 'legacy');
      this.siblings.set(fw, o);
    }
    return o;
  }

  advance(ms: number): void {
    this.clockMs += ms;
    for (const ns of this.namespaces()) {
      ns.conntrack.expire(this.clockMs);
      for (const s of [...ns.sockets.all]) {
        if (s.state === 'TIME-WAIT' && s.timeWaitAt !== undefined && this.clockMs - s.timeWaitAt >= 60_000) ns.sockets.remove(s);
      }
    }
  }
}

export function ownerOf(proc: Proc, fd = 3): SockOwner {
  return { uid: proc.uid, gid: proc.gid, pid: proc.pid, comm: proc.comm, fd };
}

/** The entry point for the site, the shell and the tests. */
export function createWorld(scenario: string, opts: WorldOptions = {}): World {
  if (!SCENARIOS.includes(scenario as (typeof SCENARIOS)[number]) && scenario !== 'bookinfo') {
    throw new Error(`unknown scenario "${scenario}" (known: ${SCENARIOS.join(', ')}, or bookinfo with options)`);
  }
  return new World(scenario, opts);
}
