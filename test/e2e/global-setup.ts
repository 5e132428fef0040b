import type { TestProject } from 'vitest/node';
import { snapshotSite, startPreview, type Preview } from './preview.ts';
import { buildFixtureSite, type FixtureSite } from './fixture-site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real site (dist/, built by `npm test`), served from a snapshot copy. */
    siteUrl: string;
    /** The snapshot's dist/ directory, for tests that read the built files. */
    siteDist: string;
    /** The fixture chapters of test/e2e/fixtures/site and the dev/ test pages, built into a temporary copy. */
    fixtureUrl: string;
  }
}

let previews: Preview[] = [];
let fixture: FixtureSite | undefined;
let snapshot: { remove(): void } | undefined;

export async function setup(project: TestProject): Promise<void> {
  // Copy dist/ first: in a shared working tree another build may replace it mid-run.
  // E2E_SITE_ROOT: serve another built tree (e.g. a copy built while the working tree's
  // content does not build); default: this checkout.
  const snap = snapshotSite(process.env.E2E_SITE_ROOT ?? process.cwd());
  snapshot = snap;
  // The fixture site also carries the components' test pages (dev/...): the real build drops them.
  fixture = buildFixtureSite({ GUIDE_DEV_PAGES: '1' });
  const [site, fix] = await Promise.all([startPreview({ root: snap.root }), startPreview({ root: fixture.root })]);
  previews = [site, fix];
  project.provide('siteUrl', site.url);
  project.provide('siteDist', site.distDir);
  project.provide('fixtureUrl', fix.url);
}

export async function teardown(): Promise<void> {
  await Promise.all(previews.map((p) => p.stop()));
  fixture?.remove();
  snapshot?.remove();
}
