/**
 * What a tab runs once it leads: the DurableTerminal (the Terminal + storage), the live
 * feeds, the handler table over them, and the clock that steps the sim and
 * sends the frames (to this tab's page, and over the link to the followers).
 */
import type { FeedMode } from '../feeds';
import type { AlpacaKeys, Frame } from '../protocol';
import type { Store } from '../storage/store';
import { Clock, type ClockTimers } from './clock';
import { ALPACA_KEY, FEED_KEY, METHODS, type HandlerContext } from './handlers';
import { DurableTerminal } from './durableTerminal';
import type { Local } from './leadership';
import { FEED_MODES, LiveFeeds } from './live';
import type { LeaderLink } from './tabs';

/** A view not heard from for this long belongs to a closed tab. */
export const VIEW_TTL_MS = 35_000;

/** Where this tab's own frames go (its page, if one subscribed). */
export interface PageOut {
  hasPage(): boolean;
  send(frame: Frame): void;
}

export async function startLeader(o: { me: string; store: Store; timers: ClockTimers; page: PageOut }): Promise<Local> {
  const durable = await DurableTerminal.start(o.store);
  const mode = await durable.setting(FEED_KEY);
  const keys = (await durable.setting(ALPACA_KEY)) as AlpacaKeys | null | undefined;
  const live = new LiveFeeds(durable.terminal, FEED_MODES.includes(mode as FeedMode) ? (mode as FeedMode) : 'auto', keys ?? null);
  live.start();
  const ctx: HandlerContext = { durable, terminal: durable.terminal, live, commit: () => durable.commit() };
  let clock: Clock | null = null;
  return {
    invoke: (method, tab, args) => METHODS.invoke(ctx, method, tab, args),
    begin(link: LeaderLink) {
      const terminal = durable.terminal;
      const c = new Clock(({ elapsedMs, commitDue }) => {
        live.apply();
        live.watch(terminal.viewedSymbols());
        terminal.feeds = live.view();
        terminal.advance(elapsedMs);
        if (commitDue) {
          void durable.tick();
          // A follower tab that closed stops saying it is there: its view (and its trade stream) goes.
          terminal.expireViews(VIEW_TTL_MS, o.me);
        }
        const base = terminal.baseFrame();
        // Followers (tabs that registered a view) get the frame with their own view's detail, cloned by the channel.
        const details: Record<string, unknown> = {};
        for (const tab of terminal.tabs()) if (tab !== o.me) details[tab] = terminal.detail(tab);
        if (Object.keys(details).length > 0) link.frame({ base, details });
        if (o.page.hasPage()) o.page.send({ ...base, ...terminal.detail(o.me), role: 'leader' });
      }, o.timers);
      c.start();
      clock = c;
      // Live prices are applied and shown when they arrive (at most one extra tick per animation frame), not at the next tick.
      live.onArrive = () => c.soon();
    },
    pushNow: () => clock?.now(),
    flush: async () => {
      await durable.commit();
    },
  };
}
