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

/**
 * A program killed by a signal is reported by the shell, not the program. The captures run
 * lines in a non-interactive bash, which names the script, its line and the job's PIDs
 * (`inner.sh: line 34: 28449 Segmentation fault      iptables-restore`, a pipeline's
 * earlier stages as `PID Done ...`); the terminal's interactive shell says only the signal.
 * The real side's report is read as that one line.
 */
export function interactiveSignalReport(stderr: string): string {
  return stderr.replace(/[^\n]*: line \d+: +\d+ (?:Done[^\n]*\n +\d+ )?(Segmentation fault)(?: \(core dumped\))?[^\n]*\n$/, '$1\n');
}

/** null when identical, otherwise what differs. */
export function diffResults(real: CommandResult, engine: CommandResult): string | null {
  const parts: string[] = [];
  if (real.code >= 128) real = { ...real, stderr: interactiveSignalReport(real.stderr) };
  if (real.code !== engine.code) parts.push(`exit real ${real.code} engine ${engine.code}`);
  const ro = maskTimestamps(real.stdout);
  const eo = maskTimestamps(engine.stdout);
  if (ro !== eo) parts.push(`stdout ${firstDiff(ro, eo)}`);
  if (real.stderr !== engine.stderr) parts.push(`stderr ${firstDiff(real.stderr, engine.stderr)}`);
  return parts.length ? parts.join('; ') : null;
}
