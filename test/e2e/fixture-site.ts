import { cpSync, mkdtempSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A throw-away copy of the site whose content/ is test/e2e/fixtures/site/content, built
// with `astro build`. Lets the browser tests exercise every component a chapter can
// embed, whatever the real chapters currently contain.
const ROOT = resolve(import.meta.dirname, '../..');
const COPY = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'components', 'public', 'docs'];

// Vitest exports BASE_URL, MODE, NODE_ENV=test ... into process.env; Vite would take
// them as import.meta.env values of the build (BASE_URL=/ beats SITE_BASE). Build with
// the environment a developer's shell would have.
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|TEST|VITEST.*)$/.test(k)) delete env[k];
  }
  return env;
}

export interface FixtureSite { root: string; remove(): void }

export function buildFixtureSite(env: Record<string, string> = {}): FixtureSite {
  const root = mkdtempSync(join(tmpdir(), 'istio-guide-fixture-'));
  // src/pages/dev/ holds other components' test pages, which read the real content/.
  const skip = join(ROOT, 'src/pages/dev');
  for (const entry of COPY) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(root, entry), { recursive: true, filter: (src) => !src.startsWith(skip) });
  }
  cpSync(join(ROOT, 'test/e2e/fixtures/site/content'), join(root, 'content'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--silent'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...buildEnv(), ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  if (r.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`fixture build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
