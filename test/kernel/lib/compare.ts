// Byte-for-byte comparison of two command results (save timestamps masked), with a short
// human-readable description of the first difference for test logs and reports.

import { maskTimestamps } from './capture-format.ts';
import type { CommandResult } from './run-line.ts';

function firstDiff(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}: real ${JSON.stringify(al[i] ?? '<none>')} engine ${JSON.stringify(bl[i] ?? '<none>')}`;
  }
  return 'identical';
}

/** null when identical, otherwise what differs. */
export function diffResults(real: CommandResult, engine: CommandResult): string | null {
  const parts: string[] = [];
  if (real.code !== engine.code) parts.push(`exit real ${real.code} engine ${engine.code}`);
  const ro = maskTimestamps(real.stdout);
  const eo = maskTimestamps(engine.stdout);
  if (ro !== eo) parts.push(`stdout ${firstDiff(ro, eo)}`);
  if (real.stderr !== engine.stderr) parts.push(`stderr ${firstDiff(real.stderr, engine.stderr)}`);
  return parts.length ? parts.join('; ') : null;
}
