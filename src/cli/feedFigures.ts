/**
 * `npm run figures:feed`: the live crypto feed's cost, measured in Chromium on
 * the production build (`vite build`, then `vite preview` started here), with
 * the mock venue the e2e uses too (src/testing/venue/server.ts) standing in for Binance.
 *
 * Prints a table, and as its LAST line one JSON object (`feed_to_screen_p95_ms`,
 * `feed_to_screen_p50_ms`, `worker_cpu_feed_pct`, …). Exits 0 whether or not
 * a bar is met; 1 only if the measurement itself could not run.
 *
 * The stream: Binance's all-market `!miniTicker@arr`, one frame a second with
 * every pair of the catalogue (92 USDT pairs; `--extra=N` adds N pairs the app
 * does not list, as the real stream has hundreds). That is all the app reads:
 * its Binance adapter subscribes to nothing else (no `@trade` stream for the
 * symbol on screen), so no trades are sent.
 *
 * 1. Feed message → screen (bar: p95 ≤ 50 ms with 90 symbols streaming).
 *    The Markets page shows, per pair, the last trade and the 24 h change,
 *    (last − open24) / open24, where open24 is the frame's `o` as soon as the
 *    frame is applied. The last trade is a bot's (the makers quote around the
 *    reference; a trade prints only when a noise trader's order crosses, every
 *    few seconds per pair at 1×), so the time to a new last price is mostly the
 *    sim's, not the feed's. The 24 h change is the feed's own path, so each frame is marked
 *    there: frame k sets every pair's `o` to c / (1 + m_k) with m_k cycling
 *    through +10 %, +20 % … +90 % (c moves ±0.02 % a frame, so the shown
 *    change is m_k within a fraction of a point). A MutationObserver on the
 *    page records when a pair's change cell first shows frame k's marker, and a
 *    requestAnimationFrame after it stamps the frame it is painted in. The
 *    server stamps each frame's send time. Every clock is
 *    `performance.timeOrigin + performance.now()`: Node's, the page's and the
 *    worker's, the browser's two offset-corrected against Node's (min-RTT probes).
 *    Feed → screen = paint stamp − send stamp, per pair and frame.
 *    Breakdown, from probes the program adds in the page and the worker (test
 *    code only; the app is unchanged): the worker's WebSocket `message` (a
 *    listener added first, before the app's), the engine tick (the 100 ms
 *    setInterval, wrapped), the frame posted to the page (MessagePort.postMessage,
 *    wrapped: the first frame whose open24 carries the new value), the page's
 *    receipt of that frame, the DOM mutation, the paint.
 *      network     send → the worker's message event
 *      tick wait   message → the start of the next engine tick
 *      flush wait  extra ticks until the FeedManager flushed the batch. It flushes at most
 *                  once per flushMs (1000): a frame waits until 1000 ms after the previous
 *                  flush. With a 1 Hz stream that is a standing phase lag, set by when the
 *                  cadence began (the "live" status flush) and kept frame after frame,
 *                  creeping with timer lateness: anywhere in 0–1000 ms.
 *      tick work   that tick's start → its frame posted (live.apply, sim step, frame)
 *      transfer    posted → the page's message event
 *      render      the page's message event → the DOM shows it (Solid)
 *      paint       the DOM change → the next animation frame
 *    Two estimates follow from the breakdown, per sample: the total without the
 *    flush wait (the manager flushing each frame at once), and without the
 *    flush and tick waits (the batch applied and a frame sent on arrival).
 *
 * 2. Worker CPU for the feed (bar: ≤ 5 % of one core at 90 symbols): the
 *    engine worker's CPU with the feed streaming minus the same with the
 *    source set to synthetic (Settings → Synthetic only), each over `--cpu=S`
 *    seconds in two alternating windows (feed, synthetic, feed, synthetic),
 *    Markets on screen, 1×. Measured with CDP tracing (Tracing.start via
 *    Playwright's browser.startTracing, category `toplevel`): the sum of the
 *    thread time (`tdur`, CPU, not wall) of every top-level task on the
 *    "DedicatedWorker thread" of the page's renderer, over the window's
 *    length. Cross-checked, on Linux, with that thread's utime + stime from
 *    /proc/<pid>/task/<tid>/stat (trace pids and tids are the OS's there).
 *
 * Flags:
 *   --frames=N     marked frames for the latency figure (default 60)
 *   --cpu=S        seconds per CPU window, two windows per mode (default 15)
 *   --extra=N      unlisted pairs added to each frame (default 0)
 *   --port=N       `vite preview` port (default $E2E_PORT, else 4175)
 *   --quick        --frames=15 --cpu=5 (smoke test)
 *
 * Same machine, same clocks, but not an idle machine: the load average is
 * printed with the figures.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Worker } from '@playwright/test';
import config from '../../playwright.config';
import { CRYPTO } from '../core/market/instruments';
import { MockVenue, venueArgs } from '../testing/venue/server';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MARKERS = [10, 20, 30, 40, 50, 60, 70, 80, 90];
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Options {
  frames: number;
  cpuSeconds: number;
  extra: number;
  port: number;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const num = (name: string, dflt: number): number => {
    const a = argv.find((x) => x.startsWith(`--${name}=`));
    const v = a === undefined ? dflt : Number(a.slice(name.length + 3));
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} wants a number`);
    return v;
  };
  return {
    frames: num('frames', quick ? 15 : 60),
    cpuSeconds: num('cpu', quick ? 5 : 15),
    extra: num('extra', 0),
    port: num('port', Number(process.env.E2E_PORT ?? 4175)),
  };
}

// ------------------------------------------------------------- in the browser

interface WorkerProbe {
  on: boolean;
  sockets: number;
  /** [receipt time, the frame's E] per Binance message. */
  recv: [number, number][];
  /** [start, end] of each engine tick (100 ms interval), when it was wrapped in time. */
  ticks: [number, number][];
  /** [post time, ticker index, new open24] per change in a posted frame. */
  posts: [number, number, number][];
}

