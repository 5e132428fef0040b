// The page's terminal needs only this from completion (the rest runs in the session's
// worker), so it lives apart from complete.ts: the page does not download the completer.

/** The longest prefix all candidates share (what one Tab inserts). */
export function commonPrefix(cands: string[]): string {
  if (!cands.length) return '';
  let p = cands[0];
  for (const c of cands) {
    let i = 0;
    while (i < p.length && i < c.length && p[i] === c[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}
