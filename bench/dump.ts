// The kube-proxy-sized nat dump bench/engine.ts restores (a module of its own: profiling
// scripts import it without running the benchmark).

/** a kube-proxy (iptables mode) nat table: per service 1 + 3 endpoints x 3 rules = 10 rules */
export function kubeProxyDump(targetRules: number): { text: string; rules: number; probe: string[] } {
  const lines: string[] = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]', ':KUBE-MARK-MASQ - [0:0]', ':KUBE-POSTROUTING - [0:0]'];
  const body: string[] = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ];
  const services = Math.ceil((targetRules - body.length) / 10);
  let probe: string[] = [];
  for (let i = 0; i < services; i++) {
    const svc = `KUBE-SVC-${String(i).padStart(16, '0')}`;
    const vip = `10.96.${(i >> 8) & 255}.${i & 255}`;
    const name = `ns${i % 50}/svc-${i}:http`;
    lines.push(`:${svc} - [0:0]`);
    body.push(`-A KUBE-SERVICES -d ${vip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport 80 -j ${svc}`);
    for (let e = 0; e < 3; e++) {
      const sep = `KUBE-SEP-${String(i * 3 + e).padStart(16, '0')}`;
      const ep = `10.${128 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${(i & 255)}`;
      lines.push(`:${sep} - [0:0]`);
      const prob = e === 0 ? ' -m statistic --mode random --probability 0.33333333349' : e === 1 ? ' -m statistic --mode random --probability 0.50000000000' : '';
      body.push(`-A ${svc} -m comment --comment "${name} -> ${ep}:${8080 + e}"${prob} -j ${sep}`);
      body.push(`-A ${sep} -s ${ep}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      body.push(`-A ${sep} -p tcp -m comment --comment "${name}" -m tcp -j DNAT --to-destination ${ep}:${8080 + e}`);
    }
    if (i === services - 1) probe = ['-t', 'nat', '-C', 'KUBE-SERVICES', '-d', `${vip}/32`, '-p', 'tcp', '-m', 'comment', '--comment', `${name} cluster IP`, '-m', 'tcp', '--dport', '80', '-j', svc];
  }
  return { text: [...lines, ...body, 'COMMIT', ''].join('\n'), rules: body.length, probe };
}
