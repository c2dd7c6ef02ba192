import { describe, expect, it } from 'vitest';
import { findInstrument } from '../market/instruments';
import type { SimConfig } from './config';
import { Sim } from './sim';
import { restoreSim, simStateHash, snapshotSim } from './snapshot';
import type { UserCommand } from './types';

const START = Date.UTC(2025, 0, 6);
const config = (): SimConfig => ({ seed: 7, start: START, instruments: ['FUN', 'MEME'].map((s) => findInstrument(s)!) });
const cash = (sim: Sim, account: string): number => {
  const acc = sim.ex.ledger.accounts.get(account);
  const usd = sim.ex.ledger.findAsset('USD')!;
  return acc === undefined ? 0 : (acc.avail[usd.index] + acc.resv[usd.index]) / 10 ** usd.dec;
};
const held = (sim: Sim, account: string, asset: string): number => {
  const acc = sim.ex.ledger.accounts.get(account);
  const a = sim.ex.ledger.findAsset(asset)!;
  return acc === undefined ? 0 : (acc.avail[a.index] + acc.resv[a.index]) / 10 ** a.dec;
};

/** A command the test needs done: a refusal is a failure of the test. */
function must(r: { ok: boolean; message?: string }): void {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
}

const smaStart: UserCommand = { op: 'strategyStart', strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', params: { fast: 3, slow: 8, short: true }, budget: 10_000 };
const rsiStart: UserCommand = { op: 'strategyStart', strategy: 'rsi-momentum', symbol: 'MEME', timeframe: '1m', params: { period: 5, oversold: 40, overbought: 60 }, budget: 5_000 };

describe('starting a strategy', () => {
  it('moves its budget into its own account, gives it the next id, and makes it an agent of kind strategy', () => {
    const sim = new Sim(config());
    expect(sim.submit('you', smaStart)).toEqual({ ok: true, id: 'S1' });
    expect(sim.submit('you', rsiStart)).toEqual({ ok: true, id: 'S2' });
    expect(cash(sim, 'you')).toBe(85_000);
    expect(cash(sim, 'strat:S1')).toBe(10_000);
    expect(sim.agentKindOf('strat:S1')).toBe('strategy');
    expect(sim.agentKindOf('you')).toBeUndefined();
    const [v] = sim.strategies();
    expect(v).toMatchObject({
      id: 'S1', strategy: 'sma-cross', title: 'Moving-average crossover', symbol: 'FUN', timeframe: '1m', params: { fast: 3, slow: 8, short: true },
      status: 'running', account: 'strat:S1', owner: 'you', budget: 10_000, cash: 10_000, equity: 10_000, pnl: 0, trades: 0, fees: 0, startedAt: START,
    });
  });

  it('refuses bad commands with a clear message and changes nothing', () => {
    const sim = new Sim(config(), undefined, { record: true });
    sim.step(60_000);
    const before = simStateHash(sim);
    const refused = (cmd: unknown, account = 'you'): string => {
      const r = sim.submit(account, cmd as UserCommand);
      return r.ok ? 'accepted' : `${r.code}: ${r.message}`;
    };
    expect(refused({ ...smaStart, strategy: 'moon' })).toBe('UNKNOWN_STRATEGY: Unknown strategy "moon".');
    expect(refused({ ...smaStart, symbol: 'NOPE' })).toBe('UNKNOWN_SYMBOL: Unknown symbol "NOPE".');
    expect(refused({ ...smaStart, timeframe: '2m' })).toMatch(/^INVALID_SETTING: timeframe must be one of 1s, 1m/);
    expect(refused({ ...smaStart, params: { fast: 1 } })).toBe('INVALID_SETTING: fast must be a whole number from 2 to 200 (got 1).');
    expect(refused({ ...smaStart, params: { fast: 30, slow: 20 } })).toBe('INVALID_SETTING: The fast average must be shorter than the slow one (fast 30, slow 20).');
    expect(refused({ ...smaStart, params: { speed: 3 } })).toMatch(/^INVALID_SETTING: Unknown parameter "speed"/);
    expect(refused({ ...smaStart, budget: -5 })).toBe('INVALID_AMOUNT: The budget must be an amount above 0.');
    expect(refused({ ...smaStart, budget: 1e9 })).toMatch(/^INSUFFICIENT_FUNDS: A budget of \$1,000,000,000\.00 cannot come from you: Only \$[\d,]+\.\d\d available to withdraw\./);
    expect(refused({ op: 'strategyPause', id: 'S1' })).toBe('UNKNOWN_STRATEGY: No strategy "S1".');
    expect(refused({ op: 'strategyStop', id: { toString: 1 } })).toBe('UNKNOWN_STRATEGY: No strategy {"toString":1}.');
    expect(refused({ op: 'deposit', amount: 5 }, 'strat:S1')).toMatch(/^NOT_OWNER: strat:S1 is a strategy's account/);
    expect(simStateHash(sim)).toBe(before);
    expect(sim.strategies()).toEqual([]);
    // Recorded like every command: a replay refuses them again, the same way.
    const replay = new Sim(config());
    for (const input of sim.inputs!) replay.replay(input);
    expect(simStateHash(replay)).toBe(before);
  });

  it('refuses a budget that cannot buy one lot at today’s price, saying how much it takes', () => {
    const sim = new Sim(config());
    const before = simStateHash(sim);
    const r = sim.submit('you', { ...smaStart, budget: 0.001 });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_AMOUNT', message: expect.stringMatching(/^A budget of \$\d+\.\d\d cannot buy one lot of FUN \(about \$[\d,]+\.\d\d now\)/) });
    expect(simStateHash(sim)).toBe(before);
    expect(sim.submit('you', { ...smaStart, budget: 500 }).ok).toBe(true);
  });

  it('keeps people off a strategy account and other people off a strategy', () => {
    const sim = new Sim({ ...config(), users: ['you', 'ann'] });
    expect(sim.submit('you', smaStart).ok).toBe(true);
    const place: UserCommand = { op: 'place', symbol: 'FUN', side: 'sell', type: 'market', qty: 1 };
    expect(sim.submit('strat:S1', place)).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(sim.submit('ann', { op: 'strategyStop', id: 'S1' })).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(sim.submit('ann', { op: 'strategyFail', id: 'S1', message: 'x' })).toMatchObject({ ok: false, code: 'NOT_OWNER' });
  });
});

describe('a running strategy', () => {
  it('trades, pauses, resumes, changes parameters from the next bar, and on stop gives everything back', () => {
    const sim = new Sim(config());
    must(sim.submit('you', smaStart));
    for (let i = 0; i < 90; i++) sim.step(60_000);
    let v = sim.strategies()[0];
    expect(v.trades).toBeGreaterThan(0);
    expect(v.fees).toBeGreaterThan(0);
    expect(v.lastRefusal).toMatch(/short selling needs a margin account, and this market is spot only/);
    const d = sim.strategyDetail('S1')!;
    expect(d.equity.t.length).toBeGreaterThan(80);
    expect(d.overlays.map((o) => o.name)).toEqual(['SMA(3)', 'SMA(8)']);
    expect(d.markers.some((m) => m.kind === 'fill' && m.reason === 'fast SMA crossed above slow')).toBe(true);
    expect(sim.strategyDetail('S9')).toBeNull();

    expect(sim.submit('you', { op: 'strategyPause', id: 'S1' })).toEqual({ ok: true, id: 'S1' });
    expect(sim.strategies()[0].status).toBe('paused');
    expect(sim.submit('you', { op: 'strategyPause', id: 'S1' }).ok).toBe(false);
    const trades = sim.strategies()[0].trades;
    for (let i = 0; i < 30; i++) sim.step(60_000);
    expect(sim.strategies()[0].trades).toBe(trades);
    expect(sim.submit('you', { op: 'strategyResume', id: 'S1' }).ok).toBe(true);
    expect(sim.submit('you', { op: 'strategyParams', id: 'S1', params: { fast: 2, slow: 3 } }).ok).toBe(true);
    expect(sim.strategies()[0].params).toEqual({ fast: 2, slow: 3, short: false });
    expect(sim.submit('you', { op: 'strategyParams', id: 'S1', params: { slow: 1 } }).ok).toBe(false);
    for (let i = 0; i < 30; i++) sim.step(60_000);
    expect(sim.strategyDetail('S1')!.overlays.map((o) => o.name)).toContain('SMA(2)');

    const youBefore = cash(sim, 'you');
    const funBefore = held(sim, 'you', 'FUN');
    const stratCash = cash(sim, 'strat:S1');
    const stratFun = held(sim, 'strat:S1', 'FUN');
    v = sim.strategies()[0];
    expect(sim.submit('you', { op: 'strategyStop', id: 'S1' })).toEqual({ ok: true, id: 'S1' });
    expect(cash(sim, 'strat:S1')).toBe(0);
    expect(held(sim, 'strat:S1', 'FUN')).toBe(0);
    expect(cash(sim, 'you')).toBeCloseTo(youBefore + stratCash, 6);
    expect(held(sim, 'you', 'FUN')).toBeCloseTo(funBefore + stratFun, 6);
    const stopped = sim.strategies()[0];
    expect(stopped).toMatchObject({ status: 'stopped', equity: v.equity, trades: v.trades });
    expect(sim.submit('you', { op: 'strategyStop', id: 'S1' }).ok).toBe(false);
    for (let i = 0; i < 5; i++) sim.step(60_000);
    expect(sim.strategies()[0].trades).toBe(stopped.trades);
  });

  it('user code: bars go to the outbox; its orders come back as the strategy account’s commands; a failure stops it', () => {
    const sim = new Sim(config(), undefined, { record: true });
    expect(sim.submit('you', { op: 'strategyStart', strategy: 'user:my idea', symbol: 'FUN', timeframe: '1m', params: { n: 3 }, budget: 2_000 })).toEqual({ ok: true, id: 'S1' });
    for (let i = 0; i < 3; i++) sim.step(60_000);
    const bars = sim.drainStrategyBars();
    expect(bars.length).toBe(3);
    expect(bars[0]).toMatchObject({ id: 'S1', symbol: 'FUN', cash: 2_000, equity: 2_000, position: { units: 0 }, openOrders: [], params: { n: 3 } });
    expect(bars[0].bar.close).toBeGreaterThan(0);
    expect(sim.drainStrategyBars()).toEqual([]);
    const buy = sim.submit('strat:S1', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 5 });
    expect(buy.ok).toBe(true);
    const short = sim.submit('strat:S1', { op: 'place', symbol: 'FUN', side: 'sell', type: 'limit', price: 200, qty: 500 });
    expect(short.ok).toBe(false);
    expect(sim.strategies()[0].lastRefusal).toBe(short.ok ? '' : short.message);
    sim.step(60_000);
    const next = sim.drainStrategyBars()[0];
    expect(next.position.units).toBe(5);
    // Its fills since the bar before go with the bar (the sandbox's runner calls onFill with each), once.
    expect(next.fills.every((f) => f.side === 'buy' && f.price > 0 && f.orderId.startsWith('strat:S1.'))).toBe(true);
    expect(next.fills.reduce((n, f) => n + f.units, 0)).toBe(5);
    expect(bars.every((b) => b.fills.length === 0)).toBe(true);
    sim.step(60_000);
    expect(sim.drainStrategyBars()[0].fills).toEqual([]);
    expect(sim.submit('strat:S1', { op: 'strategyFail', id: 'S1', message: 'onBar ran longer than 1 s (an endless loop?)', line: 12 })).toEqual({ ok: true, id: 'S1' });
    expect(sim.strategies()[0]).toMatchObject({ status: 'error', error: { message: 'onBar ran longer than 1 s (an endless loop?)', line: 12 }, external: true });
    expect(sim.submit('strat:S1', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 1 })).toMatchObject({ ok: false });
    sim.step(60_000);
    expect(sim.drainStrategyBars()).toEqual([]);
    // The journal holds everything: a replay recreates it without the code.
    const replay = new Sim(config());
    for (const input of sim.inputs!) replay.replay(input);
    expect(simStateHash(replay)).toBe(simStateHash(sim));
    expect(replay.strategies()).toEqual(sim.strategies());
  });
});

