// The shell on the Bookinfo world: wiring only (the world's own outputs are tested in test/world).
import { describe, expect, it } from 'vitest';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

const REQ = 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0';

describe('shell on the Bookinfo world', () => {
  it('registers the world commands', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    for (const name of ['iptables', 'iptables-save', 'iptables-restore', 'nsenter', 'kubectl', 'curl', 'conntrack', 'ss', 'ip']) {
      expect(s.run(`type ${name}`).code).toBe(0);
    }
    expect(s.run('kubectl get pods | grep -c Running').output).toBe('4\n');
  });
  it('nsenter without a command opens a sub-shell named after the pod', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    expect(s.run('nsenter -t 8533 -n').code).toBe(0);
    expect(s.prompt()).toBe('[netns reviews-v1-5b86c6f6d4-jm4tq] root@node-1:~# ');
    expect(s.run('iptables -t nat -S ISTIO_INBOUND | head -n 1').output).toBe('-N ISTIO_INBOUND\n');
    s.run('exit');
    expect(s.prompt()).toBe('root@node-1:~# ');
    expect(s.run('iptables -t nat -S').output).not.toContain('ISTIO');
  });
  it('nsenter words a program it cannot run as util-linux 2.38 does', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    expect(s.run('nsenter -t 8533 -n foo')).toEqual({ output: 'nsenter: failed to execute foo: No such file or directory\n', code: 127, clear: false });
    expect(s.run('echo $?').output).toBe('127\n');
    expect(s.run('nsenter -t 8533 -n /usr/sbin/nosuch -L').output).toBe('nsenter: failed to execute /usr/sbin/nosuch: No such file or directory\n');
    expect(s.run('nsenter -t 8533 -n /etc/passwd')).toEqual({ output: 'nsenter: failed to execute /etc/passwd: Permission denied\n', code: 126, clear: false });
    expect(s.run('nsenter -t 8533 -n /etc')).toEqual({ output: 'nsenter: failed to execute /etc: Permission denied\n', code: 126, clear: false });
    // bash itself keeps its own wording.
    expect(s.run('foo')).toEqual({ output: 'bash: foo: command not found\n', code: 127, clear: false });
    expect(s.run('/etc/passwd')).toEqual({ output: 'bash: /etc/passwd: Permission denied\n', code: 126, clear: false });
    expect(s.run('/etc')).toEqual({ output: 'bash: /etc: Is a directory\n', code: 126, clear: false });
    expect(s.run('nsenter -t 8533 -n iptables -t nat -S ISTIO_REDIRECT').code).toBe(0);
  });
  it('ps shows the pods\' processes with the node\'s user names', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    const envoy = s.run('ps -ef | grep "envoy -c" | head -n 1').output;
    expect(envoy).toMatch(/^1337 +\d+ +\d+ .*envoy -c /);
    expect(s.run('ps -p 8533 -o pid,cmd').output).toMatch(/^ +PID CMD\n +8533 /);
  });
  it('kubectl exec sees the pod\'s resolv.conf; the node shell sees the node\'s', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-current' });
    expect(s.run('kubectl exec deploy/reviews-v1 -- cat /etc/resolv.conf').output).toContain('nameserver 10.96.0.10');
    expect(s.run('cat /etc/resolv.conf').output).not.toContain('10.96.0.10');
  });
  it('completes PIDs, deployments and the chains of the entered namespace', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    expect(s.complete('nsenter -t 853').candidates).toContain('8533');
    expect(s.complete('kubectl exec deploy/rev').candidates).toEqual(['deploy/reviews-v1']);
    expect(s.complete('nsenter -t 8533 -n iptables -t nat -L ISTIO_IN').candidates).toEqual([]);
    s.run('nsenter -t 8533 -n');
    expect(s.complete('iptables -t nat -L ISTIO_IN').candidates).toEqual(['ISTIO_INBOUND', 'ISTIO_IN_REDIRECT']);
  });
  it('counters for the store move with a request, and restore replays them exactly', () => {
    const a = createScenarioSession({ scenario: 'bookinfo-1.6' });
    const before = a.host()!.counters!().reduce((n, r) => n + r.pkts, 0);
    expect(a.run(REQ).code).toBe(0);
    const rows = a.host()!.counters!();
    expect(rows.reduce((n, r) => n + r.pkts, 0)).toBeGreaterThan(before);
    const listing = a.run('nsenter -t 8533 -n iptables -t nat -L -v -x').output;
    const b = createScenarioSession({ scenario: 'bookinfo-1.6' });
    expect(b.restore(JSON.parse(JSON.stringify(a.snapshot())))).toBe(true);
    expect(b.run('nsenter -t 8533 -n iptables -t nat -L -v -x').output).toBe(listing);
  });
  it('trace on prints the SYNs of new connections rule by rule, trace off stops it', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-1.6' });
    expect(s.run('trace on').code).toBe(0);
    const out = s.run(`${REQ} >/dev/null`).output;
    expect(out).toMatch(/^trace #\d+ SYN from productpage-v1-7d6cfb7dfd-x2lmk\/curl$/m);
    expect(out).toMatch(/reviews-v1-5b86c6f6d4-jm4tq  nat PREROUTING\/ISTIO_INBOUND rule 5 -> jump ISTIO_IN_REDIRECT/);
    expect(out).toMatch(/reviews-v1-5b86c6f6d4-jm4tq  nat OUTPUT\/ISTIO_OUTPUT rule 4 -> RETURN/);
    s.run('trace off');
    expect(s.run(`${REQ} >/dev/null`).output).toBe('');
  });
  it('step/goto walk the 17 flow points on real packets: the request is sent once, each point shows its rule', () => {
    const s = createScenarioSession({ scenario: 'bookinfo-current', at: 0 });
    const first = s.run('step').output;
    expect(first).toMatch(/^\(sent: kubectl exec deploy\/productpage-v1 -- curl -s http:\/\/reviews:9080\/reviews\/0\)\n\[1\/17\] /);
    expect(s.run('step').output).not.toContain('(sent:');
    const seven = s.run('goto 7').output;
    expect(seven).toContain('127.0.0.6');
    expect(seven).toMatch(/^    -A ISTIO_OUTPUT -s 127\.0\.0\.6\/32 -o lo -c 1 60 -j RETURN$/m);
    expect(s.flowPoint()).toBe(7);
    expect(s.run('goto 15').output).toMatch(/\(sent: kubectl exec deploy\/reviews-v1 [^\n]*\)\n\[15\/17\] (.|\n)*-A ISTIO_OUTPUT -m owner --uid-owner 1337 -c 1 60 -j RETURN/);
  });
  it('the flow cursor and its requests survive a restore', () => {
    const a = createScenarioSession({ scenario: 'bookinfo-1.6', at: 0 });
    a.run('goto 3');
    const b = createScenarioSession({ scenario: 'bookinfo-1.6', at: 0 });
    b.restore(a.snapshot());
    expect(b.flowPoint()).toBe(3);
    expect(b.run('nsenter -t 8533 -n iptables -t nat -S ISTIO_IN_REDIRECT 1 -v').output).toBe(a.run('nsenter -t 8533 -n iptables -t nat -S ISTIO_IN_REDIRECT 1 -v').output);
  });
});
