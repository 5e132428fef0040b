// Starts a widget's real code only when it is about to be seen or is touched, so a chapter
// page does not pay for the engine until the reader gets there.

export function whenNeeded(root: HTMLElement, start: () => void): void {
  let started = false;
  const go = (): void => {
    if (started) return;
    started = true;
    io?.disconnect();
    root.removeEventListener('focusin', go);
    root.removeEventListener('pointerdown', go);
    start();
  };
  const io = 'IntersectionObserver' in window
    ? new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) go(); }, { rootMargin: '200px' })
    : null;
  if (io) io.observe(root);
  else go();
  root.addEventListener('focusin', go);
  root.addEventListener('pointerdown', go);
}

/**
 * Every `selector` element of the page mounts the app `load` returns when it is needed;
 * a failed load shows its error in the element's `statusSelector` child.
 */
export function mountEachWhenNeeded(
  selector: string,
  statusSelector: string,
  load: () => Promise<{ mount(root: HTMLElement): void }>,
): void {
  for (const root of document.querySelectorAll<HTMLElement>(selector)) {
    whenNeeded(root, () => {
      root.dataset.state = 'loading';
      load()
        .then((m) => m.mount(root))
        .catch((err: unknown) => {
          root.dataset.state = 'error';
          const status = root.querySelector(statusSelector);
          if (status) status.textContent = String(err);
        });
    });
  }
}
