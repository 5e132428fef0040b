// Pasted text -> the commands bash would read, and the session server the terminal's
// worker runs (src/shell/session-server.ts), in Node.
import { describe, expect, it } from 'vitest';
import { MAX_OPEN_CONTINUATION, splitPaste } from '../../src/shell/paste.ts';
import { continuation } from '../../src/shell/parse.ts';
import { termText } from '../../src/i18n/terminal.ts';
import { createSessionServer, echoOf, ECHO_LINES, visible, type Ask, type Reply, type Request } from '../../src/shell/session-server.ts';

describe('splitPaste', () => {
  it('one command per line; the last line without a newline is left for the prompt', () => {
    expect(splitPaste('echo a\necho b\nech')).toEqual({ commands: ['echo a', 'echo b'], tail: 'ech' });
    expect(splitPaste('echo a\r\necho b\r\n')).toEqual({ commands: ['echo a', 'echo b'], tail: '' });
    expect(splitPaste('')).toEqual({ commands: [], tail: '' });
  });
  it('keeps a here-document, an open quote and a trailing pipe with their command', () => {
    const text = "cat <<'EOF'\na\n'b\nEOF\necho 'x\ny'\necho z |\nwc -l\n\tEOF\n";
    expect(splitPaste(text).commands).toEqual(["cat <<'EOF'\na\n'b\nEOF", "echo 'x\ny'", 'echo z |\nwc -l', '\tEOF']);
    expect(splitPaste('cat <<-END\n\tq\n\tEND\necho after\n').commands).toEqual(['cat <<-END\n\tq\n\tEND', 'echo after']);
    // Two here-documents on one line end after the second delimiter.
    expect(splitPaste('cat <<A <<B\n1\nA\n2\nB\necho n\n').commands).toEqual(['cat <<A <<B\n1\nA\n2\nB', 'echo n']);
  });
  it('an unfinished here-document at the end of the paste stays on the prompt', () => {
    expect(splitPaste('echo a\ncat <<EOF\nbody\n')).toEqual({ commands: ['echo a'], tail: 'cat <<EOF\nbody\n' });
  });
  it('parse reports the delimiters still wanted', () => {
    expect(continuation('cat <<A <<"B"\n1\nA\n')).toEqual({ incomplete: true, heredocs: ['B'] });
    expect(continuation("echo 'x")).toEqual({ incomplete: true, heredocs: [] });
    expect(continuation('echo x')).toEqual({ incomplete: false, heredocs: [] });
  });
  it('is linear: a 100,000-line here-document and a 1 MB open quote split fast', () => {
    const lines = ["iptables-restore <<'EOF'", '*filter'];
    for (let i = 0; i < 100_000; i++) lines.push(`-A INPUT -s 10.0.${(i >> 8) & 255}.${i & 255}/32 -m comment --comment "r'${i}" -j ACCEPT`);
    lines.push('COMMIT', 'EOF', 'echo done', '');
    let t = performance.now();
    const r = splitPaste(lines.join('\n'));
    const heredocMs = performance.now() - t;
    expect(r.commands.length).toBe(2);
    expect(r.commands[1]).toBe('echo done');
    // Never closed: after MAX_OPEN_CONTINUATION the rest joins the open command.
    const open = "echo 'start\n" + 'a "b" c\n'.repeat((1 << 20) / 8);
    t = performance.now();
    const o = splitPaste(open);
    const openMs = performance.now() - t;
    expect(o.commands.length).toBe(1);
    expect(o.commands[0].length).toBeGreaterThan(MAX_OPEN_CONTINUATION);
    console.log(`[paste] 100k-line here-document split in ${heredocMs.toFixed(0)} ms, 1 MB open quote in ${openMs.toFixed(0)} ms`);
    // Generous: the quadratic version took minutes.
    expect(heredocMs + openMs).toBeLessThan(20_000);
  });
});

describe('echo and visible text', () => {
  it('control characters become caret notation; tab, newline and CR stay', () => {
    expect(visible('a\x1b[31mb\x07\x00\x7f\x9bc\td\r\n')).toBe('a^[[31mb^G^@^?M-^[c\td\r\n');
  });
  it('a pasted command is echoed behind > prompts, cut when huge', () => {
    expect(echoOf('cat <<EOF\nx\nEOF')).toBe('cat <<EOF\n> x\n> EOF');
    const big = echoOf(['a', ...Array.from({ length: 1000 }, (_, i) => `l${i}`)].join('\n'));
    expect(big.split('\n').length).toBe(ECHO_LINES);
    expect(big).toContain('[… 962 more pasted lines not shown]');
    expect(echoOf('y'.repeat(5000))).toMatch(/^y{2000}\[… 3000 more characters\]$/);
  });
});

