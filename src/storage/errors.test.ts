import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Code } from '../core/codes';
import { FULL_MESSAGE, keepingReason, NEWER_MESSAGE, STOPPED_MESSAGE, storageFailure, TransactionFailed, UNAVAILABLE_MESSAGE } from './errors';
import { Store } from './store';
import { freshName, openStore, steps } from './testkit';

const dom = (name: string) => new DOMException(`${name} from the browser`, name);

afterEach(() => vi.restoreAllMocks());

describe('storageFailure', () => {
  it.each([
    ['QuotaExceededError', dom('QuotaExceededError'), Code.STORAGE_FULL],
    ['AbortError around a QuotaExceededError', new Dexie.AbortError('Transaction aborted', dom('QuotaExceededError')), Code.STORAGE_FULL],
    ['BulkError with a QuotaExceededError among its failures', new Dexie.BulkError('1 of 2 failed', { 1: dom('QuotaExceededError') }), Code.STORAGE_FULL],
    // Dexie's own QuotaExceededError (mapError) around the DOMException, and the transaction's abort around that.
    ['Dexie.QuotaExceededError', new Dexie.QuotaExceededError('Quota', dom('QuotaExceededError')), Code.STORAGE_FULL],
    ['AbortError around Dexie.QuotaExceededError', new Dexie.AbortError('aborted', new Dexie.QuotaExceededError(dom('QuotaExceededError'))), Code.STORAGE_FULL],
    ['Firefox: NS_ERROR_DOM_QUOTA_REACHED by name', Object.assign(new Error('Persistent storage maximum size reached'), { name: 'NS_ERROR_DOM_QUOTA_REACHED' }), Code.STORAGE_FULL],
    ['Firefox: NS_ERROR_DOM_QUOTA_REACHED only in the message',
      new Dexie.AbortError('Transaction aborted', new Error('Component returned failure code: 0x8053000c (NS_ERROR_DOM_QUOTA_REACHED)')), Code.STORAGE_FULL],
    ['Firefox: a disk with no space left', new Dexie.AbortError('aborted', new Error('NS_ERROR_FILE_NO_DEVICE_SPACE')), Code.STORAGE_FULL],
    ['a legacy DOMException code 22 (QUOTA_EXCEEDED_ERR)', Object.assign(new Error('full'), { name: 'Error', code: 22 }), Code.STORAGE_FULL],
    ['a ModifyError with a QuotaExceededError among its failures', new Dexie.ModifyError('1 failed', [dom('QuotaExceededError')], 0, []), Code.STORAGE_FULL],
    // Chromium on a full disk (a full tmpfs profile): the transaction's own error, kept beside Dexie's BulkError of AbortErrors.
    ['Chromium: a full disk (FILE_ERROR_NO_SPACE on the transaction)', new TransactionFailed(
      new Dexie.BulkError('inputs.bulkAdd(): 9 of 10 operations failed', { 1: dom('AbortError') }),
      new DOMException('Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)', 'UnknownError'),
    ), Code.STORAGE_FULL],
    ['Dexie’s BulkError of bare AbortErrors (the reason lost)', new Dexie.BulkError('9 of 10 failed', { 1: dom('AbortError') }), Code.STORAGE_FAILED],
    ['InvalidStateError', dom('InvalidStateError'), Code.STORAGE_UNAVAILABLE],
    ['UnknownError', dom('UnknownError'), Code.STORAGE_UNAVAILABLE],
    ['MissingAPIError', new Dexie.MissingAPIError('indexedDB API missing'), Code.STORAGE_UNAVAILABLE],
    ['OpenFailedError around an InvalidStateError', new Dexie.OpenFailedError(dom('InvalidStateError')), Code.STORAGE_UNAVAILABLE],
    ['DatabaseClosedError', new Dexie.DatabaseClosedError('closed'), Code.STORAGE_UNAVAILABLE],
    ['ConstraintError (a bug, not the device)', dom('ConstraintError'), Code.STORAGE_FAILED],
    ['a thrown string', 'boom', Code.STORAGE_FAILED],
  ])('%s', (_label, err, code) => {
    expect(storageFailure(err).code).toBe(code);
  });

  it('says what happened in words a person understands', () => {
    expect(storageFailure(dom('QuotaExceededError')).message).toBe(FULL_MESSAGE);
    expect(FULL_MESSAGE).toMatch(/^Your browser's storage for Bourse is full/);
    expect(storageFailure(dom('UnknownError')).message).toBe(UNAVAILABLE_MESSAGE);
    expect(UNAVAILABLE_MESSAGE).toMatch(/^Bourse can't save here.*lost when the tab closes/);
    expect(storageFailure(new Dexie.OpenFailedError(dom('VersionError'))).message).toBe(NEWER_MESSAGE);
    expect(storageFailure(dom('ConstraintError')).message).toMatch(/ConstraintError: ConstraintError from the browser/);
  });
});

describe('every Store method answers a failure instead of throwing', () => {
  it('commit: quota as the inner error of the abort', async () => {
    const s = await openStore();
    vi.spyOn(s.db.inputs, 'bulkAdd').mockRejectedValue(new Dexie.AbortError('Transaction aborted', dom('QuotaExceededError')));
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: false, code: Code.STORAGE_FULL, message: FULL_MESSAGE });
    s.close();
  });

  it('reads: InvalidStateError thrown synchronously', async () => {
    const s = await openStore();
    vi.spyOn(s.db.trades, 'where').mockImplementation(() => {
      throw dom('InvalidStateError');
    });
    expect(await s.trades({ account: 'me' })).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await s.tradeCount({ account: 'me' })).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await s.tradesCsv('me')).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    s.close();
  });

  it('settings, snapshots, backup: UnknownError and MissingAPIError', async () => {
    const s = await openStore();
    vi.spyOn(s.db.settings, 'put').mockRejectedValue(dom('UnknownError'));
    vi.spyOn(s.db.settings, 'get').mockRejectedValue(dom('UnknownError'));
    vi.spyOn(s.db.snapshots, 'put').mockRejectedValue(dom('QuotaExceededError'));
    vi.spyOn(s.db.orders, 'toArray').mockRejectedValue(new Dexie.MissingAPIError('gone'));
    expect(await s.setSetting('a', 1)).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await s.getSetting('a')).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await s.saveSnapshot({ seq: 0, at: 0, hash: '', data: {} })).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    expect(await s.exportBackup()).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    s.close();
  });

  it('a closed database', async () => {
    const s = await openStore();
    s.close();
    expect(await s.commit({ inputs: steps(1) })).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await s.load()).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
  });

  it('storage that worked and stopped is never reported as private browsing; a full disk stays a full disk', async () => {
    const s = await openStore();
    vi.spyOn(s.db.inputs, 'bulkAdd').mockRejectedValueOnce(dom('UnknownError')).mockRejectedValueOnce(new Dexie.AbortError('Transaction aborted', dom('QuotaExceededError')));
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: STOPPED_MESSAGE });
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: false, code: Code.STORAGE_FULL, message: FULL_MESSAGE });
    expect(STOPPED_MESSAGE).not.toMatch(/private/i);
    s.close();
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: STOPPED_MESSAGE });
  });
});

