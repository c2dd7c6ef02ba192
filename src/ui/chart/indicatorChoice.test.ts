import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHOICE, choiceKey, loadChoice, lowerPanes, parseChoice, parseK, parsePeriod, saveChoice, type ChoiceStorage } from './indicatorChoice';

/** localStorage's two methods over a Map: what the module sees of a browser's storage. */
function memoryStorage(): ChoiceStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe('parsePeriod / parseK', () => {
  it('takes whole numbers in range, as numbers or typed text', () => {
    expect(parsePeriod(14)).toBe(14);
    expect(parsePeriod('20')).toBe(20);
    expect(parsePeriod(' 7 ')).toBe(7);
  });
  it('refuses fractions, zero, too large, blanks and non-numbers', () => {
    for (const x of [0, -1, 2.5, 501, '', ' ', 'abc', NaN, Infinity, null, undefined, {}, [14], true]) expect(parsePeriod(x)).toBeNull();
  });
  it('k is a decimal from 0.5 to 5', () => {
    expect(parseK('2.5')).toBe(2.5);
    expect(parseK(0.4)).toBeNull();
    expect(parseK('6')).toBeNull();
    expect(parseK('x')).toBeNull();
  });
});

describe('parseChoice', () => {
  it('nothing stored gives the default: volume and the 20-candle SMA the chart always had', () => {
    expect(parseChoice(undefined)).toEqual(DEFAULT_CHOICE);
    expect(DEFAULT_CHOICE.volume.on && DEFAULT_CHOICE.sma.on && DEFAULT_CHOICE.sma.period === 20).toBe(true);
    expect([DEFAULT_CHOICE.ema.on, DEFAULT_CHOICE.bollinger.on, DEFAULT_CHOICE.rsi.on, DEFAULT_CHOICE.macd.on]).toEqual([false, false, false, false]);
  });
  it('a bad field falls back alone; the good ones are kept', () => {
    const c = parseChoice({ rsi: { on: true, period: 'x' }, ema: { on: 'yes', period: 30 }, bollinger: { on: true, period: 10, k: 99 } });
    expect(c.rsi).toEqual({ on: true, period: 14 });
    expect(c.ema).toEqual({ on: false, period: 30 });
    expect(c.bollinger).toEqual({ on: true, period: 10, k: 2 });
  });
  it('a MACD whose fast is not faster than its slow gets the default pair', () => {
    expect(parseChoice({ macd: { on: true, fast: 30, slow: 10, signal: 5 } }).macd).toEqual({ on: true, fast: 12, slow: 26, signal: 5 });
  });
  it('reads own fields only: a polluted prototype does not turn an indicator on', () => {
    const raw = Object.create({ rsi: { on: true, period: 3 } }) as object;
    expect(parseChoice(raw).rsi).toEqual(DEFAULT_CHOICE.rsi);
    expect(parseChoice(JSON.parse('{"__proto__": {"on": true}, "rsi": {"__proto__": {"on": true}}}')).rsi.on).toBe(false);
  });
  it('property: anything parses to a valid choice, and a valid choice parses to itself', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const c = parseChoice(raw);
        for (const p of [c.sma.period, c.ema.period, c.bollinger.period, c.rsi.period, c.macd.fast, c.macd.slow, c.macd.signal]) expect(parsePeriod(p)).toBe(p);
        expect(c.macd.fast).toBeLessThan(c.macd.slow);
        expect(parseK(c.bollinger.k)).toBe(c.bollinger.k);
        expect(parseChoice(JSON.parse(JSON.stringify(c)))).toEqual(c);
      }),
    );
  });
});

describe('loadChoice / saveChoice', () => {
  it('remembers per symbol: RSI on for FUN leaves ACME as it was', () => {
    const s = memoryStorage();
    const c = { ...DEFAULT_CHOICE, rsi: { on: true, period: 9 } };
    expect(saveChoice(s, 'FUN', c)).toBe(true);
    expect(loadChoice(s, 'FUN')).toEqual(c);
    expect(loadChoice(s, 'ACME')).toEqual(DEFAULT_CHOICE);
    expect([...s.map.keys()]).toEqual([choiceKey('FUN')]);
  });
  it('stored text that is not JSON, or storage that throws, gives the default and no exception', () => {
    const s = memoryStorage();
    s.map.set(choiceKey('FUN'), '{not json');
    expect(loadChoice(s, 'FUN')).toEqual(DEFAULT_CHOICE);
    const blocked: ChoiceStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadChoice(blocked, 'FUN')).toEqual(DEFAULT_CHOICE);
    expect(saveChoice(blocked, 'FUN', DEFAULT_CHOICE)).toBe(false);
    expect(saveChoice(null, 'FUN', DEFAULT_CHOICE)).toBe(false);
    expect(loadChoice(null, 'FUN')).toEqual(DEFAULT_CHOICE);
  });
});

describe('lowerPanes', () => {
  it('RSI above MACD, only those on', () => {
    expect(lowerPanes(DEFAULT_CHOICE)).toEqual([]);
    expect(lowerPanes({ ...DEFAULT_CHOICE, macd: { ...DEFAULT_CHOICE.macd, on: true } })).toEqual(['macd']);
    expect(lowerPanes({ ...DEFAULT_CHOICE, macd: { ...DEFAULT_CHOICE.macd, on: true }, rsi: { on: true, period: 14 } })).toEqual(['rsi', 'macd']);
  });
});
