/**
 * What a tab runs once it leads: the Host (engine + storage), the live
 * feeds, the handler table over them, and the clock that steps the sim and
 * sends the frames (to this tab's page, and over the link to the followers).
 */
import type { FeedMode } from '../feeds';
import type { Frame } from '../protocol';
import type { Store } from '../storage/store';
import { Clock, type ClockTimers } from './clock';
import { ALPACA_KEY, FEED_KEY, METHODS, type HandlerContext } from './handlers';
import { Host } from './host';
import type { Local } from './leadership';
import { FEED_MODES, LiveFeeds, type AlpacaKeys } from './live';
import type { LeaderLink } from './tabs';

/** A view not heard from for this long belongs to a closed tab. */
export const VIEW_TTL_MS = 35_000;

/** Where this tab's own frames go (its page, if one subscribed). */
export interface PageOut {
  hasPage(): boolean;
  send(frame: Frame): void;
}

export async function startLeader(o: { me: string; store: Store; timers: ClockTimers; page: PageOut }): Promise<Local> {
  const host = await Host.start(o.store);
  const mode = await host.setting(FEED_KEY);
  const keys = (await host.setting(ALPACA_KEY)) as AlpacaKeys | null | undefined;
  const live = new LiveFeeds(host.engine, FEED_MODES.includes(mode as FeedMode) ? (mode as FeedMode) : 'auto', keys ?? null);
  live.start();
  const ctx: HandlerContext = { host, engine: host.engine, live, commit: () => host.commit() };
  let clock: Clock | null = null;
  return {
    invoke: (method, tab, args) => METHODS.invoke(ctx, method, tab, args),
    begin(link: LeaderLink) {
      const engine = host.engine;
      const c = new Clock(({ elapsedMs, commitDue }) => {
        live.apply();
        live.watch(engine.viewedSymbols());
        engine.feeds = live.view();
        engine.advance(elapsedMs);
        if (commitDue) {
          void host.tick();
          // A follower tab that closed stops saying it is there: its view (and its trade stream) goes.
          engine.expireViews(VIEW_TTL_MS, o.me);
        }
        const base = engine.baseFrame();
        // Followers (tabs that registered a view) get the frame with their own view's detail, cloned by the channel.
        const details: Record<string, unknown> = {};
        for (const tab of engine.tabs()) if (tab !== o.me) details[tab] = engine.detail(tab);
        if (Object.keys(details).length > 0) link.frame({ base, details });
        if (o.page.hasPage()) o.page.send({ ...base, ...engine.detail(o.me), role: 'leader' });
      }, o.timers);
      c.start();
      clock = c;
      // Live prices are applied and shown when they arrive (at most one extra tick per animation frame), not at the next tick.
      live.onArrive = () => c.soon();
    },
    pushNow: () => clock?.now(),
    flush: () => host.commit(),
  };
}
