// The terminal's own notices in English (src/i18n/terminal.ts); loaded by an English page's
// terminal only (components/terminal/lazy-packs.ts).

export const TEXT_EN = {
  savedOlder: 'A terminal state saved by an older version of this page was discarded.',
  savedChanged: 'This chapter changed since your last visit, so the terminal starts fresh.',
  savedUnreadable: 'The saved terminal state could not be read and was discarded.',
  savedTooLarge: 'The terminal state was too large to keep (over 1 MB of commands), so the terminal starts fresh.',
  savedReplayFailed: 'The saved terminal state could not be replayed and was discarded.',
  scenarioFailed: 'The {scenario} scenario could not start ({error}); this is a bare node.',
  reset: 'Back to the start of this chapter (scenario {scenario}).',
  exitTop: "(This is the node's own shell, so it stays open. Type `reset` to start the chapter over.)",
  truncated: '[output truncated: {n} more {lines} not shown (limit {max} lines / {kb} KB); pipe into head, tail or grep to see less]',
  noFlow: '{name}: the {scenario} scenario has no request flow to step through (try a Bookinfo chapter)',
  atLast: '{name}: already at the last flow point ({last}); type `goto 0` to start the flow again',
  atStart: 'prev: already at the start of the flow (point 0)',
  notPoint: 'goto: {arg}: not a flow point (0 to {last})',
  noTrace: 'trace: the {scenario} scenario sends no packets to trace',
};
