/**
 * The leader's Terminal with its storage (hence durable): starts a new profile or restores the
 * stored one (latest snapshot + the journal after it), and keeps the journal
 * going. A command is answered only after its journal entry (and everything
 * it changed) is committed, so nothing acknowledged is lost; the clock's steps
 * are committed every second, and a snapshot is taken every half minute.
 *
 * When a commit fails (a full disk, storage gone), what it held is kept, in
 * order, and written with the next commit's rows: the journal stays whole,
 * and the first commit that succeeds clears the failure. Until then every
 * commit answers the failure, so mutators are refused (src/worker/table.ts).
 */
import { Code, fail, type Failure, type Result } from '../core/codes';
import { DEFAULT_RISK } from '../core/portfolio/risk';
import { restoreSim, simStateHash, snapshotHash, snapshotSim } from '../core/sim/snapshot';
import type { SimConfig } from '../core/sim/config';
import { Terminal, SPEEDS } from './terminal';
import type { FillView, Notice, OrderPageQuery, OrderView, Speed, TradePageQuery } from '../protocol';
import type { Store } from '../storage/store';
import { restorePoint, type BackupTables } from '../storage/backup';
import { MAX_PAGE } from '../storage/queries';
import type { OrderRow, StrategyStateRow, TradeRow } from '../storage/rows';
import type { Committed } from './table';
import { drawPasts, loadPasts, storePasts } from './seededPast';
import { restoredSummary, type Restored } from './restored';

type Rows = Parameters<Store['commit']>[0];

/** The notice that replaces a storage failure's once a commit stores everything held back. */
export const SAVED_AGAIN = 'Storage works again: everything since it failed is saved.';

export const PROFILE_KEY = 'profile';

export const SPEED_KEY = 'speed';
const ACCOUNT = 'you';
/** A new profile's market opened this long before the first visit: every instrument has traded by the first frame. */
export const WARM_UP_MS = 30_000;
const SNAPSHOT_EVERY_MS = 30_000;
/** Orders and fills kept in memory after a reload; older ones are read from storage a page at a time. */
const RECENT = 1_000;

export interface Profile {
  v: 1;
  seed: string;
  start: number;
  createdAt: number;
}

function simConfig(p: Profile): SimConfig {
  // A new account starts with sensible limits (editable in settings); a restored one keeps its own.
  return { seed: p.seed, start: p.start, users: [ACCOUNT], risk: { ...DEFAULT_RISK } };
}

export function orderRow(o: OrderView, account: string): OrderRow {
  const r: OrderRow = {
    id: o.id, account, symbol: o.symbol, side: o.side, type: o.type, price: o.price ?? 0, stopPrice: o.stopPrice ?? 0,
    qty: o.qty, filled: o.filled, tif: o.tif, status: o.status, createdAt: o.createdAt, updatedAt: o.updatedAt,
  };
  if (o.reason !== undefined) r.reason = o.reason;
  if (o.avgPrice !== null) r.avgPrice = o.avgPrice;
  if (o.parent !== undefined) r.parent = o.parent;
  if (o.takeProfit !== undefined) r.takeProfit = o.takeProfit;
  if (o.stopLoss !== undefined) r.stopLoss = o.stopLoss;
  return r;
}