/** Installed in the engine worker as soon as Playwright reports it. Test code: wraps, never changes behaviour. */
function workerProbe(): void {
  const g = globalThis as unknown as { __probe?: WorkerProbe; WebSocket: typeof WebSocket; setInterval: typeof setInterval };
  if (g.__probe) return;
  const P: WorkerProbe = (g.__probe = { on: false, sockets: 0, recv: [], ticks: [], posts: [] });
  const t = (): number => performance.timeOrigin + performance.now();
  const WS = g.WebSocket;
  g.WebSocket = class extends WS {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      P.sockets += 1;
      // Added before the app sets onmessage, so it runs first: the receipt time excludes the app's parsing.
      this.addEventListener('message', (e: MessageEvent) => {
        if (!P.on || typeof e.data !== 'string') return;
        const m = /"E":(\d+)/.exec(e.data.slice(0, 300));
        if (m) P.recv.push([t(), Number(m[1])]);
      });
    }
  };
  const si = g.setInterval;
  g.setInterval = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    if (ms !== 100 || typeof fn !== 'function') return si(fn, ms, ...rest);
    return si((...a: unknown[]) => {
      const t0 = t();
      fn(...a);
      if (P.on) P.ticks.push([t0, t()]);
    }, ms, ...rest);
  }) as typeof setInterval;
  const post = MessagePort.prototype.postMessage;
  let prev: Float64Array | null = null;
  MessagePort.prototype.postMessage = function (this: MessagePort, msg: unknown, transfer?: unknown) {
    if (P.on) {
      const f = (msg as { argumentList?: { value?: { tickers?: { open24?: Float64Array } } }[] } | null)?.argumentList?.[0]?.value;
      const o = f?.tickers?.open24;
      if (o instanceof Float64Array) {
        const at = t();
        if (prev !== null && prev.length === o.length) for (let i = 0; i < o.length; i++) if (o[i] !== prev[i]) P.posts.push([at, i, o[i]]);
        prev = o.slice(); // before the post: the buffer is transferred
      }
    }
    return (post as (m: unknown, t?: unknown) => void).call(this, msg, transfer);
  } as typeof post;
}

interface PageProbe {
  on: boolean;
  /** [arrival, ticker index, new open24] per change in a received frame. */
  arr: [number, number, number][];
  /** [symbol, the change cell's text, DOM time, paint time] per change cell update. */
  obs: [string, string, number, number][];
  crypto?: { state: string; label: string };
  start(): void;
  stop(): void;
}

