import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A real gc() without needing --expose-gc on the command line (`npm run bench`
 * stays as is), for the benches to collect before each timed run; a no-op
 * where V8 will not hand it out (the figures are noisier then, not wrong).
 */
export const gc: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const f = runInNewContext('gc') as unknown;
    if (typeof f === 'function') return f as () => void;
  } catch {
    /* no gc */
  }
  return () => {};
})();
