import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { openBrowser, siteUrl, type TestBrowser } from './helpers.ts';
import type { ChoiceQuestion, QuizSpec } from '../../src/quiz/types.ts';

// Every real chapter, in both languages: it renders with its listings, and the first choice
// question of its quiz gives the wrong-answer feedback, then the right-answer feedback.
const slugs = readdirSync('content/en').filter((f) => /^\d\d-.*\.mdx$/.test(f)).map((f) => f.replace(/\.mdx$/, '')).sort();

let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

describe('chapters in the browser', () => {
  for (const slug of slugs) {
    for (const lang of ['zh', 'en'] as const) {
      it(`${lang}/${slug}: renders, and its quiz says wrong then right`, { timeout: 120_000 }, async () => {
        const { default: quiz } = (await import(`../../content/quizzes/${slug}.ts`)) as { default: QuizSpec };
        const q = quiz.questions.find((x): x is ChoiceQuestion => x.kind === 'single')!;
        const right = q.options.findIndex((o) => o.correct);
        const wrong = q.options.findIndex((o) => !o.correct);
        const page = await b.page(siteUrl(`${lang}/${slug}/`), { fresh: true });
        expect((await page.locator('h1').first().textContent())?.trim().length).toBeGreaterThan(0);
        expect(await page.locator('figure.listing').count()).toBeGreaterThan(0);
        const box = page.locator(`[data-q="${q.id}"]`);
        await box.locator(`input[value="${wrong}"]`).check();
        await box.locator('[data-quiz-check]').click();
        expect(await box.locator('[data-feedback]').textContent()).toMatch(lang === 'zh' ? /错|不对/ : /Wrong/);
        await box.locator(`input[value="${right}"]`).check();
        await box.locator('[data-quiz-check]').click();
        expect(await box.locator('[data-feedback]').textContent()).toMatch(lang === 'zh' ? /正确|对了/ : /Correct/);
        expect(page.problems).toEqual([]);
      });
    }
  }
});

describe('islands below the fold', () => {
  it('are enhanced when the reader gets near them, not at load', async () => {
    const page = await b.page(siteUrl('zh/03-istio-rules/'), { fresh: true });
    await page.setViewportSize({ width: 412, height: 823 });
    await page.reload({ waitUntil: 'load' });
    await page.waitForTimeout(300);
    const state = () => page.evaluate(() => ({
      explainer: document.querySelector('[data-rule-explainer]')!.classList.contains('is-live'),
      quiz: document.querySelector('[data-quiz]')!.hasAttribute('data-ready'),
    }));
    // Both are far below the first screen: still the server-rendered markup.
    expect(await state()).toEqual({ explainer: false, quiz: false });
    await page.locator('[data-rule-explainer]').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-rule-explainer]')?.classList.contains('is-live'));
    expect(await state()).toEqual({ explainer: true, quiz: false });
    // Keyboard focus inside the quiz enhances it even before the observer reports it.
    await page.locator('[data-quiz] input').first().focus();
    expect((await state()).quiz).toBe(true);
    expect(page.problems).toEqual([]);
  });
});
