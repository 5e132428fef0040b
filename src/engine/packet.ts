// What the engine needs to know about a packet, and what it answers. The packet
// layer (src/netfilter) builds a PacketView per hook; the engine walks the chains
// and reports the verdict, the side effects (NAT, marks, TPROXY, CT, LOG) and a trace.

export type HookName = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export const HOOK_PREROUTING = 1;
export const HOOK_INPUT = 2;
export const HOOK_FORWARD = 4;
export const HOOK_OUTPUT = 8;
export const HOOK_POSTROUTING = 16;

export const HOOK_BITS: Readonly<Record<HookName, number>> = {
  PREROUTING: HOOK_PREROUTING,
  INPUT: HOOK_INPUT,
  FORWARD: HOOK_FORWARD,
  OUTPUT: HOOK_OUTPUT,
  POSTROUTING: HOOK_POSTROUTING,
};

/** TCP flag bits as in the TCP header (FIN=0x01 ... CWR=0x80). */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export interface SocketOwner {
  uid: number;
  gid: number;
  /** supplementary groups of the owning process (owner --suppl-groups) */
  groups?: readonly number[];
  /** IP_TRANSPARENT set on the socket */
  transparent?: boolean;
  /** the socket's SO_MARK */
  mark?: number;
}

export interface Tuple {
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
}

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface ConntrackView {
  state: CtState;
  /** the connection was source/destination NATed (conntrack --ctstate SNAT/DNAT) */
  snat?: boolean;
  dnat?: boolean;
  dir: 'ORIGINAL' | 'REPLY';
  /** status bits by name: EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED */
  status?: readonly string[];
  /** connection mark; CONNMARK writes it back here */
  mark: number;
  original?: Tuple;
  reply?: Tuple;
  /** seconds until expiry */
  expires?: number;
  zone?: number;
}

export interface PacketView {
  /** IPv4 addresses as uint32 (10.0.0.1 = 0x0a000001) */
  src: number;
  dst: number;
  /** IP protocol number (6 tcp, 17 udp, 1 icmp) */
  proto: number;
  sport?: number;
  dport?: number;
  tcpFlags?: number;
  icmpType?: number;
  icmpCode?: number;
  /** SCTP chunks (type, flags) and the DCCP type and options: the simulated world sends
   *  neither protocol, only tests do */
  sctpChunks?: ReadonlyArray<{ type: number; flags: number }>;
  dccpType?: number;
  dccpOptions?: readonly number[];
  /** a non-first fragment (what -f matches) */
  fragment?: boolean;
  /** IP total length in bytes: what byte counters add */
  length: number;
  /** input / output interface names, when the hook has them */
  iif?: string;
  oif?: string;
  hook: HookName;
  /** the local socket that sent the packet (OUTPUT/POSTROUTING only) */
  socket?: SocketOwner;
  /** skb mark; MARK and CONNMARK --restore-mark write it back here */
  mark: number;
  ct?: ConntrackView;
  /**
   * source MAC for -m mac, "aa:bb:cc:dd:ee:ff": the Ethernet header's, so none for a packet
   * that came over loopback or was sent from this host
   */
  srcMac?: string;
}

export type AddrType =
  | 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST'
  | 'BLACKHOLE' | 'UNREACHABLE' | 'PROHIBIT' | 'THROW' | 'NAT' | 'XRESOLVE';

export interface SocketLookupResult {
  /** a matching socket exists */
  found: boolean;
  transparent: boolean;
  /** the socket is a listener bound to 0.0.0.0 (only found when wildcard lookups are allowed) */
  wildcard?: boolean;
  mark?: number;
}

/** Things only the simulated world knows; every callback is optional. */
export interface EvalContext {
  /** route type of an address (addrtype match); `iface` set when limited to an interface */
  addrType?(addr: number, iface?: string): AddrType;
  /** -m socket: an existing socket for this packet */
  socketLookup?(pkt: PacketView, opts: { nowildcard: boolean }): SocketLookupResult | null;
  /** TPROXY: is there a transparent listener on ip:port? */
  tproxyLookup?(pkt: PacketView, ip: number, port: number): boolean;
  /** uniform random number in [0, 1) for -m statistic --mode random */
  random?(): number;
  /** milliseconds, for -m limit */
  nowMs?(): number;
  /** -m set: is the address in the named ipset? */
  ipsetTest?(set: string, addr: number): boolean;
}

export type NatAction =
  | { type: 'REDIRECT'; ports?: { min: number; max: number }; random: boolean }
  | { type: 'DNAT'; range: NatRange }
  | { type: 'SNAT'; range: NatRange }
  | { type: 'MASQUERADE'; ports?: { min: number; max: number }; random: boolean };

export interface NatRange {
  minIp?: number;
  maxIp?: number;
  minPort?: number;
  maxPort?: number;
  random: boolean;
  persistent: boolean;
}

export type Action =
  | NatAction
  | { type: 'MARK'; mark: number }
  | { type: 'CONNMARK'; ctmark: number; mark: number }
  | { type: 'TPROXY'; ip: number; port: number; mark: number; mask: number }
  | { type: 'CT'; notrack: boolean; zone?: number; helper?: string }
  | { type: 'LOG'; prefix: string; level: number }
  | { type: 'REJECT'; with: string };

export type Verdict = 'ACCEPT' | 'DROP' | 'QUEUE';

/** What a target returns: a verdict or CONTINUE (XT_CONTINUE), and an optional side effect. */
export interface TargetAction {
  verdict: Verdict | 'CONTINUE' | 'RETURN';
  action?: Action;
}

export interface TraceStep {
  table: string;
  chain: string;
  /** 1-based rule number, or 0 for the chain's policy / the implicit return of a user chain */
  rule: number;
  matched: boolean;
  /** what happened when the rule matched: ACCEPT, DROP, RETURN, jump, goto, the target name */
  result?: string;
}

export interface HookResult {
  /** final verdict of this table at this hook */
  verdict: Verdict;
  /** how the verdict came about: a rule's target, or the policy */
  byPolicy: boolean;
  actions: Action[];
  trace: TraceStep[];
}
