// Page-side stub of the rule-set playground: the engine loads lazily.
import { whenNeeded } from './lazy.ts';

export function initRulesetPlaygrounds(): void {
  for (const root of document.querySelectorAll<HTMLElement>('[data-ruleset-playground]')) {
    whenNeeded(root, () => {
      root.dataset.state = 'loading';
      import('./ruleset-app.ts')
        .then((m) => m.mount(root))
        .catch((err: unknown) => {
          root.dataset.state = 'error';
          const status = root.querySelector('[data-rp-status]');
          if (status) status.textContent = String(err);
        });
    });
  }
}
