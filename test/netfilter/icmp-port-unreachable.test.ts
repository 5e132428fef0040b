// The ICMP port-unreachable a namespace answers a UDP datagram with when no socket takes
// it, against real-kernel captures (test/fixtures/lab-extra/icmp-port-unreachable): the
// per-destination rate limit (6 of 10 answered over a veth), the error's size (20 + 8 +
// the quoted datagram), RELATED on both sides, no nat chain consulted, legacy's policy
// counters; and glibc's resolver meeting a closed nameserver port (two tries of A + AAAA
// for the first search name, then curl's exit 6); REJECT's answers, an ICMP error or a TCP
// reset, which pass the chains of both namespaces too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NetNs } from '../../src/netfilter/netns.ts';
import { Stack, type Landing } from '../../src/netfilter/stack.ts';
import { tcpConnect } from '../../src/netfilter/tcp.ts';
import { IPPROTO_UDP, ip } from '../../src/netfilter/addr.ts';
import type { Packet } from '../../src/netfilter/packet.ts';
import { firewallPort, newFirewall } from '../../src/world/engine-adapter.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import type { Firewall } from '../../src/engine/model.ts';
import type { Flavor } from '../../src/engine/errors.ts';
import { createWorld } from '../../src/world/world.ts';
import { runner } from '../world/cmd-harness.ts';

