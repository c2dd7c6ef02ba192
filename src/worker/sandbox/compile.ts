import { SHADOWED_GLOBALS } from './lockdown';

/**
 * Turns the person's code into a strategy declaration, in the sandbox. The
 * code is the body of a function that returns the declaration
 * (`return { name, title, …, onBar(ctx) { … } }`); it runs in strict mode,
 * in a scope where every blocked global but `eval` (`lockdown.ts`) is a
 * parameter bound to `undefined`. A `sourceURL` names its stack frames, so an error's line
 * in the person's code can be read from the stack (`userLine`).
 */

/** The name the code's stack frames carry (`at onBar (strategy.js:7:9)`). */
export const SOURCE_URL = 'strategy.js';

/**
 * How many lines V8 and SpiderMonkey put before the body in `new Function`:
 * `function anonymous(a, b\n) {\n` — two. Measured once (`bodyOffset`) rather
 * than assumed, so another engine's wrapper is read right.
 */
let offset: number | null = null;
export function bodyOffset(): number {
  if (offset === null) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func -- measuring the engine's own wrapper of `new Function`.
    const probe = new Function('a', 'b', `throw new Error('probe');\n//# sourceURL=${SOURCE_URL}`);
    try {
      probe();
      offset = 2;
    } catch (e) {
      const line = frameLine(e);
      offset = line === null ? 2 : line - 1;
    }
  }
  return offset;
}

/** The line of the first stack frame in the person's code (1 = the wrapper's first line), or null. */
function frameLine(e: unknown): number | null {
  const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
  // V8: "at onBar (strategy.js:7:9)" or "at strategy.js:7:9"; SpiderMonkey: "onBar@strategy.js:7:9".
  const m = new RegExp(`${SOURCE_URL.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(stack);
  return m === null ? null : Number(m[1]);
}

/** The lines `compile` puts before the person's first: `'use strict';`. */
const PRELUDE_LINES = 1;

/** The line in the person's code where `e` was thrown (1-based), or undefined when the stack does not say. */
export function userLine(e: unknown): number | undefined {
  const line = frameLine(e);
  if (line === null) return undefined;
  const n = line - bodyOffset() - PRELUDE_LINES;
  return n >= 1 ? n : undefined;
}

/** A short, safe message for anything thrown (user code may throw a non-Error, or an Error whose getters throw). */
export function messageOf(e: unknown): string {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 500);
    return `Uncaught ${String(e)}`.slice(0, 500);
  } catch {
    return 'An error that cannot be shown was thrown.';
  }
}

export type Compiled =
  | { ok: true; evaluate: () => unknown }
  | { ok: false; message: string; line?: number; column?: number };

/**
 * Compiles the code (a syntax error is reported here, before anything runs).
 * `evaluate` then runs its body once and answers what it returned.
 */
export function compile(code: string): Compiled {
  let fn: (...blocked: undefined[]) => unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func -- the sandbox's purpose: the person's code, in its own Worker.
    fn = new Function(...SHADOWED_GLOBALS, `'use strict';\n${code}\n//# sourceURL=${SOURCE_URL}`) as typeof fn;
  } catch (e) {
    const where = syntaxPosition(e);
    return { ok: false, message: messageOf(e), ...where };
  }
  return { ok: true, evaluate: () => fn() };
}

/** Firefox gives a SyntaxError's position (`lineNumber`, `columnNumber`); V8 does not (the editor finds it by parsing). */
function syntaxPosition(e: unknown): { line?: number; column?: number } {
  const x = e as { lineNumber?: unknown; columnNumber?: unknown } | null;
  if (x === null || typeof x !== 'object' || typeof x.lineNumber !== 'number') return {};
  const line = x.lineNumber - bodyOffset() - PRELUDE_LINES;
  return line >= 1 ? { line, ...(typeof x.columnNumber === 'number' ? { column: x.columnNumber + 1 } : {}) } : {};
}
