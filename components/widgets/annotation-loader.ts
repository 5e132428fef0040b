// Page-side stub of the annotation playground: the generator and engine load lazily.
import { whenNeeded } from './lazy.ts';

export function initAnnotationPlaygrounds(): void {
  for (const root of document.querySelectorAll<HTMLElement>('[data-annotation-playground]')) {
    whenNeeded(root, () => {
      root.dataset.state = 'loading';
      import('./annotation-app.ts')
        .then((m) => m.mount(root))
        .catch((err: unknown) => {
          root.dataset.state = 'error';
          const status = root.querySelector('[data-ap-status]');
          if (status) status.textContent = String(err);
        });
    });
  }
}
