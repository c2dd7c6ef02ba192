import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Code } from '../core/codes';
import { BACKUP_FORMAT, BACKUP_VERSION } from './backup';
import type { Store } from './store';
import { dump, openStore, order, point, steps, trade } from './testkit';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const stores: Store[] = [];
async function store(): Promise<Store> {
  const s = await openStore({ now: () => NOW });
  stores.push(s);
  return s;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of stores.splice(0)) s.close();
});

/** A store with something in every table, a pruned journal and odd values. */
async function filled(): Promise<Store> {
  const s = await store();
  expect(await s.commit({ inputs: steps(4), orders: [order({ id: 'a' })], trades: [trade({ orderId: 'a' })], equity: [point()] })).toMatchObject({ ok: true });
  expect(await s.saveSnapshot({ seq: 2, at: 1, hash: 'h2', data: { books: [[1, 2]], note: 'ü "quoted"\n' } })).toMatchObject({ ok: true });
  expect(await s.saveSnapshot({ seq: 4, at: 3, hash: 'h4', data: { books: [] } })).toMatchObject({ ok: true });
  expect(await s.commit({
    inputs: [{ input: { t: 'cmd', cmd: { kind: 'cancel', id: 'a' } }, at: 5 }],
    orders: [order({ id: 'a', status: 'cancelled', reason: 'USER', updatedAt: 5 }), order({ id: 'b', side: 'sell', price: 1e-7 })],
    trades: [trade({ tradeSeq: 2, liquidity: 'maker', fee: -0.01 })],
    equity: [point({ ts: 5, equity: 99_999.5 })],
  })).toMatchObject({ ok: true });
  expect(await s.setSetting('theme', 'dark')).toMatchObject({ ok: true });
  expect(await s.setSetting('layout', { panes: [1, 2], hidden: null })).toMatchObject({ ok: true });
  return s;
}

async function exported(s: Store): Promise<string> {
  const r = await s.exportBackup();
  if (!r.ok) throw new Error(r.message);
  return r.text;
}

describe('backup', () => {
  it('is one JSON document with every table', async () => {
    const doc = JSON.parse(await exported(await filled()));
    expect(doc).toMatchObject({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: '2025-01-02T03:04:05.000Z' });
    expect(Object.keys(doc.tables).sort()).toEqual(['equity', 'inputs', 'orders', 'settings', 'snapshots', 'trades']);
    expect(doc.tables.snapshots.map((x: { seq: number }) => x.seq)).toEqual([2, 4]);
    expect(doc.tables.inputs.map((x: { seq: number }) => x.seq)).toEqual([3, 4, 5]);
  });

  it('round trip: importing into a fresh database gives identical tables', async () => {
    const a = await filled();
    const text = await exported(a);
    const b = await store();
    expect(await b.setSetting('stale', true)).toMatchObject({ ok: true }); // replaced, not merged
    expect(await b.importBackup(text)).toEqual({ ok: true, rows: 3 + 2 + 2 + 2 + 2 + 2 });
    expect(await dump(b)).toEqual(await dump(a));
    // The same document (IndexedDB may order a row's fields differently).
    expect(JSON.parse(await exported(b))).toEqual(JSON.parse(text));
    // And the copy restores, and its journal goes on after the original's.
    expect(await b.load()).toEqual(await a.load());
    expect(await b.commit({ inputs: steps(1) })).toEqual({ ok: true, seq: 6 });
  });

  it('reads commands as recorded since issue 9 ({ op, account }) beside the legacy { kind }', async () => {
    const s = await filled();
    expect(await s.commit({ inputs: [{ input: { t: 'cmd', cmd: { op: 'cancel', id: 'b', account: 'you' } }, at: 6 }], orders: [], trades: [], equity: [] })).toMatchObject({ ok: true });
    const text = await exported(s);
    const fresh = await store();
    expect(await fresh.importBackup(text)).toMatchObject({ ok: true });
    expect(await dump(fresh)).toEqual(await dump(s));
  });

  it('a journal pruned to its snapshot imports and goes on after the snapshot', async () => {
    const a = await store();
    expect(await a.commit({ inputs: steps(7) })).toMatchObject({ ok: true });
    expect(await a.saveSnapshot({ seq: 7, at: 0, hash: 'h', data: 7 })).toMatchObject({ ok: true });
    const b = await store();
    expect(await b.importBackup(await exported(a))).toMatchObject({ ok: true });
    // The key generator of the fresh table is at 1; the store still numbers after the snapshot.
    expect(await b.commit({ inputs: steps(1) })).toEqual({ ok: true, seq: 8 });
    const r = await b.load();
    expect(r.ok && r.tail.map((x) => x.seq)).toEqual([8]);
  });
});