/** Runs in the page before the app (init script). */
function pageProbe(): void {
  const w = window as unknown as { __fig?: PageProbe };
  const t = (): number => performance.timeOrigin + performance.now();
  let prev: Float64Array | null = null;
  let mo: MutationObserver | null = null;
  const F: PageProbe = {
    on: false, arr: [], obs: [],
    start() {
      F.on = true;
      mo = new MutationObserver((records) => {
        const at = t();
        const cells = new Set<Element>();
        for (const r of records) {
          const el = r.target.nodeType === Node.TEXT_NODE ? r.target.parentElement : (r.target as Element);
          const td = el?.closest('td');
          if (td) cells.add(td);
        }
        const batch: [string, string, number, number][] = [];
        for (const td of cells) {
          const id = td.previousElementSibling?.getAttribute('data-testid');
          if (id?.startsWith('last-')) batch.push([id.slice(5), td.textContent ?? '', at, 0]);
        }
        if (batch.length === 0) return;
        F.obs.push(...batch);
        requestAnimationFrame(() => {
          const painted = t();
          for (const b of batch) b[3] = painted;
        });
      });
      mo.observe(document.querySelector('main')!, { subtree: true, characterData: true, childList: true });
    },
    stop() {
      F.on = false;
      mo?.disconnect();
    },
  };
  w.__fig = F;
  const add = MessagePort.prototype.addEventListener;
  MessagePort.prototype.addEventListener = function (this: MessagePort, type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const wrapped = function (this: MessagePort, ev: Event): void {
      const frame = (ev as MessageEvent).data?.argumentList?.[0]?.value;
      if (frame?.feeds?.crypto) F.crypto = frame.feeds.crypto;
      const o = frame?.tickers?.open24;
      if (F.on && o instanceof Float64Array) {
        const at = t();
        if (prev !== null && prev.length === o.length) for (let i = 0; i < o.length; i++) if (o[i] !== prev[i]) F.arr.push([at, i, o[i]]);
        prev = o.slice();
      }
      listener.call(this, ev);
    };
    return add.call(this, type, wrapped, options);
  };
}

/**
 * A function's source to run in the browser. tsx (esbuild with keepNames)
 * wraps nested functions in `__name(…)`, which the browser lacks: a no-op one first.
 */
function inBrowser(fn: () => void): string {
  return `(() => { globalThis.__name ??= (f) => f; (${fn.toString()})(); })()`;
}

// ------------------------------------------------------------------ helpers

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const r1 = (x: number): number => Math.round(x * 10) / 10;
const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Offset to add to a browser clock reading to get Node's clock: min-RTT midpoint over a few probes. */
async function clockOffset(read: () => Promise<number>): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < 15; i++) {
    const a = now();
    const b = await read();
    const c = now();
    if (c - a < best.rtt) best = { offset: (a + c) / 2 - b, rtt: c - a };
  }
  return best;
}

async function startPreview(port: number): Promise<ChildProcess> {
  const url = `http://localhost:${port}/`;
  const up = async (): Promise<boolean> => {
    try {
      return (await fetch(url)).ok;
    } catch {
      return false;
    }
  };
  if (await up()) throw new Error(`something already serves ${url}: stop it, or pick another port with --port or E2E_PORT`);
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 100; i++) {
    if (await up()) return child;
    if (child.exitCode !== null) break;
    await sleep(200);
  }
  child.kill();
  throw new Error(`vite preview did not start on ${url}: ${err.trim()}`);
}

/** utime + stime of one thread, in ms (Linux), or undefined. */
function threadCpuMs(pid: number, tid: number, tick: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / tick; // fields 14 and 15 of stat(5)
  } catch {
    return undefined;
  }
}

/** Clock ticks a second for /proc times (getconf CLK_TCK; 100 on Linux). */
function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

