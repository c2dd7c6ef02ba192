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
const systemDark = matchMedia('(prefers-color-scheme: dark)');
// eslint-disable-next-line solid/reactivity -- applied once at start; setTheme and the listener below apply each change
apply(theme());
// Following the system: a change of its scheme changes ours.
systemDark.addEventListener('change', () => apply(theme()));
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

/** The page (and its charts) style one attribute: the scheme in effect, whichever way it was chosen. */
function apply(t: Theme): void {
  const scheme = t === 'system' ? (systemDark.matches ? 'dark' : 'light') : t;
  document.documentElement.setAttribute('data-theme', scheme);
}
