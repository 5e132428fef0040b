// Ratchet for engine discrepancies: test/kernel/known/<suite>.txt lists the cases that are
// known to differ from the real kernel (each also reported in docs/architecture.md). A test
// fails on any difference NOT listed; listed cases that now agree are logged as fixed so the
// list can shrink. KT_UPDATE_KNOWN=1 rewrites the list from the current run.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const DIR = resolve(import.meta.dirname, '../known');

export interface Ratchet {
  unexpected: string[];
  fixed: string[];
}

export function ratchet(suite: string, mismatches: Map<string, string>, ran: Set<string>): Ratchet {
  const file = resolve(DIR, `${suite}.txt`);
  const known = new Set(existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : []);
  if (process.env.KT_UPDATE_KNOWN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    const keep = [...known].filter((k) => !ran.has(k));
    const keys = [...new Set([...keep, ...mismatches.keys()])].sort();
    writeFileSync(file, `# ${suite}: cases where the engine differs from real iptables 1.8.9 (see docs/architecture.md)\n${keys.join('\n')}${keys.length ? '\n' : ''}`);
    return { unexpected: [], fixed: [] };
  }
  const unexpected = [...mismatches.entries()].filter(([k]) => !known.has(k)).map(([k, v]) => `${k}\n    ${v}`);
  const fixed = [...known].filter((k) => ran.has(k) && !mismatches.has(k));
  return { unexpected, fixed };
}