function threadName(pid: number, tid: number): string {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

interface TraceEvent { ph: string; name: string; cat?: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }

/** The worker thread's CPU (ms) in a trace: top-level tasks' thread time, nested ones not counted twice. */
function traceWorkerCpu(buf: Buffer): { pid: number; tid: number; cpuMs: number; wallMs: number; spanMs: number } | undefined {
  const parsed = JSON.parse(buf.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents ?? [];
  const worker = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && /DedicatedWorker/.test(e.args?.name ?? ''));
  if (worker === undefined) return undefined;
  let first = Infinity;
  let last = -Infinity;
  const tasks: TraceEvent[] = [];
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.ts !== 'number') continue;
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts + (e.dur ?? 0));
    if (e.pid === worker.pid && e.tid === worker.tid && (e.cat ?? '').split(',').includes('toplevel')) tasks.push(e);
  }
  tasks.sort((a, b) => a.ts - b.ts);
  let cpu = 0;
  let wall = 0;
  let end = -Infinity;
  for (const e of tasks) {
    if (e.ts < end) continue; // nested in the previous top-level task
    end = e.ts + (e.dur ?? 0);
    cpu += e.tdur ?? e.dur ?? 0;
    wall += e.dur ?? 0;
  }
  return { pid: worker.pid, tid: worker.tid, cpuMs: cpu / 1000, wallMs: wall / 1000, spanMs: (last - first) / 1000 };
}

