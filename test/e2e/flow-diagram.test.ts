import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, fixtureUrl, type TestBrowser } from './helpers.ts';

let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

const state = (page: import('playwright-core').Page) =>
  page.$eval('[data-flow-diagram]', (fig) => ({
    at: (fig as HTMLElement).dataset.at,
    badge: fig.querySelector('[data-badge-text]')?.textContent,
    caption: fig.querySelector('[data-caption-num]')?.textContent,
    edges: [...fig.querySelectorAll('.fd-edge.is-active')].map((e) => e.getAttribute('data-edge')),
    nodes: [...fig.querySelectorAll('.fd-node.is-active')].map((e) => e.getAttribute('data-node')).sort(),
  }));

describe('flow diagram', () => {
  it('is drawn on the server at the step the chapter asks for', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { javaScript: false });
    expect(await state(page)).toEqual({ at: '5', badge: '5', caption: 'Point 5 / 17', edges: ['envoy-out'], nodes: ['OUTPUT', 'envoy'] });
    expect(await page.textContent('[data-caption-text]')).toContain('127.0.0.1');
  });

  it('steps forward and back with its buttons and stops at both ends', async () => {
    const page = await b.page(fixtureUrl('zh/01-fixture/'));
    const prev = page.locator('[data-flow-prev]');
    const next = page.locator('[data-flow-next]');
    expect(await prev.isDisabled()).toBe(true);
    await next.click();
    expect(await state(page)).toMatchObject({ at: '2', badge: '2', caption: '第 2 点 / 17', edges: ['pre-inb'], nodes: ['ISTIO_INBOUND', 'PREROUTING'] });
    expect(await page.textContent('[data-caption-text]')).toContain('ISTIO_INBOUND');
    for (let i = 2; i < 17; i++) await next.click();
    expect(await state(page)).toMatchObject({ at: '17', edges: ['eth0-ratings'] });
    expect(await next.isDisabled()).toBe(true);
    await prev.click();
    expect(await state(page)).toMatchObject({ at: '16', edges: ['post-eth0'] });
    // The list of all points jumps too and marks the current one.
    await page.click('.fd-all summary');
    await page.click('[data-flow-list] li[data-n="12"] button');
    expect(await state(page)).toMatchObject({ at: '12', nodes: ['ISTIO_REDIRECT', 'envoy'] });
    expect(await page.getAttribute('[data-flow-list] li[data-n="12"]', 'aria-current')).toBe('step');
    expect(page.problems).toEqual([]);
  });
});

describe('flow diagram with a terminal', () => {
  it('follows the flow point the terminal moves to (goto / step)', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { fresh: true });
    const term = page.locator('[data-id="flow-term"]');
    await term.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-id="flow-term"]')?.getAttribute('data-term-state') === 'ready', undefined, { timeout: 20_000 });
    await page.locator('[data-id="flow-term"] .xterm-helper-textarea').focus();
    await page.keyboard.type('goto 9');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('[data-flow-diagram]') as HTMLElement).dataset.at === '9');
    expect(await state(page)).toMatchObject({ at: '9', edges: ['app-out'], caption: 'Point 9 / 17' });
    expect(await page.locator('[data-flow-follow]').isVisible()).toBe(true);
    await page.keyboard.type('step');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('[data-flow-diagram]') as HTMLElement).dataset.at === '10');
    expect(page.problems).toEqual([]);
  });
});
