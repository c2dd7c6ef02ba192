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

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Before each timed run: a full collection, then a wait until the process is
 * idle. Without the collection a run would pay for the garbage of the one
 * before it (V8 marks and sweeps concurrently, on other threads, in this
 * process's CPU time); without the wait it would pay for the collection's
 * own sweeping and unmapping, which V8 also leaves to background threads
 * (measured on the loaded 2-core machine: our SMA at 35–65 M/s straight after
 * gc(), 70–180 M/s without it; the backtest's hand loop paid for sweeping the
 * SDK run's garbage before it). bench.ts settles the same way; this one is
 * synchronous, so it sleeps with Atomics.wait.
 */
export function settle(): void {
  gc();
  // At most half a second: on a machine busy with other work the background threads may take long to get a core.
  const deadline = performance.now() + 500;
  for (;;) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    Atomics.wait(sleeper, 0, 0, 20);
    const c = process.cpuUsage(c0);
    // Idle: under 5 % of a core busy (background GC threads done) over the last 20 ms.
    if ((c.user + c.system) / 1000 < 0.05 * (performance.now() - t0) || performance.now() > deadline) return;
  }
}
