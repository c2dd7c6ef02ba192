/**
 * The reference cases of JOURNAL.md, one test per rule, written as journals
 * (JSON Lines text) run through `replayText`, plus the `replay` command end to
 * end. Only the contract's event kinds and fields are compared (accepted,
 * trade, cancelled, rejected, final); the engine's other kinds and fields
 * (listed, deposit, filled, message, fees...) are welcome and ignored.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecimalEvent } from './format';
import { replayText } from './journal';

// ------------------------------------------------------------------ helpers

type Line = string | Record<string, unknown>;

const CONTRACT_KINDS = new Set(['accepted', 'trade', 'cancelled', 'rejected']);

/** Replays a journal; returns every event (the last one is `final`). */
function replay(lines: Line[]): DecimalEvent[] {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const out: DecimalEvent[] = [];
  replayText(text, (e) => out.push(e));
  return out;
}

/** The contract's events, without `final`. */
function events(lines: Line[]): DecimalEvent[] {
  return replay(lines).filter((e) => CONTRACT_KINDS.has(e.ev));
}

interface Final {
  ev: 'final';
  accounts: Record<string, Record<string, { available: number; reserved: number }>>;
  books: Record<string, { bids: [number, number][]; asks: [number, number][] }>;
}

function final(lines: Line[]): Final {
  const all = replay(lines);
  const f = all.at(-1) as unknown as Final;
  expect(f.ev).toBe('final');
  return f;
}

const FUN = (o: Record<string, unknown> = {}) => ({ op: 'instrument', symbol: 'FUN', base: 'FUN', quote: 'USD', tick: 0.01, lot: 1, ...o });
const dep = (account: string, asset: string, amount: unknown) => ({ op: 'deposit', account, asset, amount });
const wd = (account: string, asset: string, amount: unknown) => ({ op: 'withdraw', account, asset, amount });
const limit = (side: 'buy' | 'sell') => (id: string, account: string, price: unknown, qty: unknown, extra: Record<string, unknown> = {}) => ({
  op: 'place', id, account, symbol: 'FUN', side, type: 'limit', price, qty, ...extra,
});
const buy = limit('buy');
const sell = limit('sell');
const market = (id: string, account: string, side: 'buy' | 'sell', qty: unknown, extra: Record<string, unknown> = {}) => ({
  op: 'place', id, account, symbol: 'FUN', side, type: 'market', qty, ...extra,
});
const cancel = (id: string, account: string) => ({ op: 'cancel', id, account });

const accepted = (id: string) => ({ ev: 'accepted', id });
const trade = (taker: string, maker: string, price: number, qty: number, buyer: string, seller: string) => ({
  ev: 'trade', symbol: 'FUN', taker, maker, price, qty, buyer, seller,
});
const cancelled = (id: string, reason: string, qty: number) => ({ ev: 'cancelled', id, reason, qty });
const rejectedId = (id: string, reason: string) => ({ ev: 'rejected', id, reason });
const rejectedLine = (line: number, reason: string) => ({ ev: 'rejected', line, reason });

/** A rejected event for a command without an id must carry its line and no id. */
function expectLineOnly(e: DecimalEvent, line: number, reason: string): void {
  expect(e).toMatchObject(rejectedLine(line, reason));
  expect(e.id).toBeUndefined();
}

// ------------------------------------------------------------------ file format

