import { Code, fail, type Result } from '../codes';
import { emptyColumns } from '../backtest/columns';
import type { OhlcvColumns } from '../backtest/types';
import { TIMEFRAME_MS, type CandleSet, type Timeframe } from '../market/candles';
import { HISTORY_LIMITS } from '../strategy/history';
import type { ParamValues, StrategyDef, StrategyMarker } from '../strategy/types';
import type { StrategyAgent } from './strategyAgent';

/**
 * What comparing one strategy's live run with a backtest of it needs
 * (`liveVsBacktest.ts`): its declaration and parameters, its market and
 * bars, its money at both ends of the compared bars, its markers and the
 * exchange's taker fee. Times are UTC ms; money in the cash asset's decimals.
 */
export interface StrategyRun {
  id: string;
  title: string;
  symbol: string;
  timeframe: Timeframe;
  def: StrategyDef;
  /** The parameters it runs with now (a change is noted in `notes`). */
  params: ParamValues;
  budget: number;
  startedAt: number;
  /** Its markers (signals and fills; the sim keeps the last 500). */
  markers: StrategyMarker[];
  /** Its equity just before the first compared bar (its budget when every bar is compared), and at the last one's close. */
  startEquity: number;
  endEquity: number;
  /** The exchange's taker fee on its symbol, a share of the value (market orders take). */
  feeRate: number;
  /**
   * The bars it saw, as it saw them: the sim's closed candles of its
   * timeframe at the times its runner recorded a bar, and a flat bar at the
   * last close where nothing traded (as the strategy agent carries one).
   */
  candles: OhlcvColumns;
  /**
   * Live fills up to this time belong to the compared bars: just before the
   * last bar's end, when its own orders fill live; the backtest fills them
   * only once a next bar runs, so they are left out of both (see `notes`).
   */
  until: number;
  /** Bars it ran (as far as its bounded history tells), of which `candles.length` are compared. */
  barsRun: number;
  /** Set when the first bars it ran are no longer kept: e.g. `compared over the last 1500 bars`, and why. */
  partial: string | null;
  /** What else makes the two runs differ beyond the venue (a pause, a change of parameters). */
  notes: string[];
}

/**
 * A strategy's run, read from its agent and its market's candles. User code
 * is refused: the comparison re-runs the strategy's code, and that code runs
 * only in its sandbox, never in the engine's thread.
 */
export function strategyRunOf(a: StrategyAgent, candles: CandleSet): Result<{ run: StrategyRun }> {
  const who = a.who;
  const runner = a.runner;
  if (runner === null) {
    return fail(Code.INVALID_COMMAND, `${who.id} runs your own code, which runs only in its sandbox: comparing it with a backtest needs that code re-run here, which is not supported yet. Built-in strategies can be compared.`);
  }
  const tf = who.timeframe;
  const tfMs = TIMEFRAME_MS[tf];
  const history = runner.history;
  const seen = history.equity;
  const inst = a.env.inst;
  const px = (ticks: number): number => Number((ticks * inst.tick).toFixed(inst.tickDec));
  const kept = candles.series(tf).toArray();
  const byTime = new Map<number, number>();
  kept.forEach((c, i) => byTime.set(c.t, i));
  const oldest = kept.length > 0 ? kept[0].t : Infinity;

  // Where the compared bars start: the oldest bar it ran whose candle is still kept and whose markers are all still kept.
  const barsRun = seen.t.length;
  // Markers are dropped oldest first; a bar's markers are recorded from its close on, so bars from one bar after the oldest kept marker have all theirs.
  const markersFrom = history.markers.length >= HISTORY_LIMITS.markers ? history.markers[0].time + tfMs : -Infinity;
  // Its equity history is bounded too: when full, the equity before its first kept bar is not known, so that bar only opens the compared stretch.
  let first = barsRun >= HISTORY_LIMITS.points ? 1 : 0;
  const why: string[] = [];
  if (first > 0) why.push(`only its last ${HISTORY_LIMITS.points} bars are kept`);
  let cut = first;
  while (cut < barsRun && seen.t[cut] < oldest) cut++;
  if (cut > first) why.push(`the market keeps its last ${kept.length} ${tf} candles`);
  first = cut;
  while (cut < barsRun && seen.t[cut] < markersFrom) cut++;
  if (cut > first) why.push(`only its last ${HISTORY_LIMITS.markers} fills and signals are kept`);
  first = cut;

  const n = barsRun - first;
  if (n < 2) return fail(Code.INVALID_DATA, `${who.id} has run ${n === 1 ? 'one bar' : `${n} bars`} that can be compared: a comparison needs at least 2.`);
  const cols = emptyColumns(n);
  let prevClose = Number.NaN;
  for (let k = 0; k < n; k++) {
    const t = seen.t[first + k];
    const i = byTime.get(t);
    cols.time[k] = t;
    if (i !== undefined) {
      const c = kept[i];
      cols.open[k] = px(c.o);
      cols.high[k] = px(c.h);
      cols.low[k] = px(c.l);
      cols.close[k] = px(c.c);
      cols.volume[k] = Number((c.v * inst.lot).toFixed(inst.lotDec));
    } else {
      // Nothing traded in it: the agent carried a flat bar at the last close (the candle before it, when it is the first compared bar).
      const p = Number.isNaN(prevClose) ? px(lastCandleBefore(kept, t)?.c ?? Number.NaN) : prevClose;
      cols.open[k] = cols.high[k] = cols.low[k] = cols.close[k] = p;
      cols.volume[k] = 0;
    }
    prevClose = cols.close[k];
  }

  const partial = first > 0 ? `compared over the last ${n} bars (${why.join('; ')})` : null;
  const notes: string[] = [];
  const log = history.log.map((l) => l.message);
  if (log.some((m) => m.startsWith('Parameters from the next bar'))) {
    notes.push('Its parameters changed while it ran; the backtest runs the ones it has now on every bar.');
  }
  if (log.includes('Paused.')) notes.push('It was paused for a while; the backtest was not: its signals then are fills that did not happen live.');
  const until = cols.time[n - 1] + tfMs - 1;
  const after = history.markers.filter((m) => m.kind === 'fill' && m.time > until).length;
  if (after > 0) {
    notes.push(`Its last ${after === 1 ? 'fill is' : `${after} fills are`} left out: the backtest fills the orders of a bar at its close once the next bar has come, so the last compared bar's orders have no fill there yet (live, their fee is in the rest).`);
  }
  if (runner.error !== null) notes.push(`It stopped with an error (${runner.error.message}); the backtest went on to the same last bar.`);

  return {
    ok: true,
    run: {
      id: who.id, title: who.title, symbol: a.env.spec.symbol, timeframe: tf, def: runner.def, params: { ...runner.params },
      budget: who.budget, startedAt: who.startedAt,
      // A partial window leaves out fills before its first bar ends: they belong to orders of bars before it.
      markers: history.markers.filter((m) => m.kind === 'signal' || first === 0 || m.time >= cols.time[0] + tfMs).map((m) => ({ ...m })),
      startEquity: first === 0 ? who.budget : seen.v[first - 1],
      endEquity: seen.v[barsRun - 1],
      feeRate: inst.takerFee / 1e6,
      candles: cols,
      until,
      barsRun,
      partial,
      notes,
    },
  };
}

function lastCandleBefore<C extends { t: number }>(kept: readonly C[], t: number): C | undefined {
  for (let i = kept.length - 1; i >= 0; i--) if (kept[i].t < t) return kept[i];
  return undefined;
}
