import { describe, expect, it } from 'vitest';
import { bestLevel, depth } from '../exchange/book';
import { Exchange } from '../exchange/exchange';
import { createRng } from '../market/prng';
import { MarketMaker, DEFAULT_MM } from './marketMaker';
import { NoiseTrader, DEFAULT_NOISE, poisson } from './noiseTrader';
import { exchangeDesk } from './desk';

function market() {
  const ex = new Exchange();
  expect(ex.apply({ op: 'instrument', symbol: 'FUN', base: 'FUN', quote: 'USD', tick: 0.01, lot: 1, takerFeeBps: 5 })).toMatchObject({ ok: true });
  const desk = exchangeDesk(ex);
  const inst = ex.instruments.get('FUN')!;
  return { ex, desk, inst };
}

describe('MarketMaker', () => {
  it('quotes a two-sided ladder around the reference, on a grid, levels deep', () => {
    const { ex, desk, inst } = market();
    const mm = new MarketMaker(inst, 'bot:mm:FUN', DEFAULT_MM, desk);
    mm.fund(10_000);
    mm.quote(10_000);
    const bids = depth(inst.bids);
    const asks = depth(inst.asks);
    expect(bids).toHaveLength(DEFAULT_MM.levels);
    expect(asks).toHaveLength(DEFAULT_MM.levels);
    expect(bids[0][0]).toBeLessThan(10_000);
    expect(asks[0][0]).toBeGreaterThan(10_000);
    const grid = bids[0][0] - bids[1][0];
    expect(grid).toBeGreaterThan(0);
    for (let i = 1; i < bids.length; i++) expect(bids[i - 1][0] - bids[i][0]).toBe(grid);
    expect(ex.live.size).toBe(2 * DEFAULT_MM.levels);
  });

  it('never piles up stale orders as the reference wanders', () => {
    const { ex, desk, inst } = market();
    const mm = new MarketMaker(inst, 'bot:mm:FUN', DEFAULT_MM, desk);
    mm.fund(10_000);
    const rng = createRng(5);
    let ref = 10_000;
    for (let t = 0; t < 2_000; t++) {
      ref = Math.max(100, Math.round(ref * (1 + 0.002 * rng.gaussian())));
      mm.quote(ref);
      expect(ex.live.size).toBeLessThanOrEqual(2 * DEFAULT_MM.levels);
      const bid = bestLevel(inst.bids)!.price;
      const ask = bestLevel(inst.asks)!.price;
      expect(bid).toBeLessThan(ask);
      // The touch stays within a couple of grid steps of the reference.
      expect(Math.abs((bid + ask) / 2 / ref - 1)).toBeLessThan(0.004);
    }
  });

  it('leans against its inventory: long, it quotes lower', () => {
    const flat = market();
    const a = new MarketMaker(flat.inst, 'bot:mm:FUN', DEFAULT_MM, flat.desk);
    a.fund(10_000);
    a.quote(10_000);
    const long = market();
    const b = new MarketMaker(long.inst, 'bot:mm:FUN', DEFAULT_MM, long.desk);
    b.fund(10_000);
    expect(long.ex.apply({ op: 'deposit', account: 'bot:mm:FUN', asset: 'FUN', amount: 40_000 })).toMatchObject({ ok: true });
    b.quote(10_000);
    expect(bestLevel(long.inst.asks)!.price).toBeLessThan(bestLevel(flat.inst.asks)!.price);
    expect(bestLevel(long.inst.bids)!.price).toBeLessThan(bestLevel(flat.inst.bids)!.price);
  });

  it('withdraws every quote when its market closes', () => {
    const { ex, desk, inst } = market();
    const mm = new MarketMaker(inst, 'bot:mm:FUN', DEFAULT_MM, desk);
    mm.fund(10_000);
    mm.quote(10_000);
    mm.withdraw();
    expect(ex.live.size).toBe(0);
    expect(mm.openQuotes).toBe(0);
  });
});

describe('NoiseTrader', () => {
  it('sends orders at its rate and cancels limits older than maxAge', () => {
    const { ex, desk, inst } = market();
    const mm = new MarketMaker(inst, 'bot:mm:FUN', DEFAULT_MM, desk);
    mm.fund(10_000);
    const noise = new NoiseTrader(inst, ['bot:noise:1', 'bot:noise:2'], { ...DEFAULT_NOISE, rate: 2 }, desk, createRng(9));
    noise.fund(10_000);
    let accepted = 0;
    ex.setSink((e) => {
      if (e.ev === 'accepted' && e.account.startsWith('bot:noise')) accepted++;
      if (e.ev === 'trade' && (e.buyer === mm.account || e.seller === mm.account)) mm.dirty = true;
    });
    for (let t = 1; t <= 600; t++) {
      mm.quote(10_000);
      noise.act(t * 1000, 1, 10_000);
      // Limits expire after maxAge: at rate 2/s at most about 2 × maxAge are open.
      expect(noise.openOrders).toBeLessThanOrEqual(2 * (DEFAULT_NOISE.maxAge + 1) * 2);
    }
    // About rate × seconds orders (Poisson): 1,200 expected.
    expect(accepted).toBeGreaterThan(1_000);
    expect(accepted).toBeLessThan(1_400);
  });

  it('draws Poisson counts with the right mean', () => {
    const rng = createRng(3);
    for (const mean of [0.25, 2, 50]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += poisson(rng, mean);
      expect(Math.abs(sum / 20_000 - mean)).toBeLessThan(0.01 + 0.01 * mean);
    }
    expect(poisson(rng, 0)).toBe(0);
  });
});
