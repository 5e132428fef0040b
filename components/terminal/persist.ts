// Saved terminal state in localStorage: one versioned key per page and terminal. Anything
// unreadable (corrupt JSON, an older version, another scenario or setup) is dropped with a
// notice; saving never throws (private mode, full quota).
import type { SessionSnapshot } from '../../src/shell/session.ts';

export const STORAGE_VERSION = 1;
const PREFIX = 'istio-guide:term:';

export interface Stored {
  v: number;
  /** Hash of scenario + setup + at: a changed chapter invalidates the saved log. */
  chapter: string;
  snap?: SessionSnapshot;
  /** The state was too large to keep (a huge paste in the replay log): start fresh, say so. */
  tooLarge?: true;
}

/** Largest snapshot kept (characters of JSON). Browsers give an origin about 5 MB, shared
 *  by every terminal; a 100,000-rule here-document does not fit and must not evict the rest. */
export const MAX_SAVED_CHARS = 1_000_000;

export function storageKey(path: string, id: string): string {
  return `${PREFIX}v${STORAGE_VERSION}:${path}:${id}`;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Why a saved state was dropped; the view words it in the page's language (src/i18n/terminal.ts). */
export type DropReason = 'savedOlder' | 'savedChanged' | 'savedUnreadable' | 'savedTooLarge';
export type LoadResult = { snap: SessionSnapshot } | { notice: DropReason } | null;

export function load(path: string, id: string, chapter: string): LoadResult {
  const ls = storage();
  if (!ls) return null;
  // Keys of older storage versions are removed: their shape is unknown.
  try {
    for (let i = ls.length - 1; i >= 0; i--) {
      const k = ls.key(i);
      if (k && k.startsWith(PREFIX) && k.endsWith(`:${path}:${id}`) && k !== storageKey(path, id)) {
        ls.removeItem(k);
        return { notice: 'savedOlder' };
      }
    }
  } catch {
    // Ignore: storage may be partially unavailable.
  }
  let raw: string | null;
  try {
    raw = ls.getItem(storageKey(path, id));
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const data = JSON.parse(raw) as Partial<Stored>;
    if (data.v !== STORAGE_VERSION || (!data.snap && !data.tooLarge)) throw new Error('version');
    if (data.chapter !== chapter) {
      clear(path, id);
      return { notice: 'savedChanged' };
    }
    if (!data.snap) {
      clear(path, id);
      return { notice: 'savedTooLarge' };
    }
    return { snap: data.snap };
  } catch {
    clear(path, id);
    return { notice: 'savedUnreadable' };
  }
}

export function save(path: string, id: string, chapter: string, snap: SessionSnapshot): void {
  const ls = storage();
  if (!ls) return;
  const value: Stored = { v: STORAGE_VERSION, chapter, snap };
  try {
    ls.setItem(storageKey(path, id), JSON.stringify(value));
  } catch {
    // Quota or private mode: the session still works, it just will not survive a reload.
  }
}

/** Saves a snapshot already serialised (by the session's worker), without parsing it here. */
export function saveSnapshotJson(path: string, id: string, chapter: string, snapJson: string): void {
  const ls = storage();
  if (!ls) return;
  const head = `{"v":${STORAGE_VERSION},"chapter":${JSON.stringify(chapter)},`;
  const value = snapJson.length > MAX_SAVED_CHARS ? `${head}"tooLarge":true}` : `${head}"snap":${snapJson}}`;
  try {
    ls.setItem(storageKey(path, id), value);
  } catch {
    // Quota or private mode: do not leave an older state behind to come back on reload.
    clear(path, id);
  }
}

export function clear(path: string, id: string): void {
  try {
    storage()?.removeItem(storageKey(path, id));
  } catch {
    // Nothing to do.
  }
}
