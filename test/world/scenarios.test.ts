// Scenario worlds driven through the commands a reader types.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { runner } from './cmd-harness.ts';

const PP = { kind: 'netns' as const, pid: 4170, label: 'productpage', netns: 'productpage-v1-7d6cfb7dfd-x2lmk' };

describe('scenarios', () => {
  it('bookinfo-current-dns: DNS goes to the agent (zone 2), the request still works', () => {
    const w = createWorld('bookinfo-current-dns');
    const run = runner(w);
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0').code).toBe(0);
    const ct = run('nsenter -t 4170 -n conntrack -L').stdout;
    expect(ct).toMatch(/^udp {6}17 27 src=10\.244\.1\.10 dst=10\.96\.0\.10 .* src=127\.0\.0\.1 dst=10\.244\.1\.10 sport=15053 .* mark=0 zone=2 use=1$/m);
    const nat = run('nsenter -t 4170 -n iptables -t nat -S ISTIO_OUTPUT_DNS -v').stdout;
    expect(nat).toContain('-A ISTIO_OUTPUT_DNS -d 10.96.0.10/32 -p udp -m udp --dport 53 -c 1 79 -j REDIRECT --to-ports 15053');
  });

  it('bookinfo-current-tproxy: reviews captures with TPROXY in mangle; nat stays quiet inbound', () => {
    const w = createWorld('bookinfo-current-tproxy');
    const run = runner(w);
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0').code).toBe(0);
    const rv = { ...PP, pid: 8533, netns: 'reviews-v1-5b86c6f6d4-jm4tq' };
    expect(run('iptables -t mangle -S ISTIO_TPROXY -v', rv).stdout).toContain('-c 1 60 -j TPROXY');
    expect(run('iptables -t nat -S PREROUTING -v', rv).stdout).not.toMatch(/-c [1-9]/);
    expect(run('ip rule', rv).stdout).toContain('32765:\tfrom all fwmark 0x539 lookup 133');
  });

  it('empty: no sidecars, no rules anywhere, the app answers directly', () => {
    const w = createWorld('empty');
    const run = runner(w);
    expect(run('kubectl get pods').stdout).toContain('1/1     Running');
    const r = run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0');
    expect(r.code).toBe(0);
    expect(run('iptables-save').stdout).toBe('');
    expect(run('iptables -t nat -S', PP).stdout).toBe('-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n');
  });

  it('deleting the uid/gid 1337 RETURN rules makes envoy redirect itself: 21 SYNs, then Empty reply', () => {
    const w = createWorld('bookinfo-1.6');
    const run = runner(w);
    expect(run('nsenter -t 4170 -n iptables -t nat -D ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN').code).toBe(0);
    expect(run('nsenter -t 4170 -n iptables -t nat -D ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN').code).toBe(0);
    const r = run('kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/reviews/0');
    expect(r).toEqual({ stdout: '', stderr: 'curl: (52) Empty reply from server\ncommand terminated with exit code 52\n', code: 52 });
    const save = run('nsenter -t 4170 -n iptables-save -c -t nat').stdout;
    expect(save).toContain('[21:1260] -A OUTPUT -p tcp -j ISTIO_OUTPUT');
    expect(save).toContain('[21:1260] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
  });

  it('an excluded inbound port reaches the app directly (ISTIO_INBOUND RETURN)', () => {
    const w = createWorld('bookinfo-1.6');
    const run = runner(w);
    const rv = { ...PP, pid: 8533, netns: 'reviews-v1-5b86c6f6d4-jm4tq' };
    expect(run('iptables -t nat -I ISTIO_INBOUND -p tcp --dport 9080 -j RETURN', rv).code).toBe(0);
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0').code).toBe(0);
    expect(run('iptables -t nat -L ISTIO_IN_REDIRECT -v -n', rv).stdout).toMatch(/\n {4}0 {5}0 REDIRECT/);
    expect(run('iptables -t nat -L ISTIO_INBOUND -v -n --line-numbers', rv).stdout).toMatch(/\n1 {8}1 {4}60 RETURN/);
  });
});

describe('from the node and to the proxy', () => {
  it('curl from the node to a pod IP goes through the pod\'s inbound capture (source: the node\'s address)', () => {
    const w = createWorld('bookinfo-current');
    const run = runner(w);
    expect(run('curl -s http://10.244.2.20:9080/reviews/0').code).toBe(0);
    expect(run('conntrack -L').stdout).toMatch(/^tcp {6}6 117 TIME_WAIT src=10\.0\.0\.11 dst=10\.244\.2\.20 /);
    const rv = { ...PP, pid: 8533, netns: 'reviews-v1-5b86c6f6d4-jm4tq' };
    expect(run('iptables -t nat -S ISTIO_IN_REDIRECT -v', rv).stdout).toContain('-c 1 60 -j REDIRECT --to-ports 15006');
  });
  it("envoy's admin and stats ports answer on their own listeners", () => {
    const w = createWorld('bookinfo-current');
    const run = runner(w);
    expect(run('kubectl exec deploy/reviews-v1 -c istio-proxy -- curl -s http://localhost:15000/ready').stdout).toBe('LIVE\n');
    expect(run('kubectl exec deploy/reviews-v1 -- curl -s http://localhost:15090/stats/prometheus').stdout).toContain('envoy_server_live{} 1');
  });
});
