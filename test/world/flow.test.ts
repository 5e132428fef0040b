// Each numbered flow point: which rule realised it, and which counter moved.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import type { World } from '../../src/world/world.ts';
import { httpGet } from '../../src/world/traffic.ts';

function nat(world: World, pod: string, chain: string, rule: number): number {
  const c = world.pod(pod)!.fw.peek('nat')!.chains.get(chain)!;
  return Number(rule === 0 ? c.pkts : c.rules[rule - 1].pkts);
}

function at(world: World, point: number) {
  const e = world.events.find((x) => x.point === point && x.pod.startsWith('reviews-v1'));
  if (!e) throw new Error(`no event for point ${point}`);
  return e;
}

// iptables-nft creates nat POSTROUTING only when the rules name it: the 1.6 set declares it, the current one does not.
for (const [scenario, returnRule, udpDns, postDelta] of [['bookinfo-1.6', 4, 0, 3], ['bookinfo-current', 1, 1, 0]] as const) {
  describe(`flow points in ${scenario}`, () => {
    const w = createWorld(scenario);
    const zero = (c: string, r: number) => expect(nat(w, 'reviews-v1', c, r)).toBe(0);
    zero('PREROUTING', 1);
    zero('ISTIO_INBOUND', 5);
    // points 1-8: productpage -> reviews
    httpGet(w, w.pod('productpage-v1')!.app, 'http://reviews:9080/reviews/0');
    const after1 = {
      pre: nat(w, 'reviews-v1', 'PREROUTING', 1), inb: nat(w, 'reviews-v1', 'ISTIO_INBOUND', 5), inr: nat(w, 'reviews-v1', 'ISTIO_IN_REDIRECT', 1),
      out: nat(w, 'reviews-v1', 'OUTPUT', 1), ret: nat(w, 'reviews-v1', 'ISTIO_OUTPUT', returnRule), uid: nat(w, 'reviews-v1', 'ISTIO_OUTPUT', 4),
      jr: nat(w, 'reviews-v1', 'ISTIO_OUTPUT', 9), red: nat(w, 'reviews-v1', 'ISTIO_REDIRECT', 1), post: nat(w, 'reviews-v1', 'POSTROUTING', 0),
    };
    // points 9-17: reviews -> ratings
    httpGet(w, w.pod('reviews-v1')!.app, 'http://ratings:9080/ratings/0');

    it('1: the SYN from productpage enters reviews on eth0', () => {
      expect(at(w, 1).text).toMatch(/enters PREROUTING on eth0/);
    });
    it('2: PREROUTING rule 1 jumps to ISTIO_INBOUND (counter 1)', () => {
      expect(at(w, 2)).toMatchObject({ table: 'nat', chain: 'PREROUTING', rule: 1, result: 'jump ISTIO_INBOUND' });
      expect(after1.pre).toBe(1);
    });
    it('3: ISTIO_INBOUND rule 5 (no exclusion matched) jumps to ISTIO_IN_REDIRECT', () => {
      expect(at(w, 3)).toMatchObject({ chain: 'ISTIO_INBOUND', rule: 5, result: 'jump ISTIO_IN_REDIRECT' });
      expect(after1.inb).toBe(1);
    });
    it('4: REDIRECT to 15006', () => {
      expect(at(w, 4)).toMatchObject({ chain: 'ISTIO_IN_REDIRECT', rule: 1, result: 'REDIRECT' });
      expect(after1.inr).toBe(1);
    });
    it('5-6: envoy -> app enters OUTPUT and jumps to ISTIO_OUTPUT', () => {
      expect(at(w, 5).text).toMatch(/envoy connects to the app/);
      expect(at(w, 6)).toMatchObject({ chain: 'OUTPUT', rule: 1, result: 'jump ISTIO_OUTPUT' });
      expect(after1.out).toBe(1);
    });
    it(`7: RETURN at ISTIO_OUTPUT rule ${returnRule}`, () => {
      expect(at(w, 7)).toMatchObject({ chain: 'ISTIO_OUTPUT', rule: returnRule, result: 'RETURN' });
      expect(after1.ret).toBe(1);
      expect(after1.jr).toBe(0);
    });
    it('8: delivered to the app', () => {
      expect(at(w, 8).text).toMatch(/delivered to the app/);
    });
    it('9-12: the app -> ratings is redirected to 15001 (ISTIO_OUTPUT rule 9, ISTIO_REDIRECT)', () => {
      expect(at(w, 9).text).toMatch(/the app connects/);
      expect(at(w, 10)).toMatchObject({ chain: 'OUTPUT', rule: 1 });
      expect(at(w, 11)).toMatchObject({ chain: 'ISTIO_OUTPUT', rule: 9, result: 'jump ISTIO_REDIRECT' });
      expect(at(w, 12)).toMatchObject({ chain: 'ISTIO_REDIRECT', rule: 1, result: 'REDIRECT' });
      // the app's SYN, plus (current rules only: OUTPUT no longer has -p tcp) its DNS query
      expect(nat(w, 'reviews-v1', 'ISTIO_OUTPUT', 9) - after1.jr).toBe(1 + udpDns);
      expect(nat(w, 'reviews-v1', 'ISTIO_REDIRECT', 1) - after1.red).toBe(1);
    });
    it('13-15: envoy -> ratings returns at the uid 1337 rule (rule 4), not ISTIO_REDIRECT', () => {
      expect(at(w, 13).text).toMatch(/envoy connects upstream/);
      expect(at(w, 14)).toMatchObject({ chain: 'OUTPUT', rule: 1 });
      expect(at(w, 15)).toMatchObject({ chain: 'ISTIO_OUTPUT', rule: 4, result: 'RETURN' });
      expect(nat(w, 'reviews-v1', 'ISTIO_OUTPUT', 4) - after1.uid).toBe(1);
      expect(nat(w, 'reviews-v1', 'OUTPUT', 1) - after1.out).toBe(2 + udpDns);
    });
    it('16-17: POSTROUTING once, then out via eth0; replies never reach nat', () => {
      if (postDelta) expect(at(w, 16)).toMatchObject({ chain: 'POSTROUTING', rule: 0 });
      else expect(at(w, 16).text).toMatch(/no POSTROUTING chain/);
      expect(at(w, 17).text).toBe('out of the pod via eth0');
      // envoy's SYN and (with DNS) nothing else new: the app's SYN went to lo, counted too
      expect(nat(w, 'reviews-v1', 'POSTROUTING', 0) - after1.post).toBe(postDelta);
      expect(w.events.filter((e) => e.pod.startsWith('reviews-v1')).map((e) => e.point)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    });
  });
}
