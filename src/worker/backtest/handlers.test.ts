import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Code } from '../../core/codes';
import { STAT_KEYS, type SavedRunRecord, type SavedStats } from '../../protocol';
import { Store } from '../../storage/store';
import { DurableTerminal } from '../durableTerminal';
import { METHODS, type HandlerContext } from '../handlers';

/** The saved backtests' handlers over a real DurableTerminal on fake-indexeddb: arguments parsed, then storage. */
const wall = () => Date.UTC(2025, 2, 4, 15, 0);

async function setUp(withStorage = true) {
  const durable = await DurableTerminal.start(new Store(`backtest-handlers-${Math.random()}`), wall);
  await durable.settled();
  // An engine without storage (private mode): only what these handlers read of it.
  const noStore = { storage: null } as unknown as HandlerContext['durable'];
  const ctx: HandlerContext = {
    durable: withStorage ? durable : noStore, terminal: durable.terminal, live: { setMode: () => {}, setKeys: () => {} }, commit: () => durable.commit(), restart: async () => {},
  };
  return (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a) as Promise<Record<string, unknown>>;
}

const record: SavedRunRecord = {
  inputs: {
    strategy: 'sma-cross', title: 'Moving-average crossover', params: { fast: 10, slow: 30 }, sourceId: 'sample:GOOG', sourceName: 'GOOG',
    from: 0, to: 86_400_000, bars: 2, cash: 10_000, commissionPct: 0, spreadBps: 0,
  },
  stats: Object.fromEntries(STAT_KEYS.map((k) => [k, 1])) as SavedStats,
  trades: [{ size: 1, entryTime: 0, exitTime: 86_400_000, entryPrice: 1, exitPrice: 2, pnl: 1, returnPct: 1, commission: 0, entryReason: '@SUM(A1)', exitReason: 'end of data' }],
  tradeCount: 1,
  equity: { t: [0, 86_400_000], v: [10_000, 10_001] },
};

describe('saved backtests through the handler table', () => {
  it('save, list, get, CSV, delete', async () => {
    const run = await setUp();
    expect(METHODS.mutates('backtestRunSave')).toBe(true);
    expect(METHODS.mutates('backtestRuns')).toBe(false);
    expect(await run('backtestRunSave', record)).toMatchObject({ ok: true, id: 1 });
    const list = await run('backtestRuns');
    expect(list).toMatchObject({ ok: true, runs: [{ id: 1, inputs: { strategy: 'sma-cross' } }] });
    expect(await run('backtestRunGet', 1)).toMatchObject({ ok: true, run: { id: 1, trades: record.trades } });
    const csv = await run('backtestRunCsv', 1);
    expect(Object.keys(csv).sort()).toEqual(['csv', 'ok']);
    expect(String(csv.csv)).toContain("'@SUM(A1)");
    expect(await run('backtestRunDelete', 1)).toEqual({ ok: true });
    expect(await run('backtestRuns')).toEqual({ ok: true, runs: [] });
  });

  it('refuses bad arguments with a result, and says when there is no storage', async () => {
    const run = await setUp();
    for (const id of ['1', 0, -1, 1.5, null, {}]) {
      expect(await run('backtestRunGet', id)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
      expect(await run('backtestRunDelete', id)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    }
    expect(await run('backtestRunSave', { ...record, stats: {} })).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await run('backtestRunSave', 'x')).toMatchObject({ ok: false });
    expect(await run('backtestRuns')).toEqual({ ok: true, runs: [] });
    const none = await setUp(false);
    expect(await none('backtestRuns')).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await none('backtestRunSave', record)).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
  });
});
