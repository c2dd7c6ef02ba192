import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import {
  args, parseAlpacaKeys, parseAmount, parseBackupText, parseFeedMode, parseFlag, parseLevels, parseOrderChange, parseOrderId,
  parseOrderPageQuery, parseOrderTicket, parseParamValues, parseRiskRules, parseSpeed, parseStrategyId, parseStrategyStart, parseSymbol,
  parseTimeframe, parseTradePageQuery, parseView, MAX_PARAMS, shown, type Parsed, type Parser,
} from './parse';
import type { AlpacaKeys } from './commands';

const value = <T>(r: Parsed<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
};
const code = <T>(r: Parsed<T>): string => (r.ok ? 'ok' : r.code);

/** Keys that must never reach (or come from) Object.prototype. */
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
/** `base` plus the fields of `extraJson`, `__proto__` included as an OWN key (as JSON.parse or a structured clone makes it). */
const withOwn = (base: object, extraJson: string): Record<string, unknown> => JSON.parse(`${JSON.stringify(base).slice(0, -1)},${extraJson.slice(1)}`);
const BAD_NUMBERS = [NaN, Infinity, -Infinity, '1', null, {}, [], true];

/** Parsers of objects: whatever comes in, what comes out has only the schema's keys and a plain prototype. */
function objectContract<T extends object>(name: string, p: Parser<T>, good: Record<string, unknown>, keys: string[]) {
  describe(`${name}: as an object`, () => {
    it('refuses what is not a plain object', () => {
      for (const x of [null, undefined, 1, 'x', [], [good], true]) expect(code(p(x))).not.toBe('ok');
    });
    it('drops unknown fields and prototype keys, and builds a fresh object', () => {
      const input = withOwn(good, '{"extra":1,"account":"mm-FUN","__proto__":{"polluted":true},"constructor":"x","toString":"y"}');
      expect(Object.hasOwn(input, '__proto__')).toBe(true);
      const out = value(p(input));
      expect(out).not.toBe(input);
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.keys(out).every((k) => keys.includes(k))).toBe(true);
      expect((out as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.hasOwn(out, 'constructor')).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
    it('never throws, whatever it is given', () => {
      fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (x) => {
        const r = p(x);
        if (r.ok) for (const k of Object.keys(r.value)) expect(keys).toContain(k);
      }), { numRuns: 300 });
    });
    it('ignores a field inherited rather than own', () => {
      const proto = { ...good };
      const child = Object.create(proto);
      // Inherited fields are not the message's: a required one is then missing, an optional one absent.
      const r = p(child);
      if (r.ok) expect(Object.keys(r.value)).toEqual([]);
      else expect(r.code).toBeTruthy();
      expect(r.ok && Object.keys(r.value).length > 0).toBe(false);
    });
  });
}

