// Search across both languages. `npm run build` writes one Pagefind bundle per language
// (dist/pagefind/zh/, dist/pagefind/en/), so each keeps its own word segmentation
// (Chinese has no spaces). Both are loaded on first use, never before; results of the
// page's language come first. Excerpts are rebuilt from text nodes: nothing the reader
// types, and nothing from the index, is ever parsed as HTML.

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
}
interface PagefindModule {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(q: string): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

const loaded = new Map<string, Promise<PagefindModule | null>>();

function loadBundle(base: string, lang: string): Promise<PagefindModule | null> {
  let p = loaded.get(lang);
  if (!p) {
    const url = `${base}pagefind/${lang}/pagefind.js`;
    p = import(/* @vite-ignore */ url)
      .then(async (mod: PagefindModule) => {
        await mod.options({ baseUrl: base, excerptLength: 24 });
        await mod.init();
        return mod;
      })
      .catch(() => null);
    loaded.set(lang, p);
  }
  return p;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", apos: "'" };
function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_, e: string) => ENTITIES[e] ?? _);
}

/** Pagefind marks hits with <mark>; keep those and treat everything else as text. */
export function excerptNodes(excerpt: string): Node[] {
  const parts = excerpt.split(/<\/?mark>/);
  return parts.map((part, i) => {
    const text = document.createTextNode(decode(part.replace(/<[^>]*>/g, '')));
    if (i % 2 === 0) return text;
    const mark = document.createElement('mark');
    mark.append(text);
    return mark;
  });
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function runSearch(dialog: HTMLDialogElement, query: string, out: HTMLElement): Promise<void> {
  const base = dialog.dataset.base ?? '/';
  const langs = [dialog.dataset.lang ?? 'zh', dialog.dataset.otherLang ?? 'en'];
  const labels = [dialog.dataset.labelThis ?? '', dialog.dataset.labelOther ?? ''];
  if (!query.trim()) { out.replaceChildren(); return; }
  out.replaceChildren(el('p', 'search-status', dialog.dataset.labelLoading));
  const bundles = await Promise.all(langs.map((l) => loadBundle(base, l)));
  if (bundles.every((b) => b === null)) {
    out.replaceChildren(el('p', 'search-status', dialog.dataset.labelUnavailable));
    return;
  }
  const groups = await Promise.all(
    bundles.map(async (b) => {
      if (!b) return [];
      const res = await b.search(query);
      return Promise.all(res.results.slice(0, 8).map((r) => r.data()));
    }),
  );
  // A newer query may have started while this one awaited; drop stale results.
  if (dialog.dataset.query !== query) return;
  const nodes: Node[] = [];
  groups.forEach((items, i) => {
    if (items.length === 0) return;
    const section = el('section');
    section.setAttribute('lang', langs[i] === 'zh' ? 'zh-CN' : 'en');
    section.append(el('h3', undefined, labels[i]));
    const ul = el('ul');
    for (const item of items) {
      const a = el('a');
      a.href = item.url;
      a.append(el('span', 'r-title', item.meta.title ?? item.url));
      const ex = el('span', 'r-excerpt');
      ex.append(...excerptNodes(item.excerpt));
      a.append(ex);
      const li = el('li');
      li.append(a);
      ul.append(li);
    }
    section.append(ul);
    nodes.push(section);
  });
  out.replaceChildren(...(nodes.length ? nodes : [el('p', 'search-status', dialog.dataset.labelNone)]));
}

export function initSearch(): { open(): void } {
  const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
  const input = dialog?.querySelector<HTMLInputElement>('[data-search-input]');
  const out = dialog?.querySelector<HTMLElement>('[data-search-results]');
  if (!dialog || !input || !out) return { open() {} };
  const open = () => {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    // Warm the indexes while the reader types.
    void loadBundle(dialog.dataset.base ?? '/', dialog.dataset.lang ?? 'zh');
    void loadBundle(dialog.dataset.base ?? '/', dialog.dataset.otherLang ?? 'en');
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value;
    dialog.dataset.query = q;
    timer = setTimeout(() => void runSearch(dialog, q, out), 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      out.querySelector<HTMLAnchorElement>('a')?.focus();
    }
  });
  out.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...out.querySelectorAll<HTMLAnchorElement>('a')];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowUp' && i === 0) input.focus();
    else links[Math.max(0, Math.min(links.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  });
  // Clicking the backdrop (outside the dialog box) closes it.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  return { open };
}
