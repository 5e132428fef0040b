import { getCollection, type CollectionEntry } from 'astro:content';
import type { Lang } from './ui.ts';

export type Chapter = CollectionEntry<'chapters'>;

/** "zh/01-netfilter" -> "01-netfilter": the slug both languages share. */
export function slugOf(entry: Chapter): string {
  return entry.id.slice(entry.id.indexOf('/') + 1);
}

export function langOf(entry: Chapter): Lang {
  return entry.id.startsWith('en/') ? 'en' : 'zh';
}

export async function chaptersOf(lang: Lang): Promise<Chapter[]> {
  const list = await getCollection('chapters', (c) => c.id.startsWith(`${lang}/`));
  return list.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}
