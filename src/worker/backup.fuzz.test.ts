import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { Store } from '../storage/store';
import { dump } from '../storage/testkit';
import { DurableTerminal } from './durableTerminal';

/**
 * Backup import under mutation (issue 10): a real backup (a profile that
 * traded, with two snapshots and a journal tail) is mutated the ways a file
 * goes bad or is made to, and imported into a running profile. Either it is
 * taken, and a reload runs from exactly the state the import restored (the
 * hash it answered with), or it is refused with INVALID_BACKUP and nothing
 * changed: the stored rows, the running state, and the engine still saving.
 * BACKUP_FUZZ_RUNS sets the number of runs (each restores a sim or two).
 */

const RUNS = Number(process.env.BACKUP_FUZZ_RUNS ?? 30);
const wall = () => Date.UTC(2025, 2, 4, 15, 0);
const fresh = () => `fuzz-${Math.random()}`;

async function started(name: string): Promise<DurableTerminal> {
  const h = await DurableTerminal.start(new Store(name), wall);
  await h.settled();
  return h;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const TABLES = ['inputs', 'snapshots', 'orders', 'trades', 'equity', 'settings', 'series'] as const;

type Mutation =
  | { op: 'delete' | 'replace' | 'negate' | 'proto'; table: (typeof TABLES)[number]; row: number; walk: number[]; value: Json }
  | { op: 'snapshot'; walk: number[]; value: Json }
  | { op: 'truncate'; fromEnd: boolean; n: number }
  | { op: 'shuffle'; table: (typeof TABLES)[number]; seed: number };

const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(-1, -1e9, 0, 1e308, 1e20, 0.5, 'NaN', 'Infinity', '-Infinity', '', 'hold', 'x'.repeat(300), null, true, {}, [], '=1+1'),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.string({ maxLength: 12 }),
);
const walk = fc.array(fc.nat(), { minLength: 0, maxLength: 12 });
const table = fc.constantFrom(...TABLES);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'replace', 'negate', 'proto' as const), table, row: fc.nat(), walk, value: badValue }),
  fc.record({ op: fc.constant('snapshot' as const), walk: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), value: badValue }),
  fc.record({ op: fc.constant('truncate' as const), fromEnd: fc.boolean(), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('shuffle' as const), table, seed: fc.nat() }),
);

const isContainer = (x: unknown): x is Record<string, unknown> | unknown[] => typeof x === 'object' && x !== null;

/** Follows `steps` down from `node`: the container and key where it stopped (the last step picks the key). */
function descend(node: Record<string, unknown> | unknown[], steps: number[]): { parent: Record<string, unknown> | unknown[]; key: string | number } | null {
  let parent = node;
  for (let i = 0; ; i++) {
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, j) => j) : Object.keys(parent);
    if (keys.length === 0) return null;
    const key = keys[(steps[i] ?? 0) % keys.length];
    const child = (parent as Record<string | number, unknown>)[key];
    if (i + 1 >= steps.length || !isContainer(child)) return { parent, key };
    parent = child;
  }
}

function set(parent: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  (parent as Record<string | number, unknown>)[key] = value;
}

function apply(doc: { tables: Record<string, any[]> }, m: Mutation): void {
  const t = doc.tables;
  switch (m.op) {
    case 'truncate': {
      const inputs = t.inputs.sort((a, b) => a.seq - b.seq);
      if (m.fromEnd) inputs.splice(-m.n);
      else inputs.splice(0, m.n);
      return;
    }
    case 'shuffle': {
      const rows = t[m.table];
      let s = m.seed;
      for (let i = rows.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const j = s % (i + 1);
        [rows[i], rows[j]] = [rows[j], rows[i]];
      }
      return;
    }
    case 'snapshot': {
      const latest = t.snapshots.reduce((a, b) => (b.seq > a.seq ? b : a));
      const at = descend(latest.data, m.walk);
      if (at !== null) set(at.parent, at.key, m.value);
      return;
    }
    default: {
      const rows = t[m.op === 'proto' && m.table === 'settings' ? 'settings' : m.table];
      if (rows.length === 0) return;
      const row = rows[m.row % rows.length];
      const at = descend(row, m.walk.length === 0 ? [m.row] : m.walk);
      if (at === null) return;
      const { parent, key } = at;
      const was = (parent as Record<string | number, unknown>)[key];
      if (m.op === 'delete') {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
      } else if (m.op === 'replace') set(parent, key, m.value);
      else if (m.op === 'negate') set(parent, key, typeof was === 'number' ? -was - 1 : typeof was === 'string' ? `${was}x` : m.value);
      else {
        // An own "__proto__" key, as JSON.parse makes one: assigning it would set the prototype instead.
        const target = isContainer(was) && !Array.isArray(was) ? was : Array.isArray(parent) ? row : parent;
        Object.defineProperty(target, '__proto__', { value: { polluted: true, seq: 1, value: 1 }, enumerable: true, configurable: true, writable: true });
      }
    }
  }
}

