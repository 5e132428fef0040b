// Theme choice: "auto" follows the OS (no attribute, CSS media queries decide);
// "light"/"dark" are stored and set as data-theme on <html> (src/site/theme-init.js
// re-applies them before first paint on the next page).
export type ThemeChoice = 'auto' | 'light' | 'dark';
export const THEME_KEY = 'istio-guide:theme';
const ORDER: ThemeChoice[] = ['auto', 'light', 'dark'];

export function currentTheme(): ThemeChoice {
  const v = document.documentElement.getAttribute('data-theme');
  return v === 'light' || v === 'dark' ? v : 'auto';
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  try {
    if (choice === 'auto') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage may be blocked; the choice still holds for this page.
  }
  if (choice === 'auto') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
  document.dispatchEvent(new CustomEvent('istio-guide:theme', { detail: choice }));
}

function render(button: HTMLButtonElement, choice: ThemeChoice): void {
  const label = button.dataset[`label${choice[0].toUpperCase()}${choice.slice(1)}`] ?? choice;
  button.dataset.state = choice;
  button.setAttribute('aria-label', `${button.dataset.labelPrefix}: ${label}`);
  const text = button.querySelector('[data-theme-label]');
  if (text) text.textContent = label;
}

export function initThemeToggles(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    render(button, currentTheme());
    button.addEventListener('click', () => {
      const next = ORDER[(ORDER.indexOf(currentTheme()) + 1) % ORDER.length];
      applyTheme(next);
      render(button, next);
    });
  }
}
