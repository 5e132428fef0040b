// Splits pasted text into the commands bash would read one after another: a line that
// leaves a quote, a trailing `|`/`&&` or a here-document open continues into the next.
// Linear in the paste's size: inside a here-document only a line equal to a wanted
// delimiter makes us parse again, so a 100,000-line here-document costs one parse at its
// end, not one per line.
import { continuation } from './parse.ts';

/** A command left open (a quote, `|`) longer than this (characters or lines) stops being
 *  re-parsed line by line, which would be quadratic: the rest of the paste joins it and the
 *  shell reports what it finds. Here-documents are not limited (they are checked cheaply). */
export const MAX_OPEN_CONTINUATION = 16 * 1024;
export const MAX_OPEN_LINES = 500;

export interface PasteSplit {
  /** Complete commands, in order (a here-document and its body are one command). */
  commands: string[];
  /** What is left for the prompt: the paste's last line without a newline, or an unfinished command. */
  tail: string;
}

export function splitPaste(text: string): PasteSplit {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const last = lines.pop() ?? '';
  const commands: string[] = [];
  let acc: string[] = [];
  let accLen = 0;
  let wanted = null as Set<string> | null;

  const settle = (): void => {
    const t = acc.join('\n');
    const c = continuation(t);
    if (!c.incomplete) {
      commands.push(t);
      acc = [];
      accLen = 0;
      wanted = null;
    } else {
      wanted = c.heredocs.length ? new Set(c.heredocs) : null;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    acc.push(line);
    accLen += line.length + 1;
    if (wanted) {
      if (wanted.has(line) || wanted.has(line.replace(/^\t+/, ''))) settle();
      continue;
    }
    if ((accLen > MAX_OPEN_CONTINUATION || acc.length > MAX_OPEN_LINES) && acc.length > 1) {
      // Never closes within reach: hand the rest over as one command.
      commands.push([...acc, ...lines.slice(i + 1), last].join('\n'));
      return { commands, tail: '' };
    }
    settle();
  }
  const tail = acc.length ? [...acc, last].join('\n') : last;
  return { commands, tail };
}