describe('parseOrderTicket', () => {
  const t = { symbol: 'FUN', side: 'buy', type: 'limit', qty: 2, price: 1.5, tif: 'GTC' };
  objectContract('parseOrderTicket', parseOrderTicket, t, ['symbol', 'side', 'type', 'qty', 'price', 'stopPrice', 'tif', 'takeProfit', 'stopLoss']);

  it('keeps every known field, and leaves absent ones out (not undefined)', () => {
    expect(value(parseOrderTicket({ ...t, stopPrice: 1, takeProfit: 2, stopLoss: 1 }))).toEqual({ ...t, stopPrice: 1, takeProfit: 2, stopLoss: 1 });
    const m = value(parseOrderTicket({ symbol: 'FUN', side: 'sell', type: 'market', qty: 1, price: undefined }));
    expect(Object.keys(m)).toEqual(['symbol', 'side', 'type', 'qty']);
  });

  it('refuses a missing field with its code', () => {
    expect(code(parseOrderTicket({ side: 'buy', type: 'limit', qty: 1 }))).toBe(Code.INVALID_ORDER);
    expect(code(parseOrderTicket({ symbol: 'FUN', type: 'limit', qty: 1 }))).toBe(Code.INVALID_ORDER);
    expect(code(parseOrderTicket({ symbol: 'FUN', side: 'buy', qty: 1 }))).toBe(Code.INVALID_ORDER);
    expect(code(parseOrderTicket({ symbol: 'FUN', side: 'buy', type: 'limit' }))).toBe(Code.INVALID_QUANTITY);
  });

  it('refuses wrong types, NaN and Infinity', () => {
    for (const qty of BAD_NUMBERS) expect(code(parseOrderTicket({ ...t, qty }))).toBe(Code.INVALID_QUANTITY);
    for (const price of BAD_NUMBERS) expect(code(parseOrderTicket({ ...t, price }))).toBe(Code.INVALID_PRICE);
    for (const k of ['stopPrice', 'takeProfit', 'stopLoss']) expect(code(parseOrderTicket({ ...t, [k]: NaN }))).toBe(Code.INVALID_PRICE);
    expect(code(parseOrderTicket({ ...t, symbol: 7 }))).toBe(Code.INVALID_ORDER);
    expect(code(parseOrderTicket({ ...t, side: 'BUY' }))).toBe(Code.INVALID_ORDER);
    expect(code(parseOrderTicket({ ...t, type: 'iceberg' }))).toBe(Code.INVALID_ORDER);
    expect(code(parseOrderTicket({ ...t, tif: 'DAY' }))).toBe(Code.INVALID_ORDER);
  });

  it('a prototype key is not a side, a type or a tif', () => {
    for (const k of PROTO_KEYS) {
      expect(code(parseOrderTicket({ ...t, side: k }))).toBe(Code.INVALID_ORDER);
      expect(code(parseOrderTicket({ ...t, type: k }))).toBe(Code.INVALID_ORDER);
      expect(code(parseOrderTicket({ ...t, tif: k }))).toBe(Code.INVALID_ORDER);
    }
  });

  it('leaves the domain checks (tick, lot, sign, listing) to the exchange', () => {
    expect(value(parseOrderTicket({ ...t, symbol: 'NOPE', qty: -3, price: 0.0001 }))).toMatchObject({ symbol: 'NOPE', qty: -3 });
  });
});

describe('parseOrderChange', () => {
  objectContract('parseOrderChange', parseOrderChange, { price: 2 }, ['price', 'stopPrice', 'qty']);
  it('keeps price, stop price and quantity only', () => {
    expect(value(parseOrderChange({ qty: 3, stopPrice: 1, id: 'other', account: 'mm-FUN' }))).toEqual({ stopPrice: 1, qty: 3 });
    expect(value(parseOrderChange({}))).toEqual({});
  });
  it('refuses wrong types', () => {
    for (const x of BAD_NUMBERS) {
      expect(code(parseOrderChange({ price: x }))).toBe(Code.INVALID_PRICE);
      expect(code(parseOrderChange({ qty: x }))).toBe(Code.INVALID_QUANTITY);
    }
  });
});

