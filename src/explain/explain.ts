// Per-rule and per-word explanations: the chapter's notes first, then the generic table.

import { tokenizeRule, type RuleToken } from './tokens.ts';
import { genericRuleText, genericTokenText } from './generic.ts';
import type { ExplainSet, Lang, TokenNote } from './types.ts';

export interface ExplainedToken extends RuleToken {
  note: { zh: string; en: string };
  /** the note came from the chapter's data (not the generic table) */
  fromNotes: boolean;
}

export interface ExplainedRule {
  line: string;
  tokens: ExplainedToken[];
  /** null when neither the notes nor the generic table say anything */
  note: { zh: string; en: string } | null;
}

function noteMap(notes: readonly TokenNote[]): Map<string, TokenNote> {
  return new Map(notes.map((n) => [n.token, n]));
}

/** Notes per word: a two-word note ('-m owner') covers both words and beats a one-word note. */
export function explainRule(line: string, set: ExplainSet, opts: { table?: string } = {}): ExplainedRule {
  const toks = tokenizeRule(line, { table: opts.table ?? 'nat' });
  const byText = noteMap(set.tokens);
  const out: ExplainedToken[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const pair = i + 1 < toks.length ? byText.get(`${t.text} ${toks[i + 1].text}`) : undefined;
    if (pair) {
      out.push({ ...t, note: { zh: pair.zh, en: pair.en }, fromNotes: true });
      out.push({ ...toks[i + 1], note: { zh: pair.zh, en: pair.en }, fromNotes: true });
      i++;
      continue;
    }
    const one = byText.get(t.text);
    if (one) out.push({ ...t, note: { zh: one.zh, en: one.en }, fromNotes: true });
    else out.push({ ...t, note: { zh: genericTokenText(t, 'zh'), en: genericTokenText(t, 'en') }, fromNotes: false });
  }
  const r = set.rules.find((n) => n.rule === line.trim());
  let note: ExplainedRule['note'] = r ? { zh: r.zh, en: r.en } : null;
  if (!note) {
    const zh = genericRuleText(toks, 'zh');
    const en = genericRuleText(toks, 'en');
    if (zh && en) note = { zh, en };
  }
  return { line: line.trim(), tokens: out, note };
}

export function pick(t: { zh: string; en: string }, lang: Lang): string {
  return t[lang];
}
