import type { TestProject } from 'vitest/node';
import { startPreview, type Preview } from './preview.ts';
import { buildFixtureSite, type FixtureSite } from './fixture-site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real site (dist/, built by `npm test`). */
    siteUrl: string;
    /** The fixture chapters of test/e2e/fixtures/site, built into a temporary copy. */
    fixtureUrl: string;
  }
}

let previews: Preview[] = [];
let fixture: FixtureSite | undefined;

export async function setup(project: TestProject): Promise<void> {
  fixture = buildFixtureSite();
  const [site, fix] = await Promise.all([startPreview(), startPreview({ root: fixture.root })]);
  previews = [site, fix];
  project.provide('siteUrl', site.url);
  project.provide('fixtureUrl', fix.url);
}

export async function teardown(): Promise<void> {
  await Promise.all(previews.map((p) => p.stop()));
  fixture?.remove();
}
