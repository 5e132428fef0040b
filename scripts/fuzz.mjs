#!/usr/bin/env node
// `npm run fuzz -- [--count N] [--seconds S] [--seed N] [--flavor nft|legacy] [--no-write] [--from N]`
// (--from N: start at case N of the seed, to finish a run the time limit cut short;
// --vv: every iptables command with -v -v, whose debug dumps show the state it touches;
// --vvv: with -v -v -v, which adds nft's netlink message dumps)
// Differential fuzzer: random and mutated iptables command lines (grown from iptables'
// own .t vectors, our captures and the Istio sets) run against real iptables 1.8.9 in a
// throwaway network namespace and against the engine; stdout, stderr and exit code of
// every command must agree. Each disagreeing case is written as a capture fixture under
// test/fixtures/kernel-extra/fuzz-found/<flavor>/ so the fixture replay test keeps it.
// Needs root, `ip netns` and real iptables (Node 22 runs the .ts libraries directly).
import { realAvailability } from '../test/kernel/lib/real-iptables.ts';
import { runFuzz, writeFoundFixture } from '../test/kernel/lib/fuzz-run.ts';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const count = Number(opt('count', 10000));
const seconds = Number(opt('seconds', 900));
const seed = Number(opt('seed', Date.now() % 1e6));
const flavor = opt('flavor', 'nft');
const write = !args.includes('--no-write');
const show = Number(opt('show', 10));
const from = Number(opt('from', 0));

const avail = realAvailability();
if (!avail.ok) {
  console.log(`fuzz: not run: ${avail.reason}`);
  process.exit(2);
}
console.log(`fuzz: flavor ${flavor}, seed ${seed}, ${from ? `cases ${from}..${count - 1}` : `up to ${count} cases`} or ${seconds} s`);
const res = runFuzz({
  flavor, seed, count, seconds, from, debugDumps: args.includes('--vvv') ? 3 : args.includes('--vv'),
  onProgress: (r) => process.stdout.write(`  ${r.cases} cases, ${r.agreeCases} agree\n`),
});
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(2) : '0.00');
console.log(`fuzz: ${res.cases} cases run, ${res.agreeCases} agree (${pct(res.agreeCases, res.cases)}%); ` +
  `${res.commands} commands, ${res.agreeCommands} agree (${pct(res.agreeCommands, res.commands)}%); ` +
  `real ${(res.realMs / 1000).toFixed(1)} s, engine ${(res.engineMs / 1000).toFixed(1)} s`);
for (const d of res.disagreements.slice(0, show)) {
  console.log(`--- ${d.id}: $ ${d.line}\n    ${d.diff}`);
}
if (write) {
  // one fixture per kind of disagreement (command verb + options, which streams differ), so
  // a systematic engine bug yields one fixture, not hundreds
  const kinds = new Map();
  for (const d of res.disagreements) {
    const words = d.line.split(' ').filter((w) => /^-/.test(w) && !/^-?\d/.test(w)).slice(0, 6).join(' ');
    const what = d.diff.replace(/"[^"]*"/g, '').replace(/line \d+/g, '').replace(/\d+/g, 'N');
    const key = `${d.line.split(' ')[0]} ${words} | ${what}`;
    if (!kinds.has(key)) kinds.set(key, d);
  }
  const chosen = [...kinds.values()].slice(0, Number(opt('max-fixtures', 150)));
  for (const d of chosen) writeFoundFixture(d);
  if (chosen.length) console.log(`fuzz: ${kinds.size} kinds of disagreement; wrote ${chosen.length} fixtures to test/fixtures/kernel-extra/fuzz-found/${flavor}/`);
}
process.exit(res.disagreements.length ? 1 : 0);