const dir = new URL('../fixtures/lab-extra/icmp-port-unreachable/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

/** the chains veth.sh gives a counting `-p icmp` rule, table by table */
const COUNTED: ReadonlyArray<[string, readonly string[]]> = [
  ['raw', ['PREROUTING', 'OUTPUT']],
  ['mangle', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']],
  ['filter', ['INPUT', 'OUTPUT']],
];

function ipt(fw: Firewall, line: string): void {
  const r = runIptables(fw, line.split(' '), {});
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** veth.sh's two namespaces: x10a (10.77.0.1) and x10b (10.77.0.2) on a veth */
function pair(flavor: Flavor): { a: NetNs; b: NetNs; fa: Firewall; fb: Firewall } {
  const fa = newFirewall(flavor);
  const fb = newFirewall(flavor);
  const a = new NetNs('x10a', firewallPort(fa));
  const b = new NetNs('x10b', firewallPort(fb));
  const va = a.addDevice({ name: 'x10va', ifindex: 2, kind: 'veth', mac: '02:00:00:00:00:0a', mtu: 1500, up: true, addrs: [] });
  const vb = b.addDevice({ name: 'x10vb', ifindex: 2, kind: 'veth', mac: '02:00:00:00:00:0b', mtu: 1500, up: true, addrs: [] });
  va.peer = { ns: b, dev: 'x10vb' };
  vb.peer = { ns: a, dev: 'x10va' };
  a.addAddress('x10va', '10.77.0.1', 24);
  b.addAddress('x10vb', '10.77.0.2', 24);
  return { a, b, fa, fb };
}

/** `echo x > /dev/udp/DST/PORT` from a socket of its own in `ns` */
function datagram(stack: Stack, ns: NetNs, dst: string, sport: number, dport = 9): Landing {
  const src = stack.sourceAddress(ns, ip(dst)) ?? 0;
  ns.sockets.add({ proto: IPPROTO_UDP, state: 'ESTAB', localIp: src, localPort: sport, remoteIp: ip(dst), remotePort: dport, transparent: false, backlog: 0 });
  const pkt: Packet = { src: 0, dst: ip(dst), proto: IPPROTO_UDP, sport, dport, flags: 0, length: 30, payload: 2, mark: 0, sk: { uid: 0, gid: 0 }, label: 'UDP' };
  return stack.send(ns, pkt, 'bash');
}

/** veth.sh in the simulator: its rules and ten datagrams; the listings as it printed them */
function replayVeth(flavor: Flavor): { text: string; a: NetNs; b: NetNs } {
  const { a, b, fa, fb } = pair(flavor);
  for (const [t, chains] of COUNTED) for (const c of chains) for (const fw of [fa, fb]) ipt(fw, `-t ${t} -A ${c} -p icmp`);
  for (const c of ['OUTPUT', 'INPUT', 'PREROUTING', 'POSTROUTING']) ipt(fa, `-t nat -A ${c} -p icmp`);
  for (const c of ['OUTPUT', 'POSTROUTING', 'PREROUTING']) ipt(fb, `-t nat -A ${c} -p icmp`);
  ipt(fa, '-A INPUT -m conntrack --ctstate RELATED');
  ipt(fa, '-A INPUT -p icmp --icmp-type port-unreachable');
  ipt(fb, '-A OUTPUT -m conntrack --ctstate RELATED');
  ipt(fb, '-A OUTPUT -m state --state RELATED');
  ipt(fa, '-A OUTPUT -p udp');
  ipt(fb, '-A INPUT -p udp');
  // the ten datagrams at one instant
  const stack = new Stack(() => 5000);
  const landings = Array.from({ length: 10 }, (_x, i) => datagram(stack, a, '10.77.0.2', 40000 + i));
  expect(landings.map((l) => l.kind)).toEqual(Array(10).fill('no-socket'));
  // the answered ones reach the socket that sent the datagram
  expect(landings.map((l) => l.answer?.kind ?? 'none')).toEqual([...Array(6).fill('delivered'), ...Array(4).fill('none')]);
  expect(landings.slice(0, 6).every((l) => l.answer?.sock?.localPort === l.pkt.sport)).toBe(true);
  expect(landings[0].answer?.pkt.label).toBe('ICMP port-unreachable');
  const list = (fw: Firewall): string => ['raw', 'mangle', 'nat', 'filter'].map((t) => runIptables(fw, ['-t', t, '-L', '-v', '-x', '-n'], {}).stdout).join('');
  return { text: `== A\n${list(fa)}== B\n${list(fb)}`, a, b };
}

describe('ICMP port unreachable over a veth, as the kernel answered and counted it', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`${flavor}: every chain of both namespaces, byte for byte`, () => {
      const real = fixture(`veth-${flavor}.txt`);
      const { text, a, b } = replayVeth(flavor);
      expect(text).toBe(real.slice(0, real.indexOf('== A conntrack')));
      // both sides keep one [UNREPLIED] entry per datagram; the errors made none of their own
      for (const ns of [a, b]) {
        expect(ns.conntrack.conns.length).toBe(10);
        expect(ns.conntrack.conns.every((c) => c.orig.proto === IPPROTO_UDP && !c.seenReply)).toBe(true);
      }
      const section = (side: 'A' | 'B'): string => real.split(`== ${side} conntrack`)[1].split('== B conntrack')[0];
      const realEntries = (side: 'A' | 'B'): number => section(side).split('\n').filter((l) => l.startsWith('udp ') && l.includes('[UNREPLIED]')).length;
      expect([realEntries('A'), realEntries('B')]).toEqual([10, 10]);
    });
  }

  it('the bucket refills one answer a second; errors to an address over lo are never held back', () => {
    let now = 0;
    const stack = new Stack(() => now);
    const { a } = pair('nft');
    let port = 41000;
    const answered = (): boolean => datagram(stack, a, '10.77.0.2', port++).answer !== undefined;
    expect(Array.from({ length: 7 }, answered)).toEqual([true, true, true, true, true, true, false]);
    now = 999;
    expect(answered()).toBe(false);
    now = 1999;
    expect(answered()).toBe(true);
    expect(answered()).toBe(false);
    // loopback: icmpv4_xrlim_allow lets everything through
    expect(Array.from({ length: 20 }, () => datagram(stack, a, '127.0.0.1', port++).answer?.kind)).toEqual(Array(20).fill('delivered'));
  });
});

function ppNs(w: ReturnType<typeof createWorld>): NetNs {
  return w.namespaces().find((n) => n.name === 'productpage-v1-7d6cfb7dfd-x2lmk')!;
}

describe('glibc against a nameserver port nobody listens on', () => {
  it('two tries of A and AAAA for the first search name, each refused by an ICMP error; curl exits 6', () => {
    // the capture's numbers (dns-closed-search-nft.txt): 4 queries of 79 bytes, 4 answers of 107
    const real = fixture('dns-closed-search-nft.txt');
    expect(real).toContain('       4      316            17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53\n');
    expect(real).toContain('       4      428            1    --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED\n');
    expect(real).toContain('curl: (6) Could not resolve host: reviews\ncurl rc=6\n');
    expect(real.match(/^udp .*dport=53 \[UNREPLIED\]/gm)?.length).toBe(2);

    // the simulator: the productpage pod (no sidecar) has its DNS redirected to a closed port
    const w = createWorld('empty');
    const run = runner(w);
    const PP = { kind: 'netns' as const, pid: 4170, label: 'productpage', netns: 'productpage-v1-7d6cfb7dfd-x2lmk' };
    for (const cmd of [
      'iptables -t nat -A OUTPUT -p udp --dport 53 -j REDIRECT --to-ports 5353',
      'iptables -t mangle -A OUTPUT -p udp --dport 53',
      'iptables -A INPUT -p icmp -m conntrack --ctstate RELATED',
    ]) expect(run(cmd, PP).code).toBe(0);
    const before = ppNs(w).conntrack.conns.length;
    const r = run('kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/');
    expect(r.code).toBe(6);
    expect(r.stderr).toBe('curl: (6) Could not resolve host: reviews\ncommand terminated with exit code 6\n');
    expect(run('iptables -t mangle -L OUTPUT -v -x -n', PP).stdout).toContain('       4      316            17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53\n');
    expect(run('iptables -L INPUT -v -x -n', PP).stdout).toContain('       4      428            1    --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED\n');
    // one [UNREPLIED] entry per try: two sockets
    const udp = ppNs(w).conntrack.conns.slice(before).filter((c) => c.orig.proto === IPPROTO_UDP);
    expect(udp.length).toBe(2);
    expect(udp.every((c) => !c.seenReply && c.orig.dport === 53)).toBe(true);
  });
});

