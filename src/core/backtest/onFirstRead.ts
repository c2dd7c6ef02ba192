/**
 * Makes `o[key]` on its first read, with `make`, and keeps it: from then on
 * an ordinary property (the same value on every read). Setting it first
 * sets it without making it.
 *
 * Why: a run's trades and markers as objects (tens of thousands of each for
 * a million bars) cost as much as a fifth of the run to make and to carry
 * through the collector, and most runs are never asked for them (a sweep
 * reads the statistics alone, and the statistics read the trades' numbers
 * where the broker keeps them). The property is own and enumerable, so
 * structured clone (postMessage, IndexedDB), JSON and spread read it as any
 * other: they call the getter, and get the made value.
 */
export function onFirstRead<T extends object, K extends keyof T>(o: T, key: K, make: () => T[K]): void {
  const settle = (value: T[K]): void => {
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(o, key, {
    enumerable: true,
    configurable: true,
    get: (): T[K] => {
      const value = make();
      settle(value);
      return value;
    },
    set: settle,
  });
}
