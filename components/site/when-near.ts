// Runs an island's page-side enhancement when the island comes near the viewport (or
// something inside it gets focus first) instead of at load. Enhancing rewires markup (the
// rule explainer moves every rule line out of its <details>, the quiz restores answers),
// and done for every island at once it made the module script's task the page's longest
// after first paint: on a long chapter, tens of ms of script, style and layout for widgets
// the reader has not reached. Near = within MARGIN of the viewport, so an island is live
// before it scrolls in.
const MARGIN = '600px 0px';

const waiting = new Map<Element, () => void>();
let io: IntersectionObserver | null = null;

function fire(el: Element): void {
  const run = waiting.get(el);
  if (!run) return;
  waiting.delete(el);
  io?.unobserve(el);
  run();
}

export function whenNear<T extends HTMLElement>(el: T, run: (el: T) => void): void {
  if (waiting.has(el)) return;
  if (!('IntersectionObserver' in window)) {
    run(el);
    return;
  }
  if (!io) {
    io = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) fire(e.target);
    }, { rootMargin: MARGIN });
    // Keyboard focus can reach an island before the observer has reported it.
    document.addEventListener('focusin', (e) => {
      for (const el of [...waiting.keys()]) if (el.contains(e.target as Node)) fire(el);
    }, true);
  }
  waiting.set(el, () => run(el));
  io.observe(el);
}
