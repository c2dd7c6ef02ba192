import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createEngineClient } from './engineClient';
import { fakeEngine, fill, frame, instrument, order } from './fakeEngine.testkit';
import { MAX_FILLS } from './orders';

/** A client in its own reactive root, started against a fake; the history fetch is held until the test answers it. */
function setUp(symbols = ['FUN', 'MEME']) {
  const fake = fakeEngine(symbols.map(instrument));
  return createRoot((dispose) => {
    const client = createEngineClient(fake);
    const started = client.start();
    return { fake, client, started, dispose };
  });
}

describe('createEngineClient', () => {
  it('starts nothing until start(): no call reaches the engine on creation', () => {
    const fake = fakeEngine([instrument('FUN')]);
    let calls = 0;
    const counted = { ...fake, instruments: () => (calls++, fake.instruments()) };
    createRoot((dispose) => {
      const client = createEngineClient(counted);
      expect(calls).toBe(0);
      expect(client.frame()).toBeNull();
      expect(client.market.instruments()).toEqual([]);
      dispose();
    });
  });

  it('looks instruments up by symbol and reads their ticker from the latest frame', async () => {
    const { fake, client, started, dispose } = setUp();
    await fake.subscribed;
    expect(client.market.info('MEME')?.symbol).toBe('MEME');
    expect(client.market.info('NOPE')).toBeUndefined();
    expect(client.market.ticker('MEME')).toBeUndefined(); // no frame yet
    fake.push(frame({ instruments: 2 }));
    const t = client.market.ticker('MEME')!;
    expect([t.last, t.bid, t.ask, t.open]).toEqual([20, 20 - 0.01, 20 + 0.01, true]);
    expect([...t.spark]).toEqual([2, 3]); // MEME's own two points, not FUN's
    expect(client.market.ticker('NOPE')).toBeUndefined();
    fake.answerHistory([], []);
    await started;
    dispose();
  });

  it('keeps the newer version of an order when a frame arrives before the initial orders fetch', async () => {
    const { fake, client, started, dispose } = setUp();
    await fake.subscribed;
    fake.push(frame({ orders: [order('a', 20, 'filled'), order('b', 5)] }));
    fake.answerHistory([order('a', 10), order('b', 8, 'cancelled'), order('c', 3)], []);
    await started;
    const o = client.trading.orders;
    expect(Object.keys(o).sort()).toEqual(['a', 'b', 'c']);
    expect([o.a.status, o.a.updatedAt]).toEqual(['filled', 20]); // the frame's was newer: kept
    expect([o.b.status, o.b.updatedAt]).toEqual(['cancelled', 8]); // the fetched one was newer: taken
    expect(o.c.updatedAt).toBe(3);
    // After the start, frames always win: they are the newest news.
    fake.push(frame({ n: 2, orders: [order('c', 4, 'filled')] }));
    expect(o.c.status).toBe('filled');
    dispose();
  });

  it('puts fetched fills first and drops the live ones already among them', async () => {
    const { fake, client, started, dispose } = setUp();
    await fake.subscribed;
    fake.push(frame({ fills: [fill(2, 'a'), fill(3, 'a')] }));
    // The same trade filling two of the person's orders (self-match aside) is two fills: kept apart by order id.
    fake.answerHistory([], [fill(1, 'a'), fill(2, 'a'), fill(2, 'b')]);
    await started;
    expect(client.trading.fills().map((f) => `${f.seq}:${f.orderId}`)).toEqual(['1:a', '2:a', '2:b', '3:a']);
    expect(client.trading.fillCount()).toBe(2); // what frames brought, not the history
    fake.push(frame({ n: 2, fills: [fill(4, 'a')] }));
    expect(client.trading.fillCount()).toBe(3);
    expect(client.trading.fills().at(-1)?.seq).toBe(4);
    dispose();
  });

  it(`keeps at most MAX_FILLS (${MAX_FILLS}) fills, the newest`, async () => {
    const { fake, client, started, dispose } = setUp();
    await fake.subscribed;
    const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => fill(from + i, 'a'));
    fake.push(frame({ fills: many(MAX_FILLS, 20) }));
    fake.answerHistory([], many(0, MAX_FILLS));
    await started;
    let fills = client.trading.fills();
    expect(fills.length).toBe(MAX_FILLS);
    expect(fills.at(-1)?.seq).toBe(MAX_FILLS + 19);
    expect(fills[0].seq).toBe(20);
    fake.push(frame({ n: 2, fills: many(MAX_FILLS + 20, 5) }));
    fills = client.trading.fills();
    expect(fills.length).toBe(MAX_FILLS);
    expect([fills[0].seq, fills.at(-1)?.seq]).toEqual([25, MAX_FILLS + 24]);
    expect(client.trading.fillCount()).toBe(25);
    dispose();
  });

  it('keeps one notice per code, the newest last, until dismissed', async () => {
    const { fake, client, started, dispose } = setUp();
    await fake.subscribed;
    fake.push(frame({ notices: [{ code: 'QUOTA', message: 'full' }, { code: 'FEED', message: 'down' }] }));
    fake.push(frame({ n: 2 })); // no news keeps the notices
    fake.push(frame({ n: 3, notices: [{ code: 'QUOTA', message: 'still full' }] }));
    expect(client.notices.notices()).toEqual([{ code: 'FEED', message: 'down' }, { code: 'QUOTA', message: 'still full' }]);
    client.notices.dismiss('FEED');
    expect(client.notices.notices()).toEqual([{ code: 'QUOTA', message: 'still full' }]);
    client.notices.dismiss('NOT-THERE');
    expect(client.notices.notices().length).toBe(1);
    fake.answerHistory([], []);
    await started;
    dispose();
  });

  it('merges sessions across frames, which carry only the ones that changed', async () => {
    const { fake, client, started, dispose } = setUp();
    await fake.subscribed;
    fake.push(frame({ sessions: { FUN: { open: true, reason: '', nextChange: 0 }, MEME: { open: true, reason: '', nextChange: 0 } } }));
    fake.push(frame({ n: 2, sessions: { MEME: { open: false, reason: 'closed', nextChange: 9 } } }));
    expect(client.market.sessions.FUN.open).toBe(true);
    expect({ ...client.market.sessions.MEME }).toEqual({ open: false, reason: 'closed', nextChange: 9 });
    expect(client.frame()?.n).toBe(2);
    fake.answerHistory([], []);
    await started;
    dispose();
  });

  it('refuses a second start (the worker keeps one subscriber; history would merge twice)', async () => {
    const { fake, client, started, dispose } = setUp();
    await expect(client.start()).rejects.toThrow(/already started/);
    fake.answerHistory([], []);
    await started;
    dispose();
  });

  it('keeps two clients apart: a backtest engine beside the live one', async () => {
    const live = setUp(['FUN']);
    const backtest = setUp(['GOOG', 'FUN']);
    await Promise.all([live.fake.subscribed, backtest.fake.subscribed]);
    backtest.fake.push(frame({ instruments: 2, fills: [fill(1, 'x')], orders: [order('x', 1)], notices: [{ code: 'BT', message: 'b' }] }));
    expect(live.client.frame()).toBeNull();
    expect(live.client.trading.fills()).toEqual([]);
    expect('x' in live.client.trading.orders).toBe(false);
    expect(live.client.notices.notices()).toEqual([]);
    expect(backtest.client.market.ticker('FUN')?.last).toBe(20); // FUN is second in the backtest's list
    expect(live.client.market.info('GOOG')).toBeUndefined();
    live.fake.answerHistory([], []);
    backtest.fake.answerHistory([], []);
    await Promise.all([live.started, backtest.started]);
    live.dispose();
    backtest.dispose();
  });
});

