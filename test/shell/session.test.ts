import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/shell/session.ts';
import { MAX_OUTPUT_LINES } from '../../src/shell/limits.ts';
import { makeFakeHost } from './fake-host.ts';
import type { FakeWorld } from './fake-host.ts';

const fake = (extra: { setup?: string[]; at?: number } = {}) =>
  createSession<FakeWorld>({ scenario: 'bookinfo-1.6', makeHost: makeFakeHost, ...extra });

describe('running lines', () => {
  it('unknown commands: bash wording, 127, and $? sees it', () => {
    const s = fake();
    expect(s.run('foo')).toEqual({ output: 'bash: foo: command not found\n', code: 127, clear: false });
    expect(s.run('echo $?').output).toBe('127\n');
    expect(s.run('./run.sh').output).toBe('bash: ./run.sh: No such file or directory\n');
    expect(s.run('/usr/sbin/iptables -S').output).toBe('iptables -S @node\n');
  });
  it('&& and || follow exit codes; ; always continues', () => {
    const s = fake();
    expect(s.run('false && echo no; echo yes').output).toBe('yes\n');
    expect(s.run('foo || echo fallback').output).toBe('bash: foo: command not found\nfallback\n');
    expect(s.run('true && echo a || echo b').output).toBe('a\n');
    expect(s.run('! true').code).toBe(1);
  });
  it('pipes stdout, not stderr, into the next command', () => {
    const s = fake();
    expect(s.run('echo -e "a\\nb\\na" | sort | uniq -c').output).toBe('      2 a\n      1 b\n');
    expect(s.run('foo | wc -l').output).toBe('bash: foo: command not found\n0\n');
    expect(s.run('foo 2>&1 | wc -l').output).toBe('1\n');
  });
  it('redirections to /dev/null, in bash order', () => {
    const s = fake();
    expect(s.run('foo 2>/dev/null').output).toBe('');
    expect(s.run('foo &>/dev/null; echo $?').output).toBe('127\n');
    expect(s.run('echo hi >/dev/null').output).toBe('');
    expect(s.run('foo >/dev/null 2>&1').output).toBe('');
    expect(s.run('foo 2>&1 >/dev/null').output).toBe('bash: foo: command not found\n');
    expect(s.run('echo to-err >&2 2>/dev/null').output).toBe('to-err\n');
    expect(s.run('echo x > /nope/file').output).toBe('bash: /nope/file: No such file or directory\n');
    expect(s.run('cat < /nope').output).toBe('bash: /nope: No such file or directory\n');
  });
  it('variables: assignment, export, $VAR, prefix assignment', () => {
    const s = fake();
    expect(s.run('X=1; echo $X ${X}x "$X"').output).toBe('1 1x 1\n');
    expect(s.run('export POD=reviews; echo $POD').output).toBe('reviews\n');
    expect(s.run('Y=2 env | grep ^Y=').output).toBe('Y=2\n');
    expect(s.run('echo $Y.').output).toBe('.\n');
    expect(s.run('echo $HOME $USER').output).toBe('/root root\n');
  });
  it('a command that throws becomes an error message, not an exception', () => {
    const s = fake();
    expect(s.run('boom')).toEqual({ output: 'bash: boom: internal error: kaboom\n', code: 1, clear: false });
    expect(s.run('echo still alive').output).toBe('still alive\n');
  });
  it('bounds huge output with a note', () => {
    const s = fake();
    s.run('echo x > /tmp/f');
    for (let i = 0; i < 12; i++) s.run('cat /tmp/f /tmp/f /tmp/f > /tmp/g; cat /tmp/g > /tmp/f');
    const r = s.run('cat /tmp/f');
    const lines = r.output.split('\n');
    expect(lines.length).toBeLessThanOrEqual(MAX_OUTPUT_LINES + 2);
    expect(r.output).toMatch(/\[output truncated: \d+ more lines not shown/);
  });
  it('syntax errors print bash wording and set $? to 2', () => {
    const s = fake();
    expect(s.run('echo a | | b')).toEqual({ output: "bash: syntax error near unexpected token `|'\n", code: 2, clear: false });
    expect(s.run('echo $?').output).toBe('2\n');
  });
});

describe('nsenter sub-shell and prompt', () => {
  it('prompt shows the namespace until exit', () => {
    const s = fake();
    expect(s.prompt()).toBe('root@node-1:~# ');
    expect(s.run('nsenter -t 8533 -n').output).toBe('');
    expect(s.prompt()).toBe('[netns reviews-v1-5b86c6f6d4-jm4tq] root@node-1:~# ');
    expect(s.run('where').output).toContain('"kind":"netns"');
    expect(s.run('iptables -S').output).toBe('iptables -S @netns\n');
    expect(s.run('exit').output).toBe('exit\n');
    expect(s.prompt()).toBe('root@node-1:~# ');
    expect(s.run('exit').output).toContain('stays open');
  });
  it('nested commands run in the namespace and pipe on', () => {
    const s = fake();
    expect(s.run('nsenter -t 8533 -n iptables -L | grep -c netns').output).toBe('1\n');
    expect(s.where().kind).toBe('node');
  });
  it('a nested command reads the files of its own container', () => {
    const s = fake();
    expect(s.run('kexec cat /etc/resolv.conf').output).toBe('nameserver 10.96.0.10 # reviews-v1-5b86c6f6d4-jm4tq/reviews\n');
    expect(s.run('cat /etc/resolv.conf').output).not.toContain('reviews');
  });
  it('cd changes the prompt', () => {
    const s = fake();
    s.run('cd /etc');
    expect(s.prompt()).toBe('root@node-1:/etc# ');
    expect(s.run('cd /nope').output).toBe('bash: cd: /nope: No such file or directory\n');
    s.run('cd');
    expect(s.prompt()).toBe('root@node-1:~# ');
  });
});

describe('tutorial commands', () => {
  it('step/next/prev/goto move the flow point', () => {
    const s = fake();
    expect(s.run('step').output).toBe('[1/3] point 1 text\n');
    expect(s.run('next').output).toBe('[2/3] point 2 text\n');
    expect(s.run('prev').output).toBe('[1/3] point 1 text\n');
    expect(s.run('goto 3').output).toBe('[3/3] point 3 text\n');
    expect(s.flowPoint()).toBe(3);
    expect(s.run('step')).toMatchObject({ code: 1 });
    expect(s.run('goto 9')).toEqual({ output: 'goto: 9: not a flow point (0 to 3)\n', code: 1, clear: false });
    expect(s.run('goto')).toMatchObject({ code: 2 });
  });
  it('without a world the tutorial commands say why they cannot work', () => {
    const s = createSession({ scenario: 'empty' });
    expect(s.run('step')).toMatchObject({ code: 1, output: expect.stringContaining('empty scenario has no request flow') });
    expect(s.run('trace on')).toMatchObject({ code: 1 });
  });
  it('trace on|off', () => {
    const s = fake();
    expect(s.run('trace on').output).toBe('trace on\n');
    expect(s.host()!.world.trace).toBe(true);
    expect(s.run('trace maybe')).toMatchObject({ code: 2, output: 'usage: trace on|off\n' });
  });
  it('reset restores setup state and the starting flow point', () => {
    const s = fake({ setup: ['bump', 'bump'], at: 1 });
    expect(s.host()!.world.counter).toBe(2);
    expect(s.flowPoint()).toBe(1);
    s.run('bump');
    s.run('goto 3');
    s.run('nsenter -t 8533 -n');
    expect(s.run('reset').output).toBe('Back to the start of this chapter (scenario bookinfo-1.6).\n');
    expect(s.host()!.world.counter).toBe(2);
    expect(s.flowPoint()).toBe(1);
    expect(s.prompt()).toBe('root@node-1:~# ');
  });
});

describe('Ctrl-C and the page language', () => {
  it('a line abandoned with Ctrl-C leaves $? at 130, as bash does', () => {
    const s = fake();
    expect(s.run('true').code).toBe(0);
    s.setStatus(130);
    expect(s.run('echo $?').output).toBe('130\n');
    expect(s.run('echo $?').output).toBe('0\n');
  });
  it("the guide's own notices follow the page language; programs stay English", () => {
    const s = createSession<FakeWorld>({ scenario: 'bookinfo-1.6', makeHost: makeFakeHost, lang: 'zh' });
    expect(s.run('reset').output).toBe('已回到本章开始时的状态（场景 bookinfo-1.6）。\n');
    expect(s.run('goto 9').output).toBe('goto：9：不是流程点（范围 0 到 3）\n');
    expect(s.run('exit').output).toBe('exit\n（这是节点本身的 shell，所以不会关闭。输入 `reset` 可以让本章从头开始。）\n');
    expect(s.run('seq-is-not-here').output).toBe('bash: seq-is-not-here: command not found\n');
    s.run('echo x > /tmp/f');
    for (let i = 0; i < 7; i++) s.run('cat /tmp/f /tmp/f /tmp/f > /tmp/g; cat /tmp/g > /tmp/f');
    expect(s.run('cat /tmp/f').output).toMatch(/\n\[输出已截断：还有 187 行没有显示（上限 2000 行 \/ 256 KB）；用管道交给 head、tail 或 grep 只看一部分\]\n$/);
    const bare = createSession({ scenario: 'empty', lang: 'zh' });
    expect(bare.run('step').output).toBe('step：场景 empty 没有可以逐步查看的请求流程（到 Bookinfo 的章节里试试）\n');
    expect(bare.run('trace on').output).toBe('trace：场景 empty 不发送数据包，没有可追踪的内容\n');
  });
});

describe('persistence', () => {
  it('snapshot + restore rebuilds world state, flow point, sub-shell and history', () => {
    const a = fake();
    a.run('bump');
    a.run('bump | grep counter');
    a.run('step');
    a.run('echo hi');
    a.run('nsenter -t 8533 -n');
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    expect(snap.log).not.toContain('echo hi');
    const b = fake();
    expect(b.restore(snap)).toBe(true);
    expect(b.host()!.world.counter).toBe(2);
    expect(b.flowPoint()).toBe(1);
    expect(b.prompt()).toContain('[netns');
    expect(b.history()).toEqual(a.history());
  });
  it('a reset inside the log is replayed too', () => {
    const a = fake();
    a.run('bump');
    a.run('reset; bump; bump; bump');
    const b = fake();
    b.restore(a.snapshot());
    expect(b.host()!.world.counter).toBe(3);
    expect(a.snapshot().log).toEqual(['reset; bump; bump; bump']);
  });
  it('rejects corrupted or foreign snapshots without throwing', () => {
    const s = fake();
    s.run('bump');
    for (const bad of [null, 42, 'x', {}, { v: 2, scenario: 'bookinfo-1.6', history: [], log: [] }, { v: 1, scenario: 'other', history: [], log: [] }, { v: 1, scenario: 'bookinfo-1.6', history: [1], log: [] }]) {
      expect(s.restore(bad)).toBe(false);
    }
    expect(s.host()!.world.counter).toBe(1);
  });
  it('history follows HISTCONTROL=ignoreboth and history -c', () => {
    const s = fake();
    s.run('echo a');
    s.run('echo a');
    s.run(' echo secret');
    s.run('');
    expect(s.history()).toEqual(['echo a']);
    expect(s.run('history').output).toBe('    1  echo a\n    2  history\n');
    s.run('history -c');
    expect(s.history()).toEqual([]);
  });
});
