import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { priceOf } from '../core/exchange/instrument';
import { defaultCatalogue } from '../core/market/instruments';
import { stats24 } from '../core/market/stats24';
import { kindByAgent, rankLeaders } from '../core/portfolio/leaderboard';
import { equityAtReference } from '../core/portfolio/given';
import { Terminal } from './terminal';

// Tuesday 2025-03-04, 09:30 New York: stocks are open.
const OPEN = Date.UTC(2025, 2, 4, 14, 30);

function engine(): Terminal {
  const instruments = defaultCatalogue().filter((s) => ['FUN', 'MEME', 'AAPL', 'BTCUSDT'].includes(s.symbol));
  let wall = 0;
  const e = new Terminal({ sim: { seed: 1, start: OPEN, instruments }, now: () => (wall += 250) });
  e.advance(2_000);
  expect(e.setSpeed(60)).toMatchObject({ ok: true });
  e.advance(5_000); // five sim minutes of trading
  expect(e.setSpeed(1)).toMatchObject({ ok: true });
  e.frame();
  return e;
}

describe('Terminal (the worker side, without the worker)', () => {
  it('lists instruments and streams tickers as typed arrays in that order', () => {
    const e = engine();
    const list = e.instruments();
    expect(list.map((i) => i.symbol)).toEqual(['FUN', 'MEME', 'AAPL', 'BTCUSDT']);
    expect(list[0].priceDecimals).toBe(2);
    const f = e.frame();
    expect(f.tickers.last).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      expect(f.tickers.last[i]).toBeGreaterThan(0);
      expect(f.tickers.bid[i]).toBeLessThan(f.tickers.ask[i]);
    }
    expect(f.tickers.spark.length).toBe(4 * f.tickers.sparkPoints);
  });

  it('a market buy makes a fill, a filled order, a holding and less cash', () => {
    const e = engine();
    const before = e.portfolio();
    const r = e.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 10 });
    expect(r.ok).toBe(true);
    const f = e.frame();
    expect(f.fills.length).toBeGreaterThan(0);
    expect(f.fills.every((x) => x.side === 'buy' && x.liquidity === 'taker' && x.symbol === 'FUN')).toBe(true);
    expect(f.fills.reduce((s, x) => s + x.qty, 0)).toBe(10);
    const order = f.orders.find((o) => r.ok && o.id === r.id)!;
    expect(order.status).toBe('filled');
    expect(order.filled).toBe(10);
    expect(order.avgPrice).toBeGreaterThan(0);
    expect(f.portfolio.holdings.find((h) => h.symbol === 'FUN')?.qty).toBe(10);
    expect(f.portfolio.cash).toBeLessThan(before.cash);
    expect(f.openOrders).toHaveLength(0);
  });

  it('holdings and positions are in the base currency, not in lots', () => {
    const e = engine();
    expect(e.place({ symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: 0.01 }).ok).toBe(true);
    expect(e.portfolio().holdings.find((h) => h.symbol === 'BTCUSDT')?.qty).toBe(0.01);
    expect(e.positions().find((p) => p.symbol === 'BTCUSDT')?.qty).toBe(0.01);
  });

  it('a limit order rests, shows as open, and cancels', () => {
    const e = engine();
    const bid = e.book('FUN')!.bids[0].price;
    const r = e.place({ symbol: 'FUN', side: 'buy', type: 'limit', qty: 3, price: Number((bid * 0.9).toFixed(2)) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(e.frame().openOrders.map((o) => o.id)).toEqual([r.id]);
    expect(e.cancel(r.id).ok).toBe(true);
    const f = e.frame();
    expect(f.openOrders).toHaveLength(0);
    expect(f.orders.find((o) => o.id === r.id)).toMatchObject({ status: 'cancelled', reason: 'USER' });
  });

  it('insufficient funds is an error value and changes nothing', () => {
    const e = engine();
    const before = e.portfolio();
    const r = e.place({ symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: 100, price: 1 });
    expect(r.ok).toBe(true); // $100 of a far bid is affordable
    const big = e.place({ symbol: 'FUN', side: 'buy', type: 'limit', qty: 1_000_000, price: 1 });
    expect(big).toMatchObject({ ok: false });
    if (!big.ok) expect([Code.INSUFFICIENT_FUNDS, Code.RISK_ORDER_NOTIONAL]).toContain(big.code);
    const after = e.portfolio();
    expect(after.equity).toBeCloseTo(before.equity, 0);
  });

  it('the frame carries the viewed symbol book, tape and last candles', () => {
    const e = engine();
    expect(e.setView({ symbol: 'NOPE' }).ok).toBe(false);
    expect(e.setView({ symbol: 'MEME', timeframe: '1s', depth: 15 }).ok).toBe(true);
    expect(e.setSpeed(60)).toMatchObject({ ok: true });
    e.advance(3_000);
    const f = e.frame();
    expect(f.book?.symbol).toBe('MEME');
    expect(f.book!.bids.length).toBeGreaterThan(0);
    expect(f.book!.bids.length).toBeLessThanOrEqual(15);
    expect(f.candles!.t.length).toBeGreaterThan(0);
    expect(f.tape.length).toBeGreaterThan(0);
  });

  it("views of tabs not heard from expire, the leader's own never", () => {
    const e = engine(); // its wall clock moves 250 ms per reading
    expect(e.setView({ symbol: 'FUN' }, 'me')).toMatchObject({ ok: true });
    expect(e.setView({ symbol: 'MEME' }, 'other')).toMatchObject({ ok: true });
    expect(e.tabs().sort()).toEqual(['me', 'other']);
    for (let i = 0; i < 10; i++) e.expireViews(1_000, 'me');
    expect(e.tabs()).toEqual(['me']);
  });

  it('speed: paused stops the clock; an unknown speed is refused', () => {
    const e = engine();
    expect(e.setSpeed(0).ok).toBe(true);
    const t = e.sim.now;
    e.advance(1_000);
    expect(e.sim.now).toBe(t);
    expect(e.setSpeed(7)).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
  });

  it('leaderboard ranks the person among the bots by return on what each was given', () => {
    const e = engine();
    const rows = e.leaderboard();
    expect(rows.some((r) => r.kind === 'you')).toBe(true);
    expect(rows.some((r) => r.kind === 'maker')).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].returnPct).toBeGreaterThanOrEqual(rows[i].returnPct);
  });

  it('after a minute of trading among themselves, the bots stay near 0 % and the person who did nothing is at 0 %', () => {
    const e = engine();
    for (let i = 0; i < 60; i++) e.advance(1_000);
    const rows = e.leaderboard();
    expect(rows.find((r) => r.kind === 'you')!.returnPct).toBe(0);
    for (const r of rows) expect(Math.abs(r.returnPct)).toBeLessThan(5);
  });

  it("leaderboard rows are core's ranking with equity in decimals", () => {
    const e = engine();
    const sim = e.sim;
    const f = 10 ** sim.cashDec();
    const ranked = rankLeaders(
      [...sim.ex.ledger.accounts.keys()].map((account) => ({
        account, equity: equityAtReference(sim.ex, account, sim.cfg.cashAsset, sim.referenceOf), netIn: sim.given.get(account) ?? 0,
      })),
      kindByAgent(e.account, (a) => sim.agentKindOf(a)),
    );
    expect(e.leaderboard()).toEqual(ranked.map((r) => ({ ...r, equity: r.equity / f })));
    const you = e.leaderboard().find((r) => r.kind === 'you')!;
    expect(you.returnPct).toBe(0); // the person has not traded: equity is what they brought
  });

  it("the tickers' 24 h open and value are core's stats24 in decimals", () => {
    const e = engine();
    const f = e.frame();
    const list = e.instruments();
    for (let i = 0; i < list.length; i++) {
      const m = e.sim.markets.get(list[i].symbol)!;
      const s = stats24(m.candles, e.sim.now, m.inst.notionalUnit);
      expect(f.tickers.value24[i]).toBe(s.value / 10 ** m.inst.quote.dec);
      expect(f.tickers.value24[i]).toBeGreaterThan(0);
      expect(f.tickers.open24[i]).toBe(priceOf(m.inst, s.open));
    }
  });
});
