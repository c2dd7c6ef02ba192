import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EquityHistory } from './equity';

const DAY = 86_400_000;

describe('EquityHistory', () => {
  it('records points, tracks the peak, keeps the newest', () => {
    const h = new EquityHistory();
    expect(h.peak).toBe(0);
    expect(h.latest()).toBeUndefined();
    h.record(1, 100);
    h.record(2, 120);
    h.record(3, 90);
    expect(h.points()).toEqual({ ts: [1, 2, 3], equity: [100, 120, 90] });
    expect(h.peak).toBe(120);
    expect(h.latest()).toEqual([3, 90]);
  });

  it('replaces a point at the same time and ignores one from the past', () => {
    const h = new EquityHistory();
    h.record(10, 100);
    h.record(10, 150);
    h.record(5, 999);
    expect(h.points()).toEqual({ ts: [10], equity: [150] });
    expect(h.peak).toBe(150);
  });

  it('stays within capacity and keeps covering the whole range', () => {
    const h = new EquityHistory({ capacity: 8 });
    for (let i = 0; i < 1000; i++) h.record(i, i);
    const { ts } = h.points();
    expect(h.size).toBeLessThanOrEqual(8 + 1);
    expect(ts[0]).toBe(0);
    expect(ts[ts.length - 1]).toBe(999);
    // Evenly spread: committed gaps are all equal.
    const gaps = ts.slice(1, -1).map((t, i) => t - ts[i]);
    expect(new Set(gaps).size).toBe(1);
  });

  it('day start: the equity the UTC day opened with', () => {
    const h = new EquityHistory();
    h.record(DAY - 1000, 100); // day 0
    expect(h.dayStart(DAY - 1)).toBe(100); // first record of all opens its day
    h.record(DAY + 10, 130); // day 1 opens at day 0's close
    h.record(DAY + 20, 140);
    expect(h.dayStart(DAY + 30)).toBe(100);
    h.record(2 * DAY + 5, 150);
    expect(h.dayStart(2 * DAY + 6)).toBe(140);
    expect(h.dayStart(DAY + 5)).toBe(100); // a past day, from the points
    expect(h.dayStart(5 * DAY)).toBe(150); // a day not reached yet opens at the newest
    expect(new EquityHistory().dayStart(0)).toBeUndefined();
  });

  it('transfers move the peak and the day start so moving cash is not P&L', () => {
    const h = new EquityHistory();
    h.adjustPeak(500); // before any record: nothing to move
    h.record(1, 1000);
    h.transfer(500);
    h.record(2, 1500);
    expect(h.peak).toBe(1500);
    expect(h.dayStart(2)).toBe(1500);
    h.transfer(-1200);
    expect(h.peak).toBe(300);
    h.transfer(-10_000);
    expect(h.peak).toBe(0);
  });

  it('rescales when the cash asset gains decimals', () => {
    const h = new EquityHistory({ dec: 2 });
    h.record(1, 100);
    h.record(2, 200, 3);
    expect(h.points().equity).toEqual([1000, 200]);
    expect(h.peak).toBe(1000);
    expect(h.dayStart(2)).toBe(1000);
    h.setScale(1); // scales never shrink: ignored
    expect(h.points().equity).toEqual([1000, 200]);
  });

  it('state is plain JSON; a restored history carries on exactly like the original (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: DAY }), fc.integer({ min: -1e9, max: 1e9 })), { maxLength: 120 }),
      fc.nat(120),
      (steps, cut) => {
        const a = new EquityHistory({ capacity: 10 });
        let b: EquityHistory | null = null;
        let t = 0;
        steps.forEach(([dt, eq], i) => {
          if (i === cut) b = EquityHistory.restore(JSON.parse(JSON.stringify(a.state())));
          t += dt;
          a.record(t, eq);
          b?.record(t, eq);
        });
        if (b !== null) {
          const r: EquityHistory = b;
          expect(r.points()).toEqual(a.points());
          expect(r.peak).toBe(a.peak);
          expect(r.state()).toEqual(a.state());
        }
        // Invariants: bounded, ordered, first and newest kept, peak is the max.
        const { ts } = a.points();
        expect(a.size).toBeLessThanOrEqual(11);
        for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1]);
        if (steps.length > 0) {
          expect(a.latest()![1]).toBe(steps[steps.length - 1][1]);
          expect(a.peak).toBe(Math.max(...steps.map(([, eq]) => eq)));
        }
      },
    ));
  });
});
