import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TroubleKind } from './types';
import { plainSummary, plainTrouble, type Trouble } from './words';

const KINDS: TroubleKind[] = ['unreachable', 'location', 'unavailable', 'dropped', 'unstable', 'timeout', 'quiet'];

describe('plain words for feed troubles', () => {
  it('names one venue with a verb that agrees', () => {
    expect(plainTrouble('Coinbase Exchange', 'unreachable')).toBe('Coinbase Exchange could not be reached');
    expect(plainTrouble('Binance', 'location')).toBe('Binance does not serve this location');
  });

  it('groups venues that had the same trouble, in the order met, and keeps an unnamed trouble as it was said', () => {
    const t = (label: string, kind: TroubleKind | undefined, text = ''): Trouble => ({ label, kind, text });
    expect(plainSummary([t('Binance', 'unreachable'), t('Coinbase Exchange', 'unreachable'), t('Kraken', 'unreachable')]))
      .toBe('Binance, Coinbase Exchange and Kraken could not be reached');
    expect(plainSummary([t('Binance', 'location'), t('Coinbase Exchange', 'unreachable'), t('Kraken', 'location')]))
      .toBe('Binance and Kraken do not serve this location; Coinbase Exchange could not be reached');
    expect(plainSummary([t('Alpaca', undefined, 'Alpaca: auth failed (402)'), t('Kraken', 'quiet')]))
      .toBe('Alpaca: auth failed (402); Kraken stopped sending prices');
  });

  it('names every venue exactly once, and says nothing technical', () => {
    const labels = ['Binance', 'Coinbase Exchange', 'Kraken', 'Alpaca'];
    fc.assert(
      fc.property(fc.subarray(labels, { minLength: 1 }), fc.array(fc.constantFrom(...KINDS), { minLength: 4, maxLength: 4 }), (venues, kinds) => {
        const text = plainSummary(venues.map((label, i) => ({ label, kind: kinds[i], text: `${label}: closed with code 1006` })));
        for (const label of venues) expect(text.split(label)).toHaveLength(2);
        expect(text).not.toMatch(/code|1006|HTTP/);
      }),
    );
  });
});
