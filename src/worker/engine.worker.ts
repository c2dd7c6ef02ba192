/**
 * The engine's home: builds the leadership (Web Lock + BroadcastChannel),
 * the leader's runtime and the Comlink API, and exposes it. The work is in
 * leadership.ts, leader.ts, handlers.ts, terminal.ts and durableTerminal.ts.
 */
import * as Comlink from 'comlink';
import type { Frame } from '../protocol';
import { Store } from '../storage/store';
import { createApi, type EngineApi } from './api';
import { frameTransfers } from './terminal';
import { METHODS } from './handlers';
import { startLeader } from './leader';
import { Leadership } from './leadership';

/** A follower repeats its view this often (a view not heard from for VIEW_TTL_MS belongs to a closed tab). */
const VIEW_HEARTBEAT_MS = 10_000;
const PROFILE = 'bourse';

const me = crypto.randomUUID();
// Called as methods of this object, so wrapped: the browser's timers throw "Illegal invocation" with another `this`.
const timers = {
  now: () => performance.now(),
  setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
};
let listener: ((f: Frame) => void) | null = null;
/** The latest epoch the leader's frames carried: a follower that takes over goes on from it, so no page reloads for a takeover. */
let epoch = 0;
let beating = false;

const lead = new Leadership({
  me,
  lockName: `${PROFILE}:engine`,
  locks: navigator.locks,
  channel: new BroadcastChannel(`${PROFILE}:tabs`),
  mutates: (method) => METHODS.mutates(method),
  startLocal: () => startLeader({
    me, store: new Store(PROFILE), timers, epoch,
    page: { hasPage: () => listener !== null, send: (f) => listener?.(Comlink.transfer(f, frameTransfers(f))) },
  }),
  onFrame: ({ base, details }) => {
    epoch = Math.max(epoch, (base as Frame).epoch ?? 0);
    if (listener !== null) listener({ ...(base as Frame), book: null, tape: [], candles: null, ...(Object.hasOwn(details, me) ? details[me] : undefined), role: 'follower' });
  },
});

const api = createApi(lead, {
  subscribe: (cb) => (listener = cb),
  keepAlive: () => {
    if (beating) return;
    beating = true;
    setInterval(() => lead.heartbeat(), VIEW_HEARTBEAT_MS);
  },
});
lead.start();

export type { EngineApi };
Comlink.expose(api);
