import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { openBrowser, presetTheme, siteUrl, hasHorizontalScroll, type CheckedPage, type TestBrowser } from './helpers.ts';

// The three explainer widgets on their test page (src/pages/dev/widgets.astro).

let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

const EXPLAINER = '#rx-bookinfo-16-reviews-v1';
const RULE = '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT';

async function ruleLine(page: CheckedPage, text: string) {
  const lines = page.locator(`${EXPLAINER} [data-rx-rule]`);
  const n = await lines.count();
  for (let i = 0; i < n; i++) if ((await lines.nth(i).textContent()) === text) return lines.nth(i);
  throw new Error(`no rule line ${text}`);
}

describe('RuleExplainer', () => {
  it('without JavaScript is a list of rules with their explanations in <details>', async () => {
    const page = await b.page('dev/widgets/', { javaScript: false });
    const lines = await page.locator(`${EXPLAINER} [data-rx-rule]`).allTextContents();
    expect(lines).toContain(RULE);
    expect(lines[0]).toBe('-P PREROUTING ACCEPT');
    expect(lines.length).toBe(26);
    const details = page.locator(`${EXPLAINER} details`).nth(lines.indexOf(RULE));
    await details.locator('summary').click();
    expect(await details.locator('[data-rx-note]').isVisible()).toBe(true);
    expect(await details.locator('[data-rx-note]').textContent()).toContain('uid 1337');
  });

  it('shows a word\'s explanation on hover and a rule\'s on click, in the live panel', async () => {
    const page = await b.page('dev/widgets/');
    const panel = page.locator(`${EXPLAINER} [data-rx-panel]`);
    expect(await panel.getAttribute('aria-live')).toBe('polite');
    const line = await ruleLine(page, RULE);
    await line.locator('[data-rx-tok]', { hasText: /^1337$/ }).hover();
    expect(await panel.locator('[data-rx-panel-code]').textContent()).toBe('1337');
    expect(await panel.locator('[data-rx-panel-role]').textContent()).toBe('value · --uid-owner of owner');
    expect(await panel.locator('[data-rx-panel-text]').textContent()).toContain('istio-proxy');
    await line.locator('[data-rx-tok]', { hasText: /^!$/ }).click();
    expect(await panel.locator('[data-rx-panel-role]').textContent()).toBe('negation · -d');
    // the rule's own note is there too, whichever word is active
    expect(await panel.locator('[data-rx-panel-rule]').textContent()).toBe(RULE);
    expect(await panel.locator('[data-rx-panel-note]').textContent()).toContain('istio/istio#37890');
    await (await ruleLine(page, '-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN')).focus();
    expect(await panel.locator('[data-rx-panel-note]').textContent()).toContain('127.0.0.1');
    expect(await panel.locator('[data-rx-panel-word]').isHidden()).toBe(true);
    // the <details> stay closed when live
    expect(await page.locator(`${EXPLAINER} details[open]`).count()).toBe(0);
    expect(page.problems).toEqual([]);
  });

  it('is keyboard navigable: one tab stop, arrows between rules and words', async () => {
    const page = await b.page('dev/widgets/');
    const first = page.locator(`${EXPLAINER} [data-rx-rule]`).first();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    let focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('-P INPUT ACCEPT');
    await page.keyboard.press('End');
    focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('ISTIO_REDIRECT');
    expect(await page.locator(`${EXPLAINER} [data-rx-panel-text]`).textContent()).toContain('15001');
    expect(await page.locator(`${EXPLAINER} [data-rx-panel-note]`).textContent()).toContain('SO_ORIGINAL_DST');
    const tabStops = await page.locator(`${EXPLAINER} [tabindex="0"]`).count();
    expect(tabStops).toBe(1);
    expect(page.problems).toEqual([]);
  });

  it('renders the current rules with Chinese text', async () => {
    const page = await b.page('dev/widgets/');
    const rx = page.locator('#rx-bookinfo-current-reviews-v1');
    const lines = await rx.locator('[data-rx-rule]').allTextContents();
    expect(lines).toContain('-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN');
    await rx.locator('[data-rx-tok]', { hasText: /^15008$/ }).first().hover();
    expect(await rx.locator('[data-rx-panel-text]').textContent()).toContain('HBONE');
    expect(await rx.locator('[data-rx-panel-role]').textContent()).toMatch(/值/);
  });
});

describe('AnnotationPlayground', () => {
  it('adds the RETURN rule for excludeInboundPorts and marks it', async () => {
    const page = await b.page('dev/widgets/');
    const ap = page.locator('[data-annotation-playground]');
    await ap.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-annotation-playground][data-state="ready"]');
    expect(await ap.locator('[data-ap-output] .ap-added').count()).toBe(0);
    await ap.locator('input[name="excludeInboundPorts"]').fill('8080');
    await page.waitForFunction(() => document.querySelectorAll('[data-ap-output] .ap-added').length > 0);
    expect(await ap.locator('[data-ap-output] .ap-added').allTextContents()).toEqual(['-A ISTIO_INBOUND -p tcp -m tcp --dport 8080 -j RETURN\n']);
    expect(await ap.locator('[data-ap-status]').textContent()).toContain('1 line(s) added');
    await ap.locator('input[name="excludeInboundPorts"]').fill('80x');
    await page.waitForFunction(() => !(document.querySelector('[data-ap-errors]') as HTMLElement).hidden);
    expect(await ap.locator('[data-ap-errors]').textContent()).toContain(`failed parsing port "80x"`);
    await ap.locator('button[type="reset"]').click();
    await page.waitForFunction(() => (document.querySelector('[data-ap-errors]') as HTMLElement).hidden);
    expect(page.problems).toEqual([]);
  });
});

