// What the guide itself says inside a terminal (notices about saved state, reset, the flow
// commands, truncated output), in both languages. Programs' own output (iptables, bash's
// errors ...) stays as the real tools print it. Plain data, no DOM: the shell imports it.

export type TermLang = 'zh' | 'en';

const TEXT = {
  savedOlder: {
    en: 'A terminal state saved by an older version of this page was discarded.',
    zh: '本页旧版本保存的终端状态已被丢弃。',
  },
  savedChanged: {
    en: 'This chapter changed since your last visit, so the terminal starts fresh.',
    zh: '本章在你上次访问后有了改动，终端从头开始。',
  },
  savedUnreadable: {
    en: 'The saved terminal state could not be read and was discarded.',
    zh: '保存的终端状态无法读取，已被丢弃。',
  },
  savedTooLarge: {
    en: 'The terminal state was too large to keep (over 1 MB of commands), so the terminal starts fresh.',
    zh: '终端状态太大（命令超过 1 MB），没有保存，终端从头开始。',
  },
  savedReplayFailed: {
    en: 'The saved terminal state could not be replayed and was discarded.',
    zh: '保存的终端状态无法重放，已被丢弃。',
  },
  scenarioFailed: {
    en: 'The {scenario} scenario could not start ({error}); this is a bare node.',
    zh: '场景 {scenario} 无法启动（{error}），现在是一个空节点。',
  },
  reset: {
    en: 'Back to the start of this chapter (scenario {scenario}).',
    zh: '已回到本章开始时的状态（场景 {scenario}）。',
  },
  exitTop: {
    en: "(This is the node's own shell, so it stays open. Type `reset` to start the chapter over.)",
    zh: '（这是节点本身的 shell，所以不会关闭。输入 `reset` 可以让本章从头开始。）',
  },
  truncated: {
    en: '[output truncated: {n} more {lines} not shown (limit {max} lines / {kb} KB); pipe into head, tail or grep to see less]',
    zh: '[输出已截断：还有 {n} 行没有显示（上限 {max} 行 / {kb} KB）；用管道交给 head、tail 或 grep 只看一部分]',
  },
  noFlow: {
    en: '{name}: the {scenario} scenario has no request flow to step through (try a Bookinfo chapter)',
    zh: '{name}：场景 {scenario} 没有可以逐步查看的请求流程（到 Bookinfo 的章节里试试）',
  },
  atLast: {
    en: '{name}: already at the last flow point ({last}); type `goto 0` to start the flow again',
    zh: '{name}：已经在最后一个流程点（{last}）；输入 `goto 0` 从头再走一遍',
  },
  atStart: {
    en: 'prev: already at the start of the flow (point 0)',
    zh: 'prev：已经在流程的起点（第 0 点）',
  },
  notPoint: {
    en: 'goto: {arg}: not a flow point (0 to {last})',
    zh: 'goto：{arg}：不是流程点（范围 0 到 {last}）',
  },
  noTrace: {
    en: 'trace: the {scenario} scenario sends no packets to trace',
    zh: 'trace：场景 {scenario} 不发送数据包，没有可追踪的内容',
  },
} satisfies Record<string, Record<TermLang, string>>;

export type TermTextKey = keyof typeof TEXT;

export function termText(lang: TermLang, key: TermTextKey, params: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function termLang(x: string | undefined): TermLang {
  return x === 'zh' ? 'zh' : 'en';
}
