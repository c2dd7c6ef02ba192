import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, plainNumber, TRADE_CSV_HEADER } from './csv';
import { openStore, trade } from './testkit';

/** An RFC 4180 reader, to check that what was written reads back as it was. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; }
      else if (c === '"') { quoted = false; i++; }
      else { field += c; i++; }
    } else if (c === '"') { quoted = true; i++; }
    else if (c === ',') { row.push(field); field = ''; i++; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; }
    else { field += c; i++; }
  }
  if (field !== '' || row.length > 0) throw new Error('The last line has no CRLF.');
  return rows;
}

describe('CSV', () => {
  it('quotes only fields with a comma, quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });

  it('neutralises a cell a spreadsheet would run as a formula (OWASP: a single quote in front)', () => {
    for (const s of ['=HYPERLINK("http://x","y")', '+1+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx', '=', '-', '-1e5', '--1']) {
      expect(csvField(s).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('=a,b')).toBe('"\'=a,b"');
    // Plain decimals are numbers, not formulas: a negative fee still sums.
    expect(csvField('-0.01')).toBe('-0.01');
    expect(csvField('-12')).toBe('-12');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('an imported id or symbol beginning with = is neutralised in the trades CSV', async () => {
    const s = await openStore();
    expect(await s.commit({ inputs: [], trades: [trade({ orderId: '=cmd|"/c calc"!A1', symbol: '@SUM(1)', feeAsset: '+X', fee: -0.5 })] })).toMatchObject({ ok: true });
    const r = await s.tradesCsv('me');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [, row] = parseCsv(r.csv);
    expect(row).toEqual([expect.any(String), "'@SUM(1)", 'buy', '100', '1', '-0.5', "'+X", `'=cmd|"/c calc"!A1`, 'taker']);
    s.close();
  });

  it('writes numbers without exponents', () => {
    expect(plainNumber(0.0000001)).toBe('0.0000001');
    expect(plainNumber(1.5e-10)).toBe('0.00000000015');
    expect(plainNumber(123.45)).toBe('123.45');
    expect(plainNumber(-0.5)).toBe('-0.5');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
  });

  it("an account's trades, oldest first, read back field for field across chunk boundaries", async () => {
    const s = await openStore({ csvChunk: 3 });
    const odd = ['a,b', 'say "hi"', 'two\r\nlines', '=1+1'];
    const trades = Array.from({ length: 10 }, (_, i) =>
      trade({ tradeSeq: i, ts: Date.UTC(2025, 0, 1) + Math.floor(i / 4) * 1000, orderId: odd[i % 4], symbol: i === 7 ? 'X,Y' : 'BTC-USD', price: 1e-7 * (i + 1) }),
    );
    expect(await s.commit({ inputs: [], trades: [...trades, trade({ account: 'other' })] })).toMatchObject({ ok: true });
    const r = await s.tradesCsv('me');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows).toBe(10);
    expect(r.csv.startsWith(TRADE_CSV_HEADER)).toBe(true);
    const rows = parseCsv(r.csv);
    expect(rows[0]).toEqual(['time', 'symbol', 'side', 'price', 'quantity', 'fee', 'fee asset', 'order id', 'liquidity']);
    expect(rows.slice(1)).toEqual(
      // '=1+1' comes back neutralised (a quote in front); the rest as they were.
      trades.map((t) => [new Date(t.ts).toISOString(), t.symbol, 'buy', plainNumber(t.price), '1', '0.1', 'USD', t.orderId === '=1+1' ? "'=1+1" : t.orderId, 'taker']),
    );
    expect(rows[1][0]).toBe('2025-01-01T00:00:00.000Z');
    s.close();
  });

  it('an account without trades is the header alone', async () => {
    const s = await openStore({ csvChunk: 3 });
    expect(await s.tradesCsv('me')).toEqual({ ok: true, csv: TRADE_CSV_HEADER, rows: 0 });
    s.close();
  });
});
