// The explanation data a chapter supplies for <RuleExplainer> (content/explain/*.ts).

export interface RuleNote {
  /** the rule exactly as `iptables -t nat -S` prints it */
  rule: string;
  zh: string;
  en: string;
}

export interface TokenNote {
  /** one word ('-o', '15006') or an option with its value ('-m owner') */
  token: string;
  zh: string;
  en: string;
}

export interface ExplainSet {
  rules: RuleNote[];
  tokens: TokenNote[];
}

export type Lang = 'zh' | 'en';
