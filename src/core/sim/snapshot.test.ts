import fc from 'fast-check';
import { MarketMaker } from '../bots/marketMaker';
import { describe, expect, it } from 'vitest';
import { hashString } from '../exchange/snapshot';
import { findInstrument, type InstrumentSpec } from '../market/instruments';
import { roundToTick } from '../market/ticks';
import type { SimConfig } from './config';
import { Sim } from './sim';
import { restoreSim, simStateHash, snapshotSim, type SimSnapshot } from './snapshot';
import type { SimEvent, UserCommand } from './types';

const MIN = 60_000;
// Tuesday 2025-03-04: 16:00 New York (EST, UTC-5) is 21:00 UTC; the bell opens at 14:30 UTC.
const CLOSE = Date.UTC(2025, 2, 4, 21, 0);
const OPEN = Date.UTC(2025, 2, 4, 14, 30);

function specs(...symbols: string[]): InstrumentSpec[] {
  return symbols.map((s) => findInstrument(s)!);
}

/** A house ticker, a stock and a crypto pair, every bot on, a second person. */
function config(start: number): SimConfig {
  return { seed: 'snapshots', start, instruments: specs('FUN', 'AAPL', 'BTCUSDT'), users: ['you', 'ann'], noiseAccounts: 3 };
}

/** What a driver does to a sim: steps, a person's commands, a live feed's prices and its loss. */
type Input =
  | { t: 'step'; dt: number }
  | { t: 'cmd'; cmd: UserCommand & { account?: string } }
  | { t: 'ref'; symbol: string; price: number }
  | { t: 'synthetic'; symbol: string };

/** Every event with its time, and every answer, as lines: two runs agree iff their logs do. */
function logged(sim: Sim): string[] {
  const log: string[] = [];
  sim.setSink((e: SimEvent, ts: number) => log.push(`${ts} ${JSON.stringify(e)}`));
  return log;
}

function drive(sim: Sim, inputs: Input[], log: string[]): void {
  for (const i of inputs) {
    if (i.t === 'step') sim.step(i.dt);
    else if (i.t === 'cmd') log.push(`> ${JSON.stringify(i.cmd)} ${JSON.stringify(sim.submit(i.cmd.account ?? 'you', i.cmd))}`);
    else if (i.t === 'ref') log.push(`> ref ${i.symbol} ${JSON.stringify(sim.setReference(i.symbol, i.price))}`);
    else sim.setSynthetic(i.symbol);
  }
}

function jsonCopy<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function restored(cfg: SimConfig, snap: unknown): Sim {
  const r = restoreSim(cfg, snap);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.sim;
}

/** Numbers JSON would not carry as they are: NaN, ±Infinity (become null) and -0 (becomes 0). */
function oddNumbers(x: unknown, at = '', out: string[] = []): string[] {
  if (typeof x === 'number') {
    if (!Number.isFinite(x) || Object.is(x, -0)) out.push(`${at} = ${Object.is(x, -0) ? '-0' : String(x)}`);
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => oddNumbers(v, `${at}[${i}]`, out));
  } else if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) oddNumbers(v, `${at}.${k}`, out);
  } else if (x === undefined) {
    out.push(`${at} is undefined`);
  }
  return out;
}

