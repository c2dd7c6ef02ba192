import { describe, expect, it } from 'vitest';
import { BUNDLED, bundledHistory, parseDailyCsv } from './bundled';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 1000;

describe('bundled history', () => {
  it("GOOG daily is Google's real 2004–2013 history: 2,148 sessions, first and last as traded", async () => {
    const r = await bundledHistory('GOOG', '1d');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r).toMatchObject({ symbol: 'GOOG', interval: '1d', kind: 'real', first: '2004-08-19', last: '2013-03-01', rows: 2148 });
    const c = r.candles;
    expect(c.t).toBeInstanceOf(Float64Array);
    expect(c.t).toHaveLength(2148);
    // 2004-08-19,100,104.06,95.96,100.34,22351900 — the IPO day.
    expect(c.t[0]).toBe(day('2004-08-19'));
    expect([c.o[0], c.h[0], c.l[0], c.c[0], c.v[0]]).toEqual([100, 104.06, 95.96, 100.34, 22351900]);
    // 2013-03-01,797.8,807.14,796.15,806.19,2175400
    expect(c.t[2147]).toBe(day('2013-03-01'));
    expect([c.o[2147], c.h[2147], c.l[2147], c.c[2147], c.v[2147]]).toEqual([797.8, 807.14, 796.15, 806.19, 2175400]);
    // Trading days only: no weekend session.
    expect([...c.t].every((t) => ![0, 6].includes(new Date(t * 1000).getUTCDay()))).toBe(true);
  });

  it('bundles nothing for crypto (no real data here, nothing made up) nor for other intervals', async () => {
    expect(await bundledHistory('BTCUSDT', '1m')).toMatchObject({ ok: false, reason: 'none', message: expect.stringMatching(/No history is bundled for BTCUSDT 1m/) });
    expect(await bundledHistory('GOOG', '1h')).toMatchObject({ ok: false, reason: 'none' });
    expect(BUNDLED.every((b) => b.kind === 'real')).toBe(true);
  });

  it('reads its CSV strictly', () => {
    const head = 'date,open,high,low,close,volume\n';
    expect(parseDailyCsv(`${head}2004-08-19,100,104.06,95.96,100.34,22351900\n`)).toEqual({
      ok: true, rows: [{ t: day('2004-08-19') * 1000, o: 100, h: 104.06, l: 95.96, c: 100.34, v: 22351900 }],
    });
    expect(parseDailyCsv(',Open,High,Low,Close,Volume\n')).toMatchObject({ ok: false, message: expect.stringMatching(/header/) });
    expect(parseDailyCsv(`${head}2004-02-30,1,1,1,1,1`)).toMatchObject({ ok: false, message: expect.stringMatching(/not a calendar date/) });
    expect(parseDailyCsv(`${head}2004-08-19,1,1,1,1`)).toMatchObject({ ok: false, message: expect.stringMatching(/5 fields/) });
    expect(parseDailyCsv(`${head}2004-08-19,1,1,1,x,1`)).toMatchObject({ ok: false, message: expect.stringMatching(/not a decimal/) });
    expect(parseDailyCsv(`${head}2004-08-19,1,0.5,1,1,1`)).toMatchObject({ ok: false, message: expect.stringMatching(/do not bound/) });
    expect(parseDailyCsv(`${head}2004-08-20,1,1,1,1,1\n2004-08-19,1,1,1,1,1`)).toMatchObject({ ok: false, message: expect.stringMatching(/Line 3: dates do not rise/) });
  });
});
