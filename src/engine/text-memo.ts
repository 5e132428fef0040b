// What format.ts remembers of each rule's -S / save text. Rule text is a pure function of
// the rule and the NameDb, except the counters (never remembered), so saving or listing
// the rules of a big table twice builds that text once. Rules are replaced rather than edited; the
// one edit in place (a chain rename retargeting jumps) calls forgetRuleText.
// (Kept on the rule itself: a WeakMap of 50,000 entries made every minor GC walk it.)

import type { NameDb } from './names/namedb.ts';

/** -S / save text around the counters: " -s ... -m ..." and " -j ..." */
export interface SpecMemo { names: NameDb; head: string; target: string }

/** drop what was remembered of a rule's text (after changing the rule in place) */
export function forgetRuleText(r: { specMemo?: SpecMemo }): void {
  r.specMemo = undefined;
}
