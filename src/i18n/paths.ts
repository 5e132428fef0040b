import type { Lang } from './ui.ts';

// BASE_URL is whatever SITE_BASE was at build time ("/" or "/guide" or "/guide/");
// every internal link goes through here so a sub-path deploy never breaks one.
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return b + path.replace(/^\/+/, '');
}

export function homePath(lang: Lang): string {
  return withBase(`${lang}/`);
}

export function chapterPath(lang: Lang, slug: string): string {
  return withBase(`${lang}/${slug}/`);
}