describe('createEngineClient: tickers', () => {
  it('keeps a sparkline as it was while its closes stay the same (NaN too), and takes the new one when they change', async () => {
    const { fake, client, started, dispose } = setUp();
    await fake.subscribed;
    const f1 = frame({ instruments: 2 });
    f1.tickers.spark[0] = NaN; // FUN has not traded at its first point: NaN must still equal NaN
    fake.push(f1);
    const first = client.market.ticker('FUN')!.spark;
    const f2 = frame({ n: 2, instruments: 2 });
    f2.tickers.spark[0] = NaN;
    f2.tickers.last[0] = 11;
    fake.push(f2);
    expect(client.market.ticker('FUN')!.spark).toBe(first); // same closes: the same array, nothing to redraw
    expect(client.market.ticker('FUN')!.last).toBe(11); // the number that moved did move
    const f3 = frame({ n: 3, instruments: 2 });
    fake.push(f3); // FUN's first close is now 0, not NaN
    const third = client.market.ticker('FUN')!.spark;
    expect(third).not.toBe(first);
    expect([...third]).toEqual([0, 1]);
    // A copy, not a view into the frame's buffer (which would keep every frame's whole array alive).
    expect(third.buffer).not.toBe(f3.tickers.spark.buffer);
    fake.answerHistory([], []);
    await started;
    dispose();
  });
});

