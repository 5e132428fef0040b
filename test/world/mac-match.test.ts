// -m mac in the simulated node: a frame that crossed a veth carries the sending device's
// address (eth_header fills in dev->dev_addr: the host-side cali* veth's ee:ee:ee:ee:ee:ee
// for a pod's inbound traffic); traffic over lo has no Ethernet header, so -m mac matches
// it neither way (xt_mac.c; measured on loopback: test/fixtures/lab-extra/lo-mac-iprange-nflog).
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { runner } from './cmd-harness.ts';

const RV = { kind: 'netns' as const, pid: 8533, label: 'reviews', netns: 'reviews-v1-5b86c6f6d4-jm4tq' };

describe('-m mac on a pod\'s veth and on its loopback', () => {
  it('the veth frames match the host veth\'s address; loopback packets match no mac rule', () => {
    const w = createWorld('bookinfo-1.6');
    const run = runner(w);
    for (const spec of [
      // inbound over eth0 (the pod's veth): to 9080, redirected to envoy's 15006 in nat PREROUTING
      '-i eth0 -p tcp --dport 9080 -m mac --mac-source EE:EE:EE:EE:EE:EE',
      '-i eth0 -p tcp --dport 9080 -m mac ! --mac-source ee:ee:ee:ee:ee:ee',
      '-i eth0 -p tcp --dport 9080 -m mac ! --mac-source 02:00:00:00:00:01',
      // envoy to the app over lo
      '-i lo -p tcp --dport 9080 -m mac ! --mac-source 02:00:00:00:00:01',
      '-i lo -p tcp --dport 9080',
    ]) expect(run(`iptables -t mangle -A PREROUTING ${spec}`, RV).code).toBe(0);
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0').code).toBe(0);
    const counts = run('iptables -t mangle -L PREROUTING -v -x -n', RV).stdout.split('\n').slice(2, 7).map((l) => Number(l.trim().split(/\s+/)[0]));
    const [veth, vethNot, vethOther, loNot, lo] = counts;
    expect(veth).toBeGreaterThan(0);
    expect(vethNot).toBe(0);
    expect(vethOther).toBe(veth);
    expect(lo).toBeGreaterThan(0);
    expect(loNot).toBe(0);
  });
});
