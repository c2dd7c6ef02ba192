import { describe, expect, it } from 'vitest';
import { FillRecord } from './fillRecord';
import { ClosedTrades, FillLog } from './records';

describe('ClosedTrades', () => {
  it('reads back every trade as added, past its first capacity, with NaN exits as null', () => {
    const log = new ClosedTrades();
    for (let k = 0; k < 300; k++) {
      log.add(k % 2 === 0 ? 3 + k : -0.5 - k, k, k + 2, 1e12 + k, 1e12 + k + 2, 100 + k / 7, 101 + k / 3, k * 0.25, -k / 1000, 0.1 * k,
        k % 3 === 0 ? Number.NaN : 90 + k, k % 5 === 0 ? 120 + k : Number.NaN, `in ${k}`, `out ${k}`);
    }
    expect(log.length).toBe(300);
    const list = log.list();
    expect(list).toHaveLength(300);
    const k = 299;
    expect(list[k]).toEqual({
      size: -0.5 - k, entryBar: k, exitBar: k + 2, entryTime: 1e12 + k, exitTime: 1e12 + k + 2, entryPrice: 100 + k / 7, exitPrice: 101 + k / 3,
      pnl: k * 0.25, returnPct: -k / 1000, commission: 0.1 * k, sl: 90 + k, tp: null, entryReason: `in ${k}`, exitReason: `out ${k}`,
    });
    expect(list[0].sl).toBeNull();
    expect(list[0].tp).toBe(120);
    expect(list[0].size).toBe(3);
  });

  it('hands out the same objects on every read, and only makes the new ones', () => {
    const log = new ClosedTrades();
    log.add(1, 0, 1, 0, 1, 10, 11, 1, 0.1, 0, Number.NaN, Number.NaN, 'a', 'b');
    const first = log.list();
    const t0 = first[0];
    log.add(-1, 1, 2, 1, 2, 11, 10, 1, 0.09, 0, Number.NaN, Number.NaN, 'c', 'd');
    const second = log.list();
    expect(second).toBe(first);
    expect(second[0]).toBe(t0);
    expect(second[1].entryReason).toBe('c');
  });
});

describe('FillLog', () => {
  it('makes records equal to the ones added, in order, past its first capacity', () => {
    const log = new FillLog();
    const added: FillRecord[] = [];
    for (let k = 0; k < 500; k++) {
      const f = new FillRecord(`B${k}`, k % 2 === 0 ? 'buy' : 'sell', 1 + k / 3, 100 - k / 9, k / 100, 1e12 + 60_000 * k, `why ${k}`, 1e12 + 60_000 * (k - 1));
      added.push(f);
      log.add(f);
    }
    expect(log.length).toBe(500);
    const out = log.records();
    expect(out).toEqual(added);
    expect(out[7]).toBeInstanceOf(FillRecord);
    expect(out[7]).not.toBe(added[7]);
    expect(out[7].kind).toBe('fill');
  });
});

describe('records across their chunks (1,024 a chunk)', () => {
  it('reads every trade back by number and as objects, on both sides of each chunk boundary', () => {
    const log = new ClosedTrades();
    const n = 2 * 1024 + 3;
    for (let k = 0; k < n; k++) {
      log.add(k + 1, k, k + 5, 1e12 + k, 1e12 + k + 5, 100 + k, 99 + k, -k / 3, k / 7, k / 11, Number.NaN, 200 + k, `in ${k}`, `out ${k}`);
    }
    expect(log.length).toBe(n);
    const list = log.list();
    for (const k of [0, 1023, 1024, 1025, 2047, 2048, n - 1]) {
      expect([log.entryBar(k), log.exitBar(k), log.entryTime(k), log.exitTime(k), log.pnl(k), log.returnPct(k), log.commission(k)])
        .toEqual([k, k + 5, 1e12 + k, 1e12 + k + 5, -k / 3, k / 7, k / 11]);
      expect(list[k]).toMatchObject({ size: k + 1, entryPrice: 100 + k, exitPrice: 99 + k, sl: null, tp: 200 + k, entryReason: `in ${k}`, exitReason: `out ${k}` });
    }
  });

  it('makes every fill back, in order, across chunks, ids whole or numbered', () => {
    const log = new FillLog();
    const n = 3 * 1024 + 1;
    for (let k = 0; k < n; k++) {
      if (k % 2 === 0) log.addNumberedFill('B', k, 'buy', k + 1, 50 + k, k / 4, 1e12 + k, `why ${k}`, 1e12 + k - 1);
      else log.addFill(`close:${k}`, 'sell', k + 1, 50 + k, k / 4, 1e12 + k, `why ${k}`, 1e12 + k - 1);
    }
    const out = log.records();
    expect(out).toHaveLength(n);
    for (const k of [0, 1, 1023, 1024, 2047, 2048, 3071, 3072]) {
      expect(out[k]).toEqual(new FillRecord(k % 2 === 0 ? `B${k}` : `close:${k}`, k % 2 === 0 ? 'buy' : 'sell', k + 1, 50 + k, k / 4, 1e12 + k, `why ${k}`, 1e12 + k - 1));
    }
  });
});
