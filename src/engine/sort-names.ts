// Sorting a table's user chains by name, as iptables lists them (strcmp; for the ASCII
// names chains have, the order of UTF-16 code units that `<` gives).
//
// A big table's names are slices of the restore's input, and V8 compares two slices with
// `<` outside its fast path: sorting kube-proxy's 20,000 chains (names sharing their first
// 20 characters) took ~4.6 ms with a comparator, ~2.9 ms as a multikey quicksort
// (Bentley & Sedgewick), which reads each name's characters once per level instead of
// comparing whole names.

interface Named {
  name: string;
}

/** the code unit of `x.name` at `d`, -1 past its end (so a prefix sorts first) */
function unitAt(x: Named, d: number): number {
  const n = x.name;
  return d < n.length ? n.charCodeAt(d) : -1;
}

/** a[lo, hi), whose names agree on their first d units, by name from unit d on */
function sortFrom(a: Named[], lo: number, hi: number, d: number): void {
  while (hi - lo > 1) {
    if (hi - lo < 12) {
      for (let i = lo + 1; i < hi; i++) {
        const x = a[i];
        let j = i;
        while (j > lo && a[j - 1].name > x.name) {
          a[j] = a[j - 1];
          j--;
        }
        a[j] = x;
      }
      return;
    }
    // three ways on unit d: below, equal (next unit), above the middle element's
    const v = unitAt(a[(lo + hi) >> 1], d);
    let lt = lo;
    let gt = hi - 1;
    let i = lo;
    while (i <= gt) {
      const t = unitAt(a[i], d);
      if (t < v) {
        const x = a[lt];
        a[lt++] = a[i];
        a[i++] = x;
      } else if (t > v) {
        const x = a[gt];
        a[gt--] = a[i];
        a[i] = x;
      } else {
        i++;
      }
    }
    sortFrom(a, lo, lt, d);
    sortFrom(a, gt + 1, hi, d);
    // (equal names end here)
    if (v < 0) return;
    lo = lt;
    hi = gt + 1;
    d++;
  }
}

/** `list` sorted in place by name, as `(a, b) => a.name < b.name ? -1 : ...` would */
export function sortByName<T extends Named>(list: T[]): T[] {
  sortFrom(list, 0, list.length, 0);
  return list;
}
