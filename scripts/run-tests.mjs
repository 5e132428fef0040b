#!/usr/bin/env node
// `npm test`: every suite, in the order a failure is cheapest to read.
//   0. tsc --noEmit over src, components, test, content
//   1. unit + fixture + content-replay tests (vitest, Node)
//   2. the static site build (astro build + pagefind index)
//   3. browser tests against the built site (vitest + playwright-core + Debian chromium)
// Ends with one plain "tests: N passed, M failed" line that CI can read.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';

const out = 'node_modules/.cache/test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
let hardFailure = false;
// Steps that failed outright (setup error, no tests found, build broke): their tests are not
// in the counts, so the summary names them instead of letting "0 failed" read as green.
const brokenSteps = [];

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.log(`=== ${label} exited with ${r.status}`);
    brokenSteps.push(`${label} (exit ${r.status})`);
  }
  return r.status === 0;
}

function vitest(label, config, file) {
  const ok = run(label, 'vitest', ['run', '-c', config, '--reporter=default', '--reporter=json', `--outputFile=${out}/${file}`]);
  if (existsSync(`${out}/${file}`)) {
    const j = JSON.parse(readFileSync(`${out}/${file}`, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests + (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    if (j.numTotalTests === 0) hardFailure = true;
  } else hardFailure = true;
  if (!ok) hardFailure = true;
}

// Types first: the engine/world/shell contracts are the project's boundaries.
// `astro sync` writes the astro:content types a fresh clone does not have yet.
if (!run('sync', 'astro', ['sync']) || !run('typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json'])) hardFailure = true;
vitest('unit', 'vitest.config.ts', 'unit.json');
if (!run('build', 'npm', ['run', 'build'])) hardFailure = true;
else if (existsSync('vitest.e2e.config.ts')) vitest('browser', 'vitest.e2e.config.ts', 'e2e.json');

if (brokenSteps.length) console.log(`\nsteps that failed: ${brokenSteps.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(hardFailure || failed > 0 ? 1 : 0);