/** reject.sh in the simulator: its rules, 8 datagrams B rejects, a connect B resets, a datagram A rejects */
function replayReject(flavor: Flavor): { text: string; a: NetNs; b: NetNs; connect: string; own: Landing } {
  const { a, b, fa, fb } = pair(flavor);
  for (const fw of [fa, fb]) {
    for (const [t, chains] of [['raw', ['PREROUTING', 'OUTPUT']], ['mangle', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']], ['nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']]] as const) {
      for (const c of chains) {
        ipt(fw, `-t ${t} -A ${c} -p icmp`);
        ipt(fw, `-t ${t} -A ${c} -p tcp --tcp-flags RST RST`);
      }
    }
    for (const c of ['OUTPUT', 'INPUT']) {
      ipt(fw, `-A ${c} -p icmp -m conntrack --ctstate RELATED`);
      ipt(fw, `-A ${c} -p tcp --tcp-flags RST RST -m conntrack --ctstate ESTABLISHED`);
      ipt(fw, `-A ${c} -p tcp --tcp-flags RST RST`);
    }
  }
  ipt(fb, '-A INPUT -p udp --dport 9 -j REJECT');
  ipt(fb, '-A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset');
  ipt(fa, '-A OUTPUT -p udp --dport 7 -j REJECT');
  const stack = new Stack(() => 5000);
  const landings = Array.from({ length: 8 }, (_x, i) => datagram(stack, a, '10.77.0.2', 40000 + i));
  expect(landings.map((l) => l.kind)).toEqual(Array(8).fill('rejected'));
  expect(landings.map((l) => l.answer?.kind ?? 'none')).toEqual([...Array(6).fill('delivered'), 'none', 'none']);
  const c = tcpConnect(stack, a, ip('10.77.0.2'), 80, { label: 'curl', timeoutS: 2 });
  const own = datagram(stack, a, '10.77.0.2', 40100, 7);
  const list = (fw: Firewall): string => ['raw', 'mangle', 'nat', 'filter'].map((t) => runIptables(fw, ['-t', t, '-L', '-v', '-x', '-n'], {}).stdout).join('');
  return { text: `== A\n${list(fa)}== B\n${list(fb)}`, a, b, connect: c.ok ? 'connected' : c.error, own };
}

describe('REJECT answers with packets of its own, as the kernel sent and counted them', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`${flavor}: every chain of both namespaces, byte for byte; no conntrack entry for what was refused`, () => {
      const real = fixture(`reject-${flavor}.txt`);
      expect(real).toContain('curl: (7) Failed to connect to 10.77.0.2 port 80 after 0 ms: Couldn\'t connect to server\n');
      const { text, a, b, connect, own } = replayReject(flavor);
      expect(text).toBe(real.slice(real.indexOf('== A\n'), real.indexOf('== A conntrack')));
      expect(connect).toBe('ECONNREFUSED');
      // A's own REJECT: its ICMP error comes back over lo to the sending socket
      expect(own.kind).toBe('rejected');
      expect(own.answer?.kind).toBe('delivered');
      // A keeps the 8 datagrams' entries; the reset connection and the datagram A refused
      // itself left none, and B confirmed nothing it rejected
      const entries = (side: 'A' | 'B'): string[] => real.split(`== ${side} conntrack`)[1].split('== B conntrack')[0].split('\n').filter((l) => /^(tcp|udp) /.test(l));
      expect(entries('A').length).toBe(8);
      expect(entries('A').every((l) => l.startsWith('udp ') && l.includes(' dport=9 [UNREPLIED]'))).toBe(true);
      expect(entries('B')).toEqual([]);
      expect(a.conntrack.conns.map((x) => `${x.orig.proto}:${x.orig.dport}`)).toEqual(Array(8).fill('17:9'));
      expect(b.conntrack.conns).toEqual([]);
    });
  }
});