describe('file format', () => {
  it('blank lines are ignored but counted; a line that is not JSON is rejected with its line number and replay goes on', () => {
    const ev = events([
      FUN(), //                            1
      '', //                               2
      '   ', //                            3 (whitespace only: blank)
      '{"op":"deposit",', //               4
      dep('a', 'USD', 100), //             5
      '\t', //                             6
      'oops', //                           7
      buy('b1', 'a', 1, 1), //             8
      "{'op':'deposit'}", //               9 (not JSON: single quotes)
      '', //                               10
    ]);
    expect(ev).toMatchObject([rejectedLine(4, 'INVALID_COMMAND'), rejectedLine(7, 'INVALID_COMMAND'), accepted('b1'), rejectedLine(9, 'INVALID_COMMAND')]);
    expect(ev[0].id).toBeUndefined();
  });

  it('an unknown op, or JSON that is not a command, is INVALID_COMMAND with its line and changes nothing', () => {
    const base = [FUN(), dep('a', 'USD', 100), dep('s', 'FUN', 5), sell('s1', 's', 2, 1)];
    const junk = [
      { op: 'explode', account: 'a' },
      { op: 'DEPOSIT', account: 'a', asset: 'USD', amount: 5 },
      { account: 'a', asset: 'USD', amount: 5 },
      '42',
      'null',
      '[{"op":"deposit","account":"a","asset":"USD","amount":5}]',
      '"deposit"',
      'true',
    ];
    const ev = events([...base, ...junk]);
    expect(ev.slice(1)).toMatchObject(junk.map((_, i) => rejectedLine(base.length + 1 + i, 'INVALID_COMMAND')));
    const { accounts, books } = final([...base, ...junk]);
    const clean = final(base);
    expect({ accounts, books }).toEqual({ accounts: clean.accounts, books: clean.books });
  });

  it('an instrument must come before its first use', () => {
    const ev = events([dep('a', 'USD', 100), buy('early', 'a', 1, 1), FUN(), buy('late', 'a', 1, 1)]);
    expect(ev).toMatchObject([rejectedId('early', 'UNKNOWN_SYMBOL'), accepted('late')]);
  });

  it('an account exists once it has a deposit, and only then', () => {
    const f = final([
      FUN(),
      dep('s', 'FUN', 3),
      sell('s1', 's', 1, 1),
      market('m', 'ghost', 'buy', 1), // an account without deposits holds nothing
      wd('ghost2', 'USD', 1),
      dep('ghost3', 'USD', 0),
      dep('ghost4', 'USD', -1),
      dep('late', 'USD', 2),
    ]);
    expect(Object.keys(f.accounts).sort()).toEqual(['late', 's']);
  });

  it('withdraw removes available funds only: INSUFFICIENT_FUNDS if more than available', () => {
    const lines = [FUN(), dep('a', 'USD', 100), buy('b', 'a', 5, 10), wd('a', 'USD', 50.01), wd('a', 'USD', 50), wd('a', 'USD', 0.01)];
    const ev = events(lines);
    expect(ev).toMatchObject([accepted('b'), rejectedLine(4, 'INSUFFICIENT_FUNDS'), rejectedLine(6, 'INSUFFICIENT_FUNDS')]);
    expect(final(lines).accounts.a.USD).toEqual({ available: 0, reserved: 50 });
  });

  it('prices and quantities are multiples of tick and lot within a relative tolerance of 1e-9, then rounded', () => {
    const lines = [
      FUN({ tick: 0.1, lot: 0.1 }),
      dep('s', 'FUN', 100),
      sell('a1', 's', 0.1 + 0.2, 0.1 + 0.2), // 0.30000000000000004: on tick and lot within the tolerance
      sell('a2', 's', 0.3000001, 1), // off tick by 1e-6 relative
      sell('a3', 's', 1, 0.30000001), // off lot by 3e-8 relative
      sell('a4', 's', 1000000.0000001, 1), // 1e-13 relative: on tick
    ];
    expect(events(lines)).toMatchObject([accepted('a1'), rejectedId('a2', 'INVALID_PRICE'), rejectedId('a3', 'INVALID_QUANTITY'), accepted('a4')]);
    expect(final(lines).books.FUN.asks).toEqual([[0.3, 0.3], [1000000, 1]]);
  });
});

// ------------------------------------------------------------------ validation

