/**
 * What a tab runs once it leads: the DurableTerminal (the Terminal + storage), the live
 * feeds, the handler table over them, and the clock that steps the sim and
 * sends the frames (to this tab's page, and over the link to the followers).
 *
 * Only the leader writes to storage: it alone opens the Store (this runs once
 * this worker holds the Web Lock), and a follower's import or reset reaches it
 * as a call through the handler table. When an import replaces what is
 * stored, the leader runs the engine again from storage (`restart`): the new
 * Terminal carries on from the imported journal (its ids, its clock), the tabs'
 * views carry over, every tab's frames come from it, and their `epoch` goes up
 * so each page reloads what it fetched from the old market.
 */
import type { FeedMode } from '../feeds';
import type { AlpacaKeys, Frame } from '../protocol';
import type { Store } from '../storage/store';
import { Clock, type ClockTimers } from './clock';
import { ALPACA_KEY, FEED_KEY, METHODS, type HandlerContext } from './handlers';
import { DurableTerminal } from './durableTerminal';
import type { Local } from './leadership';
import { FEED_MODES, LiveFeeds } from './live';
import { disposeSandboxes, sandboxes } from './sandbox/engine';
import type { LeaderLink } from './tabs';
import type { Terminal } from './terminal';

/** The setting that holds the epoch of the stored state (see `Leader.epoch`). */
export const EPOCH_KEY = 'epoch';

