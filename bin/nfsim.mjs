#!/usr/bin/env node
// nfsim: the simulated node's shell in a real terminal. The project needs Node >= 22.12
// (it runs TypeScript directly); an older `node` re-executes this file with the
// project's own Node from node_modules/node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const node = join(here, '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node)) {
    process.stderr.write(`nfsim: needs Node >= 22.12 (this is ${process.version}); run npm install in the checkout\n`);
    process.exit(1);
  }
  const r = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { main } = await import('../src/cli/nfsim.ts');
process.exitCode = await main(process.argv.slice(2));
