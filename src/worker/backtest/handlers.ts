/**
 * The handler-table entries of the saved backtests (spread into `HANDLERS` in
 * ../handlers.ts): the Backtest page keeps every finished run with the engine,
 * whose storage holds them (`store.backtestRuns`), lists, opens, deletes and
 * exports them. The runs themselves never touch this worker: they run in the
 * page's backtest workers (backtest.worker.ts), so a long one cannot stall the
 * market.
 */
import { Code, fail } from '../../core/codes';
import { args, parseSavedRunId, parseSavedRunRecord, type ApiResult, type SavedRun, type SavedRunSummary } from '../../protocol';
import type { HandlerContext } from '../handlers';
import { mutate, none, read } from '../table';

type C = HandlerContext;

const idArg = args(parseSavedRunId);
const noStorage = fail(Code.STORAGE_UNAVAILABLE, 'Backtests are saved in the browser\'s storage, which is not available here.');

export const BACKTEST_HANDLERS = {
  /** Every kept run, newest first, without its trades and curve. */
  backtestRuns: read(none, async (c: C): Promise<ApiResult<{ runs: SavedRunSummary[] }>> => (await c.durable.storage?.backtestRuns.list()) ?? noStorage, { refuse: 'answer' }),
  backtestRunGet: read(idArg, async (c: C, [id]): Promise<ApiResult<{ run: SavedRun }>> => (await c.durable.storage?.backtestRuns.get(id)) ?? noStorage, { refuse: 'answer' }),
  backtestRunSave: mutate(args(parseSavedRunRecord), async (c: C, [run]): Promise<ApiResult<{ id: number; dropped: number }>> =>
    (await c.durable.storage?.backtestRuns.save(run)) ?? noStorage),
  backtestRunDelete: mutate(idArg, async (c: C, [id]): Promise<ApiResult> => (await c.durable.storage?.backtestRuns.delete(id)) ?? noStorage),
  /** A run's trades as CSV (formula-safe cells); only the text goes back. */
  backtestRunCsv: read(idArg, async (c: C, [id]): Promise<ApiResult<{ csv: string }>> => {
    const r = (await c.durable.storage?.backtestRuns.tradesCsv(id)) ?? noStorage;
    return r.ok ? { ok: true, csv: r.csv } : r;
  }, { refuse: 'answer' }),
};
