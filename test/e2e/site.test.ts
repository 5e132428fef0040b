import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, allPages, fixtureUrl, hasHorizontalScroll, siteUrl, presetTheme, type TestBrowser } from './helpers.ts';

let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

const FIXTURE_PAGES = ['zh/01-fixture/', 'en/01-fixture/', 'zh/02-second/', 'en/02-second/'].map((p) => fixtureUrl(p));

describe('navigation', () => {
  it('goes from the root chooser to a language home, a chapter, and back and forth between chapters', async () => {
    const page = await b.page(fixtureUrl(''));
    await page.click('[data-choose-lang="en"]');
    await page.waitForURL(/\/en\/$/);
    expect(await page.locator('h1').textContent()).toContain('Istio');
    await page.click('.cta');
    await page.waitForURL(/\/en\/01-fixture\/$/);
    expect(await page.locator('article h1').textContent()).toBe('Fixture chapter');
    expect(await page.getAttribute('.sidebar a[aria-current="page"]', 'href')).toMatch(/\/en\/01-fixture\/$/);
    await page.click('.pager a[rel="next"]');
    await page.waitForURL(/\/en\/02-second\/$/);
    await page.click('.pager a[rel="prev"]');
    await page.waitForURL(/\/en\/01-fixture\/$/);
    await page.click('.sidebar a[href$="/en/02-second/"]');
    await page.waitForURL(/\/en\/02-second\/$/);
    expect(page.problems).toEqual([]);
  });

  it('lists every chapter heading in the table of contents, linking to the heading', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'));
    const links = await page.$$eval('.toc a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual([
      ['Flow diagram', '#flow-diagram'],
      ['Highlighted rules', '#highlighted-rules'],
      ['Quiz section', '#quiz-section'],
      ['Quiz', '#quiz-01-fixture-title'],
    ]);
    for (const [, href] of links) expect(await page.locator(href!).count()).toBe(1);
  });

  it('lists the quiz once: a "测验" heading in the prose replaces the component\'s own', async () => {
    const page = await b.page(fixtureUrl('zh/01-fixture/'));
    expect(await page.$$eval('.toc a', (as) => as.map((a) => a.textContent))).toEqual(['流程图', '规则高亮', '测验']);
    expect(await page.locator('[data-quiz] h2').count()).toBe(0);
    expect(await page.getAttribute('[data-quiz]', 'aria-label')).toBe('测验');
  });

  it('switching language keeps the reader on the same chapter', async () => {
    const page = await b.page(fixtureUrl('en/02-second/'));
    await page.click('[data-lang-switch]');
    await page.waitForURL(/\/zh\/02-second\/$/);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.click('[data-lang-switch]');
    await page.waitForURL(/\/en\/02-second\/$/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('marks a chapter as read in the sidebar once its end has been seen', async () => {
    const page = await b.page(fixtureUrl('en/02-second/'), { fresh: true });
    await page.locator('[data-chapter-end]').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('a[data-progress-slug="02-second"] [data-progress-mark]')?.textContent === '✓');
    // Shared by both languages: the zh sidebar shows it too.
    const zh = await page.context().newPage();
    await zh.goto(fixtureUrl('zh/01-fixture/'));
    expect(await zh.textContent('a[data-progress-slug="02-second"] [data-progress-mark]')).toBe('✓');
    expect(await zh.textContent('a[data-progress-slug="01-fixture"] [data-progress-mark]')).toBe('');
    // The home page offers the first chapter not read yet.
    await zh.goto(fixtureUrl('zh/'));
    expect(await zh.textContent('a[data-progress-slug="02-second"] [data-progress-mark]')).toBe('✓');
    expect(await zh.getAttribute('[data-resume]', 'href')).toMatch(/\/zh\/01-fixture\/$/);
    expect(await zh.textContent('[data-resume]')).toBe('继续阅读：测试章节 →');
  });

  it('aligns table columns with classes (no style attributes)', async () => {
    const page = await b.page(fixtureUrl('en/02-second/'));
    const aligns = await page.$$eval('table th', (ths) => ths.map((th) => getComputedStyle(th).textAlign));
    expect(aligns).toEqual(['left', 'center', 'right']);
  });

  it('serves a 404 page linking both languages for unknown addresses', async () => {
    const page = await b.page('');
    const res = await page.goto(siteUrl('no/such/page/'));
    expect(res?.status()).toBe(404);
    const hrefs = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(expect.arrayContaining(['/zh/', '/en/']));
  });
});

