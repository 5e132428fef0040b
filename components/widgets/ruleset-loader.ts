// Page-side stub of the rule-set playground: the engine loads lazily.
import { mountEachWhenNeeded } from './lazy.ts';

export function initRulesetPlaygrounds(): void {
  mountEachWhenNeeded('[data-ruleset-playground]', '[data-rp-status]', () => import('./ruleset-app.ts'));
}
