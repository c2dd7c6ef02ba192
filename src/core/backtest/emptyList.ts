/**
 * An empty array for objects or strings, born with the elements kind it will
 * keep (V8's PACKED_ELEMENTS), not as an array of small integers that the
 * first push turns into one. Why: `[]` makes the first kind and remembers
 * the change at its allocation site for the next arrays it makes, so a run's
 * arrays and the next run's are born different; the broker's and the
 * records' code, optimized for one, deoptimized on the other in the early
 * runs (--trace-deopt: "wrong map", "not a Smi" at their pushes).
 */
export function emptyList<T>(): T[] {
  const list: unknown[] = [EMPTY];
  list.pop();
  return list as T[];
}

const EMPTY = Object.freeze({});

/**
 * An empty array for numbers, born holding doubles (V8's PACKED_DOUBLE_ELEMENTS),
 * for the same reason: a `[]` is born for small integers and the first
 * fraction pushed changes it, so code optimized for one run's arrays met
 * another kind in the next ("wrong map" at the statistics' pushes).
 */
export function emptyNumbers(): number[] {
  const list = [0.5];
  list.pop();
  return list;
}