describe('user code’s fills', () => {
  it('wait for its next bar in the snapshot: a restored sim sends the same bar with the same fills', () => {
    const sim = new Sim(config(), undefined, { record: true });
    must(sim.submit('you', { op: 'strategyStart', strategy: 'user:f', symbol: 'FUN', timeframe: '1m', budget: 2_000 }));
    sim.step(60_000);
    sim.drainStrategyBars();
    must(sim.submit('strat:S1', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 3 }));
    sim.step(1_000); // the fill is noted and handed over; no bar closed yet
    expect(sim.drainStrategyBars()).toEqual([]);
    const snap = JSON.parse(JSON.stringify(snapshotSim(sim))) as ReturnType<typeof snapshotSim>;
    const r = restoreSim(config(), snap);
    if (!r.ok) throw new Error(r.message);
    sim.step(60_000);
    r.sim.step(60_000);
    const [a] = sim.drainStrategyBars();
    const [b] = r.sim.drainStrategyBars();
    expect(a.fills.reduce((n, f) => n + f.units, 0)).toBe(3);
    expect(b).toEqual(a);
    expect(simStateHash(r.sim)).toBe(simStateHash(sim));
  });

  it('are not kept while it is paused (a paused built-in calls no onFill either)', () => {
    const sim = new Sim(config());
    must(sim.submit('you', { op: 'strategyStart', strategy: 'user:f', symbol: 'FUN', timeframe: '1m', budget: 2_000 }));
    sim.step(60_000);
    must(sim.submit('strat:S1', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 2 }));
    must(sim.submit('you', { op: 'strategyPause', id: 'S1' }));
    sim.step(60_000);
    must(sim.submit('you', { op: 'strategyResume', id: 'S1' }));
    sim.drainStrategyBars();
    sim.step(60_000);
    expect(sim.drainStrategyBars()[0].fills).toEqual([]);
  });
});

