// Phones: the chapter list slides in over the page; Escape or a click outside closes it.
export function initMenu(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-menu-toggle]');
  const nav = document.getElementById('chapter-nav');
  if (!button || !nav) return;
  const isOpen = () => document.body.classList.contains('nav-open');
  const set = (open: boolean) => {
    document.body.classList.toggle('nav-open', open);
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', (open ? button.dataset.labelClose : button.dataset.labelOpen) ?? '');
  };
  button.addEventListener('click', () => {
    const open = !isOpen();
    set(open);
    if (open) nav.querySelector<HTMLElement>('a[aria-current], a')?.focus();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && isOpen()) {
      set(false);
      button.focus();
    }
  });
  document.addEventListener('click', (e) => {
    const target = e.target as Node;
    if (isOpen() && !nav.contains(target) && !button.contains(target)) set(false);
  });
}
