/** Light, dark or the system's choice; a display preference, so it lives with the page (localStorage), not the engine. */
import { createSignal } from 'solid-js';

export type Theme = 'system' | 'light' | 'dark';
const KEY = 'bourse.theme';

function read(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

const [theme, set] = createSignal<Theme>(read());
apply(theme());
export { theme };

export function setTheme(t: Theme): void {
  set(t);
  apply(t);
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Private mode: the choice lasts for this visit.
  }
}

function apply(t: Theme): void {
  if (t === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', t);
}
