// Quiz texts may carry `code` and **bold**, as in the chapters. Split them into parts
// the component renders as elements; nothing is ever treated as HTML.
export interface InlinePart { kind: 'text' | 'code' | 'strong'; text: string }

export function inlineParts(s: string): InlinePart[] {
  const parts: InlinePart[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) parts.push({ kind: 'text', text: s.slice(last, m.index) });
    parts.push(m[1] !== undefined ? { kind: 'code', text: m[1] } : { kind: 'strong', text: m[2] });
    last = m.index + m[0].length;
  }
  if (last < s.length) parts.push({ kind: 'text', text: s.slice(last) });
  return parts;
}