describe('a transaction’s own reason', () => {
  it('goes with what its body threw', async () => {
    const why = dom('QuotaExceededError');
    const tx = { idbtrans: { error: why } as unknown as IDBTransaction };
    const thrown = await keepingReason(tx, () => Promise.reject(dom('AbortError'))).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(TransactionFailed);
    expect((thrown as TransactionFailed).cause).toBe(why);
    expect(storageFailure(thrown).code).toBe(Code.STORAGE_FULL);
  });

  it('a transaction without one (or one that cannot say yet) leaves the error as it was', async () => {
    const bare = dom('ConstraintError');
    expect(await keepingReason({ idbtrans: { error: null } as unknown as IDBTransaction }, () => Promise.reject(bare)).catch((e: unknown) => e)).toBe(bare);
    const active = { get idbtrans(): IDBTransaction { throw dom('InvalidStateError'); } };
    expect(await keepingReason(active, () => Promise.reject(bare)).catch((e: unknown) => e)).toBe(bare);
    expect(await keepingReason({}, async () => 7)).toBe(7);
  });
});

describe('a connection the browser closed (Chromium does, after a write failed on a full disk)', () => {
  it('stays closed: what would be written after reopening it is dropped by LevelDB at the next start', async () => {
    const s = await openStore();
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: true, seq: 1 });
    const idb = s.db.backendDB();
    idb.close();
    idb.onclose?.call(idb, new Event('close')); // what the browser fires on a forced close
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: STOPPED_MESSAGE });
    expect(s.db.isOpen()).toBe(false);
  });
});

