/**
 * The UI's one link to the engine in the worker: commands go out through
 * Comlink, frames come back pushed (never polled) and land in Solid state.
 * Components read from here and call `engine` to act.
 */
import * as Comlink from 'comlink';
import { batch, createSignal } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { EngineApi } from '../worker/engine.worker';
import type { FillView, Frame, InstrumentInfo, Notice, OrderView, Session, Tickers } from '../protocol';

export const engine = Comlink.wrap<EngineApi>(
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' }),
);

export interface TickerRow {
  last: number;
  bid: number;
  ask: number;
  open24: number;
  value24: number;
  open: boolean;
  spark: Float32Array;
}

/** Fills kept on the page (chart markers, the Trade page's list); Activity reads the rest from storage. */
const MAX_FILLS = 5_000;

const [instruments, setInstruments] = createSignal<InstrumentInfo[]>([]);
const [frame, setFrame] = createSignal<Frame | null>(null);
const [sessions, setSessions] = createStore<Record<string, Session>>({});
/** The person's orders by id (every status), newest updates merged in. */
const [orders, setOrders] = createStore<Record<string, OrderView>>({});
const [fills, setFills] = createSignal<FillView[]>([]);
/** How many fills arrived since the page opened. */
const [fillCount, setFillCount] = createSignal(0);

/** Problems the worker reported (storage, feeds), kept until dismissed; one per code. */
const [notices, setNotices] = createSignal<Notice[]>([]);

export { instruments, frame, sessions, orders, fills, fillCount, notices };

export function dismissNotice(code: Notice['code']): void {
  setNotices((xs) => xs.filter((n) => n.code !== code));
}

const bySymbol = new Map<string, number>();

export function info(symbol: string): InstrumentInfo | undefined {
  const list = instruments(); // read first: the lookup must re-run once the list arrives
  const i = bySymbol.get(symbol);
  return i === undefined ? undefined : list[i];
}

/** The ticker of one symbol from the latest frame (reactive). */
export function ticker(symbol: string): TickerRow | undefined {
  const f = frame();
  if (f === null) return undefined;
  const i = bySymbol.get(symbol);
  if (i === undefined) return undefined;
  return row(f.tickers, i);
}

/** The price to show for a market: its last trade, or before the first trade the mid of its quotes (mid: true). */
export function shownPrice(t: TickerRow | undefined): { price: number; mid: boolean } {
  if (t === undefined) return { price: NaN, mid: false };
  if (Number.isFinite(t.last)) return { price: t.last, mid: false };
  const mid = (t.bid + t.ask) / 2;
  return { price: mid, mid: Number.isFinite(mid) };
}

function row(t: Tickers, i: number): TickerRow {
  const p = t.sparkPoints;
  return {
    last: t.last[i], bid: t.bid[i], ask: t.ask[i], open24: t.open24[i], value24: t.value24[i], open: t.open[i] === 1,
    spark: t.spark.subarray(i * p, (i + 1) * p),
  };
}

export async function start(): Promise<void> {
  const list = await engine.instruments();
  list.forEach((x, i) => bySymbol.set(x.symbol, i));
  setInstruments(list);
  // Frames first, then what happened before them: nothing falls between the two.
  await engine.subscribe(Comlink.proxy(onFrame));
  const [allOrders, allFills] = await Promise.all([engine.orders(), engine.fills()]);
  batch(() => {
    // A frame may already have brought a newer version of an order: keep the newer.
    for (const o of allOrders) if (!(o.id in orders) || orders[o.id].updatedAt < o.updatedAt) setOrders(o.id, o);
    setFills((live) => {
      const key = (f: FillView) => `${f.seq}:${f.orderId}`;
      const seen = new Set(allFills.map(key));
      return allFills.concat(live.filter((f) => !seen.has(key(f)))).slice(-MAX_FILLS);
    });
  });
  // Save at once when the page is hidden or closed (a phone may kill it without warning after that).
  const flush = () => void engine.flush();
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  // Ask the browser not to evict Bourse's storage under pressure; only a page can ask.
  void navigator.storage?.persist?.().catch(() => false);
}

function onFrame(f: Frame): void {
  batch(() => {
    for (const [s, v] of Object.entries(f.sessions)) setSessions(s, v);
    for (const o of f.orders) setOrders(o.id, o);
    if (f.fills.length > 0) {
      setFills((x) => x.concat(f.fills).slice(-MAX_FILLS));
      setFillCount((n) => n + f.fills.length);
    }
    if (f.notices.length > 0) {
      setNotices((xs) => [...xs.filter((n) => !f.notices.some((m) => m.code === n.code)), ...f.notices]);
    }
    setFrame(f);
  });
}
