// xterm-readline keeps its line buffer, history and pending read private. Tab completion at
// the cursor, Ctrl-W, per-chapter history and re-prompting need them, so this file is the
// one place that reaches in (checked against xterm-readline 1.2.2).
import type { Readline } from 'xterm-readline';

interface Internals {
  state: {
    line: { buf: string; pos: number; update(text: string, pos: number): void };
    refresh(): void;
    moveCursorToEnd(): void;
  };
  history: { entries: string[]; maxEntries: number; cursor: number; saveToLocalStorage(): void };
  activeRead?: { resolve(value: string): void };
  term?: { write(data: string): void };
  disposables: { dispose(): void }[];
  readData(data: string): void;
  handleKeyEvent(ev: KeyboardEvent): boolean;
}

export function readlineInternals(rl: Readline) {
  const r = rl as unknown as Internals;
  return {
    line: () => ({ buf: r.state.line.buf, pos: r.state.line.pos }),
    setLine(text: string, pos: number): void {
      r.state.line.update(text, Math.max(0, Math.min(pos, text.length)));
      r.state.refresh();
    },
    /** Ctrl-W: delete the word before the cursor (and the blanks after it). */
    deleteWordBack(): void {
      const { buf, pos } = r.state.line;
      let start = pos;
      while (start > 0 && /\s/.test(buf[start - 1])) start--;
      while (start > 0 && !/\s/.test(buf[start - 1])) start--;
      if (start === pos) return;
      r.state.line.update(buf.slice(0, start) + buf.slice(pos), start);
      r.state.refresh();
    },
    isReading: () => r.activeRead !== undefined,
    /** Ends the pending read with `value`, leaving the typed line on screen. */
    finishRead(value: string): void {
      const a = r.activeRead;
      if (!a) return;
      r.state.moveCursorToEnd();
      r.term?.write('\r\n');
      r.activeRead = undefined;
      a.resolve(value);
    },
    /** Ends the pending read with `value` and writes nothing: the prompt stays as it is. */
    abandonRead(value: string): void {
      const a = r.activeRead;
      if (!a) return;
      r.activeRead = undefined;
      a.resolve(value);
    },
    /** Replaces readline's global localStorage history with this chapter's (newest first). */
    useHistory(newestFirst: string[]): void {
      r.history.saveToLocalStorage = () => {};
      r.history.maxEntries = 1000;
      r.history.entries = [...new Set(newestFirst)].slice(0, 1000);
      r.history.cursor = -1;
    },
    defaultKeyHandler: (ev: KeyboardEvent): boolean => r.handleKeyEvent(ev),
    /** Unsubscribes readline from the terminal's input (activate() subscribes onData first)
     *  and returns its input function, so the view decides when and in which order keys reach
     *  it (typeahead, Tab completion queued behind the text typed before it). */
    takeInput(): (data: string) => void {
      r.disposables[0]?.dispose();
      r.disposables.shift();
      return (data: string) => r.readData(data);
    },
  };
}
