// The sctp and dccp matches beyond what the captures (test/fixtures/kernel-extra/*/sctp-dccp*.txt,
// replayed by test/kernel/fixture-replay.test.ts) show: packet semantics, which the real
// namespaces were never sent packets for, follow xt_sctp.c / xt_dccp.c; the world never
// sends either protocol, so the tests build the packets by hand.

import { describe, expect, it } from 'vitest';
import { evaluateHook } from '../../src/engine/evaluate.ts';
import type { PacketView } from '../../src/engine/packet.ts';
import { session } from './fixtures.ts';

function pkt(over: Partial<PacketView>): PacketView {
  return { src: 0x0a000001, dst: 0x0a000002, proto: 132, sport: 5000, dport: 80, length: 60, hook: 'INPUT', mark: 0, ...over };
}

/** the verdict of INPUT (policy ACCEPT) holding the one rule `spec -j DROP` */
function verdict(spec: string, p: PacketView, flavor: 'nft' | 'legacy' = 'nft'): string {
  const s = session(flavor);
  const r = s.run(['iptables', '-A', 'INPUT', ...spec.split(' '), '-j', 'DROP']);
  expect(r.stderr).toBe('');
  return evaluateHook(s.fw, 'filter', 'INPUT', p).verdict;
}

const DATA = 0;
const INIT = 1;
const ABORT = 6;

describe('sctp match on packets', () => {
  it('never matches a packet of another protocol, whatever is negated', () => {
    for (const spec of ['-p sctp', '-p sctp ! --dport 1', '-p sctp ! --chunk-types any DATA', '-p sctp --chunk-types only NONE']) {
      expect(verdict(spec, pkt({ proto: 6 })), spec).toBe('ACCEPT');
      expect(verdict(spec, pkt({ proto: 17 })), spec).toBe('ACCEPT');
    }
  });

  it('compares ports, negated or not, and skips later fragments', () => {
    expect(verdict('-p sctp --dport 80', pkt({}))).toBe('DROP');
    expect(verdict('-p sctp --dport 81:90', pkt({}))).toBe('ACCEPT');
    expect(verdict('-p sctp ! --dport 81:90', pkt({}))).toBe('DROP');
    expect(verdict('-p sctp --sport 5000 ! --dport 80', pkt({}))).toBe('ACCEPT');
    expect(verdict('-p sctp --dport 80', pkt({ fragment: true }))).toBe('ACCEPT');
  });

  it('all / any / only over the chunks, with flags', () => {
    const data = pkt({ sctpChunks: [{ type: DATA, flags: 0x03 }, { type: INIT, flags: 0 }] });
    expect(verdict('-p sctp --chunk-types all DATA,INIT', data)).toBe('DROP');
    expect(verdict('-p sctp --chunk-types all DATA,INIT,ABORT', data)).toBe('ACCEPT');
    expect(verdict('-p sctp --chunk-types any ABORT,INIT', data)).toBe('DROP');
    expect(verdict('-p sctp --chunk-types any ABORT', data)).toBe('ACCEPT');
    expect(verdict('-p sctp --chunk-types only DATA', data)).toBe('ACCEPT');
    expect(verdict('-p sctp --chunk-types only DATA,INIT,ABORT', data)).toBe('DROP');
    // B (0x02) set and E (0x01) set: DATA:BE matches, DATA:Be does not
    expect(verdict('-p sctp --chunk-types all DATA:BE', data)).toBe('DROP');
    expect(verdict('-p sctp --chunk-types all DATA:Be', data)).toBe('ACCEPT');
    expect(verdict('-p sctp ! --chunk-types all DATA:Be', data)).toBe('DROP');
    expect(verdict('-p sctp --chunk-types any ABORT:T', pkt({ sctpChunks: [{ type: ABORT, flags: 0 }] }))).toBe('ACCEPT');
    expect(verdict('-p sctp --chunk-types any ABORT:t', pkt({ sctpChunks: [{ type: ABORT, flags: 0 }] }))).toBe('DROP');
    expect(verdict('-p sctp --chunk-types all ALL', data)).toBe('ACCEPT');
    expect(verdict('-p sctp --chunk-types only ALL', data)).toBe('DROP');
  });
});