// -------------------------------------------------------------------- main

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const load0 = loadavg();
  const venue = await MockVenue.start();
  // Quotes at the catalogue's start prices: the sim starts where the feed is, so the last trades sit near c.
  const base = new Map(CRYPTO.map((i) => [i.symbol, i.startPrice]));
  for (let k = 0; k < o.extra; k++) base.set(`XX${k}USDT`, 1 + k); // pairs the app does not list
  let marker: number | undefined;
  const walk = new Map(base);
  const refresh = (): void => {
    for (const [s, p] of walk) {
      const c = p * (1 + (Math.random() - 0.5) * 0.0004);
      walk.set(s, c);
      venue.setQuote(s, c, marker === undefined ? (base.get(s) ?? c) * 0.98 : c / (1 + marker / 100));
    }
  };
  refresh();
  venue.beforeFrame = refresh;

  let preview: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    preview = await startPreview(o.port);
    const args = [...(config.use?.launchOptions?.args ?? []), ...venueArgs(venue.port)];
    browser = await chromium.launch({ executablePath: config.use?.launchOptions?.executablePath ?? '/usr/bin/chromium', args });
    const context = await browser.newContext({ baseURL: `http://localhost:${o.port}` });
    await context.addInitScript({ content: inBrowser(pageProbe) });
    const page = await context.newPage();
    let engineWorker: Worker | undefined;
    page.on('worker', (w) => {
      engineWorker = w;
      void w.evaluate(inBrowser(workerProbe)).catch(() => {});
    });
    await page.goto('/');
    await waitFeed(page, 'live', 30_000);
    if (engineWorker === undefined) throw new Error('the engine worker never started');
    const worker = engineWorker;
    await worker.evaluate(inBrowser(workerProbe)); // a no-op if already installed
    if ((await worker.evaluate(() => (globalThis as unknown as { __probe: WorkerProbe }).__probe.sockets)) === 0) {
      // The probe came after the feed's socket opened: have it reconnect through the wrapped WebSocket.
      venue.drop('binance');
      await sleep(500);
      await waitFeed(page, 'live', 30_000);
    }
    const hookedTicks = async (): Promise<boolean> => (await worker.evaluate(() => (globalThis as unknown as { __probe: WorkerProbe }).__probe.ticks.length)) > 0;
    process.stderr.write('warming up (8 s)…\n');
    await sleep(8_000);

    // ------------------------------------------------ 1. feed → screen
    const pageClock = await clockOffset(() => page.evaluate(() => performance.timeOrigin + performance.now()));
    const workerClock = await clockOffset(() => worker.evaluate(() => performance.timeOrigin + performance.now()));
    const frames = new Map<number, { sentAt: number; marker: number }>(); // by E
    const byValue = new Map<number, { symbol: string; E: number }[]>();
    let k = 0;
    // Exactly o.frames marked frames; the ones after are unmarked (the change back near +2 % decodes to no marker).
    venue.beforeFrame = () => {
      marker = k < o.frames ? MARKERS[k % MARKERS.length] : undefined;
      k += 1;
      refresh();
    };
    venue.afterBinanceFrame = (_seq, sentAt, E) => {
      if (marker === undefined) return;
      frames.set(E, { sentAt, marker });
      for (const [s, q] of venue.quotes) {
        const v = Number(q.o.toFixed(8));
        const list = byValue.get(v) ?? [];
        list.push({ symbol: s, E });
        byValue.set(v, list);
      }
    };
    await worker.evaluate(() => ((globalThis as unknown as { __probe: WorkerProbe }).__probe.on = true));
    await page.evaluate(() => (window as unknown as { __fig: PageProbe }).__fig.start());
    process.stderr.write(`feed → screen: ${o.frames} marked frames…\n`);
    while (frames.size < o.frames) await sleep(200);
    await sleep(3_000); // the last frame's way to the screen: up to flushMs (1 s) + a tick + render
    venue.afterBinanceFrame = undefined;
    marker = undefined;
    venue.beforeFrame = refresh;
    await worker.evaluate(() => ((globalThis as unknown as { __probe: WorkerProbe }).__probe.on = false));
    await page.evaluate(() => (window as unknown as { __fig: PageProbe }).__fig.stop());
    const ticksHooked = await hookedTicks();
    const wp = await worker.evaluate(() => {
      const p = (globalThis as unknown as { __probe: WorkerProbe }).__probe;
      return { recv: p.recv, ticks: p.ticks, posts: p.posts };
    });
    const pp = await page.evaluate(() => {
      const f = (window as unknown as { __fig: PageProbe }).__fig;
      return { arr: f.arr, obs: f.obs };
    });
    const symbols = [...base.keys()].filter((s) => CRYPTO.some((i) => i.symbol === s));
    const lat = latency(o, frames, byValue, wp, pp, pageClock.offset, workerClock.offset, ticksHooked);

    // ------------------------------------------------ 2. worker CPU
    const tick = clockTicks();
    const windows: { mode: 'feed' | 'synthetic'; trace?: ReturnType<typeof traceWorkerCpu>; procMs?: number; seconds: number }[] = [];
    // The worker thread's OS ids, from a short trace first, for the /proc cross-check.
    await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
    await sleep(500);
    const probe = traceWorkerCpu(await browser.stopTracing());
    const ids = probe !== undefined && /DedicatedWorker/i.test(threadName(probe.pid, probe.tid).replace(/\s/g, '')) ? { pid: probe.pid, tid: probe.tid } : undefined;
    for (const mode of ['feed', 'synthetic', 'feed', 'synthetic'] as const) {
      await setSource(page, mode === 'feed' ? 'auto' : 'synthetic');
      await waitFeed(page, mode === 'feed' ? 'live' : 'synthetic', 30_000);
      await sleep(3_000); // settle after the switch
      process.stderr.write(`worker CPU, ${mode}: ${o.cpuSeconds} s…\n`);
      await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
      const proc0 = ids ? threadCpuMs(ids.pid, ids.tid, tick) : undefined;
      const t0 = now();
      await sleep(o.cpuSeconds * 1000);
      const proc1 = ids ? threadCpuMs(ids.pid, ids.tid, tick) : undefined;
      const seconds = (now() - t0) / 1000;
      const trace = traceWorkerCpu(await browser.stopTracing());
      windows.push({ mode, trace, seconds, procMs: proc0 !== undefined && proc1 !== undefined ? proc1 - proc0 : undefined });
    }
    report(o, symbols.length, lat, windows, load0, pageClock, workerClock, ticksHooked);
  } finally {
    await browser?.close().catch(() => {});
    preview?.kill();
    await venue.stop();
  }
}

async function waitFeed(page: Page, state: 'live' | 'synthetic', timeout: number): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const s = await page.evaluate(() => (window as unknown as { __fig?: PageProbe }).__fig?.crypto?.state);
    if (s === state) return;
    if (Date.now() > until) throw new Error(`the crypto feed did not reach "${state}" within ${timeout / 1000} s (it is ${s ?? 'not started'})`);
    await sleep(250);
  }
}