describe('a TCP connection refused with a RST leaves no conntrack entry on either side', () => {
  it('the SYN\'s entry is killed by the only reply being a RST (nf_conntrack_tcp), in the client and in the server', () => {
    const { a, b } = pair('nft');
    const stack = new Stack(() => 0);
    const c = tcpConnect(stack, a, ip('10.77.0.2'), 81, { label: 'curl', timeoutS: 2 });
    expect(c.ok ? 'connected' : c.error).toBe('ECONNREFUSED');
    expect(a.conntrack.conns).toEqual([]);
    expect(b.conntrack.conns).toEqual([]);
  });
});

describe('a connection its own OUTPUT refuses', () => {
  it('REJECT (either answer) fails at once with exit 7, DROP times out after two SYNs; no conntrack entry', () => {
    // local-reject.txt: the same three tries against a server on 10.77.0.2:80
    const real = fixture('local-reject.txt').replaceAll('10.77.0.2 port 80', 'HOST');
    const w = createWorld('empty');
    const run = runner(w);
    const PP = { kind: 'netns' as const, pid: 4170, label: 'productpage', netns: 'productpage-v1-7d6cfb7dfd-x2lmk' };
    const tries: string[] = [];
    for (const [rule, tag] of [['-A OUTPUT -p tcp --dport 9080 -j REJECT', 'icmp'], ['-R OUTPUT 1 -p tcp --dport 9080 -j REJECT --reject-with tcp-reset', 'rst'], ['-R OUTPUT 1 -p tcp --dport 9080 -j DROP', 'drop']] as const) {
      expect(run(`iptables ${rule}`, PP).code).toBe(0);
      const r = run('kubectl exec deploy/productpage-v1 -- curl -sS --max-time 2 http://10.244.1.11:9080/');
      tries.push(`${r.stderr.replace('command terminated with exit code ' + r.code + '\n', '').replaceAll('10.244.1.11 port 9080', 'HOST')}${tag} rc=${r.code}\n`);
    }
    expect(real.startsWith(tries.join(''))).toBe(true);
    const drop = ' 2   120 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:';
    expect(real).toContain(`${drop}80\n`);
    expect(run('iptables -L OUTPUT -v -n', PP).stdout).toContain(`${drop}9080\n`);
    expect(real).toContain('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.');
    expect(run('conntrack -L', PP).stderr).toBe('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');
  });
});

describe('REJECT --reject-with tcp-reset of the handshake\'s last ACK', () => {
  it('answers a segment with ACK with a bare RST; the client gives up at once, exit 7', () => {
    const real = fixture('reject-ack.txt');
    // (the capture's counters: pkts and bytes of each listed rule, in order)
    const counts = (t: string): string[] => t.split('\n').filter((l) => /^ +\d+ +\d+ /.test(l)).map((l) => l.trim().split(/ +/).slice(0, 2).join(' '));
    expect(counts(real)).toEqual(['1 40', '0 0', '1 52']);
    expect(real).toContain("after 0 ms: Couldn't connect to server\nrc=7\n");
    const w = createWorld('empty');
    const run = runner(w);
    const PP = { kind: 'netns' as const, pid: 4170, label: 'productpage', netns: 'productpage-v1-7d6cfb7dfd-x2lmk' };
    const DT = { kind: 'netns' as const, pid: 4388, label: 'details', netns: 'details-v1-65cfcf56f8-9qhzn' };
    expect(run('iptables -A INPUT -p tcp --dport 9080 -m conntrack --ctstate ESTABLISHED -j REJECT --reject-with tcp-reset', DT).code).toBe(0);
    expect(run('iptables -A INPUT -p tcp --tcp-flags ALL RST', PP).code).toBe(0);
    expect(run('iptables -A INPUT -p tcp --tcp-flags ALL RST,ACK', PP).code).toBe(0);
    const r = run('kubectl exec deploy/productpage-v1 -- curl -sS --max-time 2 http://10.244.1.11:9080/');
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("after 0 ms: Couldn't connect to server\n");
    expect(counts(run('iptables -L INPUT -v -n', PP).stdout + run('iptables -L INPUT -v -n', DT).stdout)).toEqual(counts(real));
  });
});