describe('RulesetPlayground', () => {
  it('shows iptables-restore errors with their line number, lists and traces', async () => {
    const page = await b.page('dev/widgets/', { fresh: true });
    const rp = page.locator('[data-ruleset-playground]');
    await rp.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-ruleset-playground][data-state="ready"]');
    expect(await rp.locator('[data-rp-listing]').textContent()).toContain('-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');

    const bad = '*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp --dport 99999 -j RETURN\nCOMMIT\n<img src=x onerror=alert(1)>\n';
    await rp.locator('textarea').fill(bad);
    await rp.locator('[data-rp-load] button').click();
    await page.waitForSelector('[data-ruleset-playground][data-state="error"]');
    const err = await rp.locator('[data-rp-error]').textContent();
    expect(err).toContain('Error occurred at line: 4');
    expect(await page.locator('[data-ruleset-playground] img').count()).toBe(0);

    const good = '*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:MY_OUT - [0:0]\n-A OUTPUT -p tcp -j MY_OUT\n-A MY_OUT -m owner --uid-owner 1337 -j RETURN\n-A MY_OUT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n';
    await rp.locator('textarea').fill(good);
    await rp.locator('[data-rp-load] button').click();
    await page.waitForSelector('[data-ruleset-playground][data-state="ready"]');
    await rp.locator('select[name="mode"]').selectOption('L');
    expect(await rp.locator('[data-rp-listing]').textContent()).toContain('redir ports 15001');

    await rp.locator('[data-rp-trace] select[name="hook"]').selectOption('OUTPUT');
    await rp.locator('[data-rp-trace] input[name="uid"]').fill('1000');
    await rp.locator('[data-rp-trace] button').click();
    const steps = await rp.locator('[data-rp-steps] li').allTextContents();
    expect(steps[0]).toContain('OUTPUT #1');
    expect(steps[1]).toMatch(/MY_OUT #1 .*no match/);
    expect(steps[2]).toMatch(/MY_OUT #2 .*REDIRECT/);
    expect(await rp.locator('[data-rp-verdict]').textContent()).toContain('REDIRECT to port 15001');

    await rp.locator('[data-rp-trace] input[name="uid"]').fill('1337');
    await rp.locator('[data-rp-trace] button').click();
    expect(await rp.locator('[data-rp-steps] li').nth(1).textContent()).toMatch(/MY_OUT #1 .*RETURN/);

    // state survives a reload (versioned localStorage key)
    await page.reload();
    await rp.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-ruleset-playground][data-state="ready"]');
    expect(await rp.locator('textarea').inputValue()).toBe(good);
    expect(await rp.locator('[data-rp-trace] input[name="uid"]').inputValue()).toBe('1337');
    expect(page.problems).toEqual([]);
  });

  it('ignores a corrupt saved state', async () => {
    const page = await b.page('dev/widgets/', { fresh: true });
    await page.evaluate(() => localStorage.setItem('istio-iptables:ruleset-playground:v1', '{not json'));
    await page.reload();
    const rp = page.locator('[data-ruleset-playground]');
    await rp.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-ruleset-playground][data-state="ready"]');
    expect(await rp.locator('[data-rp-listing]').textContent()).toContain('ISTIO_INBOUND');
    expect(page.problems).toEqual([]);
  });
});

describe('layout', () => {
  it('fits a phone screen without sideways scrolling', async () => {
    const page = await b.page('dev/widgets/', { width: 360, height: 740 });
    await page.locator('[data-ruleset-playground]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-ruleset-playground][data-state="ready"]');
    await page.waitForSelector('[data-annotation-playground][data-state="ready"]');
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(page.problems).toEqual([]);
  });
});

describe('accessibility of the widgets (axe-core)', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no violations with every widget live and showing output (${theme})`, async () => {
      const ctx = await b.browser.newContext({ viewport: { width: 1280, height: 800 } });
      await presetTheme(ctx, theme);
      const page = await ctx.newPage();
      await page.goto(siteUrl('dev/widgets/'), { waitUntil: 'load' });
      await page.locator(`${EXPLAINER} [data-rx-tok]`).nth(3).hover();
      await page.locator('[data-annotation-playground]').scrollIntoViewIfNeeded();
      await page.waitForSelector('[data-annotation-playground][data-state="ready"]');
      await page.locator('input[name="excludeInboundPorts"]').fill('8080');
      await page.waitForFunction(() => document.querySelectorAll('[data-ap-output] .ap-added').length > 0);
      await page.locator('[data-ruleset-playground]').scrollIntoViewIfNeeded();
      await page.waitForSelector('[data-ruleset-playground][data-state="ready"]');
      await page.locator('[data-rp-trace] button').click();
      const result = await new AxeBuilder({ page }).include('[data-rule-explainer]').include('[data-annotation-playground]').include('[data-ruleset-playground]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      await ctx.close();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    });
  }
});