describe('plain values', () => {
  it('amounts (deposit, withdraw, reset) are finite numbers', () => {
    expect(value(parseAmount(250.5))).toBe(250.5);
    expect(value(parseAmount(-1))).toBe(-1); // the sign is the ledger's to refuse
    for (const x of [...BAD_NUMBERS, undefined]) expect(code(parseAmount(x))).toBe(Code.INVALID_AMOUNT);
  });
  it('ids and symbols are text', () => {
    expect(value(parseOrderId('you.1'))).toBe('you.1');
    expect(value(parseSymbol('FUN'))).toBe('FUN');
    for (const x of [1, null, undefined, {}, ['FUN']]) {
      expect(code(parseOrderId(x))).toBe(Code.INVALID_COMMAND);
      expect(code(parseSymbol(x))).toBe(Code.UNKNOWN_SYMBOL);
    }
  });
  it('speed is one of the four', () => {
    for (const s of [0, 1, 10, 60]) expect(value(parseSpeed(s))).toBe(s);
    for (const x of [2, '1', NaN, Infinity, null, undefined, '__proto__']) expect(code(parseSpeed(x))).toBe(Code.INVALID_SETTING);
  });
  it('a timeframe is one of the sim’s', () => {
    expect(value(parseTimeframe('15m'))).toBe('15m');
    for (const x of ['2m', 15, null, undefined, 'toString']) expect(code(parseTimeframe(x))).toBe(Code.INVALID_SETTING);
  });
  it('a feed mode is one of the list given', () => {
    const p = parseFeedMode(['auto', 'binance', 'synthetic'] as const);
    expect(value(p('binance'))).toBe('binance');
    for (const x of ['ftx', '', null, 1, 'constructor', '__proto__']) expect(code(p(x))).toBe(Code.INVALID_SETTING);
  });
  it('levels and flags are optional', () => {
    expect(value(parseLevels(undefined))).toBeUndefined();
    expect(value(parseLevels(5))).toBe(5);
    expect(code(parseLevels(NaN))).toBe(Code.INVALID_SETTING);
    expect(value(parseFlag(true))).toBe(true);
    expect(value(parseFlag(undefined))).toBeUndefined();
    expect(code(parseFlag('true'))).toBe(Code.INVALID_SETTING);
  });
  it('a backup is text (its envelope is storage’s parseBackup)', () => {
    expect(value(parseBackupText('{"format":"bourse-backup"}'))).toBe('{"format":"bourse-backup"}');
    for (const x of [null, undefined, {}, 1]) expect(code(parseBackupText(x))).toBe(Code.INVALID_BACKUP);
  });
});

describe('parseRiskRules', () => {
  objectContract('parseRiskRules', parseRiskRules, { maxOrderNotional: 1000 }, ['maxOrderNotional', 'maxPositionNotional', 'maxOpenOrders', 'maxDrawdownPct']);
  it('keeps numbers and nulls (no limit), drops the rest', () => {
    expect(value(parseRiskRules({ maxOrderNotional: 10, maxOpenOrders: null, maxLeverage: 3 }))).toEqual({ maxOrderNotional: 10, maxOpenOrders: null });
    expect(value(parseRiskRules({}))).toEqual({});
  });
  it('refuses wrong types', () => {
    for (const k of ['maxOrderNotional', 'maxPositionNotional', 'maxOpenOrders', 'maxDrawdownPct']) {
      for (const x of [NaN, Infinity, '10', {}, true]) expect(code(parseRiskRules({ [k]: x }))).toBe(Code.INVALID_SETTING);
    }
  });
});

describe('parseView', () => {
  objectContract('parseView', parseView, { symbol: 'FUN', timeframe: '1m', depth: 20 }, ['symbol', 'timeframe', 'depth']);
  it('any part of a view; null symbol looks at nothing', () => {
    expect(value(parseView({ symbol: null }))).toEqual({ symbol: null });
    expect(value(parseView({}))).toEqual({});
  });
  it('refuses wrong types', () => {
    expect(code(parseView({ symbol: 3 }))).toBe(Code.UNKNOWN_SYMBOL);
    expect(code(parseView({ timeframe: '7m' }))).toBe(Code.INVALID_SETTING);
    expect(code(parseView({ depth: NaN }))).toBe(Code.INVALID_SETTING);
    expect(code(parseView({ depth: '20' }))).toBe(Code.INVALID_SETTING);
  });
});

describe('parseAlpacaKeys', () => {
  objectContract<AlpacaKeys>('parseAlpacaKeys', (x) => (x === null ? { ok: false, code: Code.INVALID_SETTING, message: '' } : (parseAlpacaKeys(x) as Parsed<AlpacaKeys>)), { key: 'k', secret: 's' }, ['key', 'secret']);
  it('trims both, and null forgets them', () => {
    expect(value(parseAlpacaKeys({ key: ' PK1 ', secret: ' s ', endpoint: 'x' }))).toEqual({ key: 'PK1', secret: 's' });
    expect(value(parseAlpacaKeys(null))).toBeNull();
  });
  it('refuses a blank or missing key or secret', () => {
    for (const x of [{ key: 'k' }, { secret: 's' }, { key: ' ', secret: 's' }, { key: 'k', secret: 1 }, undefined, 'k:s']) {
      expect(parseAlpacaKeys(x)).toEqual({ ok: false, code: Code.INVALID_SETTING, message: 'Enter both the API key ID and the secret key.' });
    }
  });
});

