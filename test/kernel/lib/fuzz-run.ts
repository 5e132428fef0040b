// Runs differential fuzz cases: real iptables (batched, one namespace per chunk, reset
// between cases) against a fresh engine per case. Shared by test/kernel/live-fuzz.test.ts
// and scripts/fuzz.mjs.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCapture } from './capture-format.ts';
import type { CaptureBlock } from './capture-format.ts';
import { diffResults } from './compare.ts';
import { newEngine, readFixtureFile } from './engine-backend.ts';
import { Generator, loadCorpus } from './fuzz-gen.ts';
import type { FuzzCase } from './fuzz-gen.ts';
import { KERNEL_EXTRA, runReal } from './real-iptables.ts';
import type { Flavor } from './real-iptables.ts';
import { runLine, Unsupported } from './run-line.ts';
import type { CommandResult } from './run-line.ts';

export interface Disagreement {
  id: string;
  flavor: Flavor;
  line: string;
  diff: string;
  fuzzCase: FuzzCase;
  real: CommandResult[];
}

export interface FuzzResult {
  cases: number;
  agreeCases: number;
  commands: number;
  agreeCommands: number;
  caseIds: string[];
  disagreements: Disagreement[];
  realMs: number;
  engineMs: number;
}

export interface FuzzOptions {
  flavor: Flavor;
  seed: number;
  count: number;
  seconds?: number;
  chunk?: number;
  /** skip the first `from` cases of the seed (resume a run the time limit cut short) */
  from?: number;
  /**
   * every `iptables` command runs with exactly `-v -v` (its own -v words go): the debug dumps
   * print the whole state a command touches; 3: `-v -v -v`, which adds nft's netlink dumps
   */
  debugDumps?: boolean | 3;
  onProgress?(r: FuzzResult): void;
}

export function runFuzz(opts: FuzzOptions): FuzzResult {
  const gen = new Generator(loadCorpus(KERNEL_EXTRA), opts.seed);
  const res: FuzzResult = { cases: 0, agreeCases: 0, commands: 0, agreeCommands: 0, caseIds: [], disagreements: [], realMs: 0, engineMs: 0 };
  const deadline = opts.seconds ? Date.now() + opts.seconds * 1000 : Infinity;
  const chunk = opts.chunk ?? 250;
  let made = opts.from ?? 0;
  // the generator's cases depend on the ones before: make and drop the skipped ones
  for (let i = 0; i < made; i++) gen.next(`s${opts.seed}-${i}`);
  while (made < opts.count && Date.now() < deadline) {
    const batch: FuzzCase[] = [];
    for (let i = 0; i < chunk && made < opts.count; i++, made++) {
      const c = gen.next(`s${opts.seed}-${made}`);
      batch.push(opts.debugDumps ? { ...c, lines: c.lines.map((l) => withDebugDumps(l, opts.debugDumps === 3 ? 3 : 2)) } : c);
    }
    const t0 = Date.now();
    // nft: one namespace per chunk, `nft flush ruleset` between cases (checked equal to a
    // fresh namespace). legacy cannot un-instantiate a table, so each case gets its own.
    const real = opts.flavor === 'nft'
      ? runReal('nft', batch.flatMap((c) => ['%reset', ...c.lines]), { timeoutMs: 300_000 })
      : batch.flatMap((c) => runReal('legacy', c.lines));
    res.realMs += Date.now() - t0;
    let k = 0;
    const t1 = Date.now();
    for (const c of batch) {
      const engine = newEngine(opts.flavor);
      const realHere = real.slice(k, k + c.lines.length);
      k += c.lines.length;
      let first: { line: string; diff: string } | null = null;
      for (let i = 0; i < c.lines.length; i++) {
        let got: CommandResult;
        try {
          got = runLine(c.lines[i], { run: engine.run, readFile: readFixtureFile });
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          got = { stdout: '', stderr: `<harness: ${(e as Error).message}>`, code: -1 };
        }
        res.commands++;
        const d = diffResults(realHere[i], got);
        if (d) first ??= { line: c.lines[i], diff: d };
        else res.agreeCommands++;
      }
      res.cases++;
      res.caseIds.push(c.id);
      if (first) res.disagreements.push({ id: c.id, flavor: opts.flavor, ...first, fuzzCase: c, real: realHere });
      else res.agreeCases++;
    }
    res.engineMs += Date.now() - t1;
    opts.onProgress?.(res);
  }
  return res;
}

function withDebugDumps(line: string, level: 2 | 3): string {
  if (!line.startsWith('iptables ')) return line;
  return `iptables${' -v'.repeat(level)}` + line.slice('iptables'.length).replace(/ (-v|--verbose)(?= |$)/g, '');
}

/** Writes a disagreement as a capture fixture (real outputs) that fixture-replay.test.ts replays. */
export function writeFoundFixture(d: Disagreement): string {
  const dir = join(KERNEL_EXTRA, 'fuzz-found', d.flavor);
  mkdirSync(dir, { recursive: true });
  const blocks: CaptureBlock[] = d.fuzzCase.lines.map((command, i) => ({
    title: command === d.line ? `first disagreement: ${d.diff.slice(0, 200).replace(/\n/g, ' ')}` : command.slice(0, 200),
    command, ...d.real[i],
  }));
  const file = join(dir, `${d.id}.txt`);
  writeFileSync(file, formatCapture(blocks));
  return file;
}