describe('a snapshot of the whole sim', () => {
  const cfg = config(CLOSE - 12 * MIN);
  const head: Input[] = [
    { t: 'step', dt: 2 * MIN },
    { t: 'cmd', cmd: { op: 'place', symbol: 'AAPL', side: 'buy', type: 'market', qty: 5 } },
    { t: 'cmd', cmd: { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 95, qty: 20 } },
    { t: 'cmd', cmd: { op: 'place', symbol: 'FUN', side: 'buy', type: 'stop', stopPrice: 100.2, qty: 3 } },
    { t: 'cmd', cmd: { op: 'place', symbol: 'BTCUSDT', side: 'buy', type: 'market', qty: 0.02, takeProfit: 91_650, stopLoss: 91_350 } },
    { t: 'step', dt: 30_000 },
    { t: 'cmd', cmd: { op: 'deposit', amount: 2500 } },
    { t: 'cmd', cmd: { op: 'setRisk', rules: { maxOrderNotional: 20_000, maxOpenOrders: 20 } } },
    { t: 'cmd', cmd: { op: 'place', account: 'ann', symbol: 'FUN', side: 'buy', type: 'market', qty: 1 } },
    { t: 'cmd', cmd: { op: 'place', account: 'ann', symbol: 'AAPL', side: 'buy', type: 'limit', price: 270, qty: 10 } },
    { t: 'ref', symbol: 'BTCUSDT', price: 91_480.5 },
    { t: 'step', dt: 2 * MIN + 500 },
    // A sweep through two of the maker's levels right before the snapshot: its ladder holds filled quotes.
    { t: 'cmd', cmd: { op: 'place', account: 'ann', symbol: 'FUN', side: 'buy', type: 'market', qty: 450 } },
  ];
  // From 15:52:30 across the 16:00 close, with commands before and after it.
  const tail: Input[] = [
    { t: 'step', dt: 90_000 },
    { t: 'cmd', cmd: { op: 'place', symbol: 'AAPL', side: 'sell', type: 'limit', price: 300, qty: 2 } },
    { t: 'cmd', cmd: { op: 'cancel', id: 'you.2' } },
    { t: 'cmd', cmd: { op: 'modify', id: 'you.3', stopPrice: 100.5 } },
    { t: 'ref', symbol: 'BTCUSDT', price: 91_700 },
    { t: 'step', dt: 3 * MIN },
    { t: 'synthetic', symbol: 'BTCUSDT' },
    // Nine decimals: the cash asset's scale grows and everything kept in it follows.
    { t: 'cmd', cmd: { op: 'deposit', amount: 0.000000001 } },
    { t: 'step', dt: 5 * MIN },
    { t: 'cmd', cmd: { op: 'place', symbol: 'AAPL', side: 'buy', type: 'market', qty: 1 } },
    { t: 'cmd', cmd: { op: 'place', account: 'ann', symbol: 'FUN', side: 'sell', type: 'market', qty: 300 } },
    { t: 'cmd', cmd: { op: 'reset', account: 'ann', startingCash: 5000 } },
    { t: 'cmd', cmd: { op: 'withdraw', amount: 1000 } },
    { t: 'step', dt: 4 * MIN },
  ];

  it('restores to the same state hash, then gives the same events and answers across the close', () => {
    const a = new Sim(cfg);
    const headLog = logged(a);
    drive(a, head, headLog);
    // The head did what it says: orders rest, a stop waits, a bracket is on, a feed drives BTC.
    expect(headLog.filter((l) => l.startsWith('>') && !l.endsWith('{"ok":true}') && !/"ok":true,"id"/.test(l))).toEqual([]);
    const you = [...a.ex.live.values()].filter((o) => o.account.id === 'you').map((o) => `${o.id} ${o.type}`);
    expect(you).toEqual(expect.arrayContaining(['you.2 limit', 'you.3 stop', 'you.4:sl stop', 'you.4:tp limit']));
    expect(a.markets.get('AAPL')!.open).toBe(true);
    expect(a.markets.get('BTCUSDT')!.source).toBe('live');
    const fun = a.markets.get('FUN')!.agents.find((x): x is MarketMaker => x instanceof MarketMaker)!;
    const saved = fun.getState();
    expect(saved.dirty).toBe(true);
    expect(saved.bids.length + saved.asks.length).toBeLessThan(fun.openQuotes);

    const snap = snapshotSim(a);
    expect(snap.v).toBe(1);
    expect(oddNumbers(snap)).toEqual([]);
    const text = JSON.stringify(snap);
    expect(jsonCopy(snap)).toEqual(snap);
    const b = restored(cfg, JSON.parse(text));
    expect(simStateHash(b)).toBe(simStateHash(a));
    expect(JSON.stringify(snapshotSim(b))).toBe(text);

    const logA = logged(a);
    const logB = logged(b);
    drive(a, tail, logA);
    drive(b, tail, logB);
    // The tail crossed the close: AAPL's bots left and a person's order was refused; the deposit rescaled cash.
    expect(logA.some((l) => l.includes('"ev":"session","symbol":"AAPL","open":false'))).toBe(true);
    expect(logA.some((l) => l.includes('MARKET_CLOSED'))).toBe(true);
    expect(logA.some((l) => l.includes('"ev":"rescaled","asset":"USD"'))).toBe(true);
    expect(logA.filter((l) => l.includes('"ev":"trade"')).length).toBeGreaterThan(50);
    expect(logB).toEqual(logA);
    expect(simStateHash(b)).toBe(simStateHash(a));
    expect(b.now).toBe(a.now);
  });

  it('is the same whether taken once or again after a restore, and taking it changes nothing', () => {
    const a = new Sim(cfg);
    drive(a, head, []);
    const before = simStateHash(a);
    const snap = snapshotSim(a);
    const kept = JSON.stringify(snap);
    expect(simStateHash(a)).toBe(before);
    const b = restored(cfg, snap);
    // Restoring neither edits the snapshot nor touches the sim it came from.
    expect(JSON.stringify(snap)).toBe(kept);
    expect(simStateHash(a)).toBe(before);
    const c = restored(cfg, snapshotSim(b));
    expect(simStateHash(c)).toBe(before);
    // A restored sim records only what comes after the snapshot: snapshot + tail replays it.
    const r = restoreSim(cfg, snap, undefined, { record: true });
    expect(r.ok && r.sim.inputs).toEqual([]);
  });

  it('a restored sim does not fund the bots or open the accounts again', () => {
    const a = new Sim(cfg);
    drive(a, head, []);
    const b = restored(cfg, jsonCopy(snapshotSim(a)));
    const totals = (s: Sim) => s.ex.ledger.assets.map((x) => [x.name, s.ex.ledger.deposited[x.index]]);
    expect(totals(b)).toEqual(totals(a));
    expect(b.equity.get('you')!.points()).toEqual(a.equity.get('you')!.points());
    expect(b.netIn).toEqual(a.netIn);
  });
});

