import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { searchInstruments } from './instrumentSearch';

const LIST = [
  { symbol: 'FUN', name: 'Fun Industries' },
  { symbol: 'BTCUSDT', name: 'Bitcoin' },
  { symbol: 'AAPL', name: 'Apple' },
  { symbol: 'SUNF', name: 'Sunny Fun Foods' },
  { symbol: 'ETHUSDT', name: 'Ether' },
  { symbol: 'SOC', name: 'Société Générale' },
];

describe('searchInstruments', () => {
  it('ranks an exact symbol, then symbol prefixes, then name words, then anywhere', () => {
    expect(searchInstruments(LIST, 'fun').map((i) => i.symbol)).toEqual(['FUN', 'SUNF']);
    expect(searchInstruments(LIST, 'usdt').map((i) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(searchInstruments(LIST, 'app').map((i) => i.symbol)).toEqual(['AAPL']);
    expect(searchInstruments(LIST, ' BIT ').map((i) => i.symbol)).toEqual(['BTCUSDT']);
  });

  it('ignores case and accents', () => {
    expect(searchInstruments(LIST, 'societe').map((i) => i.symbol)).toEqual(['SOC']);
    expect(searchInstruments(LIST, 'GÉNÉ').map((i) => i.symbol)).toEqual(['SOC']);
  });

  it('an empty query gives the list as it is, up to the limit', () => {
    expect(searchInstruments(LIST, '')).toEqual(LIST);
    expect(searchInstruments(LIST, '  ', 2)).toEqual(LIST.slice(0, 2));
  });

  it('finds only items that hold the query, each once', () => {
    fc.assert(fc.property(fc.array(fc.record({ symbol: fc.string(), name: fc.string() }), { maxLength: 30 }), fc.string({ maxLength: 4 }), (list, q) => {
      const found = searchInstruments(list, q, 1000);
      expect(new Set(found).size).toBe(found.length);
      const needle = q.trim().toLowerCase();
      for (const f of found) expect(`${f.symbol} ${f.name}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').includes(needle.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))).toBe(true);
    }));
  });
});
