import { Ema } from './ema';
import type { Indicator } from './indicator';
import { encodeNumber, LOADED, StateReader, type LoadResult } from './state';

/**
 * MACD: line = EMA(fast) − EMA(slow) of the input, signal = EMA(signal) of
 * the line, histogram = line − signal (Appel's; technicalindicators with
 * SimpleMAOscillator/SimpleMASignal false, TradingView's ta.macd). Each EMA
 * is seeded with its simple average (ema.ts), so the line is defined from
 * the slow period's first full window, and the signal `signal − 1` lines
 * later.
 *
 * `value` and `ready` are the line's (the main output); `signal` and
 * `histogram` are NaN until `signalReady`. A gap skips the update for all
 * three EMAs (ema.ts): that update answers NaN everywhere.
 */
export class Macd implements Indicator {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private fast: Ema;
  private slow: Ema;
  private sig: Ema;
  line = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;

  constructor(fast: number, slow: number, signal: number) {
    this.fast = new Ema(fast);
    this.slow = new Ema(slow);
    this.sig = new Ema(signal);
    this.fastPeriod = fast;
    this.slowPeriod = slow;
    this.signalPeriod = signal;
  }

  get value(): number {
    return this.line;
  }

  get ready(): boolean {
    return this.fast.ready && this.slow.ready;
  }

  get signalReady(): boolean {
    return this.sig.ready;
  }

  update(x: number): number {
    const f = this.fast.update(x);
    const s = this.slow.update(x);
    this.line = f - s;
    // Only defined lines feed the signal: NaN during the warm-up or a gap would be skipped by the EMA anyway.
    if (this.line === this.line) {
      this.signal = this.sig.update(this.line);
      this.histogram = this.line - this.signal;
    } else {
      this.signal = Number.NaN;
      this.histogram = Number.NaN;
    }
    return this.line;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.sig.reset();
    this.line = this.signal = this.histogram = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'macd',
      fast: this.fastPeriod,
      slow: this.slowPeriod,
      signal: this.signalPeriod,
      fastEma: this.fast.save(),
      slowEma: this.slow.save(),
      signalEma: this.sig.save(),
      line: encodeNumber(this.line),
      signalValue: encodeNumber(this.signal),
      histogram: encodeNumber(this.histogram),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'macd', { fast: this.fastPeriod, slow: this.slowPeriod, signal: this.signalPeriod });
    const line = r.number('line');
    const signal = r.number('signalValue');
    const histogram = r.number('histogram');
    if (r.error !== null) return r.failure();
    // Into fresh EMAs first, swapped in only when all three load: a refused state changes nothing.
    const fast = new Ema(this.fastPeriod);
    const slow = new Ema(this.slowPeriod);
    const sig = new Ema(this.signalPeriod);
    for (const [ema, key] of [[fast, 'fastEma'], [slow, 'slowEma'], [sig, 'signalEma']] as const) {
      const loaded = ema.load(r.field(key));
      if (!loaded.ok) return loaded;
    }
    this.fast = fast;
    this.slow = slow;
    this.sig = sig;
    this.line = line;
    this.signal = signal;
    this.histogram = histogram;
    return LOADED;
  }
}
