import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../strategy/registry';
import { googColumns } from './backtest.testkit';
import { barsBetween } from './columns';
import { runBacktest } from './engine';
import { bestOf, gridSets, runSweep } from './sweep';
import { stitch, walkForward, type WalkForwardOptions } from './walkForward';

const sma = builtinStrategy('sma-cross')!;
const goog = googColumns();
const opts: WalkForwardOptions = {
  inSampleBars: 500,
  outOfSampleBars: 250,
  ranges: { fast: { from: 5, to: 15, step: 5 }, slow: { from: 20, to: 40, step: 10 } },
  fixed: { short: true },
  statKey: 'sqn',
};

describe('stitch', () => {
  it('by hand: each piece continues from where the last one ended, compounding its growth', () => {
    const t = (...xs: number[]) => Float64Array.from(xs);
    const c = stitch(100, [
      { time: t(1, 2), equity: t(100, 110), from: 0 },
      { time: t(3, 4, 5), equity: t(100, 90, 120), from: 0 },
      // From bar 2: growth over the bar before it (105): 120 / 105 and 126 / 105.
      { time: t(9, 10, 11, 12), equity: t(100, 105, 120, 126), from: 2 },
    ]);
    expect([...c.time]).toEqual([1, 2, 3, 4, 5, 11, 12]);
    const e = [100, 110, 110, 99, 132, 132 * (120 / 105), 132 * (126 / 105)];
    e.forEach((v, i) => expect(c.equity[i]).toBeCloseTo(v, 9));
  });

  it('a piece that starts from nothing stays flat where the curve was', () => {
    const c = stitch(100, [{ time: Float64Array.of(1, 2), equity: Float64Array.of(120, 80), from: 0 }, { time: Float64Array.of(3, 4), equity: Float64Array.of(0, 0), from: 1 }]);
    expect([...c.equity]).toEqual([120, 80, 80]);
  });
});

describe('walkForward on GOOG', () => {
  const r = walkForward(sma, goog, opts);
  if (!r.ok) throw new Error(r.message);
  const wf = r.result;

  it('rolls 500 bars in, 250 out, by 250: seven windows, the last test cut short by the end of the data', () => {
    // Windows start at 0, 250, …, 1500 (1750 + 500 + 2 > 2,148 bars); the last test is bars 2000..2147.
    expect(wf.windows.map((w) => [w.inSample.fromBar, w.inSample.toBar, w.outOfSample.fromBar, w.outOfSample.toBar])).toEqual([
      [0, 500, 500, 750], [250, 750, 750, 1000], [500, 1000, 1000, 1250], [750, 1250, 1250, 1500],
      [1000, 1500, 1500, 1750], [1250, 1750, 1750, 2000], [1500, 2000, 2000, 2148],
    ]);
    expect(wf.windows[0].outOfSample.start).toBe(goog.time[500]);
    expect(wf.windows[6].outOfSample.end).toBe(goog.time[2147]);
    // 3 × 3 sets, none refused (fast ≤ 15 < 20 ≤ slow); each window: the sweep, the winner again, the test.
    expect([wf.sets, wf.skipped, wf.runs]).toEqual([9, 0, 7 * 11]);
  });

  it('each window picks the in-sample sweep winner and tests exactly that set on the bars after, warmed by the window', () => {
    const grid = gridSets(sma, opts.ranges, opts.fixed);
    if (!grid.ok) throw new Error(grid.message);
    for (const w of wf.windows) {
      const swept = runSweep(sma, grid.sets, barsBetween(goog, w.inSample.fromBar, w.inSample.toBar));
      if (!swept.ok) throw new Error(swept.message);
      const best = bestOf(swept.rows, 'sqn')!;
      expect({ ...w.params }).toEqual({ ...best.params });
      expect(w.inSampleStats).toEqual(best.stats);
      // The test's indicators are fed the in-sample bars first; it trades, and is measured, on its own bars only.
      const test = runBacktest(sma, w.params, barsBetween(goog, w.inSample.fromBar, w.outOfSample.toBar), undefined, { tradeFrom: w.inSample.toBar - w.inSample.fromBar });
      expect(test.ok && w.outOfSampleStats).toEqual(test.ok && test.result.stats);
      expect(w.outOfSampleStats.start).toBe(goog.time[w.outOfSample.fromBar]);
    }
  });

  it('the stitched out-of-sample equity covers every tested bar once and compounds the tests', () => {
    expect(wf.outOfSample.time).toEqual(goog.time.slice(500));
    const growth = wf.windows.reduce((g, w) => g * (w.outOfSampleStats.equityFinal / 10_000), 1);
    expect(wf.outOfSample.equity.at(-1)! / 10_000).toBeCloseTo(growth, 9);
    // In-sample: the first window whole, then each later one's last 250 bars: bars 0..1999, each once, in order.
    expect(wf.inSample.time).toEqual(goog.time.slice(0, 2000));
    expect(wf.inSample.equity[499]).toBeCloseTo(wf.windows[0].inSampleStats.equityFinal, 6);
  });

  it('is reproducible, reports progress up to its run count, and stops on cancel', () => {
    const again = walkForward(sma, goog, opts);
    expect(again.ok && again.result).toEqual(wf);
    let last = 0;
    let total = 0;
    const p = walkForward(sma, barsBetween(goog, 0, 1000), { ...opts, control: { onProgress: (d, t) => ((last = d), (total = t)) } });
    expect(p.ok && p.result.runs).toBe(total);
    expect(last).toBe(total);
    let calls = 0;
    const c = walkForward(sma, goog, { ...opts, control: { cancelled: () => ++calls > 5 } });
    expect(!c.ok && c.code).toBe('CANCELLED');
  });

  it('a random sample of sets is the same for every window, and seeded', () => {
    const a = walkForward(sma, barsBetween(goog, 0, 1200), { ...opts, random: { n: 4, seed: 3 } });
    const b = walkForward(sma, barsBetween(goog, 0, 1200), { ...opts, random: { n: 4, seed: 3 } });
    expect(a.ok && a.result.sets).toBe(4);
    expect(a.ok && b.ok && a.result.windows.map((w) => ({ ...w.params }))).toEqual(b.ok && b.result.windows.map((w) => ({ ...w.params })));
  });

  it('refuses windows that cannot be run, with a reason', () => {
    expect(walkForward(sma, goog, { ...opts, inSampleBars: 1 })).toMatchObject({ ok: false, message: expect.stringMatching(/in-sample window .* at least 2/) as string });
    expect(walkForward(sma, goog, { ...opts, outOfSampleBars: 2.5 })).toMatchObject({ ok: false, message: expect.stringMatching(/out-of-sample window/) as string });
    expect(walkForward(sma, barsBetween(goog, 0, 400), opts)).toMatchObject({ ok: false, message: expect.stringMatching(/needs at least 502 bars .* the data has 400/) as string });
    expect(walkForward(sma, goog, { ...opts, fixed: { slow: 10 }, ranges: { fast: { from: 10, to: 20, step: 5 } } })).toMatchObject({
      ok: false, message: expect.stringMatching(/^Every parameter set was refused: The fast average/) as string,
    });
  });
});