/** A stored epoch, or 0 when absent or not a count (a hand-edited backup cannot set it backwards or to garbage). */
function storedEpoch(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

/** A view not heard from for this long belongs to a closed tab. */
export const VIEW_TTL_MS = 35_000;

/** Where this tab's own frames go (its page, if one subscribed). */
export interface PageOut {
  hasPage(): boolean;
  send(frame: Frame): void;
}

/** The live feeds as the leader drives them (LiveFeeds; a quiet stand-in in tests). */
export type Feeds = Pick<LiveFeeds, 'start' | 'stop' | 'apply' | 'watch' | 'view' | 'setMode' | 'setKeys'> & { onArrive: () => void };

export interface LeaderOptions {
  me: string;
  store: Store;
  timers: ClockTimers;
  page: PageOut;
  /** The epoch the tabs' pages last saw (a leader taking over carries it on); 0 for the first. */
  epoch?: number;
  /** Starts the engine from storage (DurableTerminal.start; injected in tests for a wall clock). */
  startDurable?: (store: Store) => Promise<DurableTerminal>;
  /** The live feeds of a terminal (LiveFeeds; injected in tests, which have no network). */
  makeFeeds?: (terminal: Terminal, mode: FeedMode, keys: AlpacaKeys | null) => Feeds;
}

/** The leader's engine as it stands: replaced whole when a backup replaces what is stored. */
interface Running {
  durable: DurableTerminal;
  live: Feeds;
}

/** A running leader: `Local` for the leadership, plus what tests look at. */
export interface Leader extends Local {
  /** The engine now running (a new one after each import). */
  durable(): DurableTerminal;
  /** Goes up by one each time a backup replaced the stored state. */
  epoch(): number;
}

export async function startLeader(o: LeaderOptions): Promise<Leader> {
  const startDurable = o.startDurable ?? ((store: Store) => DurableTerminal.start(store));
  const makeFeeds = o.makeFeeds ?? ((t, mode, keys) => new LiveFeeds(t, mode, keys));
  const boot = async (): Promise<Running> => {
    const durable = await startDurable(o.store);
    // User strategies' sandboxes: where each is goes with every commit (a reload goes on from it).
    durable.strategyStates = (at) => sandboxes(durable.terminal, durable.storage).states(at);
    const mode = await durable.setting(FEED_KEY);
    const keys = (await durable.setting(ALPACA_KEY)) as AlpacaKeys | null | undefined;
    const live = makeFeeds(durable.terminal, FEED_MODES.includes(mode as FeedMode) ? (mode as FeedMode) : 'auto', keys ?? null);
    live.start();
    return { durable, live };
  };

  let engine = await boot();
  // The epoch is stored with the state it names: a tab that takes over, even one that never heard a frame,
  // goes on from the one the pages saw, so no page sees it go back (and reload for nothing).
  let epoch = Math.max(o.epoch ?? 0, storedEpoch(await engine.durable.setting(EPOCH_KEY)));
  let clock: Clock | null = null;
  /** Each tab's last view as it asked for it, to give the next engine after an import. */
  const views = new Map<string, readonly unknown[]>();
  /**
   * An import runs alone: calls that arrive meanwhile wait for the engine it
   * leaves behind, so none runs on the engine being replaced (whose answers
   * would not be saved) and none is lost.
   */
  let importing: Promise<unknown> = Promise.resolve();

  const restart = async (): Promise<void> => {
    const old = engine;
    old.live.stop();
    disposeSandboxes(old.durable.terminal);
    const next = await boot();
    next.live.onArrive = old.live.onArrive;
    // The tabs that were looking at the old market look at the same things in the new one.
    for (const tab of old.durable.terminal.tabs()) {
      const v = views.get(tab);
      if (v !== undefined) await METHODS.invoke(ctxOf(next), 'setView', tab, v);
    }
    engine = next;
    // Above both the epoch the pages saw and any the backup carried from its own profile.
    epoch = Math.max(epoch, storedEpoch(await next.durable.setting(EPOCH_KEY))) + 1;
    // A failed write is reported by the durable terminal; the pages still reload for this epoch, and the next
    // leader starts from the stored one (an extra reload of the other tabs at worst, nothing lost).
    void (await next.durable.saveSetting(EPOCH_KEY, epoch));
    clock?.now();
  };

  function ctxOf(e: Running): HandlerContext {
    return { durable: e.durable, terminal: e.durable.terminal, live: e.live, commit: () => e.durable.commit(), restart };
  }
  // The handlers always see the engine now running (`restart` swaps it under them).
  const ctx: HandlerContext = {
    get durable() { return engine.durable; },
    get terminal() { return engine.durable.terminal; },
    get live() { return engine.live; },
    commit: () => engine.durable.commit(),
    restart,
  };

  const invoke = async (method: string, tab: string, args: readonly unknown[]): Promise<unknown> => {
    if (method === 'importBackup') {
      const run = importing.then(() => METHODS.invoke(ctx, method, tab, args));
      importing = run.catch(() => {});
      return run;
    }
    await importing;
    if (method === 'setView' && Array.isArray(args)) views.set(tab, [...args]);
    return METHODS.invoke(ctx, method, tab, args);
  };

  return {
    invoke,
    durable: () => engine.durable,
    epoch: () => epoch,
    begin(link: LeaderLink) {
      const c = new Clock(({ elapsedMs, commitDue }) => {
        const { durable, live } = engine;
        const terminal = durable.terminal;
        live.apply();
        live.watch(terminal.viewedSymbols());
        terminal.feeds = live.view();
        terminal.advance(elapsedMs);
        // Person-written strategies: their closed bars to their sandbox Workers (src/worker/sandbox).
        sandboxes(terminal, durable.storage).pump();
        if (commitDue) {
          void durable.tick();
          // A follower tab that closed stops saying it is there: its view (and its trade stream) goes.
          terminal.expireViews(VIEW_TTL_MS, o.me);
        }
        const base = { ...terminal.baseFrame(), epoch };
        // Followers (tabs that registered a view) get the frame with their own view's detail, cloned by the channel.
        // Keyed by tab ids that followers send: no prototype, so no id can name one of its properties.
        const details = Object.create(null) as Record<string, unknown>;
        for (const tab of terminal.tabs()) if (tab !== o.me) details[tab] = terminal.detail(tab);
        if (Object.keys(details).length > 0) link.frame({ base, details });
        if (o.page.hasPage()) o.page.send({ ...base, ...terminal.detail(o.me), role: 'leader' });
      }, o.timers);
      c.start();
      clock = c;
      // Live prices are applied and shown when they arrive (at most one extra tick per animation frame), not at the next tick.
      engine.live.onArrive = () => c.soon();
    },
    pushNow: () => clock?.now(),
    flush: async () => {
      // The page is going away: a failed commit was already reported (a notice) and keeps its rows for a later one.
      void (await engine.durable.commit());
    },
  };
}
