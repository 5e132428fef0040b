// Runs command lines against the real iptables 1.8.9 in a throwaway network namespace
// through scripts/capture/run-cases.sh (the same script that made the committed
// captures), batching many commands into one namespace session.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandResult } from './run-line.ts';

export type Flavor = 'nft' | 'legacy';

const ROOT = resolve(import.meta.dirname, '../../..');
export const KERNEL_EXTRA = join(ROOT, 'test/fixtures/kernel-extra');
const RUNNER = join(ROOT, 'scripts/capture/run-cases.sh');

let probed: { ok: boolean; reason: string } | undefined;
let nsSeq = 0;

/** Whether real iptables in a namespace can be used here, and if not, why. */
export function realAvailability(): { ok: boolean; reason: string } {
  if (probed) return probed;
  const no = (reason: string) => (probed = { ok: false, reason });
  if (process.platform !== 'linux') return no('not Linux');
  if (process.getuid?.() !== 0) return no('not root');
  for (const bin of ['/usr/sbin/xtables-nft-multi', '/usr/sbin/xtables-legacy-multi', '/usr/bin/unshare']) {
    if (!existsSync(bin)) return no(`${bin} missing`);
  }
  const ip = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (ip.status !== 0) return no('`ip netns` unavailable');
  try {
    const [r] = runReal('nft', ['iptables -V']);
    if (r.stdout !== 'iptables v1.8.9 (nf_tables)\n') return no(`real iptables is not 1.8.9: ${JSON.stringify(r.stdout)}`);
  } catch (e) {
    return no(`namespace probe failed: ${(e as Error).message}`);
  }
  return (probed = { ok: true, reason: '' });
}

/**
 * Runs `lines` in order in one fresh namespace ("%reset" lines return it to the fresh
 * state and yield no result). The namespace is always deleted by the script's trap.
 */
export function runReal(flavor: Flavor, lines: readonly string[], opts: { etc?: string; cwd?: string; timeoutMs?: number } = {}): CommandResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'kt-real-'));
  // named here so the namespace is deleted even if the script is killed before its trap runs;
  // KT_NS_PREFIX lets a run on a shared machine use names of its own
  const ns = `${process.env.KT_NS_PREFIX ?? 'kt'}-${process.pid}-${++nsSeq}${Math.random().toString(36).slice(2, 6)}`;
  try {
    const cases = join(dir, 'cases');
    const out = join(dir, 'out');
    spawnSync('mkdir', [out]);
    for (const l of lines) if (l.includes('\n')) throw new Error('multi-line command');
    writeFileSync(cases, lines.join('\n') + '\n');
    const r = spawnSync('bash', [RUNNER, flavor, opts.etc ?? join(KERNEL_EXTRA, 'etc/base'), cases, out, opts.cwd ?? KERNEL_EXTRA], {
      env: { ...process.env, KT_RAW: '1', KT_NS: ns },
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 120_000,
      killSignal: 'SIGKILL',
    });
    if (r.status !== 0) throw new Error(`run-cases.sh failed (${r.status ?? r.signal}): ${r.stderr}`);
    const codes = readFileSync(join(out, 'rc'), 'utf8').split('\n').filter((x) => x !== '').map(Number);
    const want = lines.filter((l) => l !== '%reset' && l !== '' && !l.startsWith('#')).length;
    if (codes.length !== want) throw new Error(`expected ${want} results, got ${codes.length}`);
    return codes.map((code, i) => ({
      stdout: readFileSync(join(out, `${i + 1}.o`), 'utf8'),
      stderr: readFileSync(join(out, `${i + 1}.e`), 'utf8'),
      code,
    }));
  } finally {
    if (existsSync(`/run/netns/${ns}`)) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  }
}
