/**
 * The sim's figures of `npm run bench` (bench.ts: benchSim), for scripts/bench-ab.mjs:
 * one harness, copied into both trees and bundled with each, so that both
 * sims run the same code in a fresh process (an older bench ran its sim after
 * its engine, or, cut short, for half an hour of sim time only). It needs only
 * `Sim` ({ seed, start }, sink) and `step(ms)`, which every version has.
 */
import { Sim } from '../core/sim/sim';

const SESSION_SECONDS = 6.5 * 3600;
const DAY_SECONDS = 24 * 3600;
/** Monday 3 March 2025, 09:30 EST = 14:30 UTC, as bench.ts. */
const SESSION_OPEN = Date.UTC(2025, 2, 3, 14, 30);

const gc = (globalThis as { gc?: () => void }).gc;

/** As bench.ts's settle(): a full GC, then wait until V8's background threads are done with it. */
async function settle(): Promise<void> {
  gc?.();
  const deadline = performance.now() + 3000;
  for (;;) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const c = process.cpuUsage(c0);
    if ((c.user + c.system) / 1000 < 0.05 * (performance.now() - t0) || performance.now() > deadline) return;
  }
}

async function wallOf(seconds: number): Promise<{ wall: number; trades: number }> {
  await settle();
  let trades = 0;
  const sim = new Sim({ seed: 42, start: SESSION_OPEN }, (e: { ev: string }) => {
    if (e.ev === 'trade') trades++;
  });
  const start = sim.now;
  const t0 = performance.now();
  while (sim.now - start < seconds * 1000) sim.step(60_000);
  return { wall: (performance.now() - t0) / 1000, trades };
}

const session = await wallOf(SESSION_SECONDS);
const day = await wallOf(DAY_SECONDS);
console.log(JSON.stringify({
  sim_s_per_wall_s: Math.round(SESSION_SECONDS / session.wall),
  sim_session_wall_s: Math.round(session.wall * 100) / 100,
  sim_day24_wall_s: Math.round(day.wall * 100) / 100,
  sim_session_trades: session.trades,
  sim_day24_trades: day.trades,
}));