/** The person's way: Settings → Crypto prices, then back to Markets (in-app navigation: the same engine). */
async function setSource(page: Page, mode: 'auto' | 'synthetic'): Promise<void> {
  await page.goto('/#/settings');
  await page.waitForSelector('#feed-mode');
  if ((await page.inputValue('#feed-mode')) !== mode) await page.selectOption('#feed-mode', mode);
  await page.goto('/#/markets');
  await page.waitForSelector('[data-testid="last-BTCUSDT"]');
}

// ---------------------------------------------------------------- analysis

interface Latency {
  samples: number;
  expected: number;
  total: number[];
  dom: number[];
  stages: Record<string, number[]>;
  /** Per sample with a breakdown: the total less the flush wait, and less the flush and tick waits. */
  noFlushLag: number[];
  onArrival: number[];
  /** Pairs per frame seen on screen, in send order. */
  perFrame: number[];
}

function latency(
  o: Options,
  frames: Map<number, { sentAt: number; marker: number }>,
  byValue: Map<number, { symbol: string; E: number }[]>,
  wp: { recv: [number, number][]; ticks: [number, number][]; posts: [number, number, number][] },
  pp: { arr: [number, number, number][]; obs: [string, string, number, number][] },
  pageOffset: number,
  workerOffset: number,
  ticksHooked: boolean,
): Latency {
  const sorted = [...frames].sort((a, b) => a[1].sentAt - b[1].sentAt);
  /** The latest frame sent before `t` among those that match. */
  const latest = <T extends { E: number }>(cands: T[], t: number): T | undefined => {
    let best: T | undefined;
    for (const c of cands) {
      const f = frames.get(c.E);
      if (f !== undefined && f.sentAt <= t && (best === undefined || f.sentAt > frames.get(best.E)!.sentAt)) best = c;
    }
    return best;
  };
  const recvAt = new Map<number, number>(); // E → worker receipt (Node clock)
  for (const [t, E] of wp.recv) if (!recvAt.has(E)) recvAt.set(E, t + workerOffset);
  const first = <V>(m: Map<string, V>, key: string, v: V): void => {
    if (!m.has(key)) m.set(key, v);
  };
  const posted = new Map<string, number>();
  for (const [t, , v] of wp.posts) {
    const c = latest(byValue.get(v) ?? [], t + workerOffset);
    if (c) first(posted, `${c.symbol}@${c.E}`, t + workerOffset);
  }
  const arrived = new Map<string, number>();
  for (const [t, , v] of pp.arr) {
    const c = latest(byValue.get(v) ?? [], t + pageOffset);
    if (c) first(arrived, `${c.symbol}@${c.E}`, t + pageOffset);
  }
  const shown = new Map<string, { dom: number; paint: number }>();
  for (const [symbol, text, dom, paint] of pp.obs) {
    if (!symbol.endsWith('USDT')) continue;
    const x = Number(text.replace(/[^0-9.-]/g, ''));
    const m = Math.round(x / 10) * 10;
    if (!MARKERS.includes(m) || Math.abs(x - m) > 3) continue; // not a marked change (before the phase, or a trade)
    const cands = sorted.filter(([, f]) => f.marker === m).map(([E]) => ({ E }));
    const c = latest(cands, dom + pageOffset);
    if (c === undefined) continue;
    first(shown, `${symbol}@${c.E}`, { dom: dom + pageOffset, paint: paint > 0 ? paint + pageOffset : NaN });
  }
  const ticks = wp.ticks.map(([a, b]) => [a + workerOffset, b + workerOffset] as [number, number]).sort((a, b) => a[0] - b[0]);
  const stages: Record<string, number[]> = { network: [], 'tick wait': [], 'flush wait': [], 'tick work': [], 'worker (wait+work)': [], transfer: [], render: [], paint: [] };
  const total: number[] = [];
  const dom: number[] = [];
  const noFlushLag: number[] = [];
  const onArrival: number[] = [];
  const seenPerFrame = new Map<number, number>();
  for (const [key, s] of shown) {
    const E = Number(key.split('@')[1]);
    const f = frames.get(E)!;
    if (!Number.isFinite(s.paint)) continue;
    total.push(s.paint - f.sentAt);
    dom.push(s.dom - f.sentAt);
    seenPerFrame.set(E, (seenPerFrame.get(E) ?? 0) + 1);
    const r = recvAt.get(E);
    const p = posted.get(key);
    const a = arrived.get(key);
    if (r === undefined || p === undefined || a === undefined) continue;
    stages.network.push(r - f.sentAt);
    stages['worker (wait+work)'].push(p - r);
    if (ticksHooked) {
      const t1 = ticks.find(([start]) => start >= r);
      const tp = ticks.find(([, end]) => Math.abs(end - p) < 2) ?? ticks.filter(([start]) => start <= p).pop();
      if (t1 && tp) {
        stages['tick wait'].push(t1[0] - r);
        stages['flush wait'].push(Math.max(0, tp[0] - t1[0]));
        stages['tick work'].push(p - tp[0]);
        const flush = Math.max(0, tp[0] - t1[0]);
        noFlushLag.push(s.paint - f.sentAt - flush);
        onArrival.push(s.paint - f.sentAt - flush - (t1[0] - r));
      }
    }
    stages.transfer.push(a - p);
    stages.render.push(s.dom - a);
    stages.paint.push(s.paint - s.dom);
  }
  const perFrame = sorted.map(([E]) => seenPerFrame.get(E) ?? 0);
  return { samples: total.length, expected: frames.size * CRYPTO.length, total, dom, stages, noFlushLag, onArrival, perFrame };
}

