// The world's commands print what the real tools print (captures in
// test/fixtures/world/captures and the lab's files).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ip } from '../../src/netfilter/addr.ts';
import { createWorld } from '../../src/world/world.ts';
import { runner } from './cmd-harness.ts';
import { labFile, runLab16 } from './lab-harness.ts';

const cap = (f: string): string => readFileSync(new URL(`../fixtures/world/captures/${f}`, import.meta.url), 'utf8');

describe('ss', () => {
  // the capture's sockets, recreated in a pod namespace
  const w = createWorld('bookinfo-current');
  const ns = w.pod('reviews-v1')!.ns;
  ns.sockets.all.length = 0;
  const own = (pid: number, fd: number, uid: number) => ({ uid, gid: uid, pid, comm: 'python3', fd });
  const L = (addr: string, port: number, fd: number, backlog = 4096, pid = 17490, uid = 1337) => ns.sockets.add({ proto: 6, state: 'LISTEN', localIp: ip(addr), localPort: port, remoteIp: 0, remotePort: 0, owner: own(pid, fd, uid), transparent: false, backlog });
  L('0.0.0.0', 15090, 5); L('0.0.0.0', 15001, 3); L('0.0.0.0', 15006, 4); L('0.0.0.0', 15021, 7); L('0.0.0.0', 15020, 8);
  L('0.0.0.0', 9080, 3, 5, 17493, 1000); L('127.0.0.1', 15000, 6);
  const E = (la: string, lp: number, ra: string, rp: number, o?: { pid: number; fd: number }) => ns.sockets.add({ proto: 6, state: 'ESTAB', localIp: ip(la), localPort: lp, remoteIp: ip(ra), remotePort: rp, owner: o ? own(o.pid, o.fd, 0) : undefined, transparent: false, backlog: 0 });
  E('127.0.0.1', 60632, '127.0.0.1', 9080, { pid: 17561, fd: 3 }); E('127.0.0.1', 9080, '127.0.0.1', 60632);
  E('10.244.2.20', 15001, '10.244.2.20', 37926); E('10.244.2.20', 37926, '10.244.2.20', 15001, { pid: 17561, fd: 4 });
  const run = runner(w);
  const where = { kind: 'netns' as const, pid: 8533, label: 'reviews', netns: ns.name };
  it('ss -ltnp, ss -ltn and ss -tnp lay columns out like iproute2 6.1', () => {
    expect(run('ss -ltnp', where).stdout).toBe(cap('ss-ltnp.txt'));
    expect(run('ss -ltn', where).stdout).toBe(cap('ss-ltn.txt'));
    expect(run('ss -tnp', where).stdout).toBe(cap('ss-tnp.txt'));
  });
});

describe('ip', () => {
  const w = createWorld('bookinfo-current-tproxy');
  const run = runner(w);
  const where = { kind: 'netns' as const, pid: 8533, label: 'reviews', netns: w.pod('reviews-v1')!.ns.name };
  it('ip route, ip rule, the TPROXY table and the local table', () => {
    expect(run('ip route', where).stdout).toBe(cap('ip-route.txt'));
    expect(run('ip rule', where).stdout).toBe(cap('ip-rule-tproxy.txt'));
    expect(run('ip route show table 133', where).stdout).toBe(cap('ip-route-table-133.txt'));
    expect(run('ip route show table local', where).stdout).toBe(cap('ip-route-table-local.txt'));
  });
  it('ip addr, ip -br addr, ip -br link, ip -4 addr ls, ip link in the reviews pod', () => {
    const w2 = createWorld('bookinfo-current');
    const at = { kind: 'netns' as const, pid: 8533, label: 'reviews', netns: w2.pod('reviews-v1')!.ns.name };
    for (const args of ['addr', '-br addr', '-br link', '-4 addr ls', 'link']) {
      const file = `ip-${args.replace(/^-/, '').replace(/ /g, '-')}.txt`;
      expect([args, runner(w2)(`ip ${args}`, at).stdout]).toEqual([args, cap(file)]);
    }
  });
  it('no TPROXY rule without TPROXY', () => {
    const w2 = createWorld('bookinfo-current');
    const r = runner(w2)('ip rule', { kind: 'netns', pid: 8533, label: 'r', netns: w2.pod('reviews-v1')!.ns.name });
    expect(r.stdout).not.toContain('fwmark');
  });
});