describe('page queries', () => {
  objectContract('parseTradePageQuery', parseTradePageQuery, { symbol: 'FUN', side: 'buy', limit: 50, before: { ts: 1, seq: 2 } }, ['symbol', 'side', 'limit', 'before']);
  objectContract('parseOrderPageQuery', parseOrderPageQuery, { status: 'open', limit: 50, before: { updatedAt: 1, id: 'you.1' } }, ['symbol', 'status', 'limit', 'before']);
  it('keep what they know, nested too', () => {
    expect(value(parseTradePageQuery({ limit: 10, before: { ts: 5, seq: 6, n: 7, x: 1 }, account: 'mm' }))).toEqual({ limit: 10, before: { ts: 5, seq: 6, n: 7 } });
    expect(value(parseOrderPageQuery({ symbol: 'FUN', status: 'filled', before: { updatedAt: 3, id: 'a', z: 0 } }))).toEqual({
      symbol: 'FUN', status: 'filled', before: { updatedAt: 3, id: 'a' },
    });
    expect(value(parseTradePageQuery({}))).toEqual({});
  });
  it('refuse wrong types', () => {
    expect(code(parseTradePageQuery({ side: 'long' }))).toBe(Code.INVALID_SETTING);
    expect(code(parseTradePageQuery({ limit: NaN }))).toBe(Code.INVALID_SETTING);
    expect(code(parseTradePageQuery({ before: { ts: 1 } }))).toBe(Code.INVALID_SETTING);
    expect(code(parseTradePageQuery({ before: 'x' }))).toBe(Code.INVALID_SETTING);
    expect(code(parseOrderPageQuery({ status: 'done' }))).toBe(Code.INVALID_SETTING);
    expect(code(parseOrderPageQuery({ status: '__proto__' }))).toBe(Code.INVALID_SETTING);
    expect(code(parseOrderPageQuery({ before: { updatedAt: 1, id: 2 } }))).toBe(Code.INVALID_SETTING);
  });
});

describe('args: a method’s argument list', () => {
  const p = args(parseSymbol, parseLevels);
  it('parses each argument by its own parser and ignores extra ones', () => {
    expect(value(p(['FUN', 5, 'extra']))).toEqual(['FUN', 5]);
    expect(value(p(['FUN']))).toEqual(['FUN', undefined]);
  });
  it('answers the first bad argument', () => {
    expect(code(p([1, NaN]))).toBe(Code.UNKNOWN_SYMBOL);
    expect(code(p(['FUN', 'x']))).toBe(Code.INVALID_SETTING);
    expect(code(p([]))).toBe(Code.UNKNOWN_SYMBOL);
  });
});

describe('messages about a bad value', () => {
  // Found by the worker API fuzzer: `String` of a null-prototype object threw out of parseTimeframe.
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const values: unknown[] = [Object.create(null), 10n, cycle, [cycle], Symbol('s'), () => 1, 'x'.repeat(100_000)];

  it('never throw, and stay short, whatever the value', () => {
    const one: Parser<unknown>[] = [parseTimeframe, parseFeedMode(['synthetic'])];
    const inRecord: Parser<unknown>[] = [parseOrderPageQuery, parseTradePageQuery, parseOrderTicket];
    for (const x of values) {
      const answers = [...one.map((p) => p(x)), ...inRecord.map((p) => p({ symbol: 'FUN', side: x, type: x, qty: 1, tif: x, status: x }))];
      for (const bad of answers) {
        expect(bad.ok).toBe(false);
        if (!bad.ok) expect(bad.message.length).toBeLessThan(200);
      }
    }
  });

  it('shows scalars as before, anything else by its kind', () => {
    expect(shown('7m', true)).toBe('7m');
    expect(shown('done')).toBe('"done"');
    expect(shown(undefined)).toBe('undefined');
    expect(shown(NaN)).toBe('null');
    expect(shown(Object.create(null))).toBe('a value of type object');
    expect(shown([1])).toBe('a list');
    expect(shown(10n)).toBe('a value of type bigint');
    expect(shown('x'.repeat(1000))).toHaveLength(60);
  });
});