function report(
  o: Options,
  nSymbols: number,
  lat: Latency,
  windows: { mode: 'feed' | 'synthetic'; trace?: { cpuMs: number; spanMs: number; wallMs: number }; procMs?: number; seconds: number }[],
  load0: number[],
  pageClock: { offset: number; rtt: number },
  workerClock: { offset: number; rtt: number },
  ticksHooked: boolean,
): void {
  const load1 = loadavg();
  const line = (cells: (string | number)[], w: number[]): string => cells.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  const W = [30, 8, 8, 8, 8, 8];
  console.log('');
  console.log(`Feed message → screen: ${lat.samples} of ${lat.expected} pair-frames seen on screen (${nSymbols} pairs, ${o.frames} frames, 1 a second${o.extra ? `, +${o.extra} unlisted pairs` : ''}); ms`);
  console.log(line(['stage', 'p50', 'p95', 'p99', 'max', 'mean'], W));
  console.log(W.map((w) => '-'.repeat(w)).join('  '));
  for (const [name, xs] of Object.entries(lat.stages)) {
    if (xs.length === 0) continue;
    console.log(line([`  ${name}`, r1(pct(xs, 50)), r1(pct(xs, 95)), r1(pct(xs, 99)), r1(Math.max(...xs)), r1(mean(xs))], W));
  }
  console.log(line(['feed → DOM', r1(pct(lat.dom, 50)), r1(pct(lat.dom, 95)), r1(pct(lat.dom, 99)), r1(Math.max(...lat.dom)), r1(mean(lat.dom))], W));
  console.log(line(['feed → screen (paint)', r1(pct(lat.total, 50)), r1(pct(lat.total, 95)), r1(pct(lat.total, 99)), r1(Math.max(...lat.total)), r1(mean(lat.total))], W));
  if (lat.noFlushLag.length > 0) {
    console.log(line(['if flushed at once (est.)', r1(pct(lat.noFlushLag, 50)), r1(pct(lat.noFlushLag, 95)), r1(pct(lat.noFlushLag, 99)), r1(Math.max(...lat.noFlushLag)), r1(mean(lat.noFlushLag))], W));
    console.log(line(['if applied on arrival (est.)', r1(pct(lat.onArrival, 50)), r1(pct(lat.onArrival, 95)), r1(pct(lat.onArrival, 99)), r1(Math.max(...lat.onArrival)), r1(mean(lat.onArrival))], W));
  }
  const short = lat.perFrame.map((n, i) => [i + 1, n]).filter(([, n]) => n < nSymbols);
  if (short.length > 0) console.log(`  frames with pairs not seen on screen (frame: pairs seen): ${short.map(([i, n]) => `${i}: ${n}`).join(', ')}`);
  if (!ticksHooked) console.log('  (the engine tick was set up before the probe: tick wait, flush wait and tick work are not split)');
  console.log(`  clocks: page ${r2(pageClock.offset)} ms (rtt ${r2(pageClock.rtt)}), worker ${r2(workerClock.offset)} ms (rtt ${r2(workerClock.rtt)}) from Node's`);
  console.log('');
  const cpuOf = (mode: 'feed' | 'synthetic', via: 'trace' | 'proc'): number => {
    const ws = windows.filter((w) => w.mode === mode);
    const used = ws.map((w) => (via === 'trace' ? w.trace?.cpuMs : w.procMs));
    if (used.some((u) => u === undefined)) return NaN;
    const secs = ws.map((w) => (via === 'trace' && w.trace ? w.trace.spanMs / 1000 : w.seconds));
    return (used.reduce((a, b) => a! + b!, 0)! / 1000 / secs.reduce((a, b) => a + b, 0)) * 100;
  };
  const W2 = [30, 10, 10, 10];
  console.log(`Engine worker CPU, % of one core (2 × ${o.cpuSeconds} s per mode, Markets on screen, 1×)`);
  console.log(line(['method', 'feed', 'synthetic', 'feed cost'], W2));
  console.log(W2.map((w) => '-'.repeat(w)).join('  '));
  const rows: [string, 'trace' | 'proc'][] = [['CDP trace (thread time)', 'trace'], ['/proc utime+stime', 'proc']];
  for (const [label, via] of rows) {
    const f = cpuOf('feed', via);
    const s = cpuOf('synthetic', via);
    console.log(line([label, r2(f), r2(s), r2(f - s)], W2));
  }
  for (const w of windows) {
    console.log(`  ${w.mode.padEnd(9)} ${w.seconds.toFixed(1)} s: trace ${w.trace ? `${r1(w.trace.cpuMs)} ms CPU, ${r1(w.trace.wallMs)} ms in tasks` : 'n/a'}; /proc ${w.procMs === undefined ? 'n/a' : `${r1(w.procMs)} ms`}`);
  }
  console.log(`  load average ${load0.map(r2).join(' ')} → ${load1.map(r2).join(' ')} on ${navigatorCores()} cores`);
  const p95 = pct(lat.total, 95);
  const feedCost = cpuOf('feed', 'trace') - cpuOf('synthetic', 'trace');
  console.log('');
  console.log(`Bars: feed → screen p95 ${r1(p95)} ms (≤ 50: ${p95 <= 50 ? 'met' : 'NOT met'}); worker CPU for the feed ${r2(feedCost)} % (≤ 5: ${feedCost <= 5 ? 'met' : 'NOT met'})`);
  const st = (name: string, p: number): number => r1(pct(lat.stages[name] ?? [], p));
  console.log(JSON.stringify({
    feed_to_screen_p95_ms: r1(p95),
    feed_to_screen_p50_ms: r1(pct(lat.total, 50)),
    feed_to_screen_p99_ms: r1(pct(lat.total, 99)),
    feed_to_dom_p95_ms: r1(pct(lat.dom, 95)),
    worker_cpu_feed_pct: r2(feedCost),
    worker_cpu_feed_pct_proc: r2(cpuOf('feed', 'proc') - cpuOf('synthetic', 'proc')),
    worker_cpu_live_pct: r2(cpuOf('feed', 'trace')),
    worker_cpu_synthetic_pct: r2(cpuOf('synthetic', 'trace')),
    samples: lat.samples,
    pairs: nSymbols,
    frames: o.frames,
    stage_p50_ms: Object.fromEntries(Object.keys(lat.stages).map((n) => [n, st(n, 50)])),
    stage_p95_ms: Object.fromEntries(Object.keys(lat.stages).map((n) => [n, st(n, 95)])),
    est_p95_ms_if_flushed_at_once: r1(pct(lat.noFlushLag, 95)),
    est_p95_ms_if_applied_on_arrival: r1(pct(lat.onArrival, 95)),
    bar_feed_to_screen_met: p95 <= 50,
    bar_worker_cpu_met: feedCost <= 5,
    loadavg: load0.map(r2),
  }));
}

function navigatorCores(): number {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
  } catch {
    return NaN;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
