import { describe, expect, it } from 'vitest';
import { findInstrument } from '../market/instruments';
import type { SimConfig } from './config';
import { botSettingsOf, makerTouchOf } from './botParams';
import { Sim } from './sim';
import { restoreSim, simStateHash, snapshotSim } from './snapshot';

/** A learner's `botParams` command: judged field by field, journaled, replayed and restored to the same market. */
const START = Date.UTC(2025, 2, 4, 15, 30);

function config(): SimConfig {
  return { seed: 'bots', start: START, instruments: ['FUN', 'MEME'].map((s) => findInstrument(s)!), noiseAccounts: 2 };
}

/** The maker's quoted spread as a share of its mid, in basis points (noise limits may sit inside it). */
function spreadBps(sim: Sim, symbol: string): number {
  const { bid, ask } = makerTouchOf(sim.markets.get(symbol)!)!;
  return ((ask - bid) / ((ask + bid) / 2)) * 1e4;
}

/** From the lowest to the highest of the top levels a side, in basis points of the mid: how far the book reaches. */
function reachBps(sim: Sim, symbol: string, levels: number): number {
  const inst = sim.markets.get(symbol)!.inst;
  const bids = inst.bids.depth(levels);
  const asks = inst.asks.depth(levels);
  const mid = (bids[0][0] + asks[0][0]) / 2;
  return ((asks[asks.length - 1][0] - bids[bids.length - 1][0]) / mid) * 1e4;
}

function tradesOver(sim: Sim, ms: number, symbol: string): number {
  let n = 0;
  sim.setSink((e) => {
    if (e.ev === 'trade' && e.symbol === symbol) n++;
  });
  sim.step(ms);
  sim.setSink(() => {});
  return n;
}