describe('validation, in the contract order (first failure wins, nothing changes)', () => {
  const setup = [FUN(), dep('a', 'USD', 1000), dep('a', 'FUN', 10)];

  it('0. id missing or not a non-empty string → INVALID_ORDER, reported by line (before anything else)', () => {
    const bad = [
      { op: 'place', account: 'a', symbol: 'NOPE', side: 'up', type: 'limit', price: 0, qty: 0 },
      { op: 'place', id: '', account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 },
      { op: 'place', id: 7, account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 },
      { op: 'place', id: null, account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 },
      { op: 'place', id: ['x'], account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 },
    ];
    const ev = events([...setup, ...bad]);
    expect(ev).toHaveLength(bad.length);
    ev.forEach((e, i) => expectLineOnly(e, setup.length + 1 + i, 'INVALID_ORDER'));
  });

  it('1. an id used by any earlier place, whatever became of it → DUPLICATE_ID, before every other check', () => {
    const ev = events([
      ...setup,
      dep('s', 'FUN', 10),
      sell('filled', 's', 1, 1),
      buy('taker', 'a', 1, 1), // fills `filled`
      buy('resting', 'a', 1, 1),
      buy('gone', 'a', 1, 1),
      cancel('gone', 'a'),
      buy('ioc', 'a', 1, 1, { tif: 'IOC' }),
      buy('poor', 'a', 1000, 1000),
      buy('badprice', 'a', 0, 1),
      { op: 'place', id: 'nosym', account: 'a', symbol: 'NOPE', side: 'buy', type: 'limit', price: 1, qty: 1 },
      // the same ids again, each with every other problem too
      ...['filled', 'taker', 'resting', 'gone', 'ioc', 'poor', 'badprice', 'nosym'].map((id) => ({
        op: 'place', id, account: 'nobody', symbol: 'NOPE', side: 'up', type: 'x', price: -1, qty: 0,
      })),
    ]);
    const dups = ev.slice(-8);
    expect(dups).toMatchObject(['filled', 'taker', 'resting', 'gone', 'ioc', 'poor', 'badprice', 'nosym'].map((id) => rejectedId(id, 'DUPLICATE_ID')));
  });

  it('1. an id no earlier place used is not a duplicate; a live bracket leg’s id is in use (Bourse’s extension)', () => {
    const lines = [
      ...setup,
      dep('s', 'FUN', 10),
      sell('a', 's', 100, 1),
      buy('e', 'a', 100, 1, { takeProfit: 110 }), // the engine names its take-profit leg "e:tp"
      buy('e:tp', 'a', 1, 1),
      { op: 'cancel', id: 'e:tp', account: 'a' },
      buy('e:sl', 'a', 1, 1),
    ];
    const ev = events(lines);
    // Two live orders cannot share an id (cancel names orders by id), so the leg's id is refused while it lives…
    expect(ev).toContainEqual(expect.objectContaining({ ev: 'rejected', id: 'e:tp', reason: 'DUPLICATE_ID' }));
    // …and an id that neither a place nor a live leg holds is free, even one shaped like a leg's.
    expect(ev.at(-1)).toMatchObject(accepted('e:sl'));
  });

  it('2. unknown symbol → UNKNOWN_SYMBOL, before the fields, price, quantity and funds', () => {
    const ev = events([
      ...setup,
      { op: 'place', id: 'x1', account: 'a', symbol: 'NOPE', side: 'up', type: 'x', price: -1, qty: 0 },
      { op: 'place', id: 'x2', account: 'nobody', symbol: 'fun', side: 'buy', type: 'limit', price: 1, qty: 1 },
      { op: 'place', id: 'x3', account: 'a', side: 'buy', type: 'limit', price: 1, qty: 1 },
    ]);
    expect(ev).toMatchObject([rejectedId('x1', 'UNKNOWN_SYMBOL'), rejectedId('x2', 'UNKNOWN_SYMBOL'), rejectedId('x3', 'UNKNOWN_SYMBOL')]);
  });

  it('3. side, type or tif not one of the values, a missing field or a field of the wrong JSON type → INVALID_ORDER, before price, quantity and funds', () => {
    // every case also has a bad price (0), a bad quantity (0) where it can, and an account without funds
    const ok = { op: 'place', account: 'nobody', symbol: 'FUN', side: 'buy', type: 'limit', price: 0, qty: 0 };
    const variants: Record<string, unknown>[] = [
      { side: 'hold' },
      { side: 'BUY' },
      { type: 'iceberg' },
      { type: 'Limit' },
      { tif: 'DAY' },
      { tif: 'gtc' },
      { tif: 5 },
      { tif: null },
      { side: undefined },
      { type: undefined },
      { account: undefined },
      { qty: undefined },
      { price: undefined },
      { qty: '1' },
      { price: '0' },
      { account: 7 },
      { side: 1 },
      { qty: null },
      { price: null },
      { price: [1] },
    ];
    const ev = events([FUN(), ...variants.map((v, i) => ({ ...ok, id: `v${i}`, ...v }))]);
    expect(ev).toMatchObject(variants.map((_, i) => rejectedId(`v${i}`, 'INVALID_ORDER')));
  });

  it('4. a limit price that is not a positive finite multiple of tick → INVALID_PRICE, before quantity and funds', () => {
    const prices = [0, -1, -0.01, 1.005, 0.001, '1e999' /* Infinity */];
    const lines: Line[] = [FUN()];
    prices.forEach((p, i) => {
      const cmd = JSON.stringify({ op: 'place', id: `p${i}`, account: 'nobody', symbol: 'FUN', side: 'buy', type: 'limit', price: '__P__', qty: 0 });
      lines.push(cmd.replace('"__P__"', String(p)));
    });
    expect(events(lines)).toMatchObject(prices.map((_, i) => rejectedId(`p${i}`, 'INVALID_PRICE')));
  });

  it('5. a quantity that is not a positive finite multiple of lot → INVALID_QUANTITY, before funds', () => {
    const qtys = ['0', '-2', '0.5', '1.0001', '1e999'];
    const lines: Line[] = [FUN()];
    qtys.forEach((q, i) => {
      lines.push(`{"op":"place","id":"q${i}","account":"nobody","symbol":"FUN","side":"sell","type":"limit","price":1,"qty":${q}}`);
      lines.push(`{"op":"place","id":"m${i}","account":"nobody","symbol":"FUN","side":"buy","type":"market","qty":${q}}`);
    });
    expect(events(lines)).toMatchObject(qtys.flatMap((_, i) => [rejectedId(`q${i}`, 'INVALID_QUANTITY'), rejectedId(`m${i}`, 'INVALID_QUANTITY')]));
  });

  it('6. funds → INSUFFICIENT_FUNDS, and nothing changes', () => {
    const lines = [...setup, buy('big', 'a', 100, 11), sell('short', 'a', 1, 11), market('mshort', 'a', 'sell', 11)];
    expect(events(lines)).toMatchObject([rejectedId('big', 'INSUFFICIENT_FUNDS'), rejectedId('short', 'INSUFFICIENT_FUNDS'), rejectedId('mshort', 'INSUFFICIENT_FUNDS')]);
    const f = final(lines);
    expect(f.accounts.a).toEqual({ USD: { available: 1000, reserved: 0 }, FUN: { available: 10, reserved: 0 } });
    expect(f.books.FUN).toEqual({ bids: [], asks: [] });
  });

  it('cancel: unknown id or an order that no longer rests → UNKNOWN_ORDER; another account’s order → NOT_OWNER', () => {
    const ev = events([
      ...setup,
      dep('s', 'FUN', 10),
      dep('b', 'USD', 100),
      sell('filled', 's', 1, 1),
      buy('t', 'b', 1, 1),
      buy('rest', 'a', 1, 1),
      buy('ioc', 'a', 1, 1, { tif: 'IOC' }),
      buy('rej', 'a', 0, 1),
      cancel('never', 'a'),
      cancel('filled', 's'),
      cancel('filled', 'a'), // finished and not yours: unknown first
      cancel('ioc', 'a'),
      cancel('rej', 'a'),
      cancel('rest', 'b'),
      cancel('rest', 'a'),
      cancel('rest', 'a'),
    ]);
    expect(ev.slice(-8)).toMatchObject([
      rejectedId('never', 'UNKNOWN_ORDER'),
      rejectedId('filled', 'UNKNOWN_ORDER'),
      rejectedId('filled', 'UNKNOWN_ORDER'),
      rejectedId('ioc', 'UNKNOWN_ORDER'),
      rejectedId('rej', 'UNKNOWN_ORDER'),
      rejectedId('rest', 'NOT_OWNER'),
      cancelled('rest', 'USER', 1),
      rejectedId('rest', 'UNKNOWN_ORDER'),
    ]);
  });

  it('deposit / withdraw with a non-positive or non-finite amount → INVALID_AMOUNT', () => {
    const lines: Line[] = [
      FUN(),
      dep('a', 'USD', 10),
      dep('a', 'USD', 0),
      dep('a', 'USD', -5),
      '{"op":"deposit","account":"a","asset":"USD","amount":1e999}',
      '{"op":"deposit","account":"a","asset":"USD","amount":-1e999}',
      wd('a', 'USD', 0),
      wd('a', 'USD', -1),
      '{"op":"withdraw","account":"a","asset":"USD","amount":1e999}',
    ];
    const ev = events(lines);
    expect(ev).toHaveLength(7);
    ev.forEach((e, i) => expectLineOnly(e, 3 + i, 'INVALID_AMOUNT'));
    expect(final(lines).accounts.a.USD).toEqual({ available: 10, reserved: 0 });
  });
});