describe('session server (what the terminal worker runs)', () => {
  let n = 0;
  const ask = (s: ReturnType<typeof createSessionServer>, r: Ask): Reply => s.handle({ ...r, id: ++n } as Request);

  it('runs, checks, completes; state travels as a snapshot and comes back with $?', () => {
    const s = createSessionServer();
    const ready = ask(s, { t: 'init', scenario: 'empty', setup: ['iptables -N SETUP'] });
    expect(ready.t).toBe('ready');
    const ran = ask(s, { t: 'run', line: 'iptables -N MINE; echo -e "x\\e[2Jy"' });
    expect(ran).toMatchObject({ t: 'ran', output: 'x^[[2Jy\n', code: 0, clear: false });
    expect(ran.t === 'ran' && ran.view.prompt).toBe('root@node-1:~# ');
    const checked = ask(s, { t: 'check', line: 'iptables -S' });
    expect(checked.t === 'checked' && checked.output).toContain('-N MINE');
    const completed = ask(s, { t: 'complete', line: 'iptables -L MI', cursor: 14 });
    expect(completed.t === 'completed' && completed.completion.candidates).toEqual(['MINE']);
    // A new server from the snapshot (what Ctrl-C does): same state, $? = 130.
    const again = createSessionServer();
    const r2 = ask(again, { t: 'init', scenario: 'empty', setup: ['iptables -N SETUP'], snap: ran.t === 'ran' ? ran.snap : '', status: 130 });
    expect(r2.t === 'ready' && r2.history).toEqual(['iptables -N MINE; echo -e "x\\e[2Jy"']);
    const st = ask(again, { t: 'run', line: 'echo $?; iptables -S | grep -c -- -N' });
    expect(st.t === 'ran' && st.output).toBe('130\n2\n');
  });

  it("words the page's reason for dropping its saved state first, in the page's language", () => {
    const r = ask(createSessionServer(), { t: 'init', scenario: 'empty', setup: [], lang: 'zh', savedNotice: 'savedUnreadable', snap: '{not json' });
    expect(r.t === 'ready' && r.notices).toEqual([termText('zh', 'savedUnreadable'), termText('zh', 'savedReplayFailed')]);
    const en = ask(createSessionServer(), { t: 'init', scenario: 'empty', setup: [], savedNotice: 'savedChanged' });
    expect(en.t === 'ready' && en.notices).toEqual([termText('en', 'savedChanged')]);
  });

  it('a corrupt snapshot starts fresh with a notice', () => {
    const s = createSessionServer();
    const r = ask(s, { t: 'init', scenario: 'empty', setup: [], snap: '{"v":1,"scenario":"empty","history":[],"log":"nope"}' });
    expect(r.t === 'ready' && r.notices).toEqual(['The saved terminal state could not be replayed and was discarded.']);
    const r2 = ask(createSessionServer(), { t: 'init', scenario: 'empty', setup: [], snap: '{not json' });
    expect(r2.t === 'ready' && r2.notices.length).toBe(1);
  });

  it('a paste runs in bounded batches, echoing each command after the first behind a prompt', () => {
    const s = createSessionServer();
    ask(s, { t: 'init', scenario: 'empty', setup: [] });
    const lines = Array.from({ length: 5000 }, (_, i) => `echo ${i} ${'z'.repeat(40)}`);
    const started = ask(s, { t: 'paste', text: lines.join('\n') + '\nclear\necho after\necho -n tail\n' });
    expect(started).toMatchObject({ t: 'pasted', commands: 5003, tail: '' });
    let out = '';
    let batches = 0;
    let cleared = false;
    for (;;) {
      const b = ask(s, { t: 'paste-next' });
      if (b.t !== 'batch') throw new Error(b.t);
      batches++;
      expect(b.before.length).toBeLessThan(64 * 1024 + 1000);
      out += b.before;
      if (b.clear) {
        cleared = true;
        out = b.after;
      }
      if (b.remaining === 0) break;
    }
    expect(batches).toBeGreaterThan(3);
    expect(cleared).toBe(true);
    expect(out).toBe('root@node-1:~# echo after\nafter\nroot@node-1:~# echo -n tail\ntail');
  });

  it('a paste ending without a newline leaves its last line for the prompt; drop forgets the rest', () => {
    const s = createSessionServer();
    ask(s, { t: 'init', scenario: 'empty', setup: [] });
    expect(ask(s, { t: 'paste', text: 'echo 1\necho 2\nunfinished' })).toMatchObject({ commands: 2, tail: 'unfinished' });
    ask(s, { t: 'paste-drop' });
    const b = ask(s, { t: 'paste-next' });
    expect(b).toMatchObject({ t: 'batch', before: '', remaining: 0 });
  });
});
