// The terminal's own notices in Chinese (src/i18n/terminal.ts); loaded by a Chinese page's
// terminal only (components/terminal/lazy-packs.ts).
import type { TEXT_EN } from './terminal-en.ts';

export const TEXT_ZH: Record<keyof typeof TEXT_EN, string> = {
  savedOlder: '本页旧版本保存的终端状态已被丢弃。',
  savedChanged: '本章在你上次访问后有了改动，终端从头开始。',
  savedUnreadable: '保存的终端状态无法读取，已被丢弃。',
  savedTooLarge: '终端状态太大（命令超过 1 MB），没有保存，终端从头开始。',
  savedReplayFailed: '保存的终端状态无法重放，已被丢弃。',
  scenarioFailed: '场景 {scenario} 无法启动（{error}），现在是一个空节点。',
  reset: '已回到本章开始时的状态（场景 {scenario}）。',
  exitTop: '（这是节点本身的 shell，所以不会关闭。输入 `reset` 可以让本章从头开始。）',
  truncated: '[输出已截断：还有 {n} 行没有显示（上限 {max} 行 / {kb} KB）；用管道交给 head、tail 或 grep 只看一部分]',
  noFlow: '{name}：场景 {scenario} 没有可以逐步查看的请求流程（到 Bookinfo 的章节里试试）',
  atLast: '{name}：已经在最后一个流程点（{last}）；输入 `goto 0` 从头再走一遍',
  atStart: 'prev：已经在流程的起点（第 0 点）',
  notPoint: 'goto：{arg}：不是流程点（范围 0 到 {last}）',
  noTrace: 'trace：场景 {scenario} 不发送数据包，没有可追踪的内容',
};