export function orderView(r: OrderRow): OrderView {
  const o: OrderView = {
    id: r.id, symbol: r.symbol, side: r.side, type: r.type as OrderView['type'], price: r.price > 0 ? r.price : null,
    stopPrice: r.stopPrice > 0 ? r.stopPrice : null, qty: r.qty, filled: r.filled, tif: r.tif as OrderView['tif'],
    status: r.status === 'rejected' ? 'cancelled' : r.status, avgPrice: r.avgPrice ?? null, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
  if (r.reason !== undefined) o.reason = r.reason;
  if (r.parent !== undefined) o.parent = r.parent;
  if (r.takeProfit !== undefined) o.takeProfit = r.takeProfit;
  if (r.stopLoss !== undefined) o.stopLoss = r.stopLoss;
  return o;
}

export function fillView(t: TradeRow): FillView {
  return {
    seq: t.tradeSeq, ts: t.ts, symbol: t.symbol, side: t.side, price: t.price, qty: t.qty, fee: t.fee, feeAsset: t.feeAsset,
    orderId: t.orderId, liquidity: t.liquidity,
  };
}

export class DurableTerminal {
  /** Commits run one after another, in the order they were asked for. */
  private chain: Promise<unknown> = Promise.resolve();
  private lastSnapshotAt = 0;
  /** The journal's last entry stored: where a snapshot taken with nothing new to commit stands. */
  private lastSeq = 0;
  /** Why storage failed, until a commit succeeds again; null while it works. */
  private failure: Failure | null = null;
  /** Rows a failed commit could not store, kept in order for the next one. */
  private held: Rows | null = null;
  /** Set once a backup replaced the stored state: this engine must not write over it. */
  private halted = false;
  /**
   * Where user strategies' sandboxes are (src/worker/sandbox), taken with
   * each commit's inputs so both land in one transaction; set by the leader.
   */
  strategyStates: ((at: number) => StrategyStateRow[]) | null = null;

  /** Resolves when the synthetic markets' pasts drawn for this profile are stored (or storage refused them); not part of `settled`: a cache, not the person's data. */
  pastStored: Promise<void> = Promise.resolve();

  private constructor(
    readonly terminal: Terminal,
    /** Null when storage cannot be used: the engine runs in memory and says so. */
    private readonly store: Store | null,
    private readonly wall: () => number,
  ) {}

  get persistent(): boolean {
    return this.store !== null && this.failure === null;
  }

  /** Why storage is not saving (null while it is). */
  get storageFailure(): Failure | null {
    return this.failure;
  }

  /** Opens storage and starts the engine from it (or a new profile). Never throws. */
  static async start(store: Store, wall: () => number = Date.now): Promise<DurableTerminal> {
    const opened = await store.open();
    if (!opened.ok) return DurableTerminal.fresh(null, wall, { code: opened.code, message: opened.message });
    const prof = await store.getSetting(PROFILE_KEY);
    const profile = prof.ok ? readProfile(prof.value) : null;
    if (profile === null) return DurableTerminal.fresh(store, wall);
    const loaded = await store.load();
    if (!loaded.ok) return DurableTerminal.fresh(null, wall, { code: loaded.code, message: loaded.message });
    const { snapshot, tail } = loaded;
    if (snapshot === null) {
      return DurableTerminal.fresh(store, wall, { code: Code.INVALID_SNAPSHOT, message: 'The saved market could not be found; a new one was started.' });
    }
    let terminal: Terminal;
    try {
      terminal = new Terminal({ sim: simConfig(profile), account: ACCOUNT }, (sink) => {
        const r = restoreSim(simConfig(profile), snapshot.data, sink, { record: true });
        if (!r.ok) throw new Error(r.message);
        return r.sim;
      });
    } catch (err) {
      // What is stored is the person's whole history: never written over because this version cannot read it (a
      // later one that can will find it as it was). This session runs in memory, and says so.
      const message = `The saved market could not be opened (${(err as Error).message}). It is kept as it was, untouched; this is a new market.`;
      return DurableTerminal.fresh(null, wall, { code: Code.INVALID_SNAPSHOT, message });
    }
    // The journal's tail: its effects on orders and trades are stored already, so the activity sits it out.
    terminal.activity.muted = true;
    for (const row of tail) terminal.sim.replay(row.input);
    terminal.activity.muted = false;
    terminal.drainEquity();
    // Only what the pages show at once: open orders and recent history. The rest stays in storage, read a page at a time.
    const [open, pending, recent, trades] = await Promise.all([
      allOrders(store, 'open'), allOrders(store, 'pending'),
      store.orders({ account: ACCOUNT, limit: RECENT }), store.trades({ account: ACCOUNT, limit: RECENT }),
    ]);
    if (open !== null && pending !== null && recent.ok && trades.ok) {
      const byId = new Map<string, OrderRow>();
      for (const o of [...recent.rows, ...open, ...pending]) byId.set(o.id, o);
      const orders = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
      terminal.activity.load(orders.map(orderView), trades.rows.map(fillView).reverse());
    }
    terminal.activity.drainUnsaved();
    const speed = await store.getSetting(SPEED_KEY);
    if (speed.ok && SPEEDS.includes(speed.value as Speed)) void terminal.setSpeed(speed.value as number); // one of SPEEDS: never refused
    // The replayed tail is in the journal already; what the sim recorded while replaying is not new.
    terminal.sim.inputs?.splice(0);
    const durable = new DurableTerminal(terminal, store, wall);
    // The synthetic markets' pasts as they were stored; the charts wait for them, the prices do not.
    const loading = loadPasts(store.pastCandles, terminal.sim, (symbol, past) => terminal.setPast(symbol, past));
    terminal.pastReady = loading.then(() => {});
    durable.pastStored = loading.then((drawn) => storePasts(store.pastCandles, terminal.sim, drawn, (f) => durable.fail(f))).then(() => {}, () => {});
    durable.lastSnapshotAt = wall();
    durable.lastSeq = tail.at(-1)?.seq ?? snapshot.seq;
    return durable;
  }

  private static async fresh(store: Store | null, wall: () => number, notice?: Notice): Promise<DurableTerminal> {
    const profile: Profile = { v: 1, seed: `bourse-${Math.floor(Math.random() * 2 ** 31).toString(36)}`, start: wall() - WARM_UP_MS, createdAt: wall() };
    const terminal = new Terminal({ sim: simConfig(profile), account: ACCOUNT });
    // The synthetic markets start with a seeded past, drawn a market at a time once the first frame is out; then stored.
    const drawing = drawPasts(terminal.sim, (symbol, past) => terminal.setPast(symbol, past), firstFrame(terminal));
    terminal.pastReady = drawing.then(() => {});
    terminal.sim.step(WARM_UP_MS);
    if (notice !== undefined) terminal.notice(store === null ? unsaved(notice) : notice);
    const durable = new DurableTerminal(terminal, store, wall);
    if (store !== null) {
      // Saved in the background, in order (profile, then the first snapshot): the first prices should not wait for them.
      const save = async () => {
        const saved = await store.setSetting(PROFILE_KEY, profile);
        if (!saved.ok) durable.fail(saved);
      };
      durable.chain = durable.chain.then(save, save);
      void durable.snapshot();
      // Not on the commit chain: the kline cache's transactions do not block the journal's, and a first order should not wait.
      durable.pastStored = drawing.then((pasts) => storePasts(store.pastCandles, terminal.sim, pasts, (f) => durable.fail(f))).then(() => {}, () => {});
    }
    return durable;
  }

  /** Resolves when everything queued for storage so far has been written (or failed). */
  async settled(): Promise<void> {
    await this.chain.catch(() => {});
  }

  /**
   * Commits what changed since the last commit (with whatever a failed commit
   * held back); resolves when it is stored, or with the failure that kept it
   * from being stored (the person is told by a notice as well).
   */
  commit(): Promise<Committed> {
    const run = async (): Promise<Committed> => {
      // While a backup is being imported nothing is taken: if the import fails, it is all still there to commit.
      if (this.halted) return { ok: true, saved: true };
      const stored = await this.write();
      return stored.ok ? { ok: true, saved: this.store !== null } : stored;
    };
    const p = this.chain.then(run, run);
    this.chain = p;
    return p;
  }

  /** Writes the held rows and the new ones in one transaction; on failure holds them all. Runs on the chain. */
  private async write(): Promise<Result> {
    const fresh = this.take();
    if (this.store === null) return { ok: true };
    const rows = this.held === null ? fresh : fresh === null ? this.held : joinRows(this.held, fresh);
    if (rows === null) return this.failure ?? { ok: true };
    const r = await this.store.commit(rows);
    if (!r.ok) {
      this.held = rows;
      this.fail(r);
      return this.failure ?? r;
    }
    this.held = null;
    this.lastSeq = r.seq;
    this.recovered();
    this.terminal.activity.trim(RECENT);
    return { ok: true };
  }

  /** Commits, and every SNAPSHOT_EVERY_MS also stores a snapshot taken at the same instant as that commit's last input. */
  async tick(): Promise<void> {
    if (this.wall() - this.lastSnapshotAt >= SNAPSHOT_EVERY_MS) await this.snapshot();
    // A failed commit has told the person (a notice) and keeps its rows for the next one: nothing more to do here.
    else void (await this.commit());
  }

  async snapshot(): Promise<void> {
    this.lastSnapshotAt = this.wall();
    const run = async () => {
      if (this.halted || this.store === null) return;
      // Taken together, synchronously: the snapshot is the state right after the batch's last input.
      const data = snapshotSim(this.terminal.sim);
      const hash = snapshotHash(data);
      const at = this.terminal.sim.now;
      const stored = await this.write();
      if (!stored.ok) return;
      const s = await this.store.saveSnapshot({ seq: this.lastSeq, at, hash, data });
      if (!s.ok) this.fail(s);
    };
    const p = this.chain.then(run, run);
    this.chain = p;
    await p;
  }

  async setSpeed(speed: number): Promise<Result> {
    const r = this.terminal.setSpeed(speed);
    if (r.ok && this.store !== null) {
      const saved = await this.store.setSetting(SPEED_KEY, speed);
      if (!saved.ok) this.fail(saved);
    }
    return r;
  }

  /**
   * One page of the person's history, newest first, from storage (after
   * committing what is pending), or from memory when storage is out. `total`
   * comes with the first page.
   */
  async trades(q: TradePageQuery): Promise<{ rows: FillView[]; total?: number }> {
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(q.limit ?? 200)));
    if (this.store === null || this.failure !== null) {
      const all = this.terminal.activity.fills.filter((f) => (q.symbol === undefined || f.symbol === q.symbol) && (q.side === undefined || f.side === q.side)).reverse();
      const start = q.before === undefined ? 0 : all.findIndex((f) => f.seq === q.before!.seq && f.ts === q.before!.ts) + 1;
      return { rows: all.slice(start, start + limit), total: q.before === undefined ? all.length : undefined };
    }
    // Stored first so the page includes the latest fills; if that fails the person was told, and the page shows what is stored.
    void (await this.commit());
    const filter = { account: ACCOUNT, symbol: q.symbol, side: q.side };
    const before = q.before?.n !== undefined ? { ts: q.before.ts, n: q.before.n } : undefined;
    const [page, count] = await Promise.all([
      this.store.trades({ ...filter, limit, before }),
      q.before === undefined ? this.store.tradeCount(filter) : Promise.resolve(null),
    ]);
    if (!page.ok) return { rows: [] };
    return { rows: page.rows.map((t) => ({ ...fillView(t), n: t.n })), total: count?.ok ? count.count : undefined };
  }

  async orders(q: OrderPageQuery): Promise<{ rows: OrderView[]; more: boolean }> {
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(q.limit ?? 200)));
    if (this.store === null || this.failure !== null) {
      const all = [...this.terminal.activity.orders.values()]
        .filter((o) => (q.symbol === undefined || o.symbol === q.symbol) && (q.status === undefined || o.status === q.status))
        .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
      const start = q.before === undefined ? 0 : all.findIndex((o) => o.id === q.before!.id) + 1;
      return { rows: all.slice(start, start + limit), more: start + limit < all.length };
    }
    // As for trades: stored first; a failure was reported by commit() itself.
    void (await this.commit());
    const r = await this.store.orders({ account: ACCOUNT, symbol: q.symbol, status: q.status, limit, before: q.before });
    if (!r.ok) return { rows: [], more: false };
    return { rows: r.rows.map(orderView), more: r.rows.length === limit };
  }

  /**
   * Resets the account (Terminal.reset) and says what it cleared: the orders
   * and trades in its history (stored, or in memory when storage is out),
   * counted after the commit the handler made before calling this.
   */
  async reset(startingCash: number): Promise<Result<{ cleared: { orders: number; trades: number } }>> {
    const cleared = await this.historyCounts();
    const r = this.terminal.reset(startingCash);
    return r.ok ? { ...r, cleared } : r;
  }

  private async historyCounts(): Promise<{ orders: number; trades: number }> {
    const memory = { orders: this.terminal.activity.orders.size, trades: this.terminal.activity.fills.length };
    if (this.store === null || this.failure !== null) return memory;
    const [orders, trades] = await Promise.all([this.store.orderCount(ACCOUNT), this.store.tradeCount({ account: ACCOUNT })]);
    // Storage that cannot count can still be cleared: say what this session saw rather than nothing.
    return { orders: orders.ok ? Math.max(orders.count, memory.orders) : memory.orders, trades: trades.ok ? Math.max(trades.count, memory.trades) : memory.trades };
  }

  /** A stored setting (undefined when absent or storage is out). */
  async setting(key: string): Promise<unknown> {
    if (this.store === null) return undefined;
    const r = await this.store.getSetting(key);
    return r.ok ? r.value : undefined;
  }

  async saveSetting(key: string, value: unknown): Promise<Result> {
    if (this.store === null) return { ok: true };
    const r = await this.store.setSetting(key, value);
    if (!r.ok) this.fail(r);
    return r.ok ? r : { ok: true };
  }

  /** Everything to store since the last take: inputs in order, and what they changed. */
  private take(): Rows | null {
    const inputs = this.terminal.sim.inputs?.splice(0) ?? [];
    const { orders, fills } = this.terminal.activity.drainUnsaved();
    const equity = this.terminal.drainEquity();
    const at = this.terminal.sim.now;
    const strategyStates = this.strategyStates?.(at) ?? [];
    const reset = this.terminal.takeHistoryReset();
    if (!reset && inputs.length === 0 && orders.length === 0 && fills.length === 0 && equity.length === 0 && strategyStates.length === 0) return null;
    return {
      ...(reset ? { clearHistoryOf: ACCOUNT } : {}),
      strategyStates,
      inputs: inputs.map((input) => ({ input, at })),
      orders: orders.map((o) => orderRow(o, ACCOUNT)),
      trades: fills.map((f) => ({
        tradeSeq: f.seq, ts: f.ts, account: ACCOUNT, symbol: f.symbol, side: f.side, price: f.price, qty: f.qty, fee: f.fee,
        feeAsset: f.feeAsset, orderId: f.orderId, liquidity: f.liquidity,
      })),
      equity: equity.map((e) => ({ account: ACCOUNT, ts: e.ts, equity: e.equity })),
    };
  }

  /**
   * Storage failed: the person is told once (again if the reason changes).
   * A full disk stays the reason until a write succeeds: Chromium closes the
   * connection after a write fails for lack of space, and what the retries
   * meet then (a closed database) comes of the full disk.
   */
  private fail(r: Failure): void {
    if (this.failure?.code === Code.STORAGE_FULL) return;
    const told = this.failure?.code === r.code;
    this.failure = { ok: false, code: r.code, message: r.message };
    if (!told) this.terminal.notice(unsaved(r));
  }

  /** A write succeeded: the failure is over, and the notice about it is replaced (same code) by one saying so. */
  private recovered(): void {
    if (this.failure === null) return;
    this.terminal.notice({ code: this.failure.code, message: SAVED_AGAIN });
    this.failure = null;
  }

  tradesCsv(): Promise<Result<{ csv: string }>> | Result<{ csv: string }> {
    if (this.store === null) return { ok: false, code: Code.STORAGE_UNAVAILABLE, message: 'Storage is not available, so there is no trade history to export.' };
    return this.commit().then(() => this.store!.tradesCsv(ACCOUNT));
  }

  exportBackup(): Promise<Result<{ text: string }>> | Result<{ text: string }> {
    if (this.store === null) return { ok: false, code: Code.STORAGE_UNAVAILABLE, message: 'Storage is not available, so there is nothing to back up.' };
    return this.snapshot().then(() => this.store!.exportBackup());
  }

  /**
   * Replaces everything stored with a backup, once it is known to restore:
   * `verifyBackup` rebuilds its sim in memory first. On success this engine
   * stops writing (the leader then runs a new one from what was imported:
   * `restart` in leader.ts) and the answer carries the imported state's hash;
   * a refused backup changes nothing and this engine goes on running and saving.
   */
  async importBackup(text: string): Promise<Result<{ rows: number; hash: string; restored: Restored }>> {
    if (this.store === null) return { ok: false, code: Code.STORAGE_UNAVAILABLE, message: 'Storage is not available, so a backup cannot be restored here.' };
    this.halted = true;
    try {
      await this.chain.catch(() => {});
      const r = await this.store.importBackup(text, verifyBackup);
      if (!r.ok) this.halted = false;
      return r;
    } catch (err) {
      // Store methods answer results; this is a bug, but the running engine must not stay halted over it.
      this.halted = false;
      throw err;
    }
  }

  /** Whether a backup has replaced what this engine was saving (it then writes nothing more). */
  get replaced(): boolean {
    return this.halted;
  }

  get storage(): Store | null {
    return this.store;
  }

  stateHash(): string {
    return simStateHash(this.terminal.sim);
  }
}

