/**
 * The UI's link to one engine: commands go out through `engine`, frames come
 * back pushed (never polled) and land in per-concern stores. A factory, not a
 * module: nothing runs on import, and two clients (the live engine and a
 * backtest worker) can live side by side, each with its own state.
 */
import * as Comlink from 'comlink';
import { batch, createSignal, type Accessor } from 'solid-js';
import type { Frame } from '../../protocol';
import type { EngineLink, EngineRemote } from './engine';
import { createFrameBatcher, type Schedule } from './frameBatch';
import { createMarketStore, type MarketStore } from './market';
import { createNoticesStore, type NoticesStore } from './notices';
import { createOrdersStore, type OrdersStore } from './orders';
import { createStrategiesStore, type StrategiesStore } from './strategies';

export interface EngineClient<E extends EngineLink = EngineRemote> {
  /** Commands: call it to act (place, cancel, setSpeed, …). */
  engine: E;
  /** The latest frame (null until the first): portfolio, open orders, book, feeds, clock. */
  frame: Accessor<Frame | null>;
  market: MarketStore;
  /** The person's orders and fills. */
  trading: OrdersStore;
  notices: NoticesStore;
  /** The person's strategies, as the frames list them. */
  strategies: StrategiesStore;
  /** Loads the instruments, subscribes to frames, then merges in what happened before them. Call once. */
  start(): Promise<void>;
}

export interface EngineClientOptions {
  /**
   * A backup replaced the market this page was showing (the frames' epoch
   * changed): what the page fetched belongs to the old one. The live page
   * reloads (main.tsx).
   */
  onReplaced?: () => void;
  /**
   * When frames reach the stores: by default each as it arrives; the live page
   * passes `nextPaint()` (frameBatch.ts), so frames that arrive between two
   * paints are applied together and the page redraws once.
   */
  schedule?: Schedule;
}

export function createEngineClient<E extends EngineLink>(engine: E, opts: EngineClientOptions = {}): EngineClient<E> {
  const [frame, setFrame] = createSignal<Frame | null>(null);
  const [market, marketFeed] = createMarketStore();
  const [trading, ordersFeed] = createOrdersStore();
  const [notices, noticesFeed] = createNoticesStore();
  const [strategies, strategiesFeed] = createStrategiesStore();

  /** Frames in the order they came, in one batch: the page redraws once, for the last. */
  const applyFrames = (fs: Frame[]): void => batch(() => {
    for (const f of fs) {
      marketFeed.applyFrame(f);
      ordersFeed.applyFrame(f);
      noticesFeed.applyFrame(f);
      strategiesFeed.applyFrame(f);
    }
    setFrame(fs[fs.length - 1]);
  });
  const batcher = opts.schedule === undefined ? null : createFrameBatcher(applyFrames, opts.schedule);

  let epoch: number | undefined;
  const onFrame = (f: Frame): void => {
    // Checked as the frame arrives, not when it is applied: a replaced market reloads without waiting for a paint.
    if (f.epoch !== undefined) {
      if (epoch !== undefined && f.epoch !== epoch) opts.onReplaced?.();
      epoch = f.epoch;
    }
    if (batcher === null) applyFrames([f]);
    else batcher.push(f);
  };

  let started = false;
  const start = async (): Promise<void> => {
    // A second subscription would replace the first in the worker (it keeps one listener) and merge the history twice.
    if (started) throw new Error('This engine client has already started.');
    started = true;
    marketFeed.setInstruments(await engine.instruments());
    // Frames first, then what happened before them: nothing falls between the two.
    await engine.subscribe(Comlink.proxy(onFrame));
    const [allOrders, allFills] = await Promise.all([engine.orders(), engine.fills()]);
    // Frames still queued came before the history's answer: applied first, so the merge's rules see them.
    batcher?.flush();
    batch(() => ordersFeed.mergeHistory(allOrders, allFills));
  };

  return { engine, frame, market, trading, notices, strategies, start };
}
