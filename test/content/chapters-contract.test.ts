import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { QuizSpec } from '../../src/quiz/types.ts';
import { rules, tokens } from '../../content/explain/istio-1.6.ts';

// Every chapter against the content contract (docs/architecture.md): frontmatter, imports,
// no hand-typed listings, only scenarios and commands the simulator has, the same commands in
// both languages, a quiz, a link onward, cited sources.
const slugs = readdirSync('content/en').filter((f) => /^\d\d-.*\.mdx$/.test(f)).map((f) => f.replace(/\.mdx$/, '')).sort();
const langs = ['zh', 'en'] as const;
const scenarios = new Set(['empty', 'bookinfo-1.6', 'bookinfo-current', 'bookinfo-current-dns', 'bookinfo-current-tproxy']);
// Commands the simulator is specified to support (docs/architecture.md and the chapter brief).
const commands = new Set([
  'iptables', 'iptables-save', 'iptables-restore', 'nsenter', 'kubectl', 'curl', 'conntrack',
  'ss', 'ip', 'grep', 'head', 'tail', 'wc', 'step', 'next', 'prev', 'goto', 'trace', 'explain', 'reset', 'cat', 'echo',
]);
const handListing = /^\s*(pkts\s+bytes\s+target|target\s+prot\s+opt|Chain [A-Z_]+ \((policy|\d+ references))/m;

function draft(lang: string, slug: string): string {
  return readFileSync(`content/${lang}/${slug}.mdx`, 'utf8');
}

function frontmatter(src: string): Record<string, string> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(src);
  if (!m) return {};
  return Object.fromEntries(
    m[1].split('\n').map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    }),
  );
}

/** Every command a <Listing> or <Terminal> would run: cmd, setup and suggest entries. */
function embeddedCommands(src: string): { scenario: string; cmds: string[] }[] {
  const out: { scenario: string; cmds: string[] }[] = [];
  for (const tag of src.match(/<(Listing|Terminal)\b[^>]*\/>/g) ?? []) {
    const scenario = /scenario="([^"]+)"/.exec(tag)?.[1] ?? '';
    const cmds = [...tag.matchAll(/cmd="([^"]+)"/g)].map((m) => m[1]);
    for (const list of tag.matchAll(/(?:setup|suggest)=\{\[([^\]]*)\]\}/g)) {
      cmds.push(...[...list[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]));
    }
    out.push({ scenario, cmds });
  }
  return out;
}

function programOf(cmd: string): string {
  const words = cmd.split(/\s+/);
  // nsenter -t PID -n <program ...>
  if (words[0] === 'nsenter') return words[4] ?? '';
  return words[0];
}