describe('a failing strategy', () => {
  it('stops alone: its orders are cancelled, its card shows the error, the sim and the other strategies go on', () => {
    const sim = new Sim(config());
    must(sim.submit('you', smaStart));
    must(sim.submit('you', rsiStart));
    for (let i = 0; i < 20; i++) sim.step(60_000);
    must(sim.submit('you', { op: 'strategyFail', id: 'S1', message: 'onBar threw TypeError: x is undefined', line: 7 }));
    const frozen = sim.strategies()[0];
    expect(frozen).toMatchObject({ status: 'error', error: { message: 'onBar threw TypeError: x is undefined', line: 7 } });
    expect([...sim.ex.live.values()].some((o) => o.account.id === 'strat:S1')).toBe(false);
    const rsiTrades = sim.strategies()[1].trades;
    for (let i = 0; i < 200; i++) sim.step(60_000);
    expect(sim.strategies()[0].trades).toBe(frozen.trades);
    expect(sim.strategies()[1].status).toBe('running');
    expect(sim.strategies()[1].trades).toBeGreaterThan(rsiTrades);
    expect(sim.submit('you', { op: 'strategyPause', id: 'S1' }).ok).toBe(false);
    expect(sim.submit('you', { op: 'strategyParams', id: 'S1', params: {} }).ok).toBe(false);
    // Stopping it still gives its money back.
    must(sim.submit('you', { op: 'strategyStop', id: 'S1' }));
    expect(cash(sim, 'strat:S1')).toBe(0);
  });

  it('a paused user strategy’s orders are refused until it resumes', () => {
    const sim = new Sim(config());
    must(sim.submit('you', { op: 'strategyStart', strategy: 'user:p', symbol: 'FUN', budget: 1_000 }));
    must(sim.submit('you', { op: 'strategyPause', id: 'S1' }));
    const buy: UserCommand = { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 50, qty: 1 };
    expect(sim.submit('strat:S1', buy)).toMatchObject({ ok: false, message: 'Strategy S1 is paused: its orders are refused.' });
    sim.step(120_000);
    expect(sim.drainStrategyBars()).toEqual([]);
    must(sim.submit('you', { op: 'strategyResume', id: 'S1' }));
    expect(sim.submit('strat:S1', buy).ok).toBe(true);
    must(sim.submit('you', { op: 'strategyParams', id: 'S1', params: { n: 2, on: true, mode: 'a' } }));
    sim.step(60_000);
    expect(sim.drainStrategyBars()[0].params).toEqual({ n: 2, on: true, mode: 'a' });
    expect(sim.submit('you', { op: 'strategyParams', id: 'S1', params: { n: [] as unknown as number } }).ok).toBe(false);
    expect(sim.submit('you', { op: 'strategyStart', strategy: 'user:', symbol: 'FUN', budget: 1 }).ok).toBe(false);
  });
});

