// Highlights, in the side table of contents, the section the reader is in.
export function spyToc(): void {
  const toc = document.querySelector<HTMLElement>('[data-toc]');
  if (!toc || !('IntersectionObserver' in window)) return;
  const links = new Map<string, HTMLAnchorElement>();
  for (const a of toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) links.set(decodeURIComponent(a.hash.slice(1)), a);
  const headings = [...links.keys()].map((id) => document.getElementById(id)).filter((h): h is HTMLElement => !!h);
  const visible = new Set<string>();
  const io = new IntersectionObserver(
    (entries) => {
      for (const e of entries) (e.isIntersecting ? visible.add(e.target.id) : visible.delete(e.target.id));
      // The first visible heading wins; when none is visible keep the last choice.
      const current = headings.find((h) => visible.has(h.id));
      if (!current) return;
      for (const [id, a] of links) a.setAttribute('aria-current', String(id === current.id));
    },
    { rootMargin: '-56px 0px -60% 0px' },
  );
  headings.forEach((h) => io.observe(h));
}
