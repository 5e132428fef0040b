// Interface strings of the site. Chapter prose lives in content/<lang>/, not here.

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
export const OG_LOCALE: Record<Lang, string> = { zh: 'zh_CN', en: 'en_US' };
export const LANG_NAME: Record<Lang, string> = { zh: '中文', en: 'English' };

const strings = {
  siteName: { zh: 'Istio 流量劫持图解', en: 'Istio Traffic Hijacking, Explained' },
  siteShort: { zh: 'Istio iptables', en: 'Istio iptables' },
  pitch: {
    zh: '一个可以动手的指南：在浏览器里的模拟节点上敲真实的 iptables 命令，一步步看清 Istio sidecar 如何用 netfilter 把进出 Pod 的流量交给 Envoy。',
    en: 'A hands-on guide: type real iptables commands on a simulated node in your browser and watch, step by step, how an Istio sidecar uses netfilter to hand every packet entering or leaving a pod to Envoy.',
  },
  homeDescription: {
    zh: '交互式中文指南：Istio sidecar 如何用 iptables 劫持流量，含模拟终端、流程图与测验。',
    en: 'An interactive guide to how the Istio sidecar hijacks traffic with iptables, with a simulated terminal, flow diagrams and quizzes.',
  },
  start: { zh: '从第一章开始', en: 'Start with chapter 1' },
  resume: { zh: '继续阅读：', en: 'Continue reading: ' },
  chapters: { zh: '章节', en: 'Chapters' },
  chapter: { zh: '第 {n} 章', en: 'Chapter {n}' },
  onThisPage: { zh: '本页内容', en: 'On this page' },
  previous: { zh: '上一章', en: 'Previous' },
  next: { zh: '下一章', en: 'Next' },
  skipToContent: { zh: '跳到正文', en: 'Skip to content' },
  menu: { zh: '目录', en: 'Menu' },
  closeMenu: { zh: '关闭目录', en: 'Close menu' },
  read: { zh: '已读', en: 'read' },
  quizDone: { zh: '测验全对', en: 'quiz all right' },
  theme: { zh: '主题', en: 'Theme' },
  themeAuto: { zh: '跟随系统', en: 'Auto' },
  themeLight: { zh: '浅色', en: 'Light' },
  themeDark: { zh: '深色', en: 'Dark' },
  otherLanguage: { zh: 'Read in English', en: '阅读中文版' },
  search: { zh: '搜索', en: 'Search' },
  searchPlaceholder: { zh: '搜索两种语言的全部章节', en: 'Search every chapter, both languages' },
  searchNoResults: { zh: '没有找到结果', en: 'No results' },
  searchLoading: { zh: '正在加载索引…', en: 'Loading the index…' },
  searchUnavailable: { zh: '搜索索引不可用（开发模式下需先构建）。', en: 'The search index is unavailable (run a build first in dev mode).' },
  searchOtherLang: { zh: '英文章节', en: 'Chinese chapters' },
  searchThisLang: { zh: '中文章节', en: 'English chapters' },
  close: { zh: '关闭', en: 'Close' },
  notFoundTitle: { zh: '页面不存在', en: 'Page not found' },
  notFoundBody: { zh: '这个地址上没有页面。可以从章节列表重新开始：', en: 'There is no page at this address. Start again from the chapter list:' },
  chooseLanguage: { zh: '选择语言', en: 'Choose a language' },
  footer: {
    zh: '模拟器的输出与真实的 iptables 1.8.9 和 Linux 内核逐字节一致。',
    en: 'What the simulator prints matches real iptables 1.8.9 and the Linux kernel byte for byte.',
  },
  noscriptNote: {
    zh: '未启用 JavaScript：正文、命令输出和图示的第一步都可阅读；终端与测验需要 JavaScript。',
    en: 'JavaScript is off: text, listings and the first step of each diagram are readable; terminals and quiz checking need JavaScript.',
  },
} satisfies Record<string, Record<Lang, string>>;

export type UiKey = keyof typeof strings;

export function t(lang: Lang, key: UiKey): string {
  return strings[key][lang];
}

export function isLang(x: string | undefined): x is Lang {
  return x === 'zh' || x === 'en';
}

export function otherLang(lang: Lang): Lang {
  return lang === 'zh' ? 'en' : 'zh';
}
