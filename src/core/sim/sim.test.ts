import { describe, expect, it } from 'vitest';
import { bestLevel } from '../exchange/book';
import { hashString } from '../exchange/snapshot';
import { defaultCatalogue } from '../market/instruments';
import { isBotAccount } from './config';
import { Sim } from './sim';
import type { SimEvent } from './types';

const MIN = 60_000;
// Tuesday 2025-03-04, 09:30 New York (EST, UTC-5): the opening bell.
const OPEN = Date.UTC(2025, 2, 4, 14, 30);

function exchangeOnly() {
  return defaultCatalogue().filter((s) => s.group === 'exchange');
}

function eventLog(sim: Sim): string[] {
  const log: string[] = [];
  sim.setSink((e: SimEvent, ts: number) => log.push(`${ts} ${JSON.stringify(e)}`));
  return log;
}

describe('the sim is deterministic', () => {
  it('same seed and same commands give the same events, every time', () => {
    const run = (seed: number) => {
      const sim = new Sim({ seed, start: OPEN, instruments: exchangeOnly() });
      const log = eventLog(sim);
      sim.step(5 * MIN);
      expect(sim.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 10 })).toMatchObject({ ok: true });
      sim.step(5 * MIN);
      expect(sim.submit('you', { op: 'place', symbol: 'MEME', side: 'buy', type: 'limit', price: 40, qty: 5 })).toMatchObject({ ok: true });
      sim.step(10 * MIN);
      return hashString(log.join('\n'));
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });

  it('replaying recorded inputs into a fresh sim reproduces the events', () => {
    const cfg = { seed: 'class-42', start: OPEN, instruments: exchangeOnly() };
    const a = new Sim(cfg, undefined, { record: true });
    const logA = eventLog(a);
    a.step(90_000);
    expect(a.submit('you', { op: 'place', symbol: 'PUMP', side: 'buy', type: 'market', qty: 3 })).toMatchObject({ ok: true });
    a.step(2 * MIN);
    expect(a.setReference('FUN', 123.45)).toMatchObject({ ok: true });
    a.step(MIN);
    expect(a.setReferences([['MEME', 51.2], ['NOPE', 1], ['YOLO', -1], ['HODL', 20.5]])).toBe(2);
    a.step(MIN);
    a.setSynthetic('FUN');
    a.step(MIN);
    const b = new Sim(cfg);
    const logB = eventLog(b);
    for (const input of a.inputs!) b.replay(JSON.parse(JSON.stringify(input)));
    expect(logB).toEqual(logA);
    expect(a.inputs!.map((i) => i.t)).toEqual(['step', 'cmd', 'step', 'ref', 'step', 'refs', 'step', 'synthetic', 'step']);
    // Malformed inputs (from a file) are skipped.
    const c = new Sim(cfg);
    for (const bad of [null, 3, { t: 'step' }, { t: 'refs', prices: [[1, 2]] }, { t: 'nope' }]) c.replay(bad);
    expect(c.now).toBe(cfg.start);
  });
});

describe('a simulated trading day with every bot on every instrument', () => {
  it('keeps books two-sided, open orders bounded and prices on their references', () => {
    const sim = new Sim({ seed: 2025, start: OPEN });
    const trades = new Map<string, number>();
    sim.setSink((e) => {
      if (e.ev === 'trade') trades.set(e.symbol, (trades.get(e.symbol) ?? 0) + 1);
    });
    const markets = [...sim.markets.values()];
    expect(markets.length).toBeGreaterThan(100);
    let maxLive = 0;
    const problems: string[] = [];
    // The session is 6.5 h; sample every 15 minutes, then look after the close.
    for (let t = 0; t < 26; t++) {
      sim.step(15 * MIN);
      maxLive = Math.max(maxLive, sim.ex.live.size);
      for (const m of markets) {
        if (!m.open) continue;
        const bid = bestLevel(m.inst.bids);
        const ask = bestLevel(m.inst.asks);
        if (bid === undefined || ask === undefined) {
          problems.push(`${m.spec.symbol} one-sided at ${t}`);
          continue;
        }
        const ref = m.gbm.ticks;
        // The touch brackets the reference within a few quote steps, and the last trade is near it.
        if (Math.abs(m.inst.last / ref - 1) > 0.01) problems.push(`${m.spec.symbol} last ${m.inst.last} vs ref ${ref}`);
        if (bid.price >= ask.price) problems.push(`${m.spec.symbol} crossed`);
      }
    }
    expect(problems).toEqual([]);
    // Every instrument traded all day (stocks only while open).
    for (const m of markets) expect(trades.get(m.spec.symbol) ?? 0, m.spec.symbol).toBeGreaterThan(100);
    // Bounded: makers hold a fixed ladder, noise orders expire.
    const perMarket = sim.cfg.mm.levels * 2 + sim.cfg.noiseParams.rate * sim.cfg.noiseParams.maxAge;
    expect(maxLive).toBeLessThan(markets.length * perMarket);

    // After 16:00 New York the stocks are closed: no bot quotes, and a person's order is refused clearly.
    const aapl = sim.markets.get('AAPL')!;
    expect(aapl.open).toBe(false);
    expect(bestLevel(aapl.inst.bids)).toBeUndefined();
    const r = sim.submit('you', { op: 'place', symbol: 'AAPL', side: 'buy', type: 'market', qty: 1 });
    expect(r).toMatchObject({ ok: false, code: 'MARKET_CLOSED' });
    expect(!r.ok && r.message).toMatch(/AAPL is closed/);
    // Crypto and the exchange tickers go on.
    expect(sim.markets.get('BTCUSDT')!.open).toBe(true);
  }, 120_000);
});

