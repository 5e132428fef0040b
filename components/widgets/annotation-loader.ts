// Page-side stub of the annotation playground: the generator and engine load lazily.
import { mountEachWhenNeeded } from './lazy.ts';

export function initAnnotationPlaygrounds(): void {
  mountEachWhenNeeded('[data-annotation-playground]', '[data-ap-status]', () => import('./annotation-app.ts'));
}
