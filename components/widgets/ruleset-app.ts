// The live rule-set playground. The pasted text is reader input: it only ever reaches the
// page through textContent, and it never leaves the browser (localStorage only).
import { loadRuleset, listTable, loadedTables, tracePacket, type Loaded, type ListMode, type PacketForm } from '../../src/explain/ruleset.ts';
import { loadSaved, save, type SavedState } from './ruleset-store.ts';

interface Msgs {
  loaded: string; notLoaded: string; loading: string; matched: string; nomatch: string; policy: string;
  chainEnd: string; verdict: string; byPolicy: string; actions: string; badField: string; noTable: string;
  tooLarge: string;
  fields: Record<string, string>;
}

/** Largest text the playground loads (about 250 rules; an Istio set is about 5 KB). */
export const MAX_TEXT_CHARS = 16 * 1024;

const PACKET_FIELDS = ['hook', 'proto', 'src', 'dst', 'sport', 'dport', 'uid', 'iif', 'oif'] as const;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function mount(root: HTMLElement): void {
  const q = <T extends Element>(sel: string): T => root.querySelector<T>(sel)!;
  const loadForm = q<HTMLFormElement>('[data-rp-load]');
  const text = q<HTMLTextAreaElement>('[data-rp-text]');
  const status = q<HTMLElement>('[data-rp-status]');
  const error = q<HTMLElement>('[data-rp-error]');
  const listForm = q<HTMLFormElement>('[data-rp-list]');
  const tableSel = q<HTMLSelectElement>('[data-rp-table]');
  const listing = q<HTMLElement>('[data-rp-listing]');
  const traceForm = q<HTMLFormElement>('[data-rp-trace]');
  const steps = q<HTMLOListElement>('[data-rp-steps]');
  const verdict = q<HTMLElement>('[data-rp-verdict]');
  let msgs: Msgs;
  try {
    msgs = JSON.parse(root.dataset.msgs ?? '{}') as Msgs;
  } catch {
    return;
  }
  let current: Loaded | null = null;

  const modeOf = (): ListMode => ((listForm.elements.namedItem('mode') as HTMLSelectElement).value === 'L' ? 'L' : 'S');
  const packetValues = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const f of PACKET_FIELDS) out[f] = (traceForm.elements.namedItem(f) as HTMLInputElement | HTMLSelectElement).value;
    return out;
  };
  const persist = (): void => {
    const s: SavedState = { v: 1, text: text.value, table: tableSel.value, mode: modeOf(), packet: packetValues() };
    save(storage(), s);
  };

  const renderListing = (): void => {
    if (!current) {
      listing.textContent = '';
      return;
    }
    const r = listTable(current.fw, tableSel.value, modeOf());
    listing.textContent = r.stdout + r.stderr;
  };

  const load = (preferTable?: string): void => {
    // The engine runs on the page here: a 100,000-rule paste would hold it for seconds.
    // Anything that large belongs in a terminal, whose session runs in a worker.
    if (text.value.length > MAX_TEXT_CHARS) {
      current = null;
      steps.replaceChildren();
      verdict.textContent = '';
      listing.textContent = '';
      error.hidden = false;
      error.textContent = msgs.tooLarge.replace('{n}', String(Math.ceil(text.value.length / 1024)));
      status.textContent = msgs.notLoaded;
      root.dataset.state = 'error';
      return;
    }
    current = loadRuleset(text.value);
    steps.replaceChildren();
    verdict.textContent = '';
    if (current.result.code !== 0) {
      error.hidden = false;
      error.textContent = current.result.stderr;
      status.textContent = msgs.notLoaded;
      current = null;
      listing.textContent = '';
      root.dataset.state = 'error';
      return;
    }
    error.hidden = true;
    error.textContent = '';
    const tables = loadedTables(current.fw);
    status.textContent = msgs.loaded.replace('{t}', tables.join(', ') || msgs.noTable);
    const want = preferTable && tables.includes(preferTable) ? preferTable : tables.includes('nat') ? 'nat' : (tables[0] ?? 'nat');
    tableSel.replaceChildren(...(tables.length ? tables : ['nat']).map((t) => {
      const o = document.createElement('option');
      o.value = t;
      o.textContent = t;
      return o;
    }));
    tableSel.value = want;
    renderListing();
    root.dataset.state = 'ready';
  };

  const trace = (): void => {
    steps.replaceChildren();
    verdict.textContent = '';
    if (!current) {
      verdict.textContent = msgs.notLoaded;
      return;
    }
    const v = packetValues();
    const form: PacketForm = {
      hook: v.hook === 'PREROUTING' ? 'PREROUTING' : 'OUTPUT',
      table: tableSel.value,
      src: v.src, dst: v.dst, proto: v.proto === 'udp' ? 'udp' : 'tcp', sport: v.sport, dport: v.dport,
      uid: v.uid, iif: v.iif, oif: v.oif,
    };
    const res = tracePacket(current.fw, form, root.dataset.lang === 'zh' ? 'zh' : 'en');
    if (res.error) {
      verdict.textContent = msgs.badField.replace('{f}', msgs.fields[res.error.field] ?? res.error.field).replace('{v}', res.error.value);
      return;
    }
    steps.replaceChildren(...res.rows.map((row) => {
      const li = document.createElement('li');
      li.className = row.matched ? 'is-match' : 'is-miss';
      li.dataset.chain = row.chain;
      li.dataset.rule = String(row.rule);
      const where = row.rule === 0 ? `${row.chain}: ${row.result === 'RETURN' ? msgs.chainEnd : `${msgs.policy} ${row.result ?? ''}`}` : `${row.chain} #${row.rule}  ${row.text}`;
      const what = row.rule === 0 ? '' : row.matched ? `  → ${msgs.matched}${row.result ? `: ${row.result}` : ''}` : `  (${msgs.nomatch})`;
      li.textContent = where + what;
      return li;
    }));
    let t = msgs.verdict.replace('{t}', form.table).replace('{h}', form.hook).replace('{v}', res.verdict ?? '');
    if (res.byPolicy) t += ` ${msgs.byPolicy}`;
    if (res.actions.length) t += `\n${msgs.actions.replace('{a}', res.actions.join(', '))}`;
    verdict.textContent = t;
    // Counters moved: keep a -L -v listing honest.
    renderListing();
  };

  const saved = loadSaved(storage());
  if (saved) {
    text.value = saved.text;
    (listForm.elements.namedItem('mode') as HTMLSelectElement).value = saved.mode;
    for (const f of PACKET_FIELDS) {
      const el = traceForm.elements.namedItem(f) as HTMLInputElement | HTMLSelectElement | null;
      if (el && saved.packet[f] !== undefined) el.value = saved.packet[f];
    }
  }
  load(saved?.table);

  loadForm.addEventListener('submit', (e) => {
    e.preventDefault();
    load(tableSel.value);
    persist();
  });
  listForm.addEventListener('change', () => {
    renderListing();
    persist();
  });
  traceForm.addEventListener('submit', (e) => {
    e.preventDefault();
    trace();
    persist();
  });
  traceForm.addEventListener('change', persist);
}
