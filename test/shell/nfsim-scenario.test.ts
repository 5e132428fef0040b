// nfsim on a scenario's world: the same shell as the browser, stdout and stderr kept apart.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function nfsim(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['bin/nfsim.mjs', ...args], { input, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('nfsim --scenario', () => {
  it('runs a Bookinfo request and shows the lab-equal nat counters in reviews', () => {
    const r = nfsim(['--scenario', 'bookinfo-1.6',
      '-c', 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0 >/dev/null',
      '-c', "nsenter -t 8533 -n iptables-save -c -t nat | grep -- '-j REDIRECT'"]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('[1:60] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006\n[0:0] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001\n');
  });

  it('keeps stderr apart and exits with the last status', () => {
    const r = nfsim(['--scenario', 'bookinfo-current', '-c', 'nsenter -t 8533 -n iptables -t nat -A NOPE -j RETURN']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('iptables: No chain/target/match by that name.\n');
    expect(r.status).toBe(1);
    const g = nfsim(['-c', 'frobnicate']);
    expect(g.stderr).toBe('bash: frobnicate: command not found\n');
    expect(g.status).toBe(127);
  });

  it('reads a real file given to iptables-restore, and pipes through grep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nfsim-'));
    const file = join(dir, 'r.rules');
    writeFileSync(file, '*nat\n:OUTPUT ACCEPT [0:0]\n:X - [0:0]\n-A OUTPUT -p tcp --dport 80 -j X\nCOMMIT\n');
    const r = nfsim(['-c', `iptables-restore ${file}`, '-c', `iptables -t nat -S | grep -c X`]);
    expect(r.stdout).toBe('2\n');
    const missing = nfsim(['-c', 'iptables-restore /nonexistent/file']);
    expect(missing.stderr).toBe("Can't open /nonexistent/file: No such file or directory\n");
    expect(missing.status).toBe(1);
  });

  it('refuses an unknown scenario', () => {
    const r = nfsim(['--scenario', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith('nfsim: unknown scenario nope')).toBe(true);
  });

  it('reads lines from stdin, including a here-document', () => {
    const r = nfsim(['--scenario', 'empty'], "iptables-restore <<'EOF'\n*filter\n:INPUT DROP [0:0]\nCOMMIT\nEOF\niptables -S INPUT\n");
    expect(r.stdout).toBe('-P INPUT DROP\n');
    expect(r.status).toBe(0);
  });
});
