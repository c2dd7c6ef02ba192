import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet, LiveOrders } from './idtable';
import { Order } from './order';

function order(id: string): Order {
  return new Order(id, null as never, null as never, 0, 'limit', 1, 0, 1, 'GTC', 0);
}

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

describe('LiveOrders', () => {
  it('behaves like a Map by id under churn, iterating in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), { maxLength: 5000 }), (ops) => {
        const ours = new LiveOrders();
        const ref = new Map<string, Order>();
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
        expect([...ours.values()]).toEqual([...ref.values()]);
        for (const [id, o] of ref) expect(ours.get(id)).toBe(o);
      }),
      { numRuns: 40 },
    );
  });
});