describe('conntrack -L', () => {
  it("productpage's table after one lab request equals the lab's, byte for byte", () => {
    const { world } = runLab16('nft-localhost');
    const r = runner(world)('nsenter -t 4170 -n conntrack -L');
    expect(r.stdout + r.stderr).toBe(labFile('nft-localhost', 'lab-pp.conntrack-L.txt'));
  });
  it("reviews' table equals the lab's apart from the ephemeral port numbers", () => {
    const { world } = runLab16('nft-podip');
    const r = runner(world)('nsenter -t 8533 -n conntrack -L');
    const norm = (s: string): string => s.replace(/port=[3-6]\d{4}/g, 'port=EPH');
    expect(norm(r.stdout + r.stderr)).toBe(norm(labFile('nft-podip', 'lab-rv.conntrack-L.txt')));
  });
  it('no-uid-rule: 21 entries, each redirected to 15001', () => {
    const { world } = runLab16('no-uid-rule');
    const r = runner(world)('nsenter -t 4170 -n conntrack -L');
    expect(r.stdout.trim().split('\n').filter((l) => / sport=15001 /.test(l))).toHaveLength(21);
    expect(r.stderr).toBe('conntrack v1.4.7 (conntrack-tools): 21 flow entries have been shown.\n');
  });
  it('-p picks entries by protocol, by name or number', () => {
    const w = createWorld('bookinfo-current-dns');
    const run = runner(w);
    // a name lookup over UDP (captured by the agent's DNS proxy), then the TCP request
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0').code).toBe(0);
    const all = run('nsenter -t 4170 -n conntrack -L').stdout.trim().split('\n');
    for (const [p, proto] of [['udp', 'udp'], ['17', 'udp'], ['tcp', 'tcp'], ['6', 'tcp']]) {
      const r = run(`nsenter -t 4170 -n conntrack -L -p ${p}`);
      const want = all.filter((l) => l.startsWith(`${proto} `));
      expect(want.length).toBeGreaterThan(0);
      expect([p, r.stdout]).toEqual([p, `${want.join('\n')}\n`]);
      expect(r.stderr).toBe(`conntrack v1.4.7 (conntrack-tools): ${want.length} flow entries have been shown.\n`);
    }
  });
  it('needs root', () => {
    const w = createWorld('bookinfo-current');
    const r = runner(w)('conntrack -L', { kind: 'node' }, 1000);
    expect(r).toEqual({ stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n', code: 1 });
  });
});

describe('kubectl get by name', () => {
  const run = runner(createWorld('bookinfo-1.6'));
  it('prints the rows asked for, in the order asked, with columns sized to them', () => {
    expect(run('kubectl get svc reviews details').stdout).toBe(
      'NAME      TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)    AGE\n' +
      'reviews   ClusterIP   10.96.88.70   <none>        9080/TCP   3d2h\n' +
      'details   ClusterIP   10.96.54.31   <none>        9080/TCP   3d2h\n');
    const pod = run('kubectl get pods ratings-v1-6f855c5fff-vb8kk');
    expect(pod.stdout.split('\n').slice(1, 2)).toEqual(['ratings-v1-6f855c5fff-vb8kk   2/2     Running   0          3d2h']);
  });
  it('a missing name: the server\'s NotFound on stderr, the others still printed, exit 1', () => {
    const r = run('kubectl get service nosuch reviews');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): services "nosuch" not found\n');
    expect(r.stdout.split('\n')[1]).toMatch(/^reviews +ClusterIP/);
    expect(run('kubectl get pod nosuch')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', code: 1 });
  });
  it('namespaces: kube-dns lives in kube-system; -A adds the NAMESPACE column and takes no names', () => {
    expect(run('kubectl get svc -n kube-system').stdout).toMatch(/^kube-dns +ClusterIP +10\.96\.0\.10 /m);
    expect(run('kubectl get svc -A').stdout.split('\n')[0]).toMatch(/^NAMESPACE +NAME +TYPE/);
    expect(run('kubectl get svc -A reviews')).toEqual({ stdout: '', stderr: 'error: a resource cannot be retrieved by name across all namespaces\n', code: 1 });
    expect(run('kubectl get svc -n nosuch')).toEqual({ stdout: '', stderr: 'No resources found in nosuch namespace.\n', code: 0 });
  });
});

describe('kubectl, nsenter, curl', () => {
  const w = createWorld('bookinfo-current');
  const run = runner(w);
  it('kubectl get pods', () => {
    expect(run('kubectl get pods').stdout).toBe(
      'NAME                              READY   STATUS    RESTARTS   AGE\n' +
      'details-v1-65cfcf56f8-9qhzn       2/2     Running   0          3d2h\n' +
      'productpage-v1-7d6cfb7dfd-x2lmk   2/2     Running   0          3d2h\n' +
      'ratings-v1-6f855c5fff-vb8kk       2/2     Running   0          3d2h\n' +
      'reviews-v1-5b86c6f6d4-jm4tq       2/2     Running   0          3d2h\n');
  });
  it('kubectl exec curl reaches reviews through both sidecars', () => {
    const r = run('kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).podname).toBe('reviews-v1-5b86c6f6d4-jm4tq');
  });
  it('curl errors are curl 7.88.1 texts', () => {
    expect(run('kubectl exec deploy/productpage-v1 -- curl -sS http://nosuch:9080/').stderr).toBe('curl: (6) Could not resolve host: nosuch\ncommand terminated with exit code 6\n');
    expect(run('kubectl exec deploy/productpage-v1 -- curl -s http://nosuch:9080/').stderr).toBe('command terminated with exit code 6\n');
    const refused = run(['nsenter', '-t', '4170', '-n', 'curl', 'http://127.0.0.1:9999/']);
    expect(refused).toEqual({ stdout: '', stderr: "curl: (7) Failed to connect to 127.0.0.1 port 9999 after 0 ms: Couldn't connect to server\n", code: 7 });
  });
  it('nsenter errors', () => {
    expect(run('nsenter -t 99999 -n ip addr')).toEqual({ stdout: '', stderr: 'nsenter: cannot open /proc/99999/ns/net: No such file or directory\n', code: 1 });
    expect(run('nsenter -n ip addr').stderr).toBe('nsenter: neither filename nor target pid supplied for ns/net\n');
  });
  it('iptables in a container without root is refused like the real one', () => {
    expect(run('kubectl exec deploy/reviews-v1 -c istio-proxy -- iptables -t nat -L')).toEqual({
      stdout: '', code: 4,
      stderr: 'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\ncommand terminated with exit code 4\n',
    });
  });
});

describe('ss -tanoe after a lab request', () => {
  it("prints the lab's header and rows (inode, sk and ephemeral ports aside)", () => {
    const { world } = runLab16('nft-localhost');
    // sk: values (kernel addresses) set the Process column's width: compare without the padding
    const norm = (l: string): string => l.replace(/ino:\d+/g, 'ino:N').replace(/sk:[0-9a-f]+/g, 'sk:X').replace(/:3\d{4}/g, ':EPH').trimEnd();
    for (const [pod, pid] of [['lab-rv', 8533], ['lab-pp', 4170]] as const) {
      const ours = runner(world)(`nsenter -t ${pid} -n ss -tanoe`).stdout.split('\n').map(norm);
      const lab = labFile('nft-localhost', `${pod}.ss.txt`).split('\n').filter((l) => l !== '').map(norm);
      expect(ours[0]).toBe(lab[0]);
      for (const l of lab.slice(1)) expect(ours).toContain(l);
    }
  });
});

describe('the lab flavour speaks the lab mock and app byte for byte', () => {
  for (const s of ['nft-localhost', 'nft-podip']) {
    it(`${s}: curl -i output (status, injected headers, JSON body) equals the lab's`, () => {
      const { results } = runLab16(s);
      const resp = results[0].response!;
      const ours = `${resp.version} ${resp.status} ${resp.reason}\r\n${resp.headers.map((h) => `${h}\r\n`).join('')}\r\n${resp.body}`;
      const file = labFile(s, 'curl-response.txt');
      const lab = file.slice(file.indexOf('\n') + 1, file.indexOf('\n### curl -w'));
      const norm = (t: string): string => t.replace(/:[3-6]\d{4}/g, ':EPH');
      expect(norm(ours)).toBe(norm(lab));
    });
  }
});
