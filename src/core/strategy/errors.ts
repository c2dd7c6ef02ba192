import type { StrategyError } from './types';

/**
 * What a strategy's thrown error becomes: a short message a person can read
 * on the strategy's card, and the line of the code that threw. Anything may
 * be thrown (an Error, a string, an object with a getter that throws again),
 * so nothing here may throw in turn, as freqtrade's strategy_safe_wrapper
 * never lets a strategy's exception escape into the bot.
 */
export function strategyError(e: unknown, hook: string, lineOf: (e: unknown) => number | undefined = stackLine): StrategyError {
  let text: string;
  try {
    text = e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'string' ? e : `a non-error value (${typeof e})`;
  } catch {
    text = 'an error that could not be read';
  }
  if (text.length > 300) text = `${text.slice(0, 300)}…`;
  let line: number | undefined;
  try {
    line = lineOf(e);
  } catch {
    line = undefined;
  }
  const err: StrategyError = { message: `${hook} threw ${text}` };
  if (line !== undefined && Number.isInteger(line) && line > 0) err.line = line;
  return err;
}

/**
 * The line of the first stack frame (V8's `at f (file:LINE:COL)`, and
 * Firefox's and Safari's `f@file:LINE:COL`): where the throw happened. For
 * built-ins that is a line of their file; user code is mapped by the sandbox,
 * which knows where the person's first line sits in what it compiled.
 */
export function stackLine(e: unknown): number | undefined {
  const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : undefined;
  if (stack === undefined) return undefined;
  for (const frame of stack.split('\n').slice(0, 12)) {
    if (!/^\s+at |@/.test(frame)) continue; // the message line, not a frame
    const m = /:(\d+):(\d+)\)?\s*$/.exec(frame);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
}
