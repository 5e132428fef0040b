// Loopback traffic in a namespace against real-kernel captures
// (test/fixtures/lab-extra/lo-mac-iprange-nflog): -m mac never matches a packet that came
// over lo, negated or not; iprange ranges and their inversions; NFLOG and LOG go on to the
// next rule; which nf_tables base chains count their policy; the ICMP port-unreachable
// answers to datagrams no socket took, which pass the chains too. Each capture's own script
// is replayed: its iptables commands through the engine, its datagrams through the packet
// path, its python listener as a bound UDP socket.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NetNs } from '../../src/netfilter/netns.ts';
import { Stack } from '../../src/netfilter/stack.ts';
import { IPPROTO_UDP, ip } from '../../src/netfilter/addr.ts';
import type { Packet } from '../../src/netfilter/packet.ts';
import { firewallPort, newFirewall } from '../../src/world/engine-adapter.ts';
import { runIptables } from '../../src/engine/iptables.ts';
import { runIptablesRestore } from '../../src/engine/restore.ts';
import type { Flavor } from '../../src/engine/errors.ts';

const dir = new URL('../fixtures/lab-extra/lo-mac-iprange-nflog/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

/** the script's commands in the engine and its `echo x > /dev/udp/ADDR/9` datagrams on the stack; then the listings */
function replay(scriptName: string, flavor: Flavor, tables: readonly string[]): string {
  const fw = newFirewall(flavor);
  const ns = new NetNs('lab', firewallPort(fw));
  const stack = new Stack(() => 0);
  for (const line of fixture(scriptName).split('\n')) {
    const restore = /^printf "(.*)" \| iptables-restore$/.exec(line);
    if (restore) expect(runIptablesRestore(fw, [], restore[1].replace(/\\n/g, '\n'), {}).code).toBe(0);
    else if (line.startsWith('iptables ')) expect(runIptables(fw, line.split(' ').slice(1), {}).code).toBe(0);
    const bound = /s\.bind\(\("([\d.]+)",(\d+)\)\)/.exec(line);
    if (bound) ns.sockets.add({ proto: IPPROTO_UDP, state: 'UNCONN', localIp: ip(bound[1]), localPort: Number(bound[2]), remoteIp: 0, remotePort: 0, transparent: false, backlog: 0 });
    const sends = /^for a in ([\d. ]+); do echo x > \/dev\/udp\/\$a\/9; done$/.exec(line);
    for (const d of sends ? sends[1].trim().split(' ') : []) {
      // "x\n" in one datagram from an unbound socket: 20 + 8 + 2 bytes
      const pkt: Packet = { src: 0, dst: ip(d), proto: IPPROTO_UDP, sport: 40000, dport: 9, flags: 0, length: 30, payload: 2, mark: 0, sk: { uid: 0, gid: 0 }, label: 'UDP' };
      stack.send(ns, pkt, 'bash');
    }
  }
  return tables.map((t) => runIptables(fw, ['-t', t, '-L', '-v', '-x', '-n'], {}).stdout).join('');
}

describe('loopback: mac, iprange, NFLOG and LOG as the kernel counted them', () => {
  it('nft: the listing, byte for byte', () => {
    expect(replay('rules.sh', 'nft', ['filter'])).toBe(fixture('listing-nft.txt'));
  });

  it('legacy: the listing, byte for byte (its policy counters count the 5 ICMP port-unreachable answers too: 5 x 58 bytes)', () => {
    const real = fixture('listing-legacy.txt');
    expect(real).toContain('Chain INPUT (policy ACCEPT 10 packets, 440 bytes)');
    expect(replay('rules.sh', 'legacy', ['filter'])).toBe(real);
  });

  it('nft: only base chains given counters (restore policy line, -P, -Z) count their policy', () => {
    expect(replay('policy-counters.sh', 'nft', ['filter', 'mangle'])).toBe(fixture('policy-counters-nft.txt'));
  });
});