describe('dccp match on packets', () => {
  const d = (over: Partial<PacketView>): PacketView => pkt({ proto: 33, ...over });

  it('never matches a packet of another protocol', () => {
    for (const spec of ['-p dccp', '-p dccp ! --sport 1', '-p dccp ! --dccp-types ACK', '-p dccp ! --dccp-option 3']) {
      expect(verdict(spec, pkt({ proto: 6 }), 'legacy'), spec).toBe('ACCEPT');
    }
  });

  it('ports, types (INVALID covers 10-15) and options', () => {
    expect(verdict('-p dccp --sport 4000:6000', d({}))).toBe('DROP');
    // XTTYPE_PORTRC keeps a reversed range, which then matches nothing
    expect(verdict('-p dccp --dport 90:70', d({}))).toBe('ACCEPT');
    expect(verdict('-p dccp --dccp-types REQUEST,ACK', d({ dccpType: 3 }))).toBe('DROP');
    expect(verdict('-p dccp --dccp-types REQUEST,ACK', d({ dccpType: 4 }))).toBe('ACCEPT');
    expect(verdict('-p dccp --dccp-types INVALID', d({ dccpType: 14 }))).toBe('DROP');
    expect(verdict('-p dccp ! --dccp-types INVALID', d({ dccpType: 14 }))).toBe('ACCEPT');
    expect(verdict('-p dccp --dccp-option 5', d({ dccpOptions: [1, 5] }))).toBe('DROP');
    expect(verdict('-p dccp ! --dccp-option 5', d({ dccpOptions: [1, 5] }))).toBe('ACCEPT');
    expect(verdict('-p dccp --dccp-option 5', d({ fragment: true }))).toBe('ACCEPT');
  });
});

describe('rules the save text cannot tell apart', () => {
  it('-C compares the chunk flag entries as the kernel keeps them (order, I_DATA flags)', () => {
    for (const flavor of ['nft', 'legacy'] as const) {
      const s = session(flavor);
      expect(s.run(['iptables', '-A', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'DATA:B,ABORT:T']).code).toBe(0);
      expect(s.run(['iptables', '-A', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'I_DATA:E']).code).toBe(0);
      expect(s.run(['iptables', '-S', 'INPUT']).stdout).toBe('-P INPUT ACCEPT\n-A INPUT -p sctp -m sctp --chunk-types all DATA:B,ABORT:T\n-A INPUT -p sctp -m sctp --chunk-types all I_DATA\n');
      expect(s.run(['iptables', '-C', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'ABORT:T,DATA:B']).code).toBe(1);
      expect(s.run(['iptables', '-C', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'DATA:B,ABORT:T']).code).toBe(0);
      expect(s.run(['iptables', '-C', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'I_DATA']).code).toBe(1);
      expect(s.run(['iptables', '-D', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'I_DATA:E']).code).toBe(0);
    }
  });

  it('strcasecmp and toupper are ASCII only: a dotless i is no I', () => {
    const s = session('nft');
    expect(s.run(['iptables', '-A', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'ınıt']).stderr).toContain("Unknown sctp chunk `ınıt'");
    expect(s.run(['iptables', '-A', 'INPUT', '-p', 'sctp', '--chunk-types', 'all', 'DATA:ı']).stderr).toContain('Invalid flags for chunk type 0');
    expect(s.run(['iptables', '-A', 'INPUT', '-p', 'dccp', '--dccp-types', 'ack']).code).toBe(0);
    expect(s.run(['iptables', '-A', 'INPUT', '-p', 'dccp', '--dccp-types', 'ACK,ſync']).stderr).toContain("Unknown DCCP type `ſync'");
  });
});
