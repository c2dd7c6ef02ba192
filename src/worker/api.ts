/**
 * The Comlink API a page calls: every method of the handler table, run here
 * (this tab leads) or forwarded to the leader, derived from the table so no
 * method can be missing; plus the few that do more than forward.
 */
import * as Comlink from 'comlink';
import { parseView, type ApiResult, type Frame, type Health, type SeriesData, type View } from '../protocol';
import { candleTransfers } from './terminal';
import { METHODS, type TableApi } from './handlers';
import type { Leadership } from './leadership';

/** The page's frame subscriber, and whatever else of the page the API keeps. */
export interface PageHooks {
  subscribe(cb: (f: Frame) => void): void;
  /** Starts the follower's heartbeat (once). */
  keepAlive(): void;
}

export type EngineApi = TableApi & {
  /** Frames are pushed to `cb` from now on (one subscriber: the page). */
  subscribe(cb: (f: Frame) => void): Promise<void>;
  /** Saves now (the page is being hidden or closed). */
  flush(): Promise<ApiResult>;
};

/** The part of the leadership the API uses. */
export type Router = Pick<Leadership, 'call' | 'rememberView' | 'whenStarted' | 'isLeader' | 'pushNow' | 'flush' | 'role'>;

/** A series answer's column buffers, to transfer rather than copy (a million bars is 48 MB). */
function seriesTransfer<T extends ApiResult<SeriesData>>(r: T): T {
  if (!r.ok) return r;
  const d = r.data;
  return Comlink.transfer(r, [d.time, d.open, d.high, d.low, d.close, d.volume].map((a) => a.buffer as ArrayBuffer));
}

export function createApi(lead: Router, page: PageHooks): EngineApi {
  const call = (method: string, args: readonly unknown[]) => lead.call(method, args);
  const forwarded: Record<string, (...a: unknown[]) => Promise<unknown>> = {};
  for (const name of METHODS.names()) forwarded[name] = (...a: unknown[]) => call(name, a);
  const table = forwarded as unknown as TableApi;

  const special: Partial<EngineApi> & Pick<EngineApi, 'subscribe' | 'flush'> = {
    async subscribe(cb) {
      page.subscribe(cb);
      await lead.whenStarted();
      // A follower registers with the leader so that frames are sent its way, and says so again now and then.
      if (!lead.isLeader) {
        await call('setView', [{}]);
        page.keepAlive();
      } else lead.pushNow();
    },
    setView(v: Partial<View>) {
      // Only what parses is remembered for a new leader; the call itself answers what is wrong.
      const p = parseView(v);
      if (p.ok) lead.rememberView(p.value);
      return table.setView(v);
    },
    async candles(...a) {
      const c = await table.candles(...a);
      return c === null ? null : Comlink.transfer(c, candleTransfers(c));
    },
    async history(...a) {
      const h = await table.history(...a);
      return h === null ? null : Comlink.transfer(h, candleTransfers(h.candles));
    },
    async equity() {
      const e = await table.equity();
      return Comlink.transfer(e, [e.t.buffer as ArrayBuffer, e.equity.buffer as ArrayBuffer]);
    },
    async seriesGet(...a) {
      return seriesTransfer(await table.seriesGet(...a));
    },
    async seriesFromSim(...a) {
      return seriesTransfer(await table.seriesFromSim(...a));
    },
    async seriesFromKlines(...a) {
      return seriesTransfer(await table.seriesFromKlines(...a));
    },
    /** The leader answers; the role is this tab's own. */
    async health(): Promise<Health> {
      const h = await table.health();
      return { ...h, role: lead.role };
    },
    async flush(): Promise<ApiResult> {
      await lead.flush();
      return { ok: true };
    },
  };
  return { ...table, ...special };
}
