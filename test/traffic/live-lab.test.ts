// Live re-capture of every lab scenario on the real kernel, compared with the committed
// fixtures (nat/raw identical). Opt-in: it needs root and takes about a minute
// (one pass of lab/run-all.sh measured 48-55 s), so `npm test` runs it only with
// LAB_LIVE=1; otherwise it logs one line saying why.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labScenarioNames } from './lab-fixtures.ts';

const runAll = fileURLToPath(new URL('../../lab/run-all.sh', import.meta.url));

function unavailable(): string {
  if (process.env.LAB_LIVE !== '1') return 'set LAB_LIVE=1 to re-capture on the real kernel (about 1 min, root)';
  if (process.getuid?.() !== 0) return 'LAB_LIVE=1 but not root (the lab creates network namespaces)';
  return '';
}

const why = unavailable();

describe('lab: live re-capture vs fixtures', () => {
  if (why) {
    it('is not run here, and says why', () => {
      console.log(`[traffic] live lab not run: ${why}`);
      expect(why.length).toBeGreaterThan(0);
    });
    return;
  }
  it('every scenario: nat/raw counters identical to the fixtures', () => {
    const r = spawnSync(runAll, ['--runs', '1'], { encoding: 'utf8', timeout: 240_000 });
    const lines = r.stdout.split('\n').filter((l) => / across \d+ runs;/.test(l));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual(labScenarioNames());
    for (const l of lines) expect(l).toMatch(/nat\/raw identical/);
  }, 300_000);
});