describe('createEngineClient: frames batched by a schedule', () => {
  it('applies the frames that arrived before a run together, the last one as the frame, every fill kept', async () => {
    const fake = fakeEngine(['FUN'].map(instrument));
    const runs: (() => void)[] = [];
    await createRoot(async (dispose) => {
      const client = createEngineClient(fake, { schedule: (run) => runs.push(run) });
      const started = client.start();
      await fake.subscribed;
      fake.push(frame({ n: 1, instruments: 1, fills: [fill(1, 'a')] }));
      fake.push(frame({ n: 2, instruments: 1, fills: [fill(2, 'a')] }));
      expect(client.frame()).toBeNull(); // not before the paint
      expect(runs.length).toBe(1);
      runs[0]();
      expect(client.frame()?.n).toBe(2);
      expect(client.trading.fillCount()).toBe(2);
      fake.answerHistory([], []);
      await started;
      dispose();
    });
  });

  it('applies queued frames before the history merge, so an order fetched newer is not overwritten by an older queued frame', async () => {
    const fake = fakeEngine(['FUN'].map(instrument));
    await createRoot(async (dispose) => {
      // A paint that never comes: only the client's own flush can apply the queued frame.
      const client = createEngineClient(fake, { schedule: () => {} });
      const started = client.start();
      await fake.subscribed;
      fake.push(frame({ orders: [order('a', 10)], fills: [fill(2, 'a')] }));
      fake.answerHistory([order('a', 20, 'filled')], [fill(1, 'a'), fill(2, 'a')]);
      await started;
      expect([client.trading.orders.a.status, client.trading.orders.a.updatedAt]).toEqual(['filled', 20]);
      expect(client.trading.fills().map((f) => f.seq)).toEqual([1, 2]); // the queued fill was among the fetched ones
      expect(client.frame()?.n).toBe(1);
      dispose();
    });
  });

  it('reloads for a replaced market as the frame arrives, without waiting for the paint', async () => {
    const fake = fakeEngine([instrument('FUN')]);
    let replaced = 0;
    await createRoot(async (dispose) => {
      const client = createEngineClient(fake, { onReplaced: () => replaced++, schedule: () => {} });
      const started = client.start();
      await fake.subscribed;
      fake.push({ ...frame({ instruments: 1 }), epoch: 2 });
      fake.push({ ...frame({ instruments: 1 }), epoch: 3 });
      expect(replaced).toBe(1);
      void started;
      dispose();
    });
  });
});

describe('createEngineClient: a backup replaced the market', () => {
  it('calls onReplaced when the frames’ epoch changes, never for the first frame, the same epoch or frames without one', async () => {
    const fake = fakeEngine([instrument('FUN')]);
    let replaced = 0;
    await createRoot(async (dispose) => {
      const client = createEngineClient(fake, { onReplaced: () => replaced++ });
      const started = client.start();
      await fake.subscribed;
      fake.push(frame({ instruments: 1 }));
      fake.push({ ...frame({ instruments: 1 }), epoch: 2 });
      fake.push({ ...frame({ instruments: 1 }), epoch: 2 });
      expect(replaced).toBe(0);
      fake.push({ ...frame({ instruments: 1 }), epoch: 3 });
      expect(replaced).toBe(1);
      void started;
      dispose();
    });
  });
});
