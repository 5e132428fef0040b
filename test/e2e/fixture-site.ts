import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { copySite, type SiteCopy } from './site-copy.ts';

// A copy of the site whose content/ is test/e2e/fixtures/site/content, built with
// `astro build`. Lets the browser tests exercise every component a chapter can embed,
// whatever the real chapters currently contain.
const ROOT = resolve(import.meta.dirname, '../..');

// Vitest exports BASE_URL, MODE, NODE_ENV=test ... into process.env; Vite would take
// them as import.meta.env values of the build (BASE_URL=/ beats SITE_BASE). Build with
// the environment a developer's shell would have.
export function buildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|TEST|VITEST.*)$/.test(k)) delete env[k];
  }
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', ...extra };
}

/** `astro build` in `root`; throws with the build's output when it fails. */
export function astroBuild(root: string, env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--silent'], { cwd: root, encoding: 'utf8', env: buildEnv(env) });
  if (r.status !== 0) throw new Error(`astro build failed in ${root} (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export type FixtureSite = SiteCopy;

/** `GUIDE_DEV_PAGES: '1'` in `env` also builds the components' test pages (src/pages/dev/,
 *  which the real site does not ship) with the real explainer data they show. */
export function buildFixtureSite(env: Record<string, string> = {}): FixtureSite {
  const devPages = env.GUIDE_DEV_PAGES === '1';
  const site = copySite(ROOT, { content: join(ROOT, 'test/e2e/fixtures/site/content'), prefix: 'istio-guide-fixture-', devPages, extra: devPages ? ['content/explain'] : [] });
  try {
    astroBuild(site.root, env);
  } catch (e) {
    site.remove();
    throw e;
  }
  return site;
}
