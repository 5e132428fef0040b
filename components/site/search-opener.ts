// The search button and the "/" shortcut. The search code (and Pagefind's index) is
// fetched on first use only, so pages pay nothing for search until a reader searches.
export function initSearchOpener(): void {
  const opener = document.querySelector<HTMLButtonElement>('[data-search-open]');
  if (!opener) return;
  let ready: Promise<{ open(): void }> | undefined;
  const open = () => {
    ready ??= import('./search.ts').then((m) => m.initSearch());
    void ready.then((s) => s.open());
  };
  opener.addEventListener('click', open);
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    const typing = target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .xterm');
    if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      open();
    }
  });
}
