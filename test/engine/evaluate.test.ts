// The traversal: rule order, jump/goto/RETURN, policies, counters, and the Istio
// nat decisions for the flow points (inbound redirect, envoy's own traffic).

import { describe, expect, it } from 'vitest';
import { evaluateHook } from '../../src/engine/evaluate.ts';
import type { PacketView } from '../../src/engine/packet.ts';
import { fixture, session } from './fixtures.ts';

const ip = (s: string): number => s.split('.').reduce((a, b) => a * 256 + Number(b), 0) >>> 0;

function tcp(over: Partial<PacketView>): PacketView {
  return { src: ip('10.244.1.10'), dst: ip('10.244.2.20'), proto: 6, sport: 40000, dport: 9080, length: 60, hook: 'PREROUTING', mark: 0, ...over };
}

describe('evaluateHook', () => {
  it('follows jumps, RETURN and falls back to the policy, bumping counters', () => {
    const s = session('nft');
    for (const cmd of [
      '-N A', '-N B', '-A INPUT -p tcp -j A', '-A A -p tcp --dport 22 -j ACCEPT', '-A A -j B',
      '-A B -p tcp --dport 9080 -j RETURN', '-A B -j DROP', '-A INPUT -j LOGDROP_PLACEHOLDER',
    ]) s.run(['iptables', ...cmd.split(' ')]);
    // the last command fails (no such chain); the table holds 4+1 rules. (-Z gives the
    // base chain counters of its own, without which nf_tables does not count its policy)
    expect(s.run(['iptables', '-Z', 'INPUT']).code).toBe(0);
    const r = evaluateHook(s.fw, 'filter', 'INPUT', tcp({ hook: 'INPUT' }));
    expect(r.verdict).toBe('ACCEPT');
    expect(r.byPolicy).toBe(true);
    expect(r.trace.map((t) => `${t.chain}:${t.rule}:${t.matched ? t.result ?? 'match' : '-'}`)).toEqual([
      'INPUT:1:jump A', 'A:1:-', 'A:2:jump B', 'B:1:RETURN', 'A:0:RETURN', 'INPUT:0:ACCEPT',
    ]);
    expect(s.run(['iptables', '-S', '-v']).stdout).toContain('-A INPUT -p tcp -c 1 60 -j A');
    expect(s.run(['iptables', '-L', 'INPUT', '-v', '-x']).stdout.split('\n')[0]).toBe('Chain INPUT (policy ACCEPT 1 packets, 60 bytes)');
    const drop = evaluateHook(s.fw, 'filter', 'INPUT', tcp({ hook: 'INPUT', dport: 80 }));
    expect(drop.verdict).toBe('DROP');
    expect(drop.byPolicy).toBe(false);
    expect(s.run(['iptables', '-S', 'B', '-v']).stdout).toBe('-N B\n-A B -p tcp -m tcp --dport 9080 -c 1 60 -j RETURN\n-A B -c 1 60 -j DROP\n');
  });

  it('nf_tables counts a base chain\'s policy only once the chain has counters (-Z, -P, a restore policy line); legacy always', () => {
    // measured: test/fixtures/lab-extra/lo-mac-iprange-nflog (chains made by -A: policy 0 packets)
    const head = (s: ReturnType<typeof session>): string => s.run(['iptables', '-L', 'INPUT', '-v', '-x']).stdout.split('\n')[0];
    const nft = session('nft');
    nft.run(['iptables', '-A', 'INPUT', '-p', 'udp']);
    expect(evaluateHook(nft.fw, 'filter', 'INPUT', tcp({ hook: 'INPUT' })).byPolicy).toBe(true);
    expect(head(nft)).toBe('Chain INPUT (policy ACCEPT 0 packets, 0 bytes)');
    for (const cmd of [['-Z', 'INPUT'], ['-P', 'INPUT', 'ACCEPT']]) {
      const s = session('nft');
      s.run(['iptables', '-A', 'INPUT', '-p', 'udp']);
      s.run(['iptables', ...cmd]);
      evaluateHook(s.fw, 'filter', 'INPUT', tcp({ hook: 'INPUT' }));
      expect([cmd, head(s)]).toEqual([cmd, 'Chain INPUT (policy ACCEPT 1 packets, 60 bytes)']);
    }
    const restored = session('nft');
    restored.run(['iptables-restore'], '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p udp\nCOMMIT\n');
    evaluateHook(restored.fw, 'filter', 'INPUT', tcp({ hook: 'INPUT' }));
    expect(head(restored)).toBe('Chain INPUT (policy ACCEPT 1 packets, 60 bytes)');
    const legacy = session('legacy');
    legacy.run(['iptables', '-A', 'INPUT', '-p', 'udp']);
    evaluateHook(legacy.fw, 'filter', 'INPUT', tcp({ hook: 'INPUT' }));
    expect(head(legacy)).toBe('Chain INPUT (policy ACCEPT 1 packets, 60 bytes)');
  });

  it('goto does not come back to the chain that jumped', () => {
    const s = session('nft');
    for (const cmd of ['-N G', '-N H', '-A OUTPUT -j G', '-A OUTPUT -j DROP', '-A G -g H', '-A G -j DROP', '-A H -j RETURN']) {
      expect(s.run(['iptables', ...cmd.split(' ')]).code).toBe(0);
    }
    const r = evaluateHook(s.fw, 'filter', 'OUTPUT', tcp({ hook: 'OUTPUT' }));
    // H returns to OUTPUT (G's caller), whose next rule drops
    expect(r.trace.map((t) => `${t.chain}:${t.rule}`)).toEqual(['OUTPUT:1', 'G:1', 'H:1', 'OUTPUT:2']);
    expect(r.verdict).toBe('DROP');
  });

  it('a RETURN in a built-in chain applies the policy; a DROP policy drops', () => {
    const s = session('legacy');
    s.run(['iptables', '-P', 'FORWARD', 'DROP']);
    s.run(['iptables', '-A', 'FORWARD', '-j', 'RETURN']);
    const r = evaluateHook(s.fw, 'filter', 'FORWARD', tcp({ hook: 'FORWARD' }));
    expect(r.verdict).toBe('DROP');
    expect(r.byPolicy).toBe(true);
    expect(s.run(['iptables', '-L', 'FORWARD', '-v', '-x']).stdout.split('\n')[0]).toBe('Chain FORWARD (policy DROP 1 packets, 60 bytes)');
  });

  it('an uninstantiated table lets packets through without counting', () => {
    const s = session('nft');
    const r = evaluateHook(s.fw, 'nat', 'PREROUTING', tcp({}));
    expect(r).toEqual({ verdict: 'ACCEPT', byPolicy: true, actions: [], trace: [] });
    expect(s.fw.peek('nat')).toBeUndefined();
  });

  it('nft: a built-in chain nothing named is not hooked (no counters), legacy counts it', () => {
    for (const flavor of ['nft', 'legacy'] as const) {
      const s = session(flavor);
      s.run(['iptables', '-t', 'nat', '-A', 'OUTPUT', '-j', 'ACCEPT']);
      const r = evaluateHook(s.fw, 'nat', 'INPUT', tcp({ hook: 'INPUT' }));
      expect(r.verdict).toBe('ACCEPT');
      const head = s.run(['iptables', '-t', 'nat', '-L', 'INPUT', '-v', '-x']).stdout.split('\n')[0];
      expect(head).toBe(flavor === 'nft' ? 'Chain INPUT (policy ACCEPT 0 packets, 0 bytes)' : 'Chain INPUT (policy ACCEPT 1 packets, 60 bytes)');
      s.run(['iptables', '-t', 'nat', '-P', 'INPUT', 'ACCEPT']);
      evaluateHook(s.fw, 'nat', 'INPUT', tcp({ hook: 'INPUT' }));
      // nft: -P hooks the chain now; legacy: -P's libiptc commit zeroed the policy counters
      expect(s.run(['iptables', '-t', 'nat', '-S', 'INPUT', '-v']).stdout).toBe('-P INPUT ACCEPT -c 1 60\n');
    }
  });

  describe('the Istio 1.6 nat rules', () => {
    const s = session('nft');
    s.run(['iptables-restore'], fixture('kernel-format/inputs/istio.rules'));

    it('flow points 1-4: an inbound SYN to 9080 is redirected to 15006', () => {
      const r = evaluateHook(s.fw, 'nat', 'PREROUTING', tcp({ iif: 'eth0' }));
      expect(r.verdict).toBe('ACCEPT');
      expect(r.actions).toEqual([{ type: 'REDIRECT', ports: { min: 15006, max: 15006 }, random: false }]);
      expect(r.trace.filter((t) => t.matched).map((t) => `${t.chain}:${t.rule}`)).toEqual(['PREROUTING:1', 'ISTIO_INBOUND:5', 'ISTIO_IN_REDIRECT:1']);
    });

    it('ssh (22) is excluded', () => {
      const r = evaluateHook(s.fw, 'nat', 'PREROUTING', tcp({ iif: 'eth0', dport: 22 }));
      expect(r.actions).toEqual([]);
      expect(r.byPolicy).toBe(true);
    });

    it('flow points 13-15: envoy (uid 1337) leaving for another pod is not redirected', () => {
      const r = evaluateHook(s.fw, 'nat', 'OUTPUT', tcp({ hook: 'OUTPUT', src: ip('10.244.2.20'), dst: ip('10.244.2.21'), oif: 'eth0', socket: { uid: 1337, gid: 1337 } }));
      expect(r.actions).toEqual([]);
      expect(r.trace.filter((t) => t.matched).map((t) => `${t.chain}:${t.rule}`)).toEqual(['OUTPUT:1', 'ISTIO_OUTPUT:4', 'OUTPUT:0']);
    });

    it('flow points 9-12: the app (uid 1000) calling out is redirected to 15001', () => {
      const r = evaluateHook(s.fw, 'nat', 'OUTPUT', tcp({ hook: 'OUTPUT', src: ip('10.244.2.20'), dst: ip('10.96.201.15'), oif: 'eth0', socket: { uid: 1000, gid: 1000 } }));
      expect(r.actions).toEqual([{ type: 'REDIRECT', ports: { min: 15001, max: 15001 }, random: false }]);
      expect(r.trace.filter((t) => t.matched).map((t) => `${t.chain}:${t.rule}`)).toEqual(['OUTPUT:1', 'ISTIO_OUTPUT:9', 'ISTIO_REDIRECT:1']);
      const counters = s.run(['iptables', '-t', 'nat', '-L', 'ISTIO_REDIRECT', '-v', '-x']).stdout.split('\n')[2];
      expect(counters.startsWith('       1       60 REDIRECT')).toBe(true);
    });
  });
});
