import { describe, expect, it } from 'vitest';
import { parseCsvImportOptions } from '../../protocol';
import { EMPTY_IMPORT, importOptions } from './importForm';

describe('importOptions', () => {
  it('nothing set: everything detected', () => {
    expect(importOptions(EMPTY_IMPORT)).toEqual({ ok: true, options: {} });
  });

  it('a mapping by header names or column numbers (from 1), and the format flags; what the engine accepts', () => {
    const r = importOptions({
      delimiter: ';', dayFirst: true, decimalComma: true,
      columns: { time: 'Datum', open: '2', high: 'Hoch', low: 'Tief', close: ' Schluss ', volume: '' },
    });
    expect(r).toEqual({ ok: true, options: { delimiter: ';', dayFirst: true, decimalComma: true, columns: { time: 'Datum', open: 1, high: 'Hoch', low: 'Tief', close: 'Schluss' } } });
    expect(r.ok && parseCsvImportOptions(r.options)).toMatchObject({ ok: true });
  });

  it('a partial mapping is refused with what to do', () => {
    const r = importOptions({ ...EMPTY_IMPORT, columns: { ...EMPTY_IMPORT.columns, time: 'Date', volume: 'Vol' } });
    expect(r).toMatchObject({ ok: false, message: /time, open, high, low and close/ });
  });
});