// ---------------------------------------------------------------- property

const SYMBOLS = ['FUN', 'AAPL', 'BTCUSDT'] as const;

/** A command drawn as numbers, turned into prices near the instrument's start price (on its tick). */
const commandArb: fc.Arbitrary<Input> = fc.oneof(
  fc.record({ s: fc.constantFrom(...SYMBOLS), buy: fc.boolean(), kind: fc.constantFrom('market', 'limit', 'stop', 'bracket'), off: fc.integer({ min: -40, max: 40 }), size: fc.integer({ min: 1, max: 30 }), big: fc.boolean(), who: fc.constantFrom('you', 'ann') })
    .map(({ s, buy, kind, off, size, big, who }): Input => {
      const spec = findInstrument(s)!;
      const px = (bps: number) => roundToTick(spec.startPrice * (1 + bps / 10_000), spec.tick);
      // Big ones sweep through the makers' levels.
      const qty = roundToTick(size * (big ? 20 : 1) * spec.lot * (s === 'BTCUSDT' ? 100 : 1), spec.lot);
      const side = buy ? 'buy' : 'sell';
      const base = { op: 'place' as const, account: who, symbol: s, side: side as 'buy' | 'sell', qty };
      if (kind === 'market') return { t: 'cmd', cmd: { ...base, type: 'market' } };
      if (kind === 'limit') return { t: 'cmd', cmd: { ...base, type: 'limit', price: px(off) } };
      if (kind === 'stop') return { t: 'cmd', cmd: { ...base, type: 'stop', stopPrice: px(buy ? Math.abs(off) + 1 : -Math.abs(off) - 1) } };
      const sign = buy ? 1 : -1;
      return { t: 'cmd', cmd: { ...base, type: 'market', takeProfit: px(sign * (Math.abs(off) + 5)), stopLoss: px(-sign * (Math.abs(off) + 5)) } };
    }),
  fc.record({ n: fc.integer({ min: 1, max: 12 }), who: fc.constantFrom('you', 'ann'), qty: fc.integer({ min: 1, max: 5 }), modify: fc.boolean() })
    .map(({ n, who, qty, modify }): Input => ({ t: 'cmd', cmd: modify ? { op: 'modify', account: who, id: `${who}.${n}`, qty } : { op: 'cancel', account: who, id: `${who}.${n}` } })),
  fc.record({ deposit: fc.boolean(), amount: fc.integer({ min: 1, max: 500_000 }) })
    .map(({ deposit, amount }): Input => ({ t: 'cmd', cmd: { op: deposit ? 'deposit' : 'withdraw', amount: amount / 100 } })),
  fc.record({ n: fc.integer({ min: 1, max: 50 }), dd: fc.integer({ min: 1, max: 100 }) })
    .map(({ n, dd }): Input => ({ t: 'cmd', cmd: { op: 'setRisk', account: 'ann', rules: { maxOpenOrders: n, maxDrawdownPct: dd } } })),
  fc.constant<Input>({ t: 'cmd', cmd: { op: 'reset', account: 'ann' } }),
  fc.record({ s: fc.constantFrom(...SYMBOLS), bps: fc.integer({ min: -50, max: 50 }) })
    .map(({ s, bps }): Input => ({ t: 'ref', symbol: s, price: findInstrument(s)!.startPrice * (1 + bps / 10_000) })),
  fc.constantFrom(...SYMBOLS).map((s): Input => ({ t: 'synthetic', symbol: s })),
);

const stepArb: fc.Arbitrary<Input> = fc.integer({ min: 1, max: 40_000 }).map((dt): Input => ({ t: 'step', dt }));

