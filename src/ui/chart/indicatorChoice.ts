// Which indicators a candle chart shows, with their parameters, and how the
// choice is remembered per symbol (localStorage: a display preference, like
// the theme, so it lives with the page and not with the engine). What is read
// back is untrusted (another version, a hand edit): it is parsed field by
// field, and anything missing or out of range falls back to the default for
// that field alone, so one bad field does not cost the rest of the choice.

/** The chart's indicators. Periods are whole candles; `k` is Bollinger's width in standard deviations. */
export interface IndicatorChoice {
  volume: { on: boolean };
  sma: { on: boolean; period: number };
  ema: { on: boolean; period: number };
  bollinger: { on: boolean; period: number; k: number };
  rsi: { on: boolean; period: number };
  macd: { on: boolean; fast: number; slow: number; signal: number };
}

/** What a chart shows before anyone chose: what it showed before there was a menu (volume and a 20-candle SMA). */
export const DEFAULT_CHOICE: IndicatorChoice = {
  volume: { on: true },
  sma: { on: true, period: 20 },
  ema: { on: false, period: 50 },
  bollinger: { on: false, period: 20, k: 2 },
  rsi: { on: false, period: 14 },
  macd: { on: false, fast: 12, slow: 26, signal: 9 },
};

/** Nothing but the candles (a backtest's chart: its strategy's own indicators are its overlays); volume stays. */
export const NO_INDICATORS: IndicatorChoice = {
  ...DEFAULT_CHOICE,
  sma: { ...DEFAULT_CHOICE.sma, on: false },
};

/** The range a period may take in the menu: a chart of a few thousand candles has no use for more. */
export const PERIOD_MIN = 1;
export const PERIOD_MAX = 500;
export const K_MIN = 0.5;
export const K_MAX = 5;

/** A whole number within the period range, or null. */
export function parsePeriod(x: unknown): number | null {
  const n = typeof x === 'string' && x.trim() !== '' ? Number(x) : x;
  return typeof n === 'number' && Number.isInteger(n) && n >= PERIOD_MIN && n <= PERIOD_MAX ? n : null;
}

/** Bollinger's k within its range (any decimal), or null. */
export function parseK(x: unknown): number | null {
  const n = typeof x === 'string' && x.trim() !== '' ? Number(x) : x;
  return typeof n === 'number' && Number.isFinite(n) && n >= K_MIN && n <= K_MAX ? n : null;
}

function own(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

function flag(o: unknown, fallback: boolean): boolean {
  const v = own(o, 'on');
  return typeof v === 'boolean' ? v : fallback;
}

function period(o: unknown, key: string, fallback: number): number {
  return parsePeriod(own(o, key)) ?? fallback;
}

/** A choice from anything (stored JSON): each field read on its own, the default where it is missing or wrong. */
export function parseChoice(raw: unknown): IndicatorChoice {
  const d = DEFAULT_CHOICE;
  const vol = own(raw, 'volume');
  const sma = own(raw, 'sma');
  const ema = own(raw, 'ema');
  const bb = own(raw, 'bollinger');
  const rsi = own(raw, 'rsi');
  const macd = own(raw, 'macd');
  let fast = period(macd, 'fast', d.macd.fast);
  let slow = period(macd, 'slow', d.macd.slow);
  // MACD is a fast average less a slower one: the other way round it reads upside down.
  if (fast >= slow) [fast, slow] = [d.macd.fast, d.macd.slow];
  return {
    volume: { on: flag(vol, d.volume.on) },
    sma: { on: flag(sma, d.sma.on), period: period(sma, 'period', d.sma.period) },
    ema: { on: flag(ema, d.ema.on), period: period(ema, 'period', d.ema.period) },
    bollinger: { on: flag(bb, d.bollinger.on), period: period(bb, 'period', d.bollinger.period), k: parseK(own(bb, 'k')) ?? d.bollinger.k },
    rsi: { on: flag(rsi, d.rsi.on), period: period(rsi, 'period', d.rsi.period) },
    macd: { on: flag(macd, d.macd.on), fast, slow, signal: period(macd, 'signal', d.macd.signal) },
  };
}

/** The part of Storage this module uses (localStorage in the app; a Map-backed one in tests). */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** One key per symbol; the version lets a later shape be told apart from this one. */
export function choiceKey(symbol: string): string {
  return `bourse.chart.indicators.v1.${symbol}`;
}

/** The stored choice for `symbol`, or the default (nothing stored, storage blocked, or not JSON). */
export function loadChoice(storage: ChoiceStorage | null, symbol: string): IndicatorChoice {
  let text: string | null = null;
  try {
    text = storage?.getItem(choiceKey(symbol)) ?? null;
  } catch {
    // Storage can throw (blocked cookies, some private modes): the chart still works with the default.
  }
  if (text === null) return parseChoice(undefined);
  try {
    return parseChoice(JSON.parse(text));
  } catch {
    return parseChoice(undefined);
  }
}

/** Remembers the choice; false when storage refused (full, blocked): the chart keeps it for this visit only. */
export function saveChoice(storage: ChoiceStorage | null, symbol: string, choice: IndicatorChoice): boolean {
  try {
    if (storage === null) return false;
    storage.setItem(choiceKey(symbol), JSON.stringify(parseChoice(choice)));
    return true;
  } catch {
    return false;
  }
}

/** How many panes under the price the choice needs (RSI, MACD), in the order they are drawn. */
export function lowerPanes(c: IndicatorChoice): ('rsi' | 'macd')[] {
  const panes: ('rsi' | 'macd')[] = [];
  if (c.rsi.on) panes.push('rsi');
  if (c.macd.on) panes.push('macd');
  return panes;
}
