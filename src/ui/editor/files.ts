/**
 * A strategy as a file: exported as `<name>.js` (its code as it is), and
 * imported from a `.js` file the person picks, named after the file. The
 * rules on names and sizes are storage's (`src/storage/userStrategies.ts`);
 * these mirror them so the page can say what is wrong before asking.
 */
export const MAX_CODE_CHARS = 100_000;
export const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function fileNameOf(name: string): string {
  return `${name}.js`;
}

/** A strategy name from a file name: `My Idea (2).js` → `My-Idea-2`; `strategy` when nothing is left. */
export function nameFromFile(file: string): string {
  const base = file.replace(/\.[^.]*$/, '');
  const cleaned = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 64);
  return cleaned === '' ? 'strategy' : cleaned;
}

/** Why a file cannot be imported as a strategy, or null. */
export function importProblem(name: string, size: number): string | null {
  if (!/\.(m?js|txt)$/i.test(name)) return `${name} is not a JavaScript file (.js).`;
  if (size > MAX_CODE_CHARS * 4) return `${name} is too big for a strategy (at most ${MAX_CODE_CHARS.toLocaleString()} characters).`;
  return null;
}

/** A name not in `taken`: `name`, else `name-2`, `name-3`, … */
export function freeName(name: string, taken: readonly string[]): string {
  if (!taken.includes(name)) return name;
  for (let i = 2; ; i++) {
    const n = `${name.slice(0, 60)}-${i}`;
    if (!taken.includes(n)) return n;
  }
}