/** Polled this often until the first frame is out (or for at most FIRST_FRAME_WAIT_MS, when no page asks for frames). */
const FIRST_FRAME_POLL_MS = 25;
const FIRST_FRAME_WAIT_MS = 2_000;

/** Resolves once the terminal has built its first frame, or after FIRST_FRAME_WAIT_MS. */
function firstFrame(terminal: Terminal): Promise<void> {
  return new Promise((resolve) => {
    let waited = 0;
    const check = () => {
      if (terminal.framesBuilt > 0 || waited >= FIRST_FRAME_WAIT_MS) resolve();
      else {
        waited += FIRST_FRAME_POLL_MS;
        setTimeout(check, FIRST_FRAME_POLL_MS);
      }
    };
    check();
  });
}

/** Every stored order with a status, newest first, a page at a time (null if storage fails). */
async function allOrders(store: Store, status: 'open' | 'pending'): Promise<OrderRow[] | null> {
  const out: OrderRow[] = [];
  for (;;) {
    const last = out.at(-1);
    const r = await store.orders({ account: ACCOUNT, status, limit: MAX_PAGE, before: last && { updatedAt: last.updatedAt, id: last.id } });
    if (!r.ok) return null;
    out.push(...r.rows);
    if (r.rows.length < MAX_PAGE) return out;
  }
}

