// The terminal island in Chromium, on the test page src/pages/dev/terminal.astro.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type CheckedPage, type TestBrowser } from './helpers.ts';

let b: TestBrowser;
beforeAll(async () => {
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
});

/** The text xterm shows (DOM renderer rows), trailing blanks trimmed. */
async function screenText(page: CheckedPage, id: string): Promise<string> {
  return page.evaluate((tid) => {
    const rows = document.querySelectorAll(`[data-id="${tid}"] .xterm-rows > div`);
    return [...rows].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n').replace(/\n+$/, '');
  }, id);
}

async function ready(page: CheckedPage, id: string): Promise<void> {
  await page.waitForFunction((tid) => document.querySelector(`[data-id="${tid}"]`)?.getAttribute('data-term-state') === 'ready', id, { timeout: 20_000 });
  await page.waitForFunction((tid) => /root@node-1:~# $/.test([...document.querySelectorAll(`[data-id="${tid}"] .xterm-rows > div`)].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n').trimEnd() + ' '), id);
}

async function typeLine(page: CheckedPage, id: string, line: string): Promise<void> {
  await page.locator(`[data-id="${id}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

async function waitFor(page: CheckedPage, id: string, re: RegExp): Promise<string> {
  let text = '';
  for (let i = 0; i < 200; i++) {
    text = await screenText(page, id);
    if (re.test(text)) return text;
    await page.waitForTimeout(25);
  }
  throw new Error(`terminal ${id} never showed ${re}; it shows:\n${text}`);
}

async function fresh(): Promise<CheckedPage> {
  const page = await b.page('dev/terminal/');
  await page.evaluate(() => localStorage.clear());
  await page.reload({ waitUntil: 'load' });
  return page;
}

describe('terminal island', () => {
  it('loads lazily: the far terminal starts only when scrolled into view', async () => {
    const page = await fresh();
    await ready(page, 't1');
    expect(await page.getAttribute('[data-id="t2"]', 'data-term-state')).toBeNull();
    await page.locator('[data-id="t2"]').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-id="t2"]')?.getAttribute('data-term-state') === 'ready');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('runs commands, pipes and $?', async () => {
    const page = await fresh();
    await ready(page, 't1');
    await typeLine(page, 't1', 'echo hello | wc -c; nosuch; echo "code=$?"');
    const text = await waitFor(page, 't1', /code=127/);
    expect(text).toContain('root@node-1:~# echo hello | wc -c; nosuch; echo "code=$?"\n6\nbash: nosuch: command not found\ncode=127');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('history (Up), Tab completion, Ctrl-C, Ctrl-W', async () => {
    const page = await fresh();
    await ready(page, 't1');
    await typeLine(page, 't1', 'echo first');
    await waitFor(page, 't1', /^first$/m);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await waitFor(page, 't1', /first\n(.*\n)*first\n/);
    // Tab completes a unique command name and adds a space.
    await page.keyboard.type('whoa');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitFor(page, 't1', /whoami\s*\nroot/);
    // Ctrl-C abandons the line.
    await page.keyboard.type('echo never');
    await page.keyboard.press('Control+c');
    await waitFor(page, 't1', /echo never\^C/);
    // Ctrl-W deletes the last word.
    await page.keyboard.type('echo keep drop');
    await page.keyboard.press('Control+w');
    await page.keyboard.press('Enter');
    const text = await waitFor(page, 't1', /^keep$/m);
    expect(text).not.toMatch(/^keep drop$/m);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('a multi-line paste runs each line', async () => {
    const page = await fresh();
    await ready(page, 't1');
    await page.locator('[data-id="t1"] .xterm-helper-textarea').focus();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'echo one\necho two\n');
      const ta = document.querySelector('[data-id="t1"] .xterm-helper-textarea')!;
      ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    const text = await waitFor(page, 't1', /^two$/m);
    expect(text).toMatch(/# echo one\none\n.*# echo two\ntwo/);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('suggestion chips type themselves in', async () => {
    const page = await fresh();
    await ready(page, 't1');
    await page.click('[data-id="t1"] [data-cmd="help"]');
    await waitFor(page, 't1', /Tab completes; Up\/Down walks history.*\nroot@node-1:~#$/);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('state survives a reload; reset and corrupt storage are handled', async () => {
    const page = await fresh();
    await ready(page, 't1');
    await typeLine(page, 't1', 'export GREETING=saved; cd /etc');
    await waitFor(page, 't1', /root@node-1:\/etc#$/);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-id="t1"]')?.getAttribute('data-term-state') === 'ready');
    await waitFor(page, 't1', /root@node-1:\/etc#$/);
    await typeLine(page, 't1', 'echo $GREETING');
    await waitFor(page, 't1', /^saved$/m);
    // History came back too.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await waitFor(page, 't1', /root@node-1:\/etc# export GREETING=saved; cd \/etc$/m);
    // Corrupt the saved state: the page must start fresh with a notice, not break.
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('istio-guide:term:')) localStorage.setItem(k, '{not json');
    });
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-id="t1"]')?.getAttribute('data-term-state') === 'ready');
    const text = await waitFor(page, 't1', /could not be read and was discarded/);
    expect(text).toMatch(/root@node-1:~#$/);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('#run= replays a command list', async () => {
    const lines = 'echo from-link\nhostname';
    const b64 = Buffer.from(lines).toString('base64url');
    const page = await b.page(`dev/terminal/#run=${b64}`);
    await page.waitForFunction(() => document.querySelector('[data-id="t1"]')?.getAttribute('data-term-state') === 'ready');
    await waitFor(page, 't1', /^node-1$/m);
    expect(await screenText(page, 't1')).toMatch(/^from-link$/m);
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