describe('a person trading', () => {
  function sim() {
    const s = new Sim({ seed: 3, start: OPEN, instruments: exchangeOnly() });
    s.step(2 * MIN);
    return s;
  }
  const cash = (s: Sim) => {
    const usd = s.ex.ledger.findAsset('USD')!;
    const acc = s.ex.ledger.accounts.get('you')!;
    return (acc.avail[usd.index] + acc.resv[usd.index]) / 10 ** usd.dec;
  };

  it('starts with $100,000 and a market buy fills against the bots', () => {
    const s = sim();
    expect(cash(s)).toBe(100_000);
    const r = s.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 10 });
    expect(r).toMatchObject({ ok: true, id: 'you.1' });
    const fun = s.ex.ledger.findAsset('FUN')!;
    expect(s.ex.ledger.accounts.get('you')!.avail[fun.index]).toBe(10 * s.markets.get('FUN')!.inst.lotUnit);
    expect(cash(s)).toBeLessThan(100_000);
  });

  it('refuses commands on bot accounts and unknown symbols', () => {
    const s = sim();
    expect(s.submit('bot:mm:FUN', { op: 'place', symbol: 'FUN', side: 'sell', type: 'market', qty: 1 })).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(s.submit('you', { op: 'place', symbol: 'NOPE', side: 'buy', type: 'market', qty: 1 })).toMatchObject({ ok: false, code: 'UNKNOWN_SYMBOL' });
    expect(isBotAccount('bot:noise:1')).toBe(true);
  });

  it('applies the risk rules with a message a person understands', () => {
    const s = sim();
    expect(s.submit('you', { op: 'setRisk', rules: { maxOrderNotional: 1000, maxOpenOrders: 1 } })).toEqual({ ok: true });
    const big = s.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 50, qty: 100 });
    expect(big).toMatchObject({ ok: false, code: 'RISK_ORDER_NOTIONAL' });
    expect(!big.ok && big.message).toMatch(/\$5,000\.00/);
    expect(s.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 50, qty: 1 })).toMatchObject({ ok: true });
    expect(s.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 50, qty: 1 })).toMatchObject({ ok: false, code: 'RISK_OPEN_ORDERS' });
    expect(s.submit('you', { op: 'setRisk', rules: { maxDrawdownPct: 150 } })).toMatchObject({ ok: false, code: 'INVALID_SETTING' });
  });

  it('deposits, withdraws and resets', () => {
    const s = sim();
    expect(s.submit('you', { op: 'deposit', amount: 5000 })).toEqual({ ok: true });
    expect(cash(s)).toBe(105_000);
    expect(s.submit('you', { op: 'withdraw', amount: 200_000 })).toMatchObject({ ok: false, code: 'INSUFFICIENT_FUNDS' });
    expect(s.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 10 })).toMatchObject({ ok: true });
    expect(s.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 10 })).toMatchObject({ ok: true });
    expect(s.submit('you', { op: 'reset' })).toEqual({ ok: true });
    expect(cash(s)).toBe(100_000);
    const acc = s.ex.ledger.accounts.get('you')!;
    expect(acc.resv.every((x) => x === 0)).toBe(true);
    expect([...s.ex.live.values()].some((o) => o.account.id === 'you')).toBe(false);
  });

  it('a live reference continues from the feed price without a jump', () => {
    const s = sim();
    expect(s.setReference('FUN', 150)).toMatchObject({ ok: true });
    expect(s.markets.get('FUN')!.gbm.ticks).toBe(15000);
    s.step(MIN);
    expect(s.markets.get('FUN')!.gbm.ticks).toBe(15000);
    s.setSynthetic('FUN');
    s.step(1000);
    expect(Math.abs(s.markets.get('FUN')!.gbm.ticks / 15000 - 1)).toBeLessThan(0.01);
  });
});

describe('who owns an account', () => {
  it('agentKindOf names each bot account by its agent, and a person has none', () => {
    const sim = new Sim({ seed: 'owners', start: OPEN, instruments: defaultCatalogue().filter((s) => s.symbol === 'FUN' || s.symbol === 'MEME') });
    const kinds = new Map<string, string | undefined>();
    for (const account of sim.ex.ledger.accounts.keys()) kinds.set(account, sim.agentKindOf(account));
    expect(kinds.get('you')).toBeUndefined();
    const bots = [...kinds].filter(([a]) => isBotAccount(a));
    expect(bots.length).toBeGreaterThan(2);
    for (const [account, kind] of bots) expect(kind).toBe(account.startsWith('bot:mm:') ? 'maker' : 'noise');
    expect(bots.some(([, k]) => k === 'maker') && bots.some(([, k]) => k === 'noise')).toBe(true);
  });
});
