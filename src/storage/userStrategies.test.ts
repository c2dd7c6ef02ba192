import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { SCHEMA_V3, SCHEMA_VERSION } from './db';
import { Store } from './store';
import { freshName, openStore, order } from './testkit';
import { MAX_CODE_CHARS, MAX_USER_STRATEGIES } from './userStrategies';

let clock = 1_000;
const stores: Store[] = [];
async function store(): Promise<Store> {
  const s = await openStore({ now: () => clock });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const CODE = 'return { name: "mine", title: "Mine", description: "", params: {}, timeframe: "1m", init() {}, onBar() {} };';

describe('user strategies', () => {
  it('save, list by name, get, replace (creation time kept), rename, delete', async () => {
    const s = await store();
    const u = s.userStrategies;
    clock = 1_000;
    expect(await u.save('zeta', CODE)).toEqual({ ok: true, row: { name: 'zeta', code: CODE, createdAt: 1_000, updatedAt: 1_000 } });
    expect(await u.save('alpha_1', '// nothing yet')).toMatchObject({ ok: true });
    const listed = await u.list();
    expect(listed.ok && listed.rows.map((r) => r.name)).toEqual(['alpha_1', 'zeta']);

    clock = 2_000;
    expect(await u.save('zeta', 'return null;')).toEqual({ ok: true, row: { name: 'zeta', code: 'return null;', createdAt: 1_000, updatedAt: 2_000 } });
    expect(await u.get('zeta')).toMatchObject({ ok: true, row: { code: 'return null;' } });

    clock = 3_000;
    expect(await u.rename('zeta', 'omega')).toEqual({ ok: true, row: { name: 'omega', code: 'return null;', createdAt: 1_000, updatedAt: 3_000 } });
    expect(await u.get('zeta')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND, message: 'There is no saved strategy named "zeta".' });
    expect(await u.delete('omega')).toEqual({ ok: true });
    const left = await u.list();
    expect(left.ok && left.rows.map((r) => r.name)).toEqual(['alpha_1']);
  });

  it('refuses bad names, oversized code, a rename onto a taken name, and missing ones, changing nothing', async () => {
    const s = await store();
    const u = s.userStrategies;
    expect(await u.save('a', CODE)).toMatchObject({ ok: true });
    expect(await u.save('b', CODE)).toMatchObject({ ok: true });
    const before = await u.list();
    for (const name of ['', ' lead', '-dash', 'has space', 'a/b', '__proto__x'.replace('x', '!'), 'x'.repeat(65), 'é']) {
      const r = await u.save(name, CODE);
      expect(r).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
      expect(!r.ok && r.message).toMatch(/strategy name|needs a name/);
    }
    expect(await u.save('x'.repeat(64), CODE)).toMatchObject({ ok: true });
    expect(await u.delete('x'.repeat(64))).toEqual({ ok: true });
    expect(await u.save('big', 'x'.repeat(MAX_CODE_CHARS + 1))).toMatchObject({ ok: false, message: /at most 100,000/ });
    expect(await u.save('c', 42 as unknown as string)).toMatchObject({ ok: false, message: /must be text/ });
    expect(await u.rename('a', 'b')).toMatchObject({ ok: false, code: Code.DUPLICATE_ID });
    expect(await u.rename('nope', 'c')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await u.rename('a', 'bad name')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await u.delete('nope')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await u.list()).toEqual(before);
  });

  it(`keeps at most ${MAX_USER_STRATEGIES}: a new one beyond is refused, replacing one still works`, async () => {
    const s = await store();
    await s.db.userStrategies.bulkAdd(Array.from({ length: MAX_USER_STRATEGIES }, (_, i) => ({ name: `s${i}`, code: '', createdAt: 0, updatedAt: 0 })));
    expect(await s.userStrategies.save('one-more', CODE)).toMatchObject({ ok: false, message: /delete one first/ });
    expect(await s.userStrategies.save('s7', CODE)).toMatchObject({ ok: true });
  });

  it('upgrades a version 3 database to 4: its rows untouched, an empty table that works', async () => {
    const name = freshName();
    const v3 = new Dexie(name);
    v3.version(3).stores(SCHEMA_V3);
    await v3.open();
    await v3.table('orders').add(order({ id: 'kept' }));
    await v3.table('settings').put({ key: 'theme', value: 'dark' });
    v3.close();

    const s = new Store(name, { storage: undefined, now: () => 5 });
    stores.push(s);
    expect(await s.open()).toEqual({ ok: true });
    expect(s.db.verno).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    expect(await s.db.orders.get('kept')).toMatchObject({ id: 'kept' });
    expect(await s.getSetting('theme')).toEqual({ ok: true, value: 'dark' });
    expect(await s.userStrategies.list()).toEqual({ ok: true, rows: [] });
    expect(await s.userStrategies.save('first', CODE)).toMatchObject({ ok: true });
    expect(s.db.all().map((t) => t.name)).toContain('userStrategies');
  });
});