describe('snapshot + tail = the uninterrupted run (property)', () => {
  it('for random inputs cut at a random point, the events after the cut and the final hash agree', () => {
    // 40 s before the opening bell: about half the runs cross it, before or after the cut.
    const cfg: SimConfig = { ...config(OPEN - 40_000), noiseParams: { rate: 1 } };
    fc.assert(
      fc.property(fc.array(fc.oneof(stepArb, commandArb), { minLength: 1, maxLength: 20 }), fc.nat(), (inputs, at) => {
        const cut = at % (inputs.length + 1);
        const whole = new Sim(cfg);
        drive(whole, inputs, []);

        const a = new Sim(cfg);
        drive(a, inputs.slice(0, cut), []);
        const b = restored(cfg, jsonCopy(snapshotSim(a)));
        const logA = logged(a);
        const logB = logged(b);
        drive(a, inputs.slice(cut), logA);
        drive(b, inputs.slice(cut), logB);
        expect(hashString(logB.join('\n'))).toBe(hashString(logA.join('\n')));
        expect(simStateHash(b)).toBe(simStateHash(whole));
        expect(simStateHash(a)).toBe(simStateHash(whole));
      }),
      { numRuns: 50, seed: 20250304 },
    );
  }, 30_000);
});

// ---------------------------------------------------------------- refusals

describe('a malformed snapshot is refused whole', () => {
  const cfg = config(CLOSE - 12 * MIN);
  const a = new Sim(cfg);
  a.step(MIN);
  expect(a.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 95, qty: 20 })).toMatchObject({ ok: true });
  a.step(MIN);
  const good = snapshotSim(a);
  const goodText = JSON.stringify(good);

  function refused(snap: unknown, config: SimConfig = cfg): string {
    const before = JSON.stringify(snap);
    const hash = simStateHash(a);
    const r = restoreSim(config, snap);
    expect(r.ok).toBe(false);
    if (r.ok) return '';
    expect(r.code).toBe('INVALID_SNAPSHOT');
    // Nothing changed: not the snapshot, not the sim it came from.
    expect(JSON.stringify(snap)).toBe(before);
    expect(simStateHash(a)).toBe(hash);
    return r.message;
  }

  function edited(edit: (s: SimSnapshot) => void): SimSnapshot {
    const s = JSON.parse(goodText) as SimSnapshot;
    edit(s);
    return s;
  }

  it('accepts the good one', () => {
    expect(restoreSim(cfg, JSON.parse(goodText)).ok).toBe(true);
  });

  it('refuses what is not a snapshot, and other versions', () => {
    for (const x of [null, undefined, 42, 'snapshot', [], {}]) refused(x);
    expect(refused({ ...good, v: 2 })).toMatch(/version 2/);
    expect(refused(edited((s) => ((s.exchange as { v: number }).v = 2)))).toMatch(/exchange\.v/);
  });

  it('refuses a missing, extra or mistyped field, saying where', () => {
    expect(refused(edited((s) => delete (s as Partial<SimSnapshot>).positions))).toMatch(/positions/);
    expect(refused({ ...good, extra: 1 })).toMatch(/extra/);
    expect(refused(edited((s) => ((s.exchange as { seq: unknown }).seq = '7')))).toMatch(/exchange\.seq/);
    expect(refused(edited((s) => (s.markets[0].gbm.rng = [1, 2, 3])))).toMatch(/markets\[0\]\.gbm\.rng/);
    expect(refused(edited((s) => (s.markets[1].candles.series[0].candles = [{ t: 0 } as never])))).toMatch(/candles/);
    expect(refused(edited((s) => (s.exchange.accounts[0][1][0] = 0.5)))).toMatch(/exchange\.accounts\[0\]\[1\]\[0\]/);
    expect(refused(edited((s) => (s.risk[0][1] = { maxDrawdownPct: 500 })))).toMatch(/risk/);
    expect(refused(edited((s) => (s.now = Number.NaN)))).toMatch(/now/);
  });

  it('refuses books that do not add up', () => {
    expect(refused(edited((s) => (s.exchange.accounts[0][1][0] += 1)))).toMatch(/add up/);
    expect(refused(edited((s) => s.exchange.instruments[0].bids.pop()))).toMatch(/no queue|reserved/);
    expect(refused(edited((s) => { const f = s.exchange.instruments[0]; f.asks.unshift(f.bids[0]); }))).toMatch(/does not belong/);
    expect(refused(edited((s) => s.exchange.orders.push(s.exchange.orders[0])))).toMatch(/twice/);
  });

  it('refuses bot state that points at nothing, and a snapshot made under another config', () => {
    expect(refused(edited((s) => s.markets[0].maker!.bids.push({ id: 'nope', price: 1, lots: 1 })))).toMatch(/restore to itself/);
    expect(refused(good, { ...cfg, makers: false })).toMatch(/restore to itself/);
    expect(refused(good, { ...cfg, noise: false })).toMatch(/restore to itself/);
    expect(refused(good, { ...cfg, instruments: specs('FUN', 'BTCUSDT') })).toMatch(/restore to itself/);
    expect(refused(good, { ...cfg, instruments: specs('FUN', 'AAPL', 'BTCUSDT').reverse() })).toMatch(/restore to itself/);
  });
});
