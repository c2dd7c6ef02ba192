import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet, LiveOrders, hashId, hashLive } from './idtable';
import { Order } from './order';
import { Account } from './ledger';

let seq = 0;
/** Every test order belongs to this one account (the table counts an account's live orders). */
const owner = new Account('a', true);

function order(id: string): Order {
  return new Order(id, owner, null as never, 0, 'limit', 1, 0, 1, 'GTC', ++seq);
}

describe('hashLive', () => {
  it('equals hashId for every id (the live table is filled by one and read by the other)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 300 }), fc.stringMatching(/^[a-z:.]{0,6}[0-9a-z]{0,12}$/)), (id) => {
        expect(hashLive(id)).toBe(hashId(id));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('IdSet', () => {
  it('behaves like a Set of strings, in insertion order, through growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (ids) => {
        const ours = new IdSet();
        const ref = new Set<string>();
        for (const id of ids) {
          expect(ours.add(id)).toBe(!ref.has(id));
          ref.add(id);
          expect(ours.has(id)).toBe(true);
        }
        expect([...ours]).toEqual([...ref]);
        expect(ours.size).toBe(ref.size);
      }),
      { numRuns: 40 },
    );
  });
});

describe('IdSet with counter ids', () => {
  it('agrees with a Set over interleaved counters, re-adds and more ids than the index bits hold', () => {
    const ours = new IdSet();
    const ref = new Set<string>();
    const prefixes = ['o', 'you.', 'bot:mm:FUN.', 'A-', ''];
    let x = 7;
    for (let n = 0; n < 150_000; n++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      const p = prefixes[(x >>> 8) % prefixes.length];
      // mostly fresh counters, sometimes an old one again
      const k = (x >>> 4) % 10 === 0 ? (x >>> 12) % (n + 1) : n;
      const id = p + (p === 'you.' ? String(k) : k.toString(36));
      expect(ours.add(id)).toBe(!ref.has(id));
      ref.add(id);
    }
    expect(ours.size).toBe(ref.size);
    for (const id of ['o0', 'you.1', 'bot:mm:FUN.zz', 'A-0', 'never', '']) expect(ours.has(id)).toBe(ref.has(id));
    expect([...ours]).toEqual([...ref]);
  });
});

describe('IdSet counter bitmaps', () => {
  /** Ids shaped like counters and not: leading zeros, upper case, long runs, many prefixes, sparse values. */
  const idArb = fc.oneof(
    fc.tuple(fc.constantFrom('', 'o', 'you.', 'A-', 'bot:mm:FUN.', 'x'), fc.nat({ max: 300 })).map(([p, k]) => p + k.toString(36)),
    fc.tuple(fc.constantFrom('', 'o', 'q.'), fc.nat({ max: 50 })).map(([p, k]) => p + String(k).padStart(3, '0')),
    fc.stringMatching(/^[0-9a-z]{1,12}$/),
    fc.stringMatching(/^[A-Za-z.:-]{0,3}[0-9a-z]{0,11}$/),
    fc.tuple(fc.nat({ max: 2000 }), fc.nat({ max: 3 })).map(([p, k]) => `p${p}-${k}`),
  );

  it('agrees with a Set for counters, non-canonical numerals and other ids alike', () => {
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 3000 }), fc.array(idArb, { maxLength: 200 }), (ids, probes) => {
        const ours = new IdSet();
        const ref = new Set<string>();
        for (const id of ids) {
          expect(ours.add(id)).toBe(!ref.has(id));
          ref.add(id);
        }
        for (const id of [...probes, ...ids]) expect(ours.has(id)).toBe(ref.has(id));
        expect([...ours]).toEqual([...ref]);
      }),
      { numRuns: 60 },
    );
  });

  it('tells apart ids that read as the same number in another base or with leading zeros', () => {
    const s = new IdSet();
    for (const id of ['10', 'a', 'o10', 'o0a', 'o010', '0', '00', 'o', 'o0', 'o00']) expect(s.add(id)).toBe(true);
    for (const id of ['10', 'a', 'o10', 'o0a', 'o010', '0', '00', 'o', 'o0', 'o00']) expect(s.add(id)).toBe(false);
    expect(s.has('o1')).toBe(false);
    expect(s.size).toBe(10);
  });

  it('keeps sparse counters (one per million values) and a thousand-odd prefixes right once the bitmaps stop growing', () => {
    const s = new IdSet();
    const ref: string[] = [];
    for (let k = 0; k < 5000; k++) ref.push('s' + (k * 1_000_003).toString(36));
    for (let k = 0; k < 3000; k++) ref.push(`u${k}.${k % 7}`);
    for (let k = 0; k < 70_000; k++) ref.push('d' + k);
    expect(ref.filter((id) => !s.add(id))).toEqual([]);
    expect(ref.filter((id) => s.add(id))).toEqual([]);
    expect(ref.filter((_, k) => k < 5000 && s.has('s' + (k * 1_000_003 + 1).toString(36)))).toEqual([]);
    expect(s.has('u5.5')).toBe(true);
    expect(s.has('u5.6')).toBe(false);
    expect(s.has('d70000')).toBe(false);
    expect([...s]).toEqual(ref);
  });
});

describe('LiveOrders', () => {
  it('behaves like a Map by id under churn, iterating by sequence number', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), { maxLength: 5000 }), (ops) => {
        const ours = new LiveOrders();
        const ref = new Map<string, Order>();
        owner.liveOrders = 0;
        for (const [add, n] of ops) {
          const id = `o${n}`;
          const have = ref.get(id);
          if (add && !have) {
            const o = order(id);
            ours.set(o);
            ref.set(id, o);
          } else if (!add && have) {
            ours.delete(have);
            ref.delete(id);
          }
          expect(ours.get(id)).toBe(ref.get(id));
        }
        expect(ours.size).toBe(ref.size);
        expect(owner.liveOrders).toBe(ref.size); // the account's own count follows every add and delete
        expect([...ours.values()]).toEqual([...ref.values()]);
        for (const [id, o] of ref) expect(ours.get(id)).toBe(o);
      }),
      { numRuns: 40 },
    );
  });
});