/**
 * The rows of two takes as one batch, in order: an order changed in both is
 * written as it is now (upserted last). A reset in the later take clears the
 * history, so the earlier take's rows (from before it) are not written at all;
 * one in the earlier take still clears first, before both takes' rows.
 */
function joinRows(a: Rows, b: Rows): Rows {
  if (b.clearHistoryOf !== undefined) return { ...b, inputs: [...a.inputs, ...b.inputs], strategyStates: [...(a.strategyStates ?? []), ...(b.strategyStates ?? [])] };
  return {
    ...(a.clearHistoryOf !== undefined ? { clearHistoryOf: a.clearHistoryOf } : {}),
    inputs: [...a.inputs, ...b.inputs],
    orders: [...(a.orders ?? []), ...(b.orders ?? [])],
    trades: [...(a.trades ?? []), ...(b.trades ?? [])],
    equity: [...(a.equity ?? []), ...(b.equity ?? [])],
    strategyStates: [...(a.strategyStates ?? []), ...(b.strategyStates ?? [])],
  };
}

function unsaved(r: { message: string; code: string }): Notice {
  return { code: r.code, message: `${r.message} Bourse keeps running, but what happens now will not be saved.` };
}

/**
 * Whether a backup's tables restore to a running market, as `DurableTerminal.start`
 * would restore them after a reload: the profile setting, the latest
 * snapshot rebuilt with that profile's config (`restoreSim` checks its shape
 * and books, and that it reads back as itself), its hash, and the journal
 * after it replayed. The hash compared is the snapshot row's: it is the only
 * state hash a backup carries (the tail after it has none), and it was taken
 * from the running sim when the row was saved, so a snapshot edited or
 * corrupted in the file no longer matches it. The answer's `hash` is the
 * state after the tail: what the engine will run from after the reload; its
 * `restored`, what the import brings back, for the person to read.
 */