// ------------------------------------------------------------------ escrow

describe('escrow', () => {
  it('a limit buy reserves price × qty × (1 + takerFeeBps/10000) of quote; rejected if available is less (maker fee below taker)', () => {
    const lines = [FUN({ makerFeeBps: 10, takerFeeBps: 20 }), dep('b', 'USD', 1002), dep('c', 'USD', 1001.99), buy('ok', 'b', 100, 10), buy('short', 'c', 100, 10)];
    expect(events(lines)).toMatchObject([accepted('ok'), rejectedId('short', 'INSUFFICIENT_FUNDS')]);
    const f = final(lines);
    expect(f.accounts.b.USD).toEqual({ available: 0, reserved: 1002 });
    expect(f.accounts.c.USD).toEqual({ available: 1001.99, reserved: 0 });
  });

  it('the limit-buy escrow is the taker formula also when the maker fee is above the taker fee', () => {
    // JOURNAL.md: "Limit buy: reserves price × qty × (1 + takerFeeBps/10000) of the quote asset; rejected if available is less."
    const lines = [FUN({ makerFeeBps: 30, takerFeeBps: 10 }), dep('b', 'USD', 1001), buy('ok', 'b', 100, 10)];
    expect(events(lines)).toMatchObject([accepted('ok')]);
    expect(final(lines).accounts.b.USD).toEqual({ available: 0, reserved: 1001 });
  });

  it('the limit-buy escrow formula is exact: available below it is rejected, even below the quote asset’s 8th decimal', () => {
    // 0.01 × 1.01 × 1.00025 = 0.010102525; 0.01010252 is less.
    const inst = FUN({ tick: 0.01, lot: 0.01, takerFeeBps: 2.5 });
    expect(events([inst, dep('b', 'USD', 0.010102525), buy('ok', 'b', 1.01, 0.01)])).toMatchObject([accepted('ok')]);
    expect(events([inst, dep('b', 'USD', 0.01010252), buy('short', 'b', 1.01, 0.01)])).toMatchObject([rejectedId('short', 'INSUFFICIENT_FUNDS')]);
  });

  it('no balance ever goes negative: a resting buy’s escrow pays for its fill, fee included, even after a finer amount arrives', () => {
    // 0.01 × 0.00001 = 0.0000001 notional; its 1 bp fee, 0.00000000001, has more decimals than USD kept when the bid was placed.
    const lines = [
      { op: 'instrument', symbol: 'X', base: 'XB', quote: 'USD', tick: 0.01, lot: 0.00001, makerFeeBps: 1, takerFeeBps: 1 },
      dep('s', 'XB', 0.001),
      dep('b', 'USD', 0.0000001),
      { ...buy('bid', 'b', 0.01, 0.00001), symbol: 'X' },
      dep('z', 'USD', 0.00000000001),
      { ...sell('ask', 's', 0.01, 0.00001), symbol: 'X' },
    ];
    const f = final(lines);
    for (const [acc, assets] of Object.entries(f.accounts)) {
      for (const [asset, { available, reserved }] of Object.entries(assets)) {
        expect(available, `${acc} ${asset} available`).toBeGreaterThanOrEqual(0);
        expect(reserved, `${acc} ${asset} reserved`).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('a sell, limit or market, reserves qty of base; rejected if available is less: no account goes short', () => {
    const lines = [
      FUN(),
      dep('s', 'FUN', 10),
      dep('s', 'USD', 1000),
      sell('l', 's', 5, 6),
      sell('l2', 's', 5, 5),
      market('m', 's', 'sell', 5),
      market('m2', 's', 'sell', 4),
    ];
    expect(events(lines)).toMatchObject([accepted('l'), rejectedId('l2', 'INSUFFICIENT_FUNDS'), rejectedId('m', 'INSUFFICIENT_FUNDS'), accepted('m2'), cancelled('m2', 'NO_LIQUIDITY', 4)]);
    expect(final(lines).accounts.s.FUN).toEqual({ available: 4, reserved: 6 });
  });

  it('a market buy reserves nothing; at each level it takes only the lots available quote pays for, fee included; then INSUFFICIENT_FUNDS', () => {
    const lines = [
      FUN({ takerFeeBps: 100 }),
      dep('s', 'FUN', 10),
      sell('a1', 's', 100, 2),
      sell('a2', 's', 101, 5),
      dep('b', 'USD', 400),
      market('m', 'b', 'buy', 5),
    ];
    // 2 × 100 × 1.01 = 202 → 198 left; 1 × 101 × 1.01 = 102.01 → 95.99 left, less than one more lot
    expect(events(lines)).toMatchObject([accepted('a1'), accepted('a2'), accepted('m'), trade('m', 'a1', 100, 2, 'b', 's'), trade('m', 'a2', 101, 1, 'b', 's'), cancelled('m', 'INSUFFICIENT_FUNDS', 2)]);
    const f = final(lines);
    expect(f.accounts.b).toEqual({ USD: { available: 95.99, reserved: 0 }, FUN: { available: 3, reserved: 0 } });
    expect(f.books.FUN.asks).toEqual([[101, 4]]);
  });

  it('a market buy skips (expires) its own orders before it counts what it can pay', () => {
    const lines = [FUN(), dep('s', 'FUN', 10), dep('b', 'FUN', 1), sell('own', 'b', 100, 1), sell('a', 's', 100, 2), market('m', 'b', 'buy', 1)];
    expect(events(lines)).toMatchObject([accepted('own'), accepted('a'), accepted('m'), cancelled('own', 'STP', 1), cancelled('m', 'INSUFFICIENT_FUNDS', 1)]);
  });

  it('a fill at a better price than the limit releases the difference at once', () => {
    const lines = [FUN({ takerFeeBps: 10 }), dep('s', 'FUN', 3), sell('a', 's', 100, 3), dep('b', 'USD', 1000), buy('b1', 'b', 101, 5)];
    // escrow 5 × 101 × 1.001 = 505.505; paid 3 × 100 × 1.001 = 300.3; the rest holds 2 × 101 × 1.001 = 202.202
    expect(events(lines)).toMatchObject([accepted('a'), accepted('b1'), trade('b1', 'a', 100, 3, 'b', 's')]);
    const f = final(lines);
    expect(f.accounts.b).toEqual({ USD: { available: 497.498, reserved: 202.202 }, FUN: { available: 3, reserved: 0 } });
    expect(f.books.FUN).toEqual({ bids: [[101, 2]], asks: [] });
  });

  it('a cancel releases what the order still holds', () => {
    const lines = [FUN({ takerFeeBps: 10 }), dep('s', 'FUN', 3), sell('a', 's', 100, 3), dep('b', 'USD', 1000), buy('b1', 'b', 101, 5), cancel('b1', 'b')];
    expect(events(lines).at(-1)).toMatchObject(cancelled('b1', 'USER', 2));
    const f = final(lines);
    expect(f.accounts.b.USD).toEqual({ available: 699.7, reserved: 0 });
    expect(f.books.FUN).toEqual({ bids: [], asks: [] });
  });

  it('fees: taker pays takerFeeBps, maker makerFeeBps, in quote, on the notional; the buyer’s added, the seller’s taken', () => {
    const lines = [
      FUN({ makerFeeBps: 10, takerFeeBps: 20 }),
      dep('s', 'FUN', 20),
      dep('b', 'USD', 5000),
      sell('ask', 's', 100, 10), // maker seller
      buy('lift', 'b', 100, 10), // taker buyer: pays 1000 + 2; seller gets 1000 − 1
      buy('bid', 'b', 100, 10), // maker buyer
      sell('hit', 's', 100, 10), // taker seller: gets 1000 − 2; buyer pays 1000 + 1
    ];
    expect(events(lines)).toMatchObject([
      accepted('ask'),
      accepted('lift'),
      trade('lift', 'ask', 100, 10, 'b', 's'),
      accepted('bid'),
      accepted('hit'),
      trade('hit', 'bid', 100, 10, 'b', 's'),
    ]);
    const f = final(lines);
    expect(f.accounts.b).toEqual({ USD: { available: 2997, reserved: 0 }, FUN: { available: 20, reserved: 0 } });
    expect(f.accounts.s).toEqual({ USD: { available: 1997, reserved: 0 }, FUN: { available: 0, reserved: 0 } });
  });
});

// ------------------------------------------------------------------ matching

describe('matching', () => {
  it('price-time priority: best level first, oldest first within it, every fill at the resting price (buy taker)', () => {
    const lines = [
      FUN(),
      dep('s1', 'FUN', 10),
      dep('s2', 'FUN', 10),
      dep('b', 'USD', 10000),
      sell('a1', 's1', 101, 5),
      sell('a2', 's2', 100, 5),
      sell('a3', 's1', 100, 5),
      sell('a4', 's2', 102, 5),
      buy('t', 'b', 101, 12),
    ];
    expect(events(lines).slice(4)).toMatchObject([accepted('t'), trade('t', 'a2', 100, 5, 'b', 's2'), trade('t', 'a3', 100, 5, 'b', 's1'), trade('t', 'a1', 101, 2, 'b', 's1')]);
    expect(final(lines).books.FUN).toEqual({ bids: [], asks: [[101, 3], [102, 5]] });
  });

  it('price-time priority: a sell takes the highest bid first, oldest first within it', () => {
    const lines = [
      FUN(),
      dep('b', 'USD', 10000),
      dep('c', 'USD', 10000),
      dep('s', 'FUN', 20),
      buy('b1', 'b', 101, 5),
      buy('b2', 'c', 102, 5),
      buy('b3', 'b', 102, 5),
      buy('b4', 'c', 100, 5),
      sell('t', 's', 101, 12),
    ];
    expect(events(lines).slice(4)).toMatchObject([accepted('t'), trade('t', 'b2', 102, 5, 'c', 's'), trade('t', 'b3', 102, 5, 'b', 's'), trade('t', 'b1', 101, 2, 'b', 's')]);
    expect(final(lines).books.FUN).toEqual({ bids: [[101, 3], [100, 5]], asks: [] });
  });

  it('self-trade prevention, expire-maker: the account’s oldest crossing order is cancelled (STP) and matching goes on', () => {
    const lines = [
      FUN(),
      dep('a', 'FUN', 10),
      dep('a', 'USD', 10000),
      dep('s', 'FUN', 10),
      sell('mine', 'a', 100, 2),
      sell('theirs', 's', 100, 2),
      sell('far', 'a', 102, 2),
      buy('t', 'a', 101, 3),
    ];
    expect(events(lines).slice(3)).toMatchObject([accepted('t'), cancelled('mine', 'STP', 2), trade('t', 'theirs', 100, 2, 'a', 's')]);
    const f = final(lines);
    expect(f.books.FUN).toEqual({ bids: [[101, 1]], asks: [[102, 2]] });
    expect(f.accounts.a.FUN).toEqual({ available: 10, reserved: 2 });
  });

  it('GTC: the unfilled rest rests; IOC: the rest is cancelled (reason IOC)', () => {
    const lines = [
      FUN(),
      dep('s', 'FUN', 10),
      dep('b', 'USD', 10000),
      sell('a', 's', 100, 3),
      buy('g', 'b', 100, 5), // fills 3, rests 2
      sell('a2', 's', 100, 1),
      sell('i', 's', 99, 5, { tif: 'IOC' }), // takes g's 2 at 100, IOC for 3
      buy('g2', 'b', 100, 4, { tif: 'GTC' }),
    ];
    expect(events(lines)).toMatchObject([
      accepted('a'),
      accepted('g'),
      trade('g', 'a', 100, 3, 'b', 's'),
      accepted('a2'),
      trade('a2', 'g', 100, 1, 'b', 's'),
      accepted('i'),
      trade('i', 'g', 100, 1, 'b', 's'),
      cancelled('i', 'IOC', 4),
      accepted('g2'),
    ]);
    const f = final(lines);
    expect(f.books.FUN).toEqual({ bids: [[100, 4]], asks: [] });
    expect(f.accounts.s.FUN).toEqual({ available: 5, reserved: 0 });
  });

  it('FOK: when other accounts’ crossing orders offer less than qty, the order is cancelled (FOK) with no other effect', () => {
    const base = [
      FUN(),
      dep('b', 'USD', 10000),
      dep('b', 'FUN', 10),
      dep('s', 'FUN', 10),
      sell('own', 'b', 100, 5), // the taker's own: does not count, and is not expired
      sell('a', 's', 100, 3),
      sell('far', 's', 102, 5), // does not cross: does not count
    ];
    const lines = [...base, buy('f', 'b', 101, 4, { tif: 'FOK' })];
    expect(events(lines).slice(3)).toMatchObject([accepted('f'), cancelled('f', 'FOK', 4)]);
    const f = final(lines);
    const before = final(base);
    expect(f.books).toEqual(before.books);
    expect(f.accounts).toEqual(before.accounts);
  });

  it('FOK: when enough is offered it matches as any order (self-trade prevention included)', () => {
    const lines = [
      FUN(),
      dep('b', 'USD', 10000),
      dep('b', 'FUN', 10),
      dep('s', 'FUN', 10),
      sell('own', 'b', 100, 5),
      sell('a', 's', 100, 3),
      sell('a2', 's', 101, 2),
      buy('f', 'b', 101, 4, { tif: 'FOK' }),
    ];
    expect(events(lines).slice(3)).toMatchObject([accepted('f'), cancelled('own', 'STP', 5), trade('f', 'a', 100, 3, 'b', 's'), trade('f', 'a2', 101, 1, 'b', 's')]);
    expect(final(lines).books.FUN).toEqual({ bids: [], asks: [[101, 1]] });
  });

  it('market orders never rest: the rest is cancelled (NO_LIQUIDITY) and tif is ignored', () => {
    const lines = [
      FUN(),
      dep('s', 'FUN', 10),
      dep('b', 'USD', 10000),
      market('m0', 'b', 'buy', 1), // empty book
      sell('a', 's', 100, 2),
      market('m1', 'b', 'buy', 5, { tif: 'FOK' }), // not FOK: takes the 2
      sell('a2', 's', 100, 1),
      market('m2', 'b', 'buy', 3, { tif: 'GTC' }), // does not rest
      market('m3', 's', 'sell', 4, { tif: 'IOC' }), // nothing to sell into
    ];
    expect(events(lines)).toMatchObject([
      accepted('m0'),
      cancelled('m0', 'NO_LIQUIDITY', 1),
      accepted('a'),
      accepted('m1'),
      trade('m1', 'a', 100, 2, 'b', 's'),
      cancelled('m1', 'NO_LIQUIDITY', 3),
      accepted('a2'),
      accepted('m2'),
      trade('m2', 'a2', 100, 1, 'b', 's'),
      cancelled('m2', 'NO_LIQUIDITY', 2),
      accepted('m3'),
      cancelled('m3', 'NO_LIQUIDITY', 4),
    ]);
    const f = final(lines);
    expect(f.books.FUN).toEqual({ bids: [], asks: [] });
    expect(f.accounts.s.FUN).toEqual({ available: 7, reserved: 0 });
  });
});

// ------------------------------------------------------------------ events

describe('events', () => {
  it('carry the required fields; accepted is written before the order’s trades; rejected has id (place/cancel) or line', () => {
    const all = replay([
      FUN(),
      dep('s', 'FUN', 10),
      dep('b', 'USD', 1000),
      sell('a', 's', 100, 2),
      buy('t', 'b', 100, 3, { tif: 'IOC' }),
      buy('t', 'b', 100, 3),
      cancel('zzz', 'b'),
      wd('b', 'USD', 50000),
      '{"op":"place","account":"b"}',
    ]);
    const ev = all.filter((e) => CONTRACT_KINDS.has(e.ev));
    const iAcc = ev.findIndex((e) => e.ev === 'accepted' && e.id === 't');
    const iTrade = ev.findIndex((e) => e.ev === 'trade');
    expect(iAcc).toBeGreaterThan(-1);
    expect(iAcc).toBeLessThan(iTrade);
    const tr = ev[iTrade];
    for (const k of ['symbol', 'price', 'qty', 'taker', 'maker', 'buyer', 'seller']) expect(tr, k).toHaveProperty(k);
    expect(tr).toMatchObject({ symbol: 'FUN', price: 100, qty: 2, taker: 't', maker: 'a', buyer: 'b', seller: 's' });
    const c = ev.find((e) => e.ev === 'cancelled')!;
    expect(c).toMatchObject({ id: 't', reason: 'IOC', qty: 1 });
    const rej = ev.filter((e) => e.ev === 'rejected');
    expect(rej).toMatchObject([rejectedId('t', 'DUPLICATE_ID'), rejectedId('zzz', 'UNKNOWN_ORDER'), rejectedLine(8, 'INSUFFICIENT_FUNDS'), rejectedLine(9, 'INVALID_ORDER')]);
    for (const e of ev) expect(typeof e.ev).toBe('string');
  });

  it('final is the last line: accounts → account → asset → {available, reserved}; books → symbol → {bids, asks} as [price, qty] levels, best first', () => {
    const all = replay([
      FUN(),
      { op: 'instrument', symbol: 'BAR', base: 'BAR', quote: 'USD', tick: 0.5, lot: 0.1 },
      dep('s', 'FUN', 20),
      dep('b', 'USD', 10000),
      sell('a1', 's', 101, 1),
      sell('a2', 's', 103, 2),
      sell('a3', 's', 101, 3),
      buy('b1', 'b', 99, 1),
      buy('b2', 'b', 100, 2),
      buy('b3', 'b', 99, 4),
    ]);
    const f = all.at(-1) as unknown as Final;
    expect(f.ev).toBe('final');
    expect(all.filter((e) => e.ev === 'final')).toHaveLength(1);
    expect(f.books).toEqual({
      FUN: { bids: [[100, 2], [99, 5]], asks: [[101, 4], [103, 2]] },
      BAR: { bids: [], asks: [] },
    });
    expect(f.accounts).toEqual({
      s: { FUN: { available: 14, reserved: 6 } },
      b: { USD: { available: 10000 - 695, reserved: 695 } },
    });
  });

  it('numbers in events are decimals rounded to the instrument’s precision', () => {
    const all = replay([
      FUN({ tick: 0.1, lot: 0.001, takerFeeBps: 25 }),
      dep('s', 'FUN', 1),
      dep('b', 'USD', 10),
      sell('a', 's', 0.1 + 0.2, 0.007), // 0.30000000000000004
      buy('t', 'b', 0.3, 0.01, { tif: 'IOC' }),
      sell('a2', 's', 0.7, 0.1 + 0.2 - 0.29), // 0.010000000000000009
      buy('t2', 'b', 0.7, 0.001 * 3), // 0.003
    ]);
    const ev = all.filter((e) => CONTRACT_KINDS.has(e.ev));
    expect(ev).toMatchObject([
      { ev: 'accepted', id: 'a' },
      { ev: 'accepted', id: 't' },
      { ev: 'trade', price: 0.3, qty: 0.007 },
      { ev: 'cancelled', id: 't', reason: 'IOC', qty: 0.003 },
      { ev: 'accepted', id: 'a2' },
      { ev: 'accepted', id: 't2' },
      { ev: 'trade', price: 0.7, qty: 0.003 },
    ]);
    const f = all.at(-1) as unknown as Final;
    // b paid 0.0021 + 0.00000525 and 0.0021 + 0.00000525
    expect(f.accounts.b).toEqual({ USD: { available: 9.9957895, reserved: 0 }, FUN: { available: 0.01, reserved: 0 } });
    expect(f.accounts.s).toEqual({ FUN: { available: 0.983, reserved: 0.007 }, USD: { available: 0.0042, reserved: 0 } });
    expect(f.books.FUN).toEqual({ bids: [], asks: [[0.7, 0.007]] });
  });
});

// ------------------------------------------------------------------ the command

describe('npm run replay (CLI, end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bourse-replay-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'src/cli/replay.ts', ...args], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.end(stdin ?? '');
    });
  }

  const parse = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as DecimalEvent);

  it('exit 0 with the events of a readable file, 2 for a missing one; `-` reads stdin; --write-snapshot + --snapshot give the full replay’s hash', async () => {
    const head = [
      FUN({ makerFeeBps: 5, takerFeeBps: 10 }),
      dep('s', 'FUN', 50),
      dep('b', 'USD', 10000),
      '',
      'this is not json',
      sell('a1', 's', 100, 5),
      sell('a2', 's', 101, 5),
      buy('b1', 'b', 99, 3),
    ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
    const tail = [buy('t', 'b', 101, 7), sell('a3', 's', 99.5, 2), cancel('b1', 'b'), market('m', 'b', 'buy', 10)].map((l) => JSON.stringify(l));
    const full = join(dir, 'full.jsonl');
    const tailFile = join(dir, 'tail.jsonl');
    const snap = join(dir, 'snap.json');
    writeFileSync(full, [...head, ...tail].join('\n') + '\n');
    writeFileSync(tailFile, tail.join('\n') + '\n');

    const [whole, missing, fromStdin] = await Promise.all([
      run([full]),
      run([join(dir, 'no-such-file.jsonl')]),
      run(['-', '--write-snapshot', snap], head.join('\n') + '\n'),
    ]);
    expect(whole.code, whole.err).toBe(0);
    const wholeEv = parse(whole.out);
    expect(wholeEv).toEqual(replay([...head, ...tail]));
    expect(wholeEv.find((e) => e.ev === 'rejected')).toMatchObject(rejectedLine(5, 'INVALID_COMMAND'));
    const wholeFinal = wholeEv.at(-1)!;
    expect(wholeFinal.ev).toBe('final');
    expect(typeof wholeFinal.hash).toBe('string');

    expect(missing.code).toBe(2);
    expect(missing.out).toBe('');

    expect(fromStdin.code, fromStdin.err).toBe(0);
    expect(parse(fromStdin.out)).toEqual(replay(head));
    expect(JSON.parse(readFileSync(snap, 'utf8'))).toHaveProperty('v', 1);

    const resumed = await run([tailFile, '--snapshot', snap]);
    expect(resumed.code, resumed.err).toBe(0);
    const resumedEv = parse(resumed.out);
    expect(resumedEv.at(-1)).toEqual(wholeFinal);
    expect(resumedEv.at(-1)!.hash).toBe(wholeFinal.hash);
    // the tail's events are the full replay's last ones
    expect(resumedEv).toEqual(wholeEv.slice(wholeEv.length - resumedEv.length));
  }, 30_000);
});
