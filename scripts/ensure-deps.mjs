#!/usr/bin/env node
// Runs before `npm start` / `npm test` on whatever Node the machine has (often 20),
// so it must stay plain JavaScript with no dependencies.
// It makes a fresh clone runnable: installs node_modules (which bring Node 22 via the
// `node` package, first on PATH inside npm scripts) and, for the browser tests,
// Debian's chromium plus the real iptables/conntrack used by the kernel tests.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const wantBrowser = process.argv.includes('--browser');
const sh = (cmd) => execSync(cmd, { stdio: 'inherit' });

function depsStale() {
  if (!existsSync('node_modules/.package-lock.json')) return true;
  if (!existsSync('node_modules/node/bin/node')) return true;
  return statSync('package-lock.json').mtimeMs > statSync('node_modules/.package-lock.json').mtimeMs;
}

if (depsStale()) {
  console.log('[ensure-deps] installing node_modules (npm ci)');
  sh('npm ci --no-audit --no-fund');
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const missing = [];
if (wantBrowser && !existsSync('/usr/bin/chromium')) missing.push('chromium');
if (wantBrowser && !existsSync('/usr/sbin/iptables')) missing.push('iptables');
if (wantBrowser && !existsSync('/usr/sbin/conntrack')) missing.push('conntrack');
if (missing.length > 0) {
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`[ensure-deps] apt-get install ${missing.join(' ')}`);
    sh('apt-get update -qq');
    sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`);
  } else {
    console.log(`[ensure-deps] not root: cannot install ${missing.join(', ')}; the tests that need them will say so`);
  }
}
const v = readFileSync('node_modules/node/package.json', 'utf8');
if (!/"version": "22\./.test(v)) console.log('[ensure-deps] warning: node_modules/node is not Node 22');