describe('backup import under mutation', () => {
  let source: { text: string; hash: string };

  beforeAll(async () => {
    const a = await started(fresh());
    expect(a.terminal.setSpeed(10)).toMatchObject({ ok: true });
    a.terminal.advance(1_000);
    expect(a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 4 }).ok).toBe(true);
    expect(a.terminal.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1 }).ok).toBe(true);
    await a.snapshot(); // two snapshots: the first profile's and this one
    expect(a.terminal.place({ symbol: 'FUN', side: 'sell', type: 'market', qty: 1 }).ok).toBe(true);
    a.terminal.advance(700);
    expect(await a.commit()).toMatchObject({ ok: true }); // a tail after the latest snapshot
    expect(await a.setSpeed(60)).toMatchObject({ ok: true });
    // An imported series (schema 6), its columns as number lists in the document (a missing volume as null).
    const col = (xs: number[]) => Float64Array.from(xs);
    const bars = {
      length: 3, time: col([0, 86_400_000, 172_800_000]), open: col([10, 11, 12]), high: col([12, 13, 14]), low: col([9, 10, 11]),
      close: col([11, 12, 13]), volume: col([100, NaN, 300]),
    };
    expect(await a.storage!.series.save({ name: 'GOOG.csv', source: 'csv' }, bars)).toMatchObject({ ok: true });
    const r = await a.storage!.exportBackup();
    if (!r.ok) throw new Error(r.message);
    source = { text: r.text, hash: a.stateHash() };
    const doc = JSON.parse(r.text);
    expect(doc.tables.snapshots).toHaveLength(2);
    expect(doc.tables.inputs.length).toBeGreaterThan(1);
    expect(doc.tables.series).toHaveLength(1);
  }, 60_000);

  it('either restored exactly or refused with nothing changed', async () => {
    let name = fresh();
    let b = await started(name);
    const seen = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const doc = JSON.parse(source.text);
        for (const m of mutations) apply(doc, m);
        b.terminal.advance(200);
        expect(await b.commit()).toMatchObject({ ok: true });
        const before = await dump(b.storage!);
        b.terminal.advance(100); // pending, not committed: a refused import must not lose it
        const hash = b.stateHash();
        const r = await b.importBackup(JSON.stringify(doc));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        if (r.ok) {
          seen.ok++;
          expect(b.replaced).toBe(true);
          const reloaded = await started(name);
          expect(reloaded.stateHash()).toBe(r.hash);
          name = fresh();
          b = await started(name);
        } else {
          seen.refused++;
          expect(r.code).toBe(Code.INVALID_BACKUP);
          expect(r.message).toMatch(/^This backup /);
          expect(await dump(b.storage!)).toEqual(before);
          expect(b.stateHash()).toBe(hash);
          expect(b.replaced).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
    if (process.env.BACKUP_FUZZ_RUNS) console.log(seen);
    // Both ways were taken, so the property said something about each.
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  }, 600_000);

  it('the backup as it is restores to the source state', async () => {
    const name = fresh();
    const b = await started(name);
    expect(await b.importBackup(source.text)).toMatchObject({ ok: true, hash: source.hash });
    expect((await started(name)).stateHash()).toBe(source.hash);
  }, 60_000);
});
