// Turns each server-rendered RuleExplainer into a live one: rules and words become focusable
// (one tab stop per explainer, arrow keys inside), and the explanation of whatever is hovered,
// clicked or focused is copied (as text) from the hidden <details> into the live panel.

import { whenNear } from '../site/when-near.ts';

function enhance(root: HTMLElement): void {
  const panel = root.querySelector<HTMLElement>('[data-rx-panel]');
  const parts = ['rule', 'note', 'word', 'code', 'role', 'text'].map((k) => root.querySelector<HTMLElement>(`[data-rx-panel-${k}]`));
  if (!panel || parts.some((p) => !p)) return;
  const [ruleEl, noteEl, wordEl, code, role, text] = parts as HTMLElement[];
  const lines = [...root.querySelectorAll<HTMLElement>('[data-rx-rule]')];
  root.classList.add('is-live');
  panel.hidden = false;
  let active: HTMLElement | null = null;
  // keyboard focus that came in before the island was live (whenNear runs on focusin) sits
  // in a rule's <summary>, which is hidden from now on: it moves to that rule's line
  let refocus: HTMLElement | null = null;

  for (const [i, line] of lines.entries()) {
    // Live, the line stands on its own (a focusable line inside <summary> would nest
    // interactive elements); the <details> stays hidden as the panel's data.
    const details = line.closest('details');
    if (details?.contains(document.activeElement)) refocus = line;
    details?.parentElement?.insertBefore(line, details);
    line.tabIndex = i === 0 ? 0 : -1;
    line.setAttribute('role', 'button');
    line.setAttribute('aria-describedby', panel.id);
    for (const tok of line.querySelectorAll<HTMLElement>('[data-rx-tok]')) {
      tok.tabIndex = -1;
      tok.setAttribute('aria-describedby', panel.id);
    }
  }

  const itemOf = (el: HTMLElement): HTMLElement | null => el.closest('.rx-item');

  // The panel always shows the active rule and its note, plus the active word's note.
  function show(el: HTMLElement): void {
    if (active === el) return;
    active?.classList.remove('is-active');
    root.querySelector('.rx-line.is-active')?.classList.remove('is-active');
    active = el;
    el.classList.add('is-active');
    const item = itemOf(el);
    if (!item) return;
    const line = item.querySelector<HTMLElement>('[data-rx-rule]');
    line?.classList.add('is-active');
    ruleEl.textContent = line?.textContent ?? '';
    noteEl.textContent = item.querySelector('[data-rx-note]')?.textContent ?? '';
    if (el.hasAttribute('data-rx-tok')) {
      const word = item.querySelector<HTMLElement>(`.rx-word[data-k="${el.dataset.k}"]`);
      code.textContent = word?.querySelector('dt code')?.textContent ?? el.textContent ?? '';
      role.textContent = word?.querySelector('.rx-role')?.textContent ?? '';
      text.textContent = word?.querySelector('dd')?.textContent ?? '';
      wordEl.hidden = false;
    } else {
      wordEl.hidden = true;
    }
  }

  function focusLine(idx: number): void {
    const next = lines[Math.max(0, Math.min(lines.length - 1, idx))];
    for (const l of lines) l.tabIndex = l === next ? 0 : -1;
    next.focus();
  }

  root.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    const target = t.closest<HTMLElement>('[data-rx-tok]') ?? t.closest<HTMLElement>('[data-rx-rule]');
    if (!target || !root.contains(target)) return;
    show(target);
  });
  root.addEventListener('mouseover', (e) => {
    const t = (e.target as HTMLElement).closest<HTMLElement>('[data-rx-tok], [data-rx-rule]');
    if (t && root.contains(t)) show(t);
  });
  root.addEventListener('focusin', (e) => {
    const t = (e.target as HTMLElement).closest<HTMLElement>('[data-rx-tok], [data-rx-rule]');
    if (t && root.contains(t)) show(t);
  });
  root.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    const line = t.closest<HTMLElement>('[data-rx-rule]');
    if (!line) return;
    const idx = lines.indexOf(line);
    const toks = [...line.querySelectorAll<HTMLElement>('[data-rx-tok]')];
    const ti = toks.indexOf(t);
    switch (e.key) {
      case 'ArrowDown':
        focusLine(idx + 1);
        break;
      case 'ArrowUp':
        focusLine(idx - 1);
        break;
      case 'Home':
        focusLine(0);
        break;
      case 'End':
        focusLine(lines.length - 1);
        break;
      case 'ArrowRight':
        (toks[ti + 1] ?? toks[ti] ?? toks[0])?.focus();
        break;
      case 'ArrowLeft':
        if (ti <= 0) line.focus();
        else toks[ti - 1].focus();
        break;
      case 'Escape':
        line.focus();
        break;
      case 'Enter':
      case ' ':
        show(t);
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  if (refocus) focusLine(lines.indexOf(refocus));
}

export function initRuleExplainers(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-rule-explainer]')) whenNear(el, enhance);
}