describe('opening', () => {
  it('private mode: IndexedDB refuses to open', async () => {
    const refusing = {
      open() {
        throw dom('InvalidStateError');
      },
    };
    const s = new Store(freshName(), { storage: undefined, dexie: { indexedDB: refusing, IDBKeyRange } });
    expect(await s.open()).toEqual({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: UNAVAILABLE_MESSAGE });
    // Later calls fail the same way rather than throw.
    expect(await s.commit({ inputs: steps(1) })).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
  });

  it('no IndexedDB at all', async () => {
    const s = new Store(freshName(), { storage: undefined, dexie: { indexedDB: undefined, IDBKeyRange: undefined } });
    expect(await s.open()).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
  });

  async function newer(name: string): Promise<void> {
    const db = new Dexie(name);
    db.version(9).stores({ inputs: '++seq', candles: 'id' });
    await db.open();
    db.close();
  }

  it('a database left by a newer version of Bourse is refused and left as it is', async () => {
    const name = freshName();
    await newer(name);
    const s = new Store(name, { storage: undefined });
    expect(await s.open()).toEqual({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: NEWER_MESSAGE });
    expect(await s.commit({ inputs: steps(1) })).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    const [info] = (await indexedDB.databases()).filter((d) => d.name === name);
    expect(info.version).toBe(90);
  });

  it('another tab upgrading to a newer Bourse closes this one, which then says so', async () => {
    const s = await openStore();
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: true, seq: 1 });
    await newer(s.db.name); // opens once this connection lets go
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: NEWER_MESSAGE });
  });

  it('…also where the browser cannot list its databases', async () => {
    const name = freshName();
    await newer(name);
    const noListing = new Proxy(indexedDB, {
      get: (t, k) => (k === 'databases' ? undefined : typeof Reflect.get(t, k) === 'function' ? Reflect.get(t, k).bind(t) : Reflect.get(t, k)),
    });
    const s = new Store(name, { storage: undefined, dexie: { indexedDB: noListing, IDBKeyRange } });
    expect(await s.open()).toEqual({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: NEWER_MESSAGE });
    expect(await s.load()).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
  });
});

describe('estimate and persistence', () => {
  it('without navigator.storage: unknown, and persistence not granted', async () => {
    const s = new Store(freshName(), { storage: undefined });
    expect(await s.estimate()).toEqual({ usage: null, quota: null, persisted: null });
    expect(await s.requestPersistence()).toBe(false);
  });

  it('in a worker: estimate and persisted, but no persist()', async () => {
    const storage = { estimate: async () => ({ usage: 1200, quota: 1e9 }), persisted: async () => false };
    const s = new Store(freshName(), { storage });
    expect(await s.estimate()).toEqual({ usage: 1200, quota: 1e9, persisted: false });
    expect(await s.requestPersistence()).toBe(false);
  });

  it('calls that reject count as unknown', async () => {
    const storage = {
      estimate: () => Promise.reject(dom('SecurityError')),
      persisted: () => Promise.reject(dom('SecurityError')),
      persist: () => Promise.reject(dom('SecurityError')),
    };
    const s = new Store(freshName(), { storage });
    expect(await s.estimate()).toEqual({ usage: null, quota: null, persisted: null });
    expect(await s.requestPersistence()).toBe(false);
  });

  it('persist() granted', async () => {
    const persist = vi.fn(async () => true);
    const s = new Store(freshName(), { storage: { persist } });
    expect(await s.requestPersistence()).toBe(true);
    expect(persist).toHaveBeenCalledOnce();
  });
});