describe('a bad backup is refused and changes nothing', () => {
  /** `mutate` edits the exported document, or gives the whole file's text as `{ text }`. */
  async function refused(mutate: (doc: any) => unknown, why: RegExp): Promise<void> {
    const s = await filled();
    const before = await dump(s);
    const doc = JSON.parse(await exported(s));
    const bad = mutate(doc) as { text?: unknown } | undefined;
    const text = typeof bad?.text === 'string' ? bad.text : JSON.stringify(doc);
    const r = await s.importBackup(text);
    expect(r).toMatchObject({ ok: false, code: Code.INVALID_BACKUP });
    if (!r.ok) expect(r.message).toMatch(why);
    expect(await dump(s)).toEqual(before);
  }

  it('corrupt JSON', () => refused((d) => ({ text: JSON.stringify(d).slice(0, -10) }), /not valid JSON/));
  it('not a backup', () => refused(() => ({ text: '[1,2,3]' }), /not a Bourse backup/));
  it('another format', () => refused((d) => (d.format = 'other-app'), /not a Bourse backup/));
  it('another version', () => refused((d) => (d.version = 2), /version 2/));
  it('no tables', () => refused((d) => delete d.tables, /no tables/));
  it('a missing table', () => refused((d) => delete d.tables.trades, /"trades" must be a list/));
  it('an unknown table', () => refused((d) => (d.tables.candles = []), /Unknown table "candles"/));
  it('a row that is not an object', () => refused((d) => d.tables.orders.push(7), /orders row 3 is not an object/));
  it('a bad enum', () => refused((d) => (d.tables.trades[1].side = 'hold'), /trades row 2: "side" must be one of buy, sell/));
  it('a number that is a string', () => refused((d) => (d.tables.equity[0].equity = '100'), /equity row 1: "equity" must be a finite number/));
  it('a missing value', () => refused((d) => delete d.tables.settings[0].value, /settings row 1: "value" is missing/));
  it('a bad key', () => refused((d) => (d.tables.inputs[0].seq = 0), /inputs row 1: "seq" must be an integer of at least 1/));
  it('a repeated key', () => refused((d) => (d.tables.orders[1].id = d.tables.orders[0].id), /orders row 2 repeats the key a/));
  // Rows are read like commands (issue 10, defect 7): no negative or non-finite amounts, closed enums, bounded strings.
  it('a negative quantity', () => refused((d) => (d.tables.orders[0].qty = -5), /orders row 1: "qty" must be at least 0/));
  it('a negative price', () => refused((d) => (d.tables.trades[0].price = -100), /trades row 1: "price" must be above 0/));
  it('a zero fill', () => refused((d) => (d.tables.trades[0].qty = 0), /trades row 1: "qty" must be above 0/));
  it('a negative equity', () => refused((d) => (d.tables.equity[1].equity = -1), /equity row 2: "equity" must be at least 0/));
  it('a huge number', () => refused((d) => (d.tables.orders[1].filled = 1e300), /orders row 2: "filled" must be at most/));
  it('a negative time', () => refused((d) => (d.tables.trades[0].ts = -1), /trades row 1: "ts" must be at least 0/));
  it('an order type outside its set', () => refused((d) => (d.tables.orders[0].type = 'martingale'), /orders row 1: "type" must be one of limit, market, stop, stop_limit/));
  it('a time in force outside its set', () => refused((d) => (d.tables.orders[0].tif = 'forever'), /"tif" must be one of GTC, IOC, FOK/));
  it('a liquidity outside its set', () => refused((d) => (d.tables.trades[0].liquidity = 'both'), /"liquidity" must be one of maker, taker/));
  it('an id too long', () => refused((d) => (d.tables.orders[0].id = 'x'.repeat(500)), /"id" is longer than 128 characters/));
  it('a journal entry of an unknown kind', () => refused((d) => (d.tables.inputs[0].input = { t: 'warp', dt: 5 }), /inputs row 1: "t" must be one of step, cmd/));
  it('a step back in time', () => refused((d) => (d.tables.inputs[0].input.dt = -1000), /inputs row 1: "dt" must be above 0/));
  it('a step of years', () => refused((d) => (d.tables.inputs[0].input.dt = 1e12), /inputs row 1: "dt" must be at most/));
  it('a command without a kind', () => refused((d) => delete d.tables.inputs[2].input.cmd.kind, /inputs row 3 command: "kind" must be a non-empty string/));
  it('a command recorded with an empty op', () => refused((d) => (d.tables.inputs[2].input.cmd = { op: '', id: 'a', account: 'you' }), /inputs row 3 command: "op" must be a non-empty string/));
  it('a snapshot nested beyond reason', () => refused((d) => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    d.tables.snapshots[0].data = deep;
  }, /snapshots row 1 data is nested more than 64 deep/));

  it('unknown fields are dropped and __proto__ keys never reach a prototype', async () => {
    const s = await filled();
    const doc = JSON.parse(await exported(s));
    doc.tables.orders[0].extra = 'x';
    const evil = '{"polluted":true}';
    const text = JSON.stringify(doc)
      .replace('"theme"', '"theme","__proto__":' + evil)
      .replace('"panes":', '"__proto__":' + evil + ',"panes":');
    const b = await store();
    expect(await b.importBackup(text)).toMatchObject({ ok: true });
    const rows = await dump(b);
    expect(rows.orders[0]).not.toHaveProperty('extra');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const layout = (rows.settings as { key: string; value: Record<string, unknown> }[]).find((r) => r.key === 'layout')!.value;
    expect(layout.polluted).toBeUndefined();
    expect(Object.keys(layout).sort()).toEqual(['hidden', 'panes']);
  });

  it('a gap in the journal', () => refused((d) => d.tables.inputs.splice(1, 1), /gap after entry 3/));
  it("a journal missing the latest snapshot's tail", () =>
    refused((d) => (d.tables.inputs = d.tables.inputs.slice(2).map((x: { seq: number }) => ({ ...x, seq: 9 }))), /misses entries 5 to 8/));
  it('a journal without its start and no snapshot', () => refused((d) => (d.tables.snapshots = []), /starts at entry 3/));

  it('a failure while writing leaves the old data intact', async () => {
    const s = await filled();
    const before = await dump(s);
    const other = await store();
    expect(await other.commit({ inputs: steps(2), trades: [trade({ account: 'x' })] })).toMatchObject({ ok: true });
    const text = await exported(other);
    // Tables were cleared and some rows written when this write fails.
    vi.spyOn(s.db.trades, 'bulkAdd').mockRejectedValue(new DOMException('Quota exceeded', 'QuotaExceededError'));
    expect(await s.importBackup(text)).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    expect(await dump(s)).toEqual(before);
  });
});

