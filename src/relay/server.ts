/**
 * The relay's network side: one HTTP server that serves the built app and
 * upgrades `/ws` to a WebSocket (the `ws` package). Here live the defences
 * of a server that faces a room of teenagers: an Origin allowlist, 16 KiB
 * messages at most, per-socket and per-address rate limits and socket caps,
 * heartbeats that drop dead sockets, and every message parsed (protocol/
 * relay.ts) and answered, a bad one with an error, never a crash.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { Code } from '../core/codes';
import { parseClientText, refOf, RelayCode, type ServerMessage } from '../protocol/relay';
import { staticFiles } from './http';
import { Bucket, DEFAULT_LIMITS, IpTable, type Limits } from './limits';
import { DEFAULT_RELAY_OPTIONS, Relay, type Member, type RelayOptions } from './relay';
import type { RelayStore } from './store';

export const MAX_PAYLOAD = 16 * 1024;
/** Wall ms of incoming work done in one go before the event loop (timers, sockets) gets a turn. */
const SLICE_MS = 8;
const noop = (): void => {};

export interface ServerConfig {
  store: RelayStore;
  /** 0: any free port (tests). */
  port: number;
  /** '0.0.0.0' to be reached on the room's network; '127.0.0.1' for loopback only. */
  host: string;
  /** The built app to serve, or null. */
  dist: string | null;
  /** Origins allowed besides the relay's own (an app served by the relay itself is always allowed). */
  origins?: readonly string[];
  limits?: Limits;
  heartbeatMs?: number;
  /** The longest the clock's loop sleeps (a safety net: it is woken when something comes due; see `arm`). */
  loopMs?: number;
  relay?: Partial<RelayOptions>;
  now?: () => number;
  /** Where the relay reports its own failures (default: standard error). */
  log?: (line: string) => void;
}

export interface RunningRelay {
  port: number;
  relay: Relay;
  /** Stops accepting, closes every socket and the store. */
  close(): Promise<void>;
}

interface Conn extends Member {
  ws: WebSocket;
  ip: string;
  alive: boolean;
  bucket: Bucket;
  strikes: number;
}