describe('determinism', () => {
  /** Two strategies on two markets, with every kind of strategy command on the way. */
  function run(sim: Sim, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (i === 0) {
        must(sim.submit('you', smaStart));
        must(sim.submit('you', rsiStart));
      }
      if (i === 40) must(sim.submit('you', { op: 'strategyPause', id: 'S2' }));
      if (i === 50) must(sim.submit('you', { op: 'strategyResume', id: 'S2' }));
      if (i === 60) must(sim.submit('you', { op: 'strategyParams', id: 'S1', params: { fast: 5, slow: 13 } }));
      if (i === 100) must(sim.submit('you', { op: 'strategyStop', id: 'S2' }));
      sim.step(60_000);
    }
  }

  it('a snapshot taken mid-way and restored goes on to the same state hash as the uninterrupted run; its journal replays to it too', () => {
    const whole = new Sim(config(), undefined, { record: true });
    run(whole, 0, 140);
    const first = new Sim(config());
    run(first, 0, 70);
    const snap = JSON.parse(JSON.stringify(snapshotSim(first))) as unknown;
    const r = restoreSim(config(), snap);
    if (!r.ok) throw new Error(r.message);
    run(r.sim, 70, 140);
    expect(simStateHash(r.sim)).toBe(simStateHash(whole));
    expect(r.sim.strategies()).toEqual(whole.strategies());
    expect(r.sim.strategyDetail('S1')).toEqual(whole.strategyDetail('S1'));
    const replay = new Sim(config());
    for (const input of whole.inputs!) replay.replay(input);
    expect(simStateHash(replay)).toBe(simStateHash(whole));
    expect(whole.strategies()[0].trades).toBeGreaterThan(0);
  });

  it('a snapshot taken after a strategy stopped and another failed restores to itself and goes on alike (a reload after a stop)', () => {
    const after = (sim: Sim, from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        if (i === 145) must(sim.submit('you', { op: 'strategyFail', id: 'S1', message: 'onBar threw TypeError: x is undefined', line: 3 }));
        sim.step(60_000);
      }
    };
    const whole = new Sim(config());
    run(whole, 0, 140);
    after(whole, 140, 160);
    const cut = new Sim(config());
    run(cut, 0, 140);
    after(cut, 140, 150);
    expect(cut.strategies().map((v) => v.status)).toEqual(['error', 'stopped']);
    const r = restoreSim(config(), JSON.parse(JSON.stringify(snapshotSim(cut))) as unknown);
    if (!r.ok) throw new Error(r.message);
    expect(simStateHash(r.sim)).toBe(simStateHash(cut));
    after(r.sim, 150, 160);
    expect(simStateHash(r.sim)).toBe(simStateHash(whole));
  });

  it('two runs from the same seed make the same trades', () => {
    const trades = (): string[] => {
      const out: string[] = [];
      const sim = new Sim(config(), (e) => {
        if (e.ev === 'trade' && (e.buyer.startsWith('strat:') || e.seller.startsWith('strat:'))) out.push(`${e.seq} ${e.buyer} ${e.seller} ${e.price} ${e.qty}`);
      });
      run(sim, 0, 120);
      return out;
    };
    const a = trades();
    expect(a.length).toBeGreaterThan(3);
    expect(trades()).toEqual(a);
  });

  it('a snapshot with a strategy whose state is broken is refused whole', () => {
    const sim = new Sim(config());
    run(sim, 0, 20);
    const snap = JSON.parse(JSON.stringify(snapshotSim(sim))) as { markets: { agents?: Record<string, unknown>[] }[] };
    const entry = snap.markets[0].agents![0];
    (entry.runner as Record<string, unknown>).barIndex = -1;
    const r = restoreSim(config(), snap);
    expect(r.ok ? '' : r.message).toMatch(/runner.barIndex should be a whole number/);
  });
});
