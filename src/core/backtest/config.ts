import { Code, fail, type Result } from '../codes';
import { DEFAULT_BACKTEST_CONFIG, type BacktestConfig } from './types';

/**
 * A backtest's settings read field by field from what a caller sent (a form,
 * a command line, a message): defaults for what is missing, unknown fields
 * refused, each value checked with a message that names it.
 */
export function checkConfig(input: unknown): Result<{ config: BacktestConfig }> {
  if (input === undefined) return { ok: true, config: { ...DEFAULT_BACKTEST_CONFIG, commission: { ...DEFAULT_BACKTEST_CONFIG.commission } } };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(Code.INVALID_COMMAND, 'The backtest settings must be an object.');
  const x = input as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_BACKTEST_CONFIG));
  for (const k of Object.keys(x)) if (!known.has(k)) return fail(Code.INVALID_COMMAND, `Unknown backtest setting ${JSON.stringify(k)}.`);
  const d = DEFAULT_BACKTEST_CONFIG;
  const num = (k: string, v: unknown, fallback: number, ok: (n: number) => boolean, what: string): number | string => {
    if (v === undefined) return fallback;
    return typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : `${k} must be ${what} (got ${String(v)}).`;
  };
  const bool = (k: string, fallback: boolean): boolean | string => {
    const v = x[k];
    if (v === undefined) return fallback;
    return typeof v === 'boolean' ? v : `${k} must be true or false (got ${String(v)}).`;
  };
  const cash = num('cash', x.cash, d.cash, (n) => n > 0 && n <= 1e15, 'an amount above 0');
  const spreadBps = num('spreadBps', x.spreadBps, d.spreadBps, (n) => n >= 0 && n < 1000, 'basis points from 0 to 999');
  const margin = num('margin', x.margin, d.margin, (n) => n > 0 && n <= 1, 'a ratio above 0 and at most 1');
  let rate: number | string = d.commission.rate;
  let fixed: number | string = d.commission.fixed;
  let perUnit: number | string = d.commission.perUnit;
  const c = x.commission;
  if (c !== undefined) {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return fail(Code.INVALID_COMMAND, 'commission must be { rate, fixed, perUnit }.');
    const cc = c as Record<string, unknown>;
    for (const k of Object.keys(cc)) if (k !== 'rate' && k !== 'fixed' && k !== 'perUnit') return fail(Code.INVALID_COMMAND, `Unknown commission field ${JSON.stringify(k)}.`);
    // backtesting.py allows a rate from -10 % (a market maker's rebate) to 10 %.
    rate = num('commission.rate', cc.rate, 0, (n) => n >= -0.1 && n < 0.1, 'a share from -0.1 to under 0.1 (0.002 is 0.2 %)');
    fixed = num('commission.fixed', cc.fixed, 0, (n) => n >= 0 && n <= 1e9, 'an amount of 0 or more');
    perUnit = num('commission.perUnit', cc.perUnit, 0, (n) => n >= 0 && n <= 1e9, 'an amount of 0 or more');
  }
  const tradeOnClose = bool('tradeOnClose', d.tradeOnClose);
  const exclusiveOrders = bool('exclusiveOrders', d.exclusiveOrders);
  const finalizeTrades = bool('finalizeTrades', d.finalizeTrades);
  const fractional = bool('fractional', d.fractional);
  const allowShort = bool('allowShort', d.allowShort);
  for (const v of [cash, spreadBps, margin, rate, fixed, perUnit, tradeOnClose, exclusiveOrders, finalizeTrades, fractional, allowShort]) {
    if (typeof v === 'string') return fail(Code.INVALID_COMMAND, v);
  }
  return {
    ok: true,
    config: {
      cash: cash as number, spreadBps: spreadBps as number, margin: margin as number,
      commission: { rate: rate as number, fixed: fixed as number, perUnit: perUnit as number },
      tradeOnClose: tradeOnClose as boolean, exclusiveOrders: exclusiveOrders as boolean,
      finalizeTrades: finalizeTrades as boolean, fractional: fractional as boolean, allowShort: allowShort as boolean,
    },
  };
}
