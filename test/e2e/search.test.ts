import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, siteUrl, type TestBrowser } from './helpers.ts';

// Runs against the real build, which `npm run build` indexes with Pagefind (one bundle
// per language). The terms come from the chapters themselves so the test follows the
// content as it changes.
let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

async function firstChapter(lang: 'zh' | 'en'): Promise<{ path: string; title: string }> {
  const page = await b.page(`${lang}/`);
  const a = page.locator('.home-chapters a').first();
  const path = new URL((await a.getAttribute('href'))!, siteUrl()).pathname;
  const title = (await a.locator('.t').textContent())!.trim();
  await page.close();
  return { path, title };
}

async function search(from: string, query: string) {
  const page = await b.page(from);
  await page.keyboard.press('/');
  const input = page.locator('[data-search-input]');
  await input.waitFor({ state: 'visible' });
  await input.fill(query);
  await page.locator('[data-search-results] a').first().waitFor({ timeout: 15_000 });
  const hits = await page.$$eval('[data-search-results] a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return { page, hits };
}

describe('search', () => {
  it('finds an English chapter by a word of its title', async () => {
    const en = await firstChapter('en');
    const word = en.title.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0];
    expect(word.length).toBeGreaterThan(3);
    const { page, hits } = await search('en/', word);
    expect(hits).toContain(en.path);
    expect(page.problems).toEqual([]);
  });

  it('finds a Chinese chapter by its title, and does so from an English page too', async () => {
    const zh = await firstChapter('zh');
    const term = zh.title.replace(/[^\p{Script=Han}]/gu, '').slice(0, 4);
    expect(term.length).toBeGreaterThan(1);
    for (const from of ['zh/', 'en/']) {
      const { page, hits } = await search(from, term);
      expect(hits).toContain(zh.path);
      expect(page.problems).toEqual([]);
    }
  });

  it('renders excerpts as text: markup typed into the box is not interpreted', async () => {
    const page = await b.page('en/');
    await page.keyboard.press('/');
    await page.fill('[data-search-input]', '<img src=x onerror=alert(1)>');
    await page.waitForTimeout(600);
    expect(await page.locator('[data-search-results] img').count()).toBe(0);
    expect(page.problems).toEqual([]);
  });
});