/**
 * An Origin is allowed when it is absent (not a browser: the tests, the load
 * test, a student's tool can do no more than a browser could), when it is the
 * relay's own address as the request names it (the app the relay served), or
 * when it is listed.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    const u = new URL(origin);
    return host !== undefined && (u.protocol === 'http:' || u.protocol === 'https:') && u.host === host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

function textOf(data: RawData): string {
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
}

export async function startRelay(cfg: ServerConfig): Promise<RunningRelay> {
  const now = cfg.now ?? Date.now;
  const log = cfg.log ?? ((line: string) => process.stderr.write(`relay: ${line}\n`));
  const limits = cfg.limits ?? DEFAULT_LIMITS;
  const relay = new Relay(cfg.store, { ...DEFAULT_RELAY_OPTIONS, ...cfg.relay }, now);
  await relay.load();
  // Restored rooms publish what came due while the relay was down before any student can send entries against it.
  await relay.tick();
  const ips = new IpTable(limits);
  const conns = new Set<Conn>();

  const http: Server = createServer(staticFiles(cfg.dist));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, clientTracking: false });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host, cfg.origins ?? [])) return refuseUpgrade(socket, 403, 'Forbidden');
    const ip = req.socket.remoteAddress ?? '?';
    if (!ips.open(ip, now())) return refuseUpgrade(socket, 429, 'Too Many Requests');
    wss.handleUpgrade(req, socket, head, (ws) => connected(ws, ip));
  });

  /**
   * A room-wide message to this instance's sockets in the room: serialized
   * and encoded once, the same bytes to every socket (a board is ~30 KB for
   * 200 students; per socket, that was most of the relay's time).
   */
  function deliver(code: string, msg: ServerMessage, audience: 'all' | 'admin'): void {
    let frame: Buffer | null = null;
    for (const c of conns) {
      const inRoom = c.admin?.code === code || (audience === 'all' && c.seat?.room.code === code);
      if (!inRoom || c.ws.readyState !== c.ws.OPEN) continue;
      frame ??= Buffer.from(JSON.stringify(msg), 'utf8');
      c.ws.send(frame, { binary: false });
      if (msg.type === 'prices' && c.seat !== null && msg.ticks.length > 0) {
        c.seat.player.delivered = Math.max(c.seat.player.delivered, msg.ticks[msg.ticks.length - 1].tick);
        c.sentTick = Math.max(c.sentTick, msg.ticks[msg.ticks.length - 1].tick);
      }
    }
  }
  relay.deliver = deliver;
  // Published messages reach this instance's sockets through the store (a Redis store brings the other instances' too).
  const unsubscribe = cfg.store.subscribe(deliver);

  function connected(ws: WebSocket, ip: string): void {
    const c: Conn = {
      ws, ip, alive: true, strikes: 0, seat: null, admin: null, sentTick: -1,
      bucket: new Bucket(limits.perSocket.perSecond, limits.perSocket.burst, now()),
      send: (msg: ServerMessage) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
      },
    };
    conns.add(c);
    ws.on('pong', () => {
      c.alive = true;
      heard(c);
    });
    // A frame over maxPayload, a bad frame: ws closes the socket and reports it here; nothing else to do.
    ws.on('error', () => {});
    ws.on('close', () => {
      conns.delete(c);
      ips.close(ip);
      relay.leave(c);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => received(c, data, isBinary));
  }

  /**
   * The work of incoming messages (parsing, a batch's replay) waits in one
   * queue, in arrival order, and is done in slices of SLICE_MS; before each
   * message the clock's due ticks go out. A tick is due at one moment for a
   * whole room, and a replay of a second's entries costs a few ms: done
   * straight from the socket, a burst of them held every push back.
   */
  const queue: (() => void)[] = [];
  let head = 0;
  let draining = false;
  /** The socket answered: the phone is there, so the ticks sent on it so far reached it (less a round trip). */
  function heard(c: Conn): void {
    if (c.seat !== null) c.seat.player.confirmed = Math.max(c.seat.player.confirmed, c.sentTick);
  }

  function received(c: Conn, data: RawData, isBinary: boolean): void {
    const t = now();
    c.alive = true;
    heard(c);
    // Rate limits at arrival, so a flood is refused before it costs the queue anything.
    if (!c.bucket.take(t) || !ips.take(c.ip, t)) return strike(c, RelayCode.RATE_LIMITED, 'Too many messages: slow down.', undefined);
    queue.push(() => message(c, data, isBinary));
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  }
  function drain(): void {
    const until = performance.now() + SLICE_MS;
    while (head < queue.length) {
      if (now() >= dueAt) loopRun();
      const work = queue[head];
      queue[head++] = noop;
      work();
      if (performance.now() >= until) break;
    }
    if (head >= queue.length) {
      queue.length = 0;
      head = 0;
      draining = false;
    } else setImmediate(drain); // the timers and the sockets' I/O get their turn between slices
  }

  /** Refused (rate, shape): answered, and counted; too many refusals in a row close the socket. */
  function strike(c: Conn, code: string, message: string, ref: number | undefined): void {
    const msg: ServerMessage = { v: 1, type: 'error', code, message };
    if (ref !== undefined) msg.ref = ref;
    c.send(msg);
    if (++c.strikes >= limits.strikes) c.ws.close(1008, 'Too many refused messages.');
  }

  function message(c: Conn, data: RawData, isBinary: boolean): void {
    if (c.ws.readyState !== c.ws.OPEN) return; // closed while it waited: nobody to answer
    if (isBinary) return strike(c, Code.INVALID_COMMAND, 'Messages are JSON text.', undefined);
    let raw: unknown;
    const text = textOf(data);
    try {
      raw = JSON.parse(text);
    } catch {
      return strike(c, Code.INVALID_COMMAND, 'A message must be JSON.', undefined);
    }
    const ref = refOf(raw);
    const parsed = parseClientText(text);
    if (!parsed.ok) return strike(c, parsed.code, parsed.message, ref);
    c.strikes = 0;
    const reply = (msg: ServerMessage) => c.send(ref === undefined ? msg : { ...msg, ref });
    relay.handle(c, parsed.value, reply).catch((e: unknown) => {
      // A bug, or a store that failed: the request is answered, the relay goes on.
      log(`${parsed.value.type} failed: ${(e as Error)?.stack ?? String(e)}`);
      reply({ v: 1, type: 'error', code: 'INTERNAL', message: 'The relay could not do that; try again.' });
    });
  }

  const heartbeat = setInterval(() => {
    for (const c of conns) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }, cfg.heartbeatMs ?? 15_000);

  /**
   * The clock's loop: it sleeps until the earliest tick, round end or board
   * push comes due across rooms (`relay.nextDueAt`), not on a fixed period
   * that would hold a due tick back up to that period. Anything that may
   * bring that moment nearer (a round started or resumed, a board changed, a
   * change from another instance) wakes it (`relay.wake`) to re-arm.
   */
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the timer is set to fire (Infinity: not set). */
  let dueAt = Infinity;
  let ending = false;
  let stopped = false;
  const maxSleep = cfg.loopMs ?? 1_000;
  function arm(): void {
    if (stopped) return;
    const t = now();
    // Never in the past twice over: a moment already passed is run on the next turn, not in a busy loop.
    const at = Math.max(t + 1, Math.min(relay.nextDueAt(), t + maxSleep));
    if (timer !== null && at >= dueAt) return;
    if (timer !== null) clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(loopRun, at - t);
  }
  function loopRun(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    dueAt = Infinity;
    if (ending) {
      // A round's end is being stored: ticks and boards still go out meanwhile.
      relay.pushDue(now());
    } else {
      ending = true;
      relay.tick().catch((e: unknown) => log(`clock failed: ${(e as Error)?.stack ?? String(e)}`)).finally(() => {
        ending = false;
        arm();
      });
    }
    arm();
  }
  relay.wake = arm;
  arm();

  await new Promise<void>((ok, ko) => {
    http.once('error', ko);
    http.listen(cfg.port, cfg.host, () => ok());
  });

  return {
    port: (http.address() as AddressInfo).port,
    relay,
    async close() {
      clearInterval(heartbeat);
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
      relay.unwatch();
      for (const c of conns) c.ws.terminate();
      wss.close();
      const closed = new Promise<void>((ok) => http.close(() => ok()));
      http.closeAllConnections();
      await closed;
      await cfg.store.close();
    },
  };
}
