// What the guide itself says inside a terminal (notices about saved state, reset, the flow
// commands, truncated output), in both languages. Programs' own output (iptables, bash's
// errors ...) stays as the real tools print it. Plain data, no DOM: the shell imports it.
// Each language is its own module, so a page's terminal loads only its own language.
import { TEXT_EN } from './terminal-en.ts';
import { TEXT_ZH } from './terminal-zh.ts';

export type TermLang = 'zh' | 'en';

export type TermTextKey = keyof typeof TEXT_EN;

export function termText(lang: TermLang, key: TermTextKey, params: Record<string, string | number> = {}): string {
  // In the browser each table arrives with the session's first request; should its chunk
  // fail to load, the other language, then the key itself, still says something.
  const text = (lang === 'zh' ? TEXT_ZH ?? TEXT_EN : TEXT_EN ?? TEXT_ZH)?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function termLang(x: string | undefined): TermLang {
  return x === 'zh' ? 'zh' : 'en';
}