describe('backup: the strategies the person wrote', () => {
  const code = 'return { name: "x", title: "X", description: "", params: {}, timeframe: "1m", init() {}, onBar() {} };\n';

  it('are exported and imported with everything else', async () => {
    const a = await filled();
    expect(await a.userStrategies.save('mine', code)).toMatchObject({ ok: true });
    expect(await a.userStrategies.save('other-1', '// ü "quoted"\n')).toMatchObject({ ok: true });
    const text = await exported(a);
    expect(JSON.parse(text).tables.userStrategies.map((r: { name: string }) => r.name).sort()).toEqual(['mine', 'other-1']);
    const b = await store();
    expect(await b.userStrategies.save('stale', code)).toMatchObject({ ok: true }); // replaced, not merged
    expect(await b.importBackup(text)).toEqual({ ok: true, rows: 3 + 2 + 2 + 2 + 2 + 2 + 2 });
    expect(await dump(b)).toEqual(await dump(a));
    expect(await b.userStrategies.get('mine')).toMatchObject({ ok: true, row: { code } });
  });

  it('a backup without them (older, or none written) leaves the key out and imports as none', async () => {
    const a = await filled();
    const text = await exported(a);
    expect(Object.keys(JSON.parse(text).tables)).not.toContain('userStrategies');
    const b = await store();
    expect(await b.userStrategies.save('stale', code)).toMatchObject({ ok: true });
    expect(await b.importBackup(text)).toMatchObject({ ok: true });
    expect(await b.userStrategies.list()).toEqual({ ok: true, rows: [] });
  });

  const bad: [string, (rows: Record<string, unknown>[]) => unknown][] = [
    ['a bad name', (rows) => [{ ...rows[0], name: '../evil' }]],
    ['a name with spaces', (rows) => [{ ...rows[0], name: 'a b' }]],
    ['code that is not text', (rows) => [{ ...rows[0], code: { x: 1 } }]],
    ['code over the size cap', (rows) => [{ ...rows[0], code: 'x'.repeat(100_001) }]],
    ['a missing time', (rows) => [{ ...rows[0], updatedAt: undefined }]],
    ['a repeated name', (rows) => [rows[0], rows[0]]],
    ['a table that is not a list', () => ({ mine: code })],
    ['too many', (rows) => Array.from({ length: 501 }, (_, i) => ({ ...rows[0], name: `s${i}` }))],
  ];
  for (const [what, mutate] of bad) {
    it(`a file with ${what} is refused and changes nothing`, async () => {
      const a = await filled();
      expect(await a.userStrategies.save('mine', code)).toMatchObject({ ok: true });
      const doc = JSON.parse(await exported(a));
      doc.tables.userStrategies = mutate(doc.tables.userStrategies);
      const b = await store();
      expect(await b.userStrategies.save('kept', code)).toMatchObject({ ok: true });
      const before = await dump(b);
      const r = await b.importBackup(JSON.stringify(doc));
      expect(r).toMatchObject({ ok: false, code: Code.INVALID_BACKUP });
      expect(!r.ok && r.message).toMatch(/userStrategies|strategies/);
      expect(await dump(b)).toEqual(before);
    });
  }

  it('extra fields of a row are dropped', async () => {
    const a = await filled();
    expect(await a.userStrategies.save('mine', code)).toMatchObject({ ok: true });
    const doc = JSON.parse(await exported(a));
    doc.tables.userStrategies[0].extra = 'dropped';
    const b = await store();
    expect(await b.importBackup(JSON.stringify(doc))).toMatchObject({ ok: true });
    expect(Object.keys(await b.db.userStrategies.get('mine') ?? {}).sort()).toEqual(['code', 'createdAt', 'name', 'updatedAt']);
  });
});