describe('chapters', () => {
  for (const slug of slugs) {
    for (const lang of langs) {
      describe(`${lang}/${slug}`, () => {
        const src = draft(lang, slug);
        const fm = frontmatter(src);

        it('has the contract frontmatter', () => {
          expect(fm.title?.length).toBeGreaterThan(0);
          expect(fm.description?.length).toBeGreaterThan(0);
          expect(Number(fm.order)).toBe(Number(slug.slice(0, 2)));
          expect(fm.terminal).toBe(src.includes('<Terminal') ? 'true' : 'false');
        });

        it('has a blank line after the import block', () => {
          const body = src.replace(/^---\n[\s\S]*?\n---\n/, '');
          const lines = body.split('\n');
          const last = lines.map((l) => l.startsWith('import ')).lastIndexOf(true);
          expect(last).toBeGreaterThanOrEqual(0);
          expect(lines.slice(0, last + 1).every((l) => l.startsWith('import '))).toBe(true);
          expect(lines[last + 1]).toBe('');
        });

        it('imports every component it uses', () => {
          for (const c of ['Listing', 'Terminal', 'FlowDiagram', 'Quiz', 'RuleExplainer', 'AnnotationPlayground', 'RulesetPlayground']) {
            if (src.includes(`<${c} `)) expect(src).toContain(`import ${c} from '../../components/${c}.astro';`);
          }
        });

        it('types no iptables listing by hand', () => {
          expect(src).not.toMatch(handListing);
        });

        it('only embeds known scenarios and supported commands', () => {
          const embedded = embeddedCommands(src);
          expect(embedded.length).toBeGreaterThan(2);
          for (const { scenario, cmds } of embedded) {
            expect(scenarios.has(scenario), scenario).toBe(true);
            for (const cmd of cmds) expect(commands.has(programOf(cmd)), cmd).toBe(true);
          }
        });

        it('ends with its quiz and a link to the next chapter', () => {
          expect(src).toContain(`<Quiz id="${slug}" />`);
          const next = slugs[slugs.indexOf(slug) + 1];
          if (next) expect(src).toContain(`](../${next}/)`);
        });

        it('cites its sources as links', () => {
          expect(src).toMatch(/\]\(https:\/\/(man7\.org|istio\.io|github\.com\/istio)\//);
        });
      });
    }

    it(`${slug}: both languages embed the same commands`, () => {
      const cmds = (lang: string) => embeddedCommands(draft(lang, slug)).flatMap((e) => e.cmds).sort();
      expect(cmds('zh')).toEqual(cmds('en'));
    });
  }
});

const quizzes: Record<string, QuizSpec> = Object.fromEntries(
  await Promise.all(slugs.map(async (s) => [s, (await import(`../../content/quizzes/${s}.ts`)).default])),
);

describe('quizzes against the contract', () => {
  for (const slug of slugs) {
    describe(slug, () => {
      const quiz = quizzes[slug];

      it('has its id, at least five questions and a terminal task', () => {
        expect(quiz.id).toBe(slug);
        expect(quiz.questions.length).toBeGreaterThanOrEqual(5);
        expect(quiz.questions.some((q) => q.kind === 'task')).toBe(true);
        const ids = quiz.questions.map((q) => q.id);
        expect(new Set(ids).size).toBe(ids.length);
      });

      for (const q of quiz.questions) {
        it(`${q.id}: complete in both languages`, () => {
          expect(q.prompt.zh.length).toBeGreaterThan(0);
          expect(q.prompt.en.length).toBeGreaterThan(0);
          if (q.kind === 'task') {
            expect(scenarios.has(q.scenario)).toBe(true);
            expect(q.solution.length).toBeGreaterThan(0);
            expect(q.checks.length).toBeGreaterThan(0);
            expect(q.hint.zh.length * q.hint.en.length).toBeGreaterThan(0);
            for (const c of [...(q.setup ?? []), ...q.solution, ...q.checks.map((k) => k.cmd)]) {
              expect(commands.has(programOf(c)), c).toBe(true);
            }
            return;
          }
          const correct = q.options.filter((o) => o.correct).length;
          if (q.kind === 'single') expect(correct).toBe(1);
          else expect(correct).toBeGreaterThanOrEqual(1);
          for (const o of q.options) {
            expect(o.text.zh.length * o.text.en.length).toBeGreaterThan(0);
            expect(o.explain.zh.length * o.explain.en.length).toBeGreaterThan(0);
          }
          for (const p of q.probes ?? []) {
            expect(scenarios.has(p.scenario)).toBe(true);
            if (p.expect.startsWith('/')) expect(() => new RegExp(p.expect.slice(1, -1))).not.toThrow();
          }
        });
      }
    });
  }
});

describe('RuleExplainer data for Istio 1.6', () => {
  it('explains 18 distinct -A rules in both languages', () => {
    expect(rules.length).toBe(18);
    expect(new Set(rules.map((r) => r.rule)).size).toBe(18);
    for (const r of rules) {
      expect(r.rule).toMatch(/^-A (PREROUTING|OUTPUT|ISTIO_INBOUND|ISTIO_IN_REDIRECT|ISTIO_OUTPUT|ISTIO_REDIRECT) /);
      expect(r.zh.length * r.en.length).toBeGreaterThan(0);
    }
  });

  it('keeps -S order: built-in chains first, then user chains sorted by name', () => {
    const order = ['PREROUTING', 'OUTPUT', 'ISTIO_INBOUND', 'ISTIO_IN_REDIRECT', 'ISTIO_OUTPUT', 'ISTIO_REDIRECT'];
    const chains = rules.map((r) => order.indexOf(r.rule.split(' ')[1]));
    expect(chains).toEqual([...chains].sort((a, b) => a - b));
  });

  it('has a note for every option the rules use, and no note for an unused token', () => {
    const known = new Set(tokens.map((t) => t.token));
    expect(known.size).toBe(tokens.length);
    const words = new Set(rules.flatMap((r) => r.rule.split(' ')));
    for (const w of words) if (w.startsWith('-') || w === '!') expect(known.has(w) || known.has(`${w} tcp`) || known.has(`${w} owner`), w).toBe(true);
    const text = `${rules.map((r) => r.rule).join('\n')}\n-P PREROUTING ACCEPT\n-N ISTIO_INBOUND`;
    for (const t of tokens) expect(text.includes(t.token), t.token).toBe(true);
  });

  it('is referenced by chapter 3 in both languages', () => {
    for (const lang of langs) {
      expect(draft(lang, '03-istio-rules')).toContain('<RuleExplainer scenario="bookinfo-1.6" pod="reviews-v1" />');
    }
    expect(existsSync('content/explain/istio-1.6.ts')).toBe(true);
  });
});
