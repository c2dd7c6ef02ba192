import { TIMEFRAMES, type Timeframe } from '../../core/market/candles';
import type { ParamSpecs, StrategyDef } from '../../core/strategy/types';

/**
 * What the person's code returned, checked as a strategy declaration before
 * the runner gets it: the fields the SDK needs, of the right types. The
 * parameters' own declarations are checked where values are (`checkParams`).
 * The object is the code's own (its hooks are its functions); only its shape
 * is read here, and getters are read once.
 */
export type Declared = { ok: true; def: StrategyDef } | { ok: false; message: string };

const HOOKS = ['init', 'onBar', 'onFill', 'onStop'] as const;

const isTimeframe = (x: unknown): x is Timeframe => typeof x === 'string' && (TIMEFRAMES as readonly string[]).includes(x);

export function readDeclaration(x: unknown): Declared {
  const bad = (message: string): Declared => ({ ok: false, message });
  if (x === null || typeof x !== 'object') {
    return bad('The code must return the strategy: `return { name, title, description, params, timeframe, init(ctx) {…}, onBar(ctx) {…} };`');
  }
  const o = x as Record<string, unknown>;
  const name: unknown = o.name;
  const title: unknown = o.title ?? name;
  const description: unknown = o.description ?? '';
  const params: unknown = o.params ?? {};
  const timeframe: unknown = o.timeframe ?? '1m';
  if (typeof name !== 'string' || name === '') return bad('The strategy needs a `name` (text).');
  if (typeof title !== 'string') return bad('`title` must be text.');
  if (typeof description !== 'string') return bad('`description` must be text.');
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return bad('`params` must be an object of parameter declarations.');
  if (!isTimeframe(timeframe)) return bad(`\`timeframe\` must be one of 1s, 1m, 5m, 15m, 1h, 1d (got ${JSON.stringify(timeframe) ?? 'nothing'}).`);
  const hooks: Partial<Record<(typeof HOOKS)[number], unknown>> = {};
  for (const h of HOOKS) {
    const f: unknown = o[h];
    if (f !== undefined && typeof f !== 'function') return bad(`\`${h}\` must be a function.`);
    hooks[h] = f;
  }
  if (hooks.onBar === undefined) return bad('The strategy needs an `onBar(ctx)` function: it decides on each closed bar.');
  const validate: unknown = o.validate;
  if (validate !== undefined && typeof validate !== 'function') return bad('`validate` must be a function (params) => message or null.');
  const call = (f: unknown) => f as (...a: unknown[]) => unknown;
  const def: StrategyDef = {
    name: name.slice(0, 64),
    title: title.slice(0, 120) || name.slice(0, 64),
    description: description.slice(0, 2000),
    params: params as ParamSpecs,
    timeframe,
    // Called as methods of the code's object, so `this` inside them is that object, as the person wrote it.
    // init answers the indicators it declared (ctx.indicators); the other hooks answer nothing.
    init: (ctx) => (hooks.init === undefined ? {} : call(hooks.init).call(o, ctx)),
    onBar: (ctx) => void call(hooks.onBar).call(o, ctx),
    ...(hooks.onFill !== undefined ? { onFill: (ctx, fill) => void call(hooks.onFill).call(o, ctx, fill) } : {}),
    ...(hooks.onStop !== undefined ? { onStop: (ctx) => void call(hooks.onStop).call(o, ctx) } : {}),
    ...(validate !== undefined
      ? { validate: (p) => { const m: unknown = (validate as (p: unknown) => unknown).call(o, p); return typeof m === 'string' ? m.slice(0, 300) : null; } }
      : {}),
  };
  return { ok: true, def };
}
