import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { openBrowser, allPages, fixtureUrl, siteUrl, presetTheme, type TestBrowser } from './helpers.ts';

// axe-core on every page of the site and of the fixture chapters, in the light and
// the dark theme, with the interactive parts opened (quiz answered, diagram stepped,
// search results shown) so their states are checked too.
let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

async function violations(url: string, theme: 'light' | 'dark', prepare?: (p: import('playwright-core').Page) => Promise<void>) {
  const ctx = await b.browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
  await presetTheme(ctx, theme);
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await prepare?.(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  await ctx.close();
  return result.violations.map((v) => `${url} [${theme}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

const urls = [...(await allPages()).map((p) => siteUrl(p)), siteUrl('404.html'), fixtureUrl('en/01-fixture/'), fixtureUrl('zh/02-second/')];

describe('accessibility (axe-core)', () => {
  it('covers every page of the sitemap, the 404 page and the fixture chapters', () => {
    expect(urls.length).toBeGreaterThanOrEqual(20);
  });

  for (const theme of ['light', 'dark'] as const) {
    // One test per page, so a slow shared machine never runs one test for minutes.
    for (const url of urls) {
      it(`has no violations on ${url.replace(/^https?:\/\/[^/]+/, '')} in the ${theme} theme`, { timeout: 120_000 }, async () => {
        expect(await violations(url, theme)).toEqual([]);
      });
    }

    it(`has none with the quiz answered, the diagram stepped and search open (${theme})`, { timeout: 120_000 }, async () => {
      const found = await violations(fixtureUrl('zh/01-fixture/'), theme, async (page) => {
        await page.locator('[data-q="hook"] input[value="0"]').check();
        await page.locator('[data-q="hook"] [data-quiz-check]').click();
        await page.locator('[data-q="nat-chains"] input[value="0"]').check();
        await page.locator('[data-q="nat-chains"] [data-quiz-check]').click();
        await page.click('[data-flow-next]');
        await page.click('.fd-all summary');
      });
      found.push(
        ...(await violations(siteUrl('en/'), theme, async (page) => {
          await page.keyboard.press('/');
          await page.fill('[data-search-input]', 'istio');
          await page.waitForTimeout(800);
        })),
      );
      expect(found).toEqual([]);
    });
  }
});