export function verifyBackup(t: BackupTables): Result<{ hash: string; restored: Restored }> {
  const refuse = (why: string): Failure => fail(Code.INVALID_BACKUP, `This backup cannot be restored and was not imported: ${why}`);
  const profileRow = t.settings.find((r) => r.key === PROFILE_KEY);
  if (profileRow === undefined) return refuse('it has no profile setting (which market it is).');
  const profile = checkProfile(profileRow.value);
  if (typeof profile === 'string') return refuse(`its profile setting ${profile}.`);
  const speedRow = t.settings.find((r) => r.key === SPEED_KEY);
  if (speedRow !== undefined && !SPEEDS.includes(speedRow.value as Speed)) return refuse(`its speed setting must be one of ${SPEEDS.join(', ')}.`);
  const { snapshot, tail } = restorePoint(t);
  if (snapshot === null) return refuse('it has no snapshot of the market.');
  const restored = restoreSim(simConfig(profile), snapshot.data);
  if (!restored.ok) return refuse(`${restored.message}`);
  const sim = restored.sim;
  if (simStateHash(sim) !== snapshot.hash) return refuse(`its latest snapshot (entry ${snapshot.seq}) does not match the state hash stored with it.`);
  for (const row of tail) {
    try {
      sim.replay(row.input);
    } catch (err) {
      return refuse(`its journal entry ${row.seq} could not be replayed (${err instanceof Error ? err.message : String(err)}).`);
    }
  }
  return { ok: true, hash: simStateHash(sim), restored: restoredSummary(t, sim, ACCOUNT) };
}

