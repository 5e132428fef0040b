// One of our chapters as a plain Markdown page, for the anchor comparison: the same prose built
// by another site generator (and by ours, with nothing interactive) so page weight and speed
// compare like with like. Each <Listing> becomes a fenced block holding the command and the
// output the simulator gives it (the text our page shows); the terminals, the quiz and any
// other component are left out, and so are MDX imports and comments.
import { readFileSync } from 'node:fs';
import { renderListing } from '../../src/site/listing.ts';

/** The attributes of a self-closing JSX tag: "..." strings and {...} JSON expressions. */
function attributes(tag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const re = /(\w+)=/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag))) {
    let i = re.lastIndex;
    if (tag[i] === '"') {
      const end = tag.indexOf('"', i + 1);
      out[m[1]] = tag.slice(i + 1, end);
      re.lastIndex = end + 1;
    } else if (tag[i] === '{') {
      let depth = 0;
      let inStr = false;
      const start = i;
      for (; i < tag.length; i++) {
        const c = tag[i];
        if (inStr) { if (c === '\\') i++; else if (c === '"') inStr = false; continue; }
        if (c === '"') inStr = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      out[m[1]] = JSON.parse(tag.slice(start + 1, i));
      re.lastIndex = i + 1;
    }
  }
  return out;
}

export interface ChapterMarkdown { title: string; description: string; body: string }

export function chapterMarkdown(mdxFile: string): ChapterMarkdown {
  const src = readFileSync(mdxFile, 'utf8');
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(src);
  if (!fm) throw new Error(`${mdxFile}: no frontmatter`);
  const field = (k: string) => {
    const v = new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(fm[1])?.[1] ?? '';
    return v.startsWith('"') ? JSON.parse(v) as string : v;
  };
  const body = src.slice(fm[0].length)
    .replace(/^import .*$/gm, '')
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
    .replace(/^<Listing\b[\s\S]*?\/>$/gm, (tag) => {
      const a = attributes(tag) as { scenario?: string; setup?: string[]; cmd: string; at?: number };
      const r = renderListing({ scenario: a.scenario ?? 'empty', setup: a.setup, cmd: a.cmd, at: a.at });
      return ['```txt', `$ ${a.cmd}`, r.output.replace(/\n$/, ''), '```'].join('\n');
    })
    .replace(/^<[A-Z]\w*\b[\s\S]*?\/>$/gm, '')
    .replace(/^```iptables$/gm, '```txt')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { title: field('title'), description: field('description'), body };
}

/** Frontmatter + body, as a .md file for either generator (`extra` adds frontmatter lines). */
export function markdownFile(c: ChapterMarkdown, extra: string[] = []): string {
  return ['---', `title: ${JSON.stringify(c.title)}`, `description: ${JSON.stringify(c.description)}`, ...extra, '---', '', c.body, ''].join('\n');
}