describe('parseStrategyStart', () => {
  const start = { strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', params: { fast: 10, slow: 30, short: false }, budget: 1000 };
  objectContract('parseStrategyStart', parseStrategyStart, start, ['strategy', 'symbol', 'timeframe', 'params', 'budget']);

  it('reads a good start field by field, its parameters into a fresh object', () => {
    const out = value(parseStrategyStart(start));
    expect(out).toEqual(start);
    expect(out.params).not.toBe(start.params);
  });

  it('fills absent parameters with none (the core fills the defaults)', () => {
    const { params: _, ...noParams } = start;
    expect({ ...value(parseStrategyStart(noParams)).params }).toEqual({});
  });

  it('refuses each missing or mistyped field with a message that names it', () => {
    expect(parseStrategyStart({ ...start, strategy: 3 })).toMatchObject({ ok: false, message: 'Pick a strategy.' });
    expect(parseStrategyStart({ ...start, symbol: undefined })).toMatchObject({ ok: false, code: Code.UNKNOWN_SYMBOL });
    expect(parseStrategyStart({ ...start, timeframe: '2m' })).toMatchObject({ ok: false, message: 'Unknown timeframe 2m.' });
    for (const b of BAD_NUMBERS) expect(parseStrategyStart({ ...start, budget: b })).toMatchObject({ ok: false, code: Code.INVALID_AMOUNT });
    expect(parseStrategyStart({ ...start, params: [1, 2] })).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
  });
});

describe('parseParamValues', () => {
  it('keeps numbers, booleans and short texts, in a null-prototype object', () => {
    const out = value(parseParamValues({ fast: 10, short: true, mode: 'close' }));
    expect({ ...out }).toEqual({ fast: 10, short: true, mode: 'close' });
    expect(Object.getPrototypeOf(out)).toBeNull();
  });

  it('a prototype key is only a key: nothing reaches Object.prototype', () => {
    const out = value(parseParamValues(JSON.parse('{"__proto__":5,"constructor":1}')));
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBeNull();
  });

  it('refuses a value that is no number, flag or text, naming the parameter', () => {
    for (const bad of [NaN, Infinity, null, {}, [], 'x'.repeat(201)]) {
      const r = parseParamValues({ fast: bad });
      expect(r).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
      if (!r.ok) expect(r.message).toContain('fast');
    }
  });

  it('refuses what is not an object, and more parameters than any strategy has', () => {
    for (const x of [null, 1, 'a', [], true]) expect(code(parseParamValues(x))).toBe(Code.INVALID_SETTING);
    const many = Object.fromEntries(Array.from({ length: MAX_PARAMS + 1 }, (_, i) => [`p${i}`, i]));
    expect(code(parseParamValues(many))).toBe(Code.INVALID_SETTING);
  });

  it('never throws, and keeps only own finite numbers, booleans and texts', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true }), (x) => {
      const r = parseParamValues(x);
      if (r.ok) for (const v of Object.values(r.value)) expect(['number', 'boolean', 'string']).toContain(typeof v);
    }), { numRuns: 300 });
  });
});

describe('parseStrategyId', () => {
  it('is text', () => {
    expect(value(parseStrategyId('S1'))).toBe('S1');
    for (const x of [1, null, undefined, {}]) expect(code(parseStrategyId(x))).toBe(Code.UNKNOWN_STRATEGY);
  });
});
