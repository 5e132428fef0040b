// The rule-set playground's saved state in localStorage: one versioned key; anything that
// does not parse or has the wrong shape is ignored (and never throws).

export const STORE_KEY = 'istio-iptables:ruleset-playground:v1';

export interface SavedState {
  v: 1;
  text: string;
  table: string;
  mode: 'S' | 'L';
  packet: Record<string, string>;
}

export function parseSaved(raw: string | null): SavedState | null {
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as Partial<SavedState>;
    if (!o || o.v !== 1 || typeof o.text !== 'string' || typeof o.table !== 'string') return null;
    if (o.mode !== 'S' && o.mode !== 'L') return null;
    const packet: Record<string, string> = {};
    if (o.packet && typeof o.packet === 'object') {
      for (const [k, v] of Object.entries(o.packet)) if (typeof v === 'string') packet[k] = v;
    }
    return { v: 1, text: o.text, table: o.table, mode: o.mode, packet };
  } catch {
    return null;
  }
}

export function loadSaved(storage: Storage | null): SavedState | null {
  try {
    return parseSaved(storage?.getItem(STORE_KEY) ?? null);
  } catch {
    return null;
  }
}

export function save(storage: Storage | null, s: SavedState): void {
  try {
    storage?.setItem(STORE_KEY, JSON.stringify(s));
  } catch {
    // Private mode or a full quota: the playground still works, it just forgets.
  }
}
