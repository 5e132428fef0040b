import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, fixtureUrl, type TestBrowser } from './helpers.ts';

// The fixture quiz (test/e2e/fixtures/site/content/quizzes/01-fixture.ts): a single
// choice (OUTPUT is right), a multiple choice (PREROUTING + OUTPUT) and a terminal task.
let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

async function waitForFeedback(page: import('playwright-core').Page, q: string, re: RegExp): Promise<void> {
  await page.waitForFunction(([qid, src]) => new RegExp(src).test(document.querySelector(`[data-q="${qid}"] [data-feedback]`)?.textContent ?? ''), [q, re.source] as const, { timeout: 20_000 });
}

describe('quiz', () => {
  it('is a fieldset per choice question with a legend and a radio or checkbox group', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { fresh: true });
    const q1 = page.locator('[data-q="hook"]');
    expect(await q1.locator('fieldset legend').textContent()).toContain('locally generated packet');
    expect(await q1.locator('input[type=radio]').count()).toBe(2);
    expect(await page.locator('[data-q="nat-chains"] input[type=checkbox]').count()).toBe(3);
    expect(await page.locator('[data-q="hook"] [data-feedback]').getAttribute('role')).toBe('status');
  });

  it('says wrong, explains every option, then right after a second try, and scores', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { fresh: true });
    const q1 = page.locator('[data-q="hook"]');
    await q1.getByLabel('PREROUTING').check();
    await q1.locator('[data-quiz-check]').click();
    expect(await q1.locator('[data-feedback]').textContent()).toContain('Wrong');
    expect(await q1.locator('[data-option="0"]').getAttribute('class')).toContain('is-wrong');
    expect(await q1.locator('[data-option="1"] [data-explain]').isVisible()).toBe(true);
    expect(await q1.locator('[data-option="1"] [data-explain]').textContent()).toContain('Local packets start in OUTPUT.');
    expect(await page.textContent('[data-quiz-score]')).toBe('Score: 0 / 3');

    // Keyboard only: focus the checked radio, move to the next one, check.
    await q1.getByLabel('PREROUTING').focus();
    await page.keyboard.press('ArrowDown');
    expect(await q1.getByLabel('OUTPUT').isChecked()).toBe(true);
    await q1.locator('[data-quiz-check]').focus();
    await page.keyboard.press('Enter');
    expect(await q1.locator('[data-feedback]').textContent()).toContain('Correct');
    expect(await page.textContent('[data-quiz-score]')).toBe('Score: 1 / 3');
  });

  it('needs every right option of a multiple choice, marking the missed one', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { fresh: true });
    const q2 = page.locator('[data-q="nat-chains"]');
    await q2.locator('[data-quiz-check]').click();
    expect(await q2.locator('[data-feedback]').textContent()).toBe('Choose an option first.');
    await q2.locator('input[value="0"]').check();
    await q2.locator('[data-quiz-check]').click();
    expect(await q2.locator('[data-feedback]').textContent()).toContain('Wrong');
    expect(await q2.locator('[data-option="2"]').getAttribute('class')).toContain('is-missed');
    await q2.locator('input[value="2"]').check();
    await q2.locator('[data-quiz-check]').click();
    expect(await q2.locator('[data-feedback]').textContent()).toContain('Correct');
  });

  it('remembers answers across a reload, and "Try again" clears them', async () => {
    const page = await b.page(fixtureUrl('zh/01-fixture/'), { fresh: true });
    const q1 = page.locator('[data-q="hook"]');
    await q1.locator('input[value="1"]').check();
    await q1.locator('[data-quiz-check]').click();
    expect(await q1.locator('[data-feedback]').textContent()).toContain('正确');
    await page.reload();
    // (a quiz is set up, and its saved answers put back, once it nears the viewport: after load)
    await page.locator('[data-quiz][data-ready]:has([data-q="hook"])').waitFor({ state: 'attached' });
    expect(await page.locator('[data-q="hook"] input[value="1"]').isChecked()).toBe(true);
    expect(await page.locator('[data-q="hook"] [data-feedback]').textContent()).toContain('正确');
    expect(await page.textContent('[data-quiz-score]')).toBe('得分：1 / 3');
    await page.click('[data-quiz-retry]');
    expect(await page.locator('[data-q="hook"] input[value="1"]').isChecked()).toBe(false);
    expect(await page.textContent('[data-quiz-score]')).toBe('');
    await page.reload();
    await page.locator('[data-quiz][data-ready]:has([data-q="hook"])').waitFor({ state: 'attached' });
    expect(await page.locator('[data-q="hook"] input[value="1"]').isChecked()).toBe(false);
  });

  it('shows a terminal task with its hint, and says so when no terminal session can be checked', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { fresh: true });
    const task = page.locator('[data-q="new-chain"]');
    expect(await task.textContent()).toContain('Create the chain MY_CHAIN.');
    await task.locator('.quiz-hint summary').click();
    expect(await task.locator('.quiz-hint p').textContent()).toBe('Use -N.');
    expect(await task.locator('.quiz-hint code').textContent()).toBe('-N');
    await task.locator('[data-quiz-check]').click();
    // The check asks the terminal's worker, so the answer arrives asynchronously.
    await waitForFeedback(page, 'new-chain', /.{11}/);
    expect((await task.locator('[data-feedback]').textContent())!.length).toBeGreaterThan(10);
    expect(page.problems).toEqual([]);
  });
});

describe('quiz terminal task', () => {
  it('checks the state of the task terminal, whatever was typed', async () => {
    const page = await b.page(fixtureUrl('en/01-fixture/'), { fresh: true });
    const task = page.locator('[data-q="new-chain"]');
    const id = 'quiz-01-fixture-new-chain';
    await task.locator(`[data-id="${id}"]`).scrollIntoViewIfNeeded();
    await page.waitForFunction((tid) => document.querySelector(`[data-id="${tid}"]`)?.getAttribute('data-term-state') === 'ready', id, { timeout: 20_000 });
    await task.locator('[data-quiz-check]').click();
    await waitForFeedback(page, 'new-chain', /Not yet/);
    expect(await task.locator('[data-feedback]').textContent()).toContain('Not yet');
    await page.locator(`[data-id="${id}"] .xterm-helper-textarea`).focus();
    await page.keyboard.type('iptables -t nat -N MY_CHAIN');
    await page.keyboard.press('Enter');
    // Wait for the next prompt: the command has run in the worker.
    await page.waitForFunction((tid) => /MY_CHAIN\n.*# $/.test([...document.querySelectorAll(`[data-id="${tid}"] .xterm-rows > div`)].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n').trimEnd() + ' '), id, { timeout: 20_000 });
    await task.locator('[data-quiz-check]').click();
    await waitForFeedback(page, 'new-chain', /Correct/);
    expect(await task.locator('[data-feedback]').textContent()).toContain('Correct');
    expect(await page.textContent('[data-quiz-score]')).toBe('Score: 1 / 3');
    expect(page.problems).toEqual([]);
  });
});
