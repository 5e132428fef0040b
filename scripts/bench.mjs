#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts in one process each (Node 22 strips types),
// side by side in one run so ratios compare like with like, and writes the collected
// JSON lines to bench/results.json for the notes. Each file may take up to 40 min (Lighthouse runs
// every chapter page three times, and bench/site.ts's anchor comparison builds and runs it too).
import { readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
const results = {};
let failed = false;
for (const f of files) {
  console.log(`\n=== bench/${f}`);
  const r = spawnSync(process.execPath, [`bench/${f}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 2_400_000 });
  process.stdout.write(r.stdout ?? '');
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try { results[f] = JSON.parse(last); } catch { results[f] = { error: `no JSON line (exit ${r.status})` }; failed = true; }
}
writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/results.json');
process.exit(failed ? 1 : 0);
