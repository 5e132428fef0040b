// The terminal island in Chromium, on the test page src/pages/dev/terminal.astro.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { openBrowser, type CheckedPage, type TestBrowser } from './helpers.ts';
import { createScenarioSession } from '../../src/shell/world-glue.ts';

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

/** Key presses dispatched in one task, faster than any typist: keys after an Enter arrive
 *  before the next prompt is up (typeahead), and Tab before the text has been drawn. */
async function burst(page: CheckedPage, id: string, keys: string[]): Promise<void> {
  await page.evaluate(
    ([tid, ks]) => {
      const ta = document.querySelector<HTMLTextAreaElement>(`[data-id="${tid}"] .xterm-helper-textarea`)!;
      const code = (k: string) => (k === 'Enter' ? 13 : k === 'Tab' ? 9 : k.toUpperCase().charCodeAt(0));
      for (const key of ks) ta.dispatchEvent(new KeyboardEvent('keydown', { key, keyCode: code(key), bubbles: true, cancelable: true }));
    },
    [id, keys] as const,
  );
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

  it('iptables -t nat -S shows the listing of the engine', async () => {
    const page = await fresh();
    await ready(page, 't1');
    await typeLine(page, 't1', 'iptables -t nat -N ISTIO_REDIRECT');
    await typeLine(page, 't1', 'iptables -t nat -A OUTPUT -p tcp -j ISTIO_REDIRECT');
    await typeLine(page, 't1', 'iptables -t nat -S');
    // (-S's own lines: the -A command's echo, then an empty prompt, ends the same way)
    const text = await waitFor(page, 't1', /-N ISTIO_REDIRECT\n-A OUTPUT -p tcp -j ISTIO_REDIRECT\nroot@node-1:~#$/);
    expect(text).toContain('root@node-1:~# iptables -t nat -S\n-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-N ISTIO_REDIRECT\n-A OUTPUT -p tcp -j ISTIO_REDIRECT');
    // Tab completes a chain name from the firewall the reader just changed; Enter follows
    // at once (the completion must act on the text typed before it, not wait for a frame).
    await page.keyboard.type('iptables -t nat -L ISTIO_R');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitFor(page, 't1', /Chain ISTIO_REDIRECT \(1 references\)/);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('a pasted here-document feeds iptables-restore', async () => {
    const page = await fresh();
    await ready(page, 't1');
    await page.locator('[data-id="t1"] .xterm-helper-textarea').focus();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', "iptables-restore <<'EOF'\n*nat\n:MYCHAIN - [0:0]\n-A OUTPUT -j MYCHAIN\nCOMMIT\nEOF\niptables -t nat -S OUTPUT\n");
      const ta = document.querySelector('[data-id="t1"] .xterm-helper-textarea')!;
      ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    const text = await waitFor(page, 't1', /-A OUTPUT -j MYCHAIN\nroot@node-1:~#$/);
    expect(text).toContain('-P OUTPUT ACCEPT\n-A OUTPUT -j MYCHAIN');
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
    // Tab completes a unique command name and adds a space, even when the keys come faster
    // than the screen: after an Enter they are typeahead, and Tab acts on the text before it.
    await page.keyboard.type('echo again');
    await burst(page, 't1', ['Enter', ...'whoa', 'Tab', 'Enter']);
    await waitFor(page, 't1', /^again\n.*# whoami\s*\nroot/m);
    // Ctrl-C abandons the line, and $? says so (130, as bash).
    await page.keyboard.type('echo never');
    await page.keyboard.press('Control+c');
    await waitFor(page, 't1', /echo never\^C/);
    await page.keyboard.type('echo "status=$?"');
    await page.keyboard.press('Enter');
    await waitFor(page, 't1', /^status=130$/m);
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
    // The command's answer (and the state it saves) has come back once the next prompt is up.
    await waitFor(page, 't1', /root@node-1:\/etc# export GREETING=saved; cd \/etc\nroot@node-1:\/etc#$/);
    // Corrupt the saved state: the page must start fresh with a notice, not break.
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('istio-guide:term:')) localStorage.setItem(k, '{not json');
    });
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-id="t1"]')?.getAttribute('data-term-state') === 'ready');
    await waitFor(page, 't1', /could not be read and was discarded\.\)\nroot@node-1:~#$/);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('zh pages word the notices in Chinese', async () => {
    const page = await b.page('zh/01-netfilter/');
    const id = await page.locator('[data-terminal]').first().getAttribute('data-id');
    await page.evaluate((tid) => {
      localStorage.clear();
      localStorage.setItem(`istio-guide:term:v1:${location.pathname}:${tid}`, '{not json');
    }, id);
    await page.reload({ waitUntil: 'load' });
    await page.locator(`[data-id="${id}"]`).scrollIntoViewIfNeeded();
    await waitFor(page, id!, /（保存的终端状态无法读取，已被丢弃。）\n.*root@node-1:~#$/);
    await typeLine(page, id!, 'reset');
    await waitFor(page, id!, /^已回到本章开始时的状态（场景 [\w.-]+）。$/m);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('bookinfo terminal: suggestion runs nsenter + iptables in the reviews pod', async () => {
    const page = await fresh();
    await page.locator('[data-id="t2"]').scrollIntoViewIfNeeded();
    await page.click('[data-id="t2"] [data-cmd^="nsenter"]');
    const text = await waitFor(page, 't2', /redir ports 15001\s*\nroot@node-1:~#$/);
    expect(text).toContain('Chain ISTIO_REDIRECT (1 references)');
    await typeLine(page, 't2', 'nsenter -t 8533 -n');
    await waitFor(page, 't2', /\[netns reviews-v1-5b86c6f6d4-jm4tq\] root@node-1:~#$/);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('commands loaded on first use (man, explain, grep, ss, ip, conntrack, curl, the flow, kubectl, filters, builtins, iptables -h, extensions) answer as in Node', async () => {
    // components/terminal/lazy-packs.ts: these commands' code is fetched by the worker when a
    // line may use them; outputs (counted, so no line wraps) must match the same session in Node.
    const lines = [
      'man iptables | wc -c',
      "explain '-A PREROUTING -p tcp -j ISTIO_INBOUND' | wc -c",
      'nsenter -t 8533 -n iptables-save | grep -c ISTIO',
      'nsenter -t 8533 -n ss -tln | wc -c',
      'ip -br addr | wc -c',
      'conntrack -L 2>&1 | wc -c',
      'iptables -h | wc -c',
      'iptables -A INPUT -m statistic --mode nth --every 2 --packet 0 -j LOG --log-prefix x && iptables -S INPUT | wc -c',
      "G=gr'ep'; nsenter -t 8533 -n iptables-save | $G -c REDIRECT",
      'kubectl exec deploy/productpage-v1 -- curl -sv http://reviews:9080/reviews/0 2>&1 | wc -c',
      'goto 9 | wc -c',
      'step | wc -c',
      'kubectl get pods -o wide | wc -c',
      'ps -ef | sort | uniq | head -50 | tail -40 | wc -c',
      'ls -l /etc | wc -c',
      'date | wc -c',
      'uname -a | wc -c',
      'id | wc -c',
      'env | wc -c',
      'help | wc -c',
      'which iptables | wc -c',
      'iptables -t raw -A OUTPUT -p 1 --ic 8 -j CT; echo $?',
      'iptables -A INPUT -p tcp -m multiport --dports 1,2; echo $?',
      // sctp and dccp load by their protocol numbers alone
      'iptables -A INPUT -p 132 --chunk-types any INIT && iptables -A INPUT -p 0x21 --dccp-types ACK && iptables -L INPUT | wc -c',
      'iptables -t raw -S | wc -c',
      'iptables -S INPUT | wc -c',
    ];
    const node = createScenarioSession({ scenario: 'bookinfo-1.6', at: 1 });
    const page = await fresh();
    await page.locator('[data-id="t2"]').scrollIntoViewIfNeeded();
    await ready(page, 't2');
    for (const line of lines) {
      const want = node.run(line).output.trimEnd();
      expect(want, line).toMatch(/^\d+$/);
      await typeLine(page, 't2', line);
      const text = await waitFor(page, 't2', new RegExp(`${line.replace(/[$'|.*+?()[\]\\]/g, '\\$&')}\n(.*)\nroot@node-1:~#$`));
      expect(text.split('\n').at(-2), line).toBe(want);
    }
    // Tab asks the worker for `man`'s pages before man itself ran in this worker.
    await page.reload({ waitUntil: 'load' });
    await page.locator('[data-id="t2"]').scrollIntoViewIfNeeded();
    await ready(page, 't2');
    await page.locator('[data-id="t2"] .xterm-helper-textarea').focus();
    await page.keyboard.type('man iptables-ex');
    await page.keyboard.press('Tab');
    await waitFor(page, 't2', /man iptables-extensions$/);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('a command whose code cannot be downloaded says so in one line, and the terminal goes on', async () => {
    const page = await fresh();
    // The packet path's chunk (components/terminal/lazy-packs.ts) fails to download.
    await page.context().route(/\/_astro\/curl-[^/]*\.js$/, (r) => r.abort());
    await page.locator('[data-id="t2"]').scrollIntoViewIfNeeded();
    await ready(page, 't2');
    await typeLine(page, 't2', 'curl -s http://reviews:9080/reviews/0');
    // The line wraps on screen (compared without white space).
    const text = await waitFor(page, 't2', /reviews\/0\nbash: curl: [\s\S]*\nroot@node-1:~#$/);
    const said = "bash: curl: internal error: the simulator's code for this command (curl) could not be downloaded (offline?); reloading the page keeps the session and tries again";
    expect(text.slice(text.lastIndexOf('reviews/0\n') + 10).replace(/\s/g, '')).toBe(`${said}root@node-1:~#`.replace(/\s/g, ''));
    await typeLine(page, 't2', 'nsenter -t 8533 -n iptables -t nat -S | wc -l');
    await waitFor(page, 't2', /iptables -t nat -S \| wc -l\n\d+\nroot@node-1:~#$/);
    await page.context().unroute(/\/_astro\/curl-[^/]*\.js$/);
    expect(page.problems.filter((p) => !/curl-[^/]*\.js/.test(p))).toEqual([]);
    await page.close();
  });

  it('follows long output, scrolls back with the wheel and selects with the mouse', async () => {
    const page = await fresh();
    await page.locator('[data-id="t2"]').scrollIntoViewIfNeeded();
    await ready(page, 't2');
    await typeLine(page, 't2', 'nsenter -t 8533 -n iptables -t nat -L -v; nsenter -t 8533 -n iptables -t nat -S');
    // The viewport follows the output to its last line and the prompt.
    const bottom = await waitFor(page, 't2', /-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001\nroot@node-1:~#$/);
    expect(bottom).not.toContain('Chain PREROUTING');
    const box = (await page.locator('[data-id="t2"] .xterm-screen').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // A wheel event scrolls a few lines.
    for (let i = 0; i < 40 && !/\nChain PREROUTING/.test(await screenText(page, 't2')); i++) {
      await page.mouse.wheel(0, -500);
      await page.waitForTimeout(50);
    }
    expect(await screenText(page, 't2')).toMatch(/\nChain PREROUTING/);
    for (let i = 0; i < 40 && !/root@node-1:~#$/.test(await screenText(page, 't2')); i++) {
      await page.mouse.wheel(0, 500);
      await page.waitForTimeout(50);
    }
    expect(await screenText(page, 't2')).toMatch(/root@node-1:~#$/);
    // A drag selects text (drawn in the selection layer).
    await page.mouse.move(box.x + 4, box.y + 6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelectorAll('[data-id="t2"] .xterm-selection div').length > 0);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('draws the full listing of iptables -t nat -L -v after each Enter (latency logged; the budget is checked by npm run bench)', async () => {
    const page = await fresh();
    await page.locator('[data-id="t2"]').scrollIntoViewIfNeeded();
    await ready(page, 't2');
    await typeLine(page, 't2', 'kubectl exec deploy/productpage-v1 -- curl -s http://reviews:9080/reviews/0 >/dev/null; nsenter -t 8533 -n');
    await waitFor(page, 't2', /\[netns reviews-v1-5b86c6f6d4-jm4tq\] root@node-1:~#$/);
    // From the Enter keydown to the frame where the listing's last line and the prompt are drawn.
    const samples: number[] = [];
    for (let i = 0; i < 15; i++) {
      await page.keyboard.type('iptables -t nat -L -v');
      const ms = await page.evaluate(() => new Promise<number>((resolve) => {
        const ta = document.querySelector<HTMLTextAreaElement>('[data-id="t2"] .xterm-helper-textarea')!;
        const rows = document.querySelector('[data-id="t2"] .xterm-rows')!;
        const t0 = performance.now();
        const done = () => {
          const txt = (rows.textContent ?? '').replace(/\u00a0/g, ' ');
          if (/redir ports 15001\s*\[netns [^\]]+\] root@node-1:~#\s*$/.test(txt)) resolve(performance.now() - t0);
          else requestAnimationFrame(done);
        };
        ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));
        requestAnimationFrame(done);
      }));
      samples.push(ms);
      await page.keyboard.type('clear');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(30);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    // The shell's own share (parse + world + engine + save + store), from the view's performance marks.
    const shell = await page.evaluate(() => {
      const runs = performance.getEntriesByName('istio-term:run').slice(-30);
      const rans = performance.getEntriesByName('istio-term:ran').slice(-30);
      const d = runs.map((r, i) => rans[i].startTime - r.startTime).filter((_, i) => i % 2 === 0).sort((a, b) => a - b);
      return d[Math.floor(d.length / 2)];
    });
    console.log(`[bench] iptables -t nat -L -v (reviews pod): Enter to drawn output median ${median.toFixed(1)} ms (min ${samples[0].toFixed(1)}, max ${samples[samples.length - 1].toFixed(1)}), n=${samples.length}; shell share median ${shell.toFixed(2)} ms`);
    // No timing assertion: on a shared 2-core machine it would flake; bench/terminal.ts owns the 16 ms budget.
    expect(samples).toHaveLength(15);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('axe finds nothing, before and after the terminal runs; Esc then Tab leaves it', async () => {
    const page = await fresh();
    const axe = async () =>
      (await new AxeBuilder({ page }).include('[data-terminal]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(await axe()).toEqual([]);
    await ready(page, 't1');
    await typeLine(page, 't1', 'iptables -t nat -S');
    await waitFor(page, 't1', /-P POSTROUTING ACCEPT\nroot@node-1:~#$/);
    expect(await axe()).toEqual([]);
    // Keyboard: Tab inside completes; Esc then Tab moves focus out of the terminal.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.className ?? '');
    expect(focused).not.toContain('xterm-helper-textarea');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('touch screens get an input line and a Run button, without xterm', async () => {
    const ctx = await b.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = (await ctx.newPage()) as CheckedPage;
    const { watch, siteUrl } = await import('./helpers.ts');
    watch(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(siteUrl('dev/terminal/'), { waitUntil: 'load' });
    await page.evaluate(() => localStorage.clear());
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-id="t1"]')?.getAttribute('data-term-state') === 'ready');
    const input = page.locator('[data-id="t1"] [data-term-touch] input');
    await input.fill('echo touch | wc -c');
    await page.locator('[data-id="t1"] [data-term-touch] button[type="submit"]').click();
    await page.waitForFunction(() => /root@node-1:~# echo touch \| wc -c\n6\n/.test(document.querySelector('[data-id="t1"] [data-term-touch-out]')?.textContent ?? ''));
    // A here-document continues behind a `>` prompt.
    await input.fill("cat <<'EOF'");
    await input.press('Enter');
    await input.fill('inside');
    await input.press('Enter');
    await input.fill('EOF');
    await input.press('Enter');
    await page.waitForFunction(() => /> EOF\ninside\n/.test(document.querySelector('[data-id="t1"] [data-term-touch-out]')?.textContent ?? ''));
    // None of xterm's JavaScript may load (its CSS is inlined in the page).
    expect(requests.filter((u) => /xterm.*\.js/.test(u))).toEqual([]);
    expect(page.problems).toEqual([]);
    await ctx.close();
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
