import { Code, fail, type Failure, type Result } from '../core/codes';
import { parseSavedRun, parseSavedRunId, parseSavedRunRecord, type SavedRun, type SavedRunRecord, type SavedRunSummary, type SavedTrade } from '../protocol/backtest';
import { Bad, type Obj } from './check';
import { csvLine, plainNumber } from './csv';
import type { BourseDb } from './db';

/**
 * The backtests the person ran (schema 7, `backtestRuns`): every finished run
 * is kept, with what produced it, its statistics, its trades and its equity
 * curve (both bounded: protocol/backtest.ts). The newest MAX_SAVED_RUNS are
 * kept; saving one more drops the oldest, so a person who runs hundreds of
 * backtests never fills the disk with them. In backups like every table of
 * the person's data, each row read by the same parser a page's save goes
 * through.
 */

/** Runs kept: a run over GOOG is ~40 kB; at the bounds of one run (5,000 trades and points) ~1 MB. */
export const MAX_SAVED_RUNS = 100;

/** A backup's row, checked and stripped to its fields; throws `Bad`. */
export function readSavedRun(r: Obj, where: string): SavedRun {
  const p = parseSavedRun(r);
  if (!p.ok) throw new Bad(`${where}: ${p.message}`);
  return p.value;
}

const DAY_MS = 86_400_000;

export const RUN_CSV_HEADER = csvLine([
  'entry time', 'exit time', 'size', 'entry price', 'exit price', 'P&L', 'return %', 'commission', 'duration (days)', 'entry reason', 'exit reason',
]);

/** One trade as a CSV line: ISO times, plain decimals, the reasons as formula-safe text (csv.ts). */
export function runTradeCsvLine(t: SavedTrade): string {
  return csvLine([
    new Date(t.entryTime).toISOString(), new Date(t.exitTime).toISOString(), plainNumber(t.size), plainNumber(t.entryPrice),
    plainNumber(t.exitPrice), plainNumber(t.pnl), plainNumber(t.returnPct * 100), plainNumber(t.commission),
    plainNumber((t.exitTime - t.entryTime) / DAY_MS), t.entryReason, t.exitReason,
  ]);
}

type Run = <T extends object>(op: () => Promise<Result<T>>) => Promise<Result<T>>;

const missing = (id: number): Failure => fail(Code.INVALID_COMMAND, `There is no saved backtest number ${id}: it was deleted, or dropped as one of the oldest.`);

function summaryOf(r: SavedRun): SavedRunSummary {
  return { id: r.id, createdAt: r.createdAt, inputs: r.inputs, stats: r.stats, tradeCount: r.tradeCount };
}

/** `store.backtestRuns`: on the Store's database, through its `run` (refused when it is; storage errors as results). */
export class BacktestRuns {
  constructor(
    private readonly db: BourseDb,
    private readonly run: Run,
    private readonly now: () => number,
  ) {}

  /** Every kept run, newest first, without its trades and curve (the list and the comparison). */
  list(): Promise<Result<{ runs: SavedRunSummary[] }>> {
    return this.run(async () => ({ ok: true, runs: (await this.db.backtestRuns.orderBy('id').reverse().toArray()).map(summaryOf) }));
  }

  get(id: number): Promise<Result<{ run: SavedRun }>> {
    const bad = parseSavedRunId(id);
    if (!bad.ok) return Promise.resolve(bad);
    return this.run(async () => {
      const run = await this.db.backtestRuns.get(id);
      return run === undefined ? missing(id) : { ok: true, run };
    });
  }

  /** Keeps a run (read again field by field), numbered after every other; drops the oldest beyond MAX_SAVED_RUNS. */
  save(record: SavedRunRecord): Promise<Result<{ id: number; dropped: number }>> {
    const p = parseSavedRunRecord(record);
    if (!p.ok) return Promise.resolve(p);
    const db = this.db;
    return this.run(() =>
      db.transaction('rw', db.backtestRuns, async () => {
        const id = (await db.backtestRuns.add({ ...p.value, createdAt: this.now() } as SavedRun)) as number;
        const over = (await db.backtestRuns.count()) - MAX_SAVED_RUNS;
        if (over > 0) await db.backtestRuns.bulkDelete((await db.backtestRuns.orderBy('id').limit(over).primaryKeys()) as number[]);
        return { ok: true as const, id, dropped: Math.max(0, over) };
      }),
    );
  }

  delete(id: number): Promise<Result> {
    const bad = parseSavedRunId(id);
    if (!bad.ok) return Promise.resolve(bad);
    return this.run(async () => {
      if ((await this.db.backtestRuns.get(id)) === undefined) return missing(id);
      await this.db.backtestRuns.delete(id);
      return { ok: true };
    });
  }

  /** A run's trades as CSV (RFC 4180, formula-safe cells), oldest first. */
  async tradesCsv(id: number): Promise<Result<{ csv: string; rows: number }>> {
    const r = await this.get(id);
    if (!r.ok) return r;
    return { ok: true, csv: RUN_CSV_HEADER + r.run.trades.map(runTradeCsvLine).join(''), rows: r.run.trades.length };
  }
}
