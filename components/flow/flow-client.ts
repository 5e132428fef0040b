// Makes each server-rendered flow diagram steppable. Everything it needs is already in
// the markup (which edges and boxes belong to which step, every caption in the list),
// so no data is shipped twice.
import { subscribeFlowPoint } from './flow-source.ts';

/** On narrow screens the drawing scrolls sideways: keep the current point in view. */
function revealBadge(fig: HTMLElement, x: number): void {
  const canvas = fig.querySelector<HTMLElement>('.fd-canvas');
  const svg = canvas?.querySelector('svg');
  if (!canvas || !svg || canvas.scrollWidth <= canvas.clientWidth) return;
  const px = (x / svg.viewBox.baseVal.width) * svg.getBoundingClientRect().width;
  canvas.scrollLeft = Math.max(0, px - canvas.clientWidth / 2);
}

function setStep(fig: HTMLElement, n: number): void {
  const total = Number(fig.dataset.total);
  const step = Math.min(total, Math.max(1, n));
  fig.dataset.at = String(step);
  const has = (el: Element) => (el.getAttribute('data-steps') ?? '').split(' ').includes(String(step));
  for (const edge of fig.querySelectorAll<SVGPathElement>('[data-edge]')) {
    const on = has(edge);
    edge.classList.toggle('is-active', on);
    edge.setAttribute('marker-end', (on ? edge.dataset.markerOn : edge.dataset.marker) ?? '');
    // Active edges are drawn last so they sit on top of the grey ones.
    if (on) edge.parentNode?.insertBefore(edge, fig.querySelector('[data-node]'));
  }
  for (const node of fig.querySelectorAll('[data-node]')) node.classList.toggle('is-active', has(node));
  const item = fig.querySelector<HTMLLIElement>(`[data-flow-list] li[data-n="${step}"]`);
  const [x, y] = (item?.dataset.badge ?? '0,0').split(',');
  fig.querySelector('[data-badge]')?.setAttribute('transform', `translate(${x} ${y})`);
  const badgeText = fig.querySelector('[data-badge-text]');
  if (badgeText) badgeText.textContent = String(step);
  const num = fig.querySelector('[data-caption-num]');
  if (num) num.textContent = `${fig.dataset.labelPoint}${step}${fig.dataset.labelSuffix} / ${total}`;
  const text = fig.querySelector('[data-caption-text]');
  if (text) text.textContent = item?.querySelector('.fd-item-text')?.textContent ?? '';
  const phase = fig.querySelector('[data-phase]');
  if (phase) phase.textContent = item?.dataset.phase ?? '';
  for (const li of fig.querySelectorAll('[data-flow-list] li')) {
    if (li === item) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
  revealBadge(fig, Number(x));
  const prev = fig.querySelector<HTMLButtonElement>('[data-flow-prev]');
  const next = fig.querySelector<HTMLButtonElement>('[data-flow-next]');
  if (prev) prev.disabled = step <= 1;
  if (next) next.disabled = step >= total;
}

export function initFlowDiagrams(): void {
  for (const fig of document.querySelectorAll<HTMLElement>('[data-flow-diagram]:not([data-ready])')) {
    fig.dataset.ready = '';
    const at = () => Number(fig.dataset.at);
    fig.querySelector('[data-flow-prev]')?.addEventListener('click', () => setStep(fig, at() - 1));
    fig.querySelector('[data-flow-next]')?.addEventListener('click', () => setStep(fig, at() + 1));
    // Each listed point becomes a button that jumps there.
    for (const li of fig.querySelectorAll<HTMLLIElement>('[data-flow-list] li')) {
      const span = li.querySelector('.fd-item-text');
      if (!span) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'fd-item-text';
      button.textContent = span.textContent;
      button.addEventListener('click', () => setStep(fig, Number(li.dataset.n)));
      span.replaceWith(button);
    }
    // In the next frame, not now: reading the canvas's widths here would force the whole
    // page's first layout inside this script's task.
    requestAnimationFrame(() => revealBadge(fig, Number(fig.querySelector<HTMLElement>(`[data-flow-list] li[data-n="${at()}"]`)?.dataset.badge?.split(',')[0] ?? 0)));
    subscribeFlowPoint(fig.dataset.scenario ?? '', (n) => {
      fig.querySelector<HTMLElement>('[data-flow-follow]')?.removeAttribute('hidden');
      setStep(fig, n);
    });
  }
}
