import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlaceCommand } from './commands';
import { Asset } from './ledger';
import { newInstrument } from './instrument';
import { BUY, SELL } from './order';
import { checkPlace, checkPlaceCommand, checkPlainPlace } from './validate';

const num = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -5, max: 2_000_000 }).map((k) => k / 100),
  fc.integer({ min: -5, max: 2_000_000 }).map((k) => k * 0.05 + 1e-12),
  fc.constantFrom(0, -0, 1e300, Infinity, -Infinity, NaN, 2 ** 53, 9e15, 0.1 + 0.2, 1e-9),
);
const field = (vals: unknown[]) => fc.oneof(fc.constantFrom(...vals), num, fc.constant(undefined), fc.string({ maxLength: 3 }));

const command = fc.record(
  {
    op: fc.constant('place'),
    id: fc.constant('x1'),
    account: fc.oneof(fc.constantFrom('a', ''), fc.constant(undefined), num),
    symbol: fc.constant('FUN'),
    side: field(['buy', 'sell', 'BUY']),
    type: field(['limit', 'market', 'market', 'limit', 'stop', 'stop_limit']),
    price: fc.oneof(num, fc.constant(undefined), fc.constant('1')),
    stopPrice: fc.oneof(num, fc.constant(undefined)),
    qty: fc.oneof(num, fc.integer({ min: -2, max: 1e6 }), fc.constant(undefined), fc.constant('3')),
    tif: field(['GTC', 'IOC', 'FOK', undefined]),
    takeProfit: fc.oneof(fc.constant(undefined), num),
    stopLoss: fc.oneof(fc.constant(undefined), num),
  },
  { requiredKeys: ['op', 'id', 'symbol'] },
);

/** Mostly valid plain orders at the instrument's steps, now and then one field off by a little or a lot. */
function plain(tick: number, lot: number) {
  const near = (step: number) =>
    fc.tuple(fc.integer({ min: -3, max: 5_000_000 }), fc.constantFrom(0, 0, 0, 1e-12, 1e-10, 1e-8, 0.5, -1e-10)).map(([k, e]) => k * step + e * step * k);
  return fc.tuple(
    fc.record({
      op: fc.constant('place'),
      id: fc.constant('x1'),
      account: fc.constant('a'),
      symbol: fc.constant('FUN'),
      side: fc.constantFrom('buy', 'sell'),
      type: fc.constantFrom('limit', 'market'),
      price: near(tick),
      qty: near(lot),
      tif: fc.constantFrom('GTC', 'IOC', 'FOK', undefined),
    }),
    fc.option(fc.tuple(fc.constantFrom('account', 'side', 'type', 'price', 'qty', 'tif', 'takeProfit', 'stopLoss', 'stopPrice'), fc.oneof(num, fc.string({ maxLength: 2 }), fc.constant(undefined)))),
  ).map(([c, mutation]) => (mutation === null ? c : { ...c, [mutation[0]]: mutation[1] }));
}

describe('checkPlainPlace', () => {
  for (const [tick, lot, quoteDec] of [[0.01, 1, 2], [0.05, 0.001, 8], [1, 10, 0], [0.5, 0.25, 4]] as const) {
    it(`answers exactly as checkPlace whenever it answers (tick ${tick}, lot ${lot})`, () => {
      const inst = newInstrument({ symbol: 'FUN', tick, lot, makerFeeBps: 1, takerFeeBps: 2 }, new Asset(0, 'FUN', 4), new Asset(1, 'USD', quoteDec + 4));
      let fast = 0;
      fc.assert(
        fc.property(fc.oneof(command, plain(tick, lot), plain(tick, lot)), (c) => {
          const cmd = c as unknown as PlaceCommand;
          // Both answer in one shared object: copy the first answer before the second overwrites it.
          const found = checkPlainPlace(cmd, inst);
          const quick = found === null ? null : { ...found };
          const full = checkPlace(cmd, inst);
          if (quick !== null) {
            fast++;
            expect(full.ok).toBe(true);
            expect(quick).toEqual({ ...full });
          } else if (full.ok) {
            // Only an unusual order may take the long way.
            expect(cmd.type === 'stop' || cmd.type === 'stop_limit' || cmd.takeProfit !== undefined || cmd.stopLoss !== undefined).toBe(true);
          }
        }),
        { numRuns: 3000 },
      );
      expect(fast).toBeGreaterThan(0);
    });
  }
});

describe('checkPlaceCommand', () => {
  const inst = newInstrument({ symbol: 'FUN', tick: 0.01, lot: 1, makerFeeBps: 1, takerFeeBps: 2 }, new Asset(0, 'FUN', 4), new Asset(1, 'USD', 6));
  const place = (c: Partial<PlaceCommand>) => checkPlaceCommand({ op: 'place', id: 'x', account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', qty: 2, ...c } as PlaceCommand, inst);

  it('converts once to everything the exchange enters: instrument, side, type, time in force, ticks and lots', () => {
    expect({ ...place({ price: 100.25, tif: 'IOC' }) }).toEqual({
      ok: true, inst, side: BUY, type: 'limit', tif: 'IOC', price: 10_025, stopPrice: 0, qty: 2, takeProfit: 0, stopLoss: 0,
    });
    // A market or stop order rests GTC whatever its tif said; a stop-limit keeps its own.
    expect(place({ type: 'market', side: 'sell', tif: 'FOK' })).toMatchObject({ ok: true, side: SELL, type: 'market', tif: 'GTC', price: 0 });
    expect(place({ type: 'stop', stopPrice: 99, tif: 'IOC' })).toMatchObject({ ok: true, type: 'stop', tif: 'GTC', stopPrice: 9_900 });
    expect(place({ type: 'stop_limit', price: 98, stopPrice: 99, tif: 'IOC' })).toMatchObject({ ok: true, tif: 'IOC', price: 9_800, stopPrice: 9_900 });
    expect(place({ price: 100.005 })).toMatchObject({ ok: false, code: 'INVALID_PRICE' });
  });
});
