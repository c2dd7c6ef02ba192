import { describe, expect, it } from 'vitest';
import { CandleSeries, type Candle } from '../core/market/candles';
import { drawPast, joinPast, rollUp } from '../core/market/past';
import { createRng } from '../core/market/prng';
import { PastCandles } from './pastCandles';

const MINUTE = 60_000;
const START = Date.UTC(2026, 11, 6, 15, 20, 30);
const oneMinute = drawPast({ end: START, endTicks: 10_000, volatility: 0.5, lotsPerMinute: 50, calendar: '24/7', minutes: 600, rng: createRng(1) });

/** A series of the sim's own, traded once a minute from START at the past's last close. */
function own(tf: '1m' | '1h', minutes: number, capacity = 1500): CandleSeries {
  const s = new CandleSeries(tf, capacity);
  for (let i = 0; i < minutes; i++) s.onTrade(START + i * MINUTE, 10_000 + (i % 3), 2);
  return s;
}

describe('PastCandles', () => {
  const past = new PastCandles();
  past.set('FUN', oneMinute);

  it('joins the past before the sim\'s own candles, the newest `limit` of them, in every read', () => {
    const s = own('1h', 90);
    const all = past.join('FUN', s);
    expect(all).toEqual(joinPast(rollUp(oneMinute, '1h'), s.toArray()));
    for (const limit of [1, 2, 3, 10, 500]) expect(past.join('FUN', s, limit), `limit ${limit}`).toEqual(all.slice(-limit));
    // The hour the sim opened in is one candle: the past's open, the sim's close.
    const opened = all.find((c: Candle) => c.t === Date.UTC(2026, 11, 6, 15))!;
    expect(opened.o).toBe(rollUp(oneMinute, '1h').at(-1)!.o);
    expect(opened.c).toBe(s.toArray()[0].c);
  });

  it('leaves the series alone for a market with no past, and once its ring may have dropped candles after the past', () => {
    const s = own('1m', 20);
    expect(past.join('MEME', s)).toEqual(s.toArray());
    const full = own('1m', 20, 20);
    expect(past.join('FUN', full)).toEqual(full.toArray());
    expect(past.join('FUN', s).length).toBe(600 + 20);
  });

  it('gives the past alone before the sim has traded (a closed market)', () => {
    expect(past.join('FUN', new CandleSeries('1m'), 2)).toEqual(oneMinute.slice(-2));
    expect(past.has('FUN')).toBe(true);
    expect(past.has('MEME')).toBe(false);
  });
});