describe('botParams', () => {
  it('a wider spread widens the book of that market only, and a deeper maker quotes more levels', () => {
    const sim = new Sim(config());
    sim.step(30_000);
    const before = spreadBps(sim, 'FUN');
    expect(before).toBeLessThan(40);
    const reach = reachBps(sim, 'FUN', 10);
    expect(sim.submit('you', { op: 'botParams', symbol: 'FUN', spreadBps: 200, levels: 3 }).ok).toBe(true);
    sim.step(2_000);
    expect(spreadBps(sim, 'FUN')).toBeGreaterThanOrEqual(190);
    expect(reachBps(sim, 'FUN', 10)).toBeGreaterThan(reach + 100);
    expect(spreadBps(sim, 'MEME')).toBeLessThan(40);
    expect(botSettingsOf(sim.markets.get('FUN')!)).toMatchObject({ spreadBps: 200, levels: 3 });
    expect(botSettingsOf(sim.markets.get('MEME')!)).toMatchObject({ spreadBps: 8, levels: 8 });
    expect(sim.cfg.mm.spreadBps).toBe(8); // the config's defaults are shared by every market: never changed
    // The maker's own quotes: three a side (noise limits may sit between them).
    const makerOrders = [...sim.ex.live.values()].filter((o) => o.account.id === 'bot:mm:FUN' && o.inst.symbol === 'FUN');
    expect(makerOrders.length).toBe(6);
  });

  it('noise at 0 stops the noise traders trading; a busy crowd trades more', () => {
    const quiet = new Sim(config());
    quiet.step(10_000);
    expect(quiet.submit('you', { op: 'botParams', symbol: 'FUN', noiseRate: 0 }).ok).toBe(true);
    expect(tradesOver(quiet, 120_000, 'FUN')).toBe(0);
    const busy = new Sim(config());
    busy.step(10_000);
    const normal = tradesOver(new Sim(config()), 120_000, 'FUN');
    expect(normal).toBeGreaterThan(0);
    expect(busy.submit('you', { op: 'botParams', symbol: 'FUN', noiseRate: 4 }).ok).toBe(true);
    expect(tradesOver(busy, 120_000, 'FUN')).toBeGreaterThan(normal * 3);
  });

  it('refuses a bad field, naming it, and changes nothing', () => {
    const sim = new Sim(config());
    sim.step(5_000);
    const hash = simStateHash(sim);
    const bad: Record<string, unknown>[] = [
      { spreadBps: 0 }, { spreadBps: 501 }, { spreadBps: 2.5 }, { spreadBps: '20' }, { spreadBps: NaN }, { levels: 21 },
      { levels: 0 }, { levelNotional: 50 }, { noiseRate: -1 }, { noiseRate: Infinity }, {}, { stepBps: 3 },
      { spreadBps: 20, levels: 99 },
    ];
    for (const b of bad) {
      const r = sim.submit('you', { op: 'botParams', symbol: 'FUN', ...b } as never);
      expect(r.ok, JSON.stringify(b)).toBe(false);
      if (!r.ok) expect(r.code).toBe('INVALID_SETTING');
    }
    const unknown = sim.submit('you', { op: 'botParams', symbol: 'NOPE', spreadBps: 20 });
    expect(unknown.ok ? '' : unknown.code).toBe('UNKNOWN_SYMBOL');
    const proto = sim.submit('you', JSON.parse('{"op":"botParams","symbol":"__proto__","spreadBps":20}') as never);
    expect(proto.ok).toBe(false);
    expect(sim.submit('bot:mm:FUN', { op: 'botParams', symbol: 'FUN', spreadBps: 20 }).ok).toBe(false);
    expect(simStateHash(sim)).toBe(hash);
    expect(botSettingsOf(sim.markets.get('FUN')!)).toEqual({ spreadBps: 8, levels: 8, levelNotional: 20_000, noiseRate: 0.25 });
  });

  it('a replay of the journal, and a restore from a snapshot, give the same market', () => {
    const sim = new Sim(config(), () => {}, { record: true });
    sim.step(20_000);
    void sim.submit('you', { op: 'botParams', symbol: 'FUN', spreadBps: 120, levels: 4, levelNotional: 5_000, noiseRate: 2 });
    sim.step(5_000);
    const snap = JSON.parse(JSON.stringify(snapshotSim(sim))) as unknown;
    sim.step(30_000);
    const replayed = new Sim(config());
    for (const i of JSON.parse(JSON.stringify(sim.inputs)) as unknown[]) replayed.replay(i);
    expect(simStateHash(replayed)).toBe(simStateHash(sim));
    const r = restoreSim(config(), snap);
    if (!r.ok) throw new Error(r.message);
    expect(botSettingsOf(r.sim.markets.get('FUN')!)).toEqual({ spreadBps: 120, levels: 4, levelNotional: 5_000, noiseRate: 2 });
    r.sim.step(30_000);
    expect(simStateHash(r.sim)).toBe(simStateHash(sim));
  });

  it('a snapshot whose maker params are not sane is refused whole (never half restored)', () => {
    const sim = new Sim(config());
    sim.step(5_000);
    void sim.submit('you', { op: 'botParams', symbol: 'FUN', levels: 3 });
    sim.step(1_000);
    for (const levels of [1.5, 0, 1e9, '3']) {
      const snap = JSON.parse(JSON.stringify(snapshotSim(sim))) as { markets: { maker: { params: { levels: unknown } } }[] };
      snap.markets[0].maker.params.levels = levels;
      const r = restoreSim(config(), snap);
      expect(r.ok ? 'restored' : r.code).toBe('INVALID_SNAPSHOT');
    }
  });

  it('a sim whose bots were never changed snapshots without params (its bytes as before)', () => {
    const sim = new Sim(config());
    sim.step(5_000);
    const s = snapshotSim(sim);
    for (const m of s.markets) {
      expect(m.maker).not.toHaveProperty('params');
      expect(m.noise).not.toHaveProperty('params');
    }
  });
});
