/**
 * One market's ticker as the page reads it: a signal per field, so a cell
 * that shows the last price re-runs when the last price moves, and for
 * nothing else. Frames arrive ten times a second with every market's numbers;
 * most of them did not change, and writing an unchanged value is a no-op
 * (NaN, "no trade yet", counts as unchanged too).
 */
import { createSignal } from 'solid-js';
import type { Tickers } from '../../protocol';
import { sameSpark, type TickerRow } from './tickers';

export interface LiveTicker {
  /** Reactive reads, field by field. */
  row: TickerRow;
  /** Takes row `i` of a frame's tickers. */
  write(t: Tickers, i: number): void;
}

/** NaN equals NaN: a market that has not traded is not "changed" on every frame. */
const same = { equals: Object.is };

export function createLiveTicker(): LiveTicker {
  const [last, setLast] = createSignal(NaN, same);
  const [bid, setBid] = createSignal(NaN, same);
  const [ask, setAsk] = createSignal(NaN, same);
  const [open24, setOpen24] = createSignal(NaN, same);
  const [value24, setValue24] = createSignal(NaN, same);
  const [open, setOpen] = createSignal<boolean>(false, same);
  const [spark, setSpark] = createSignal<Float32Array>(new Float32Array(0), same);
  const row: TickerRow = {
    get last() { return last(); },
    get bid() { return bid(); },
    get ask() { return ask(); },
    get open24() { return open24(); },
    get value24() { return value24(); },
    get open() { return open(); },
    get spark() { return spark(); },
  };
  return {
    row,
    write(t, i) {
      setLast(t.last[i]);
      setBid(t.bid[i]);
      setAsk(t.ask[i]);
      setOpen24(t.open24[i]);
      setValue24(t.value24[i]);
      setOpen(t.open[i] === 1);
      // Compared here, copied only when it changed (the worker refreshes the closes every few seconds, and a view
      // into the frame's buffer would keep each frame's whole array alive).
      const p = t.sparkPoints;
      const next = t.spark.subarray(i * p, (i + 1) * p);
      if (!sameSpark(spark(), next)) setSpark(next.slice());
    },
  };
}