describe('theme', () => {
  it('cycles auto → light → dark, and the choice survives a reload', async () => {
    const ctx = await b.browser.newContext({ colorScheme: 'light' });
    const page = await ctx.newPage();
    await page.goto(fixtureUrl('en/01-fixture/'));
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await page.getAttribute('[data-theme-toggle]', 'data-state')).toBe('auto');
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await page.click('[data-theme-toggle]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await page.click('[data-theme-toggle]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await bg()).toBe('rgb(13, 17, 23)');
    await page.reload();
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.getAttribute('[data-theme-toggle]', 'aria-label')).toBe('Theme: Dark');
    await page.click('[data-theme-toggle]');
    expect(await page.getAttribute('html', 'data-theme')).toBeNull();
    await page.reload();
    expect(await page.getAttribute('html', 'data-theme')).toBeNull();
    await ctx.close();
  });

  it('follows the OS preference when no choice is stored', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
  });

  it('applies a stored theme before the body is parsed (no flash)', async () => {
    const ctx = await b.browser.newContext({ colorScheme: 'light' });
    await presetTheme(ctx, 'dark');
    // Record the theme at the moment <body> is inserted, i.e. before anything can paint.
    await ctx.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body) {
          (window as unknown as { themeAtBody: string | null }).themeAtBody = document.documentElement.getAttribute('data-theme');
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await ctx.newPage();
    await page.goto(fixtureUrl('zh/01-fixture/'));
    expect(await page.evaluate(() => (window as unknown as { themeAtBody: string | null }).themeAtBody)).toBe('dark');
    await ctx.close();
  });
});

describe('every page', () => {
  it('loads without console errors, failed requests or CSP violations', { timeout: 180_000 }, async () => {
    const pages = [...(await allPages()).map((p) => siteUrl(p)), ...FIXTURE_PAGES];
    expect(pages.length).toBeGreaterThanOrEqual(9);
    const problems: string[] = [];
    for (const url of pages) {
      const page = await b.page(url);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      problems.push(...page.problems.map((p) => `${url}: ${p}`));
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it('fits a 375 px wide screen without horizontal scrolling', { timeout: 180_000 }, async () => {
    const pages = [...(await allPages()).map((p) => siteUrl(p)), ...FIXTURE_PAGES];
    const wide: string[] = [];
    for (const url of pages) {
      const page = await b.page(url, { width: 375, height: 740 });
      if (await hasHorizontalScroll(page)) wide.push(url);
      await page.close();
    }
    expect(wide).toEqual([]);
  });

  it('opens and closes the chapter drawer on a phone', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { width: 375, height: 740 });
    const nav = page.locator('#chapter-nav');
    expect(await nav.isVisible()).toBe(false);
    await page.click('[data-menu-toggle]');
    await page.waitForFunction(() => document.body.classList.contains('nav-open'));
    expect(await page.getAttribute('[data-menu-toggle]', 'aria-expanded')).toBe('true');
    await nav.locator('a[aria-current="page"]').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    expect(await page.getAttribute('[data-menu-toggle]', 'aria-expanded')).toBe('false');
  });
});

describe('without JavaScript', () => {
  it('shows the text, the chapter list, the diagram at its first step and the quiz with hidden answers', async () => {
    const page = await b.page(fixtureUrl('zh/01-fixture/'), { javaScript: false, width: 375, height: 740 });
    expect(await page.locator('article h1').textContent()).toBe('测试章节');
    expect(await page.locator('#chapter-nav .chapter-list a').count()).toBe(2);
    expect(await page.locator('#chapter-nav').isVisible()).toBe(true);
    expect(await page.locator('.fd-badge text').textContent()).toBe('1');
    expect(await page.locator('[data-flow-diagram] .fd-node.is-active').count()).toBeGreaterThan(0);
    // Controls that need scripts are not shown.
    expect(await page.locator('[data-flow-next]').isVisible()).toBe(false);
    expect(await page.locator('[data-theme-toggle]').isVisible()).toBe(false);
    const answer = page.locator('.quiz-answer').first();
    expect(await answer.isVisible()).toBe(true);
    expect(await answer.locator('ul').isVisible()).toBe(false);
    await answer.locator('summary').click();
    expect(await answer.locator('ul').isVisible()).toBe(true);
    expect(await page.locator('pre.astro-code').count()).toBe(1);
    expect(await hasHorizontalScroll(page)).toBe(false);
  });
});