const MAX_SEED = 128;

/** A backup's profile, field by field; a string says what is wrong. */
function checkProfile(x: unknown): Profile | string {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return 'is not an object';
  const p = x as Record<string, unknown>;
  if (p.v !== 1) return 'has an unknown version';
  if (typeof p.seed !== 'string' || p.seed === '' || p.seed.length > MAX_SEED) return `needs a seed of 1 to ${MAX_SEED} characters`;
  if (typeof p.start !== 'number' || !Number.isFinite(p.start) || p.start < 0 || p.start > 8.64e15) return 'needs a start time';
  if (p.createdAt !== undefined && (typeof p.createdAt !== 'number' || !Number.isFinite(p.createdAt))) return 'has a bad creation time';
  return { v: 1, seed: p.seed, start: p.start, createdAt: typeof p.createdAt === 'number' ? p.createdAt : p.start };
}

function readProfile(x: unknown): Profile | null {
  const p = x as Partial<Profile> | null;
  if (p === null || typeof p !== 'object' || p.v !== 1 || typeof p.seed !== 'string' || typeof p.start !== 'number' || !Number.isFinite(p.start)) {
    return null;
  }
  return { v: 1, seed: p.seed, start: p.start, createdAt: typeof p.createdAt === 'number' ? p.createdAt : p.start };
}
