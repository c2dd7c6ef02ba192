import type { Bar } from './types';

/**
 * A bar the runner and the backtester write into, bar after bar. A class of
 * its own, not an object literal: V8 gives every literal with the same keys in
 * the same order one hidden class, and candles elsewhere hold integers under
 * these keys, which would make every field here a boxed number (a heap
 * allocation per field per bar, measured: ~80 bytes a bar). Its own class keeps
 * the six fields plain doubles.
 */
export class MutableBar implements Bar {
  time = Number.NaN;
  open = Number.NaN;
  high = Number.NaN;
  low = Number.NaN;
  close = Number.NaN;
  volume = Number.NaN;
}
