// The language a widget renders in: the `lang` prop, else the page's [lang] route, else
// Astro's current locale, else zh (the site's default locale).
import type { Lang } from '../../src/explain/types.ts';

export function widgetLang(prop: unknown, param: unknown, locale: unknown): Lang {
  for (const v of [prop, param, locale]) if (v === 'zh' || v === 'en') return v;
  return 'zh';
}
