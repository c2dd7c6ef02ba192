/**
 * `npm run figures` (after `vite build`): measures the app's figures against
 * its bars and prints them. It serves `dist/` with `vite preview` on port 4191
 * (`--port N` or FIGURES_PORT to change it; not 4190, which browsers refuse) and drives Debian's Chromium
 * (CHROMIUM_PATH) through playwright-core, with the e2e suite's launch flags.
 *
 * 1. First-load JavaScript: every JS file the first visit downloads (the page's
 *    scripts, the engine's worker, the service worker and its runtime), from
 *    `dist/` and checked against what Chromium requested; gzip (level 6) sizes.
 * 2. Navigation to the first live price: navigation start → the first markets
 *    row whose last price shows a number, median of cold visits (each in a
 *    fresh browser context: empty IndexedDB, no service worker).
 * 3. Main thread on the Trade page (then Markets) with every instrument
 *    streaming: busy % over 30 s from CDP Performance.getMetrics TaskDuration,
 *    long tasks from a PerformanceObserver. A page over its bar gets a 10 s CPU
 *    profile afterwards, mapped through the source maps, to say where the time goes.
 * 4. Reload with 100,000 trades: a profile made through the UI, then 100,000
 *    trades (and their orders) written into IndexedDB, then reloads timed to the
 *    Activity page showing them all and the Portfolio page showing the cash.
 *
 * 5. The main thread during a sweep: the Backtest page runs a 1,000-set sweep of
 *    the SMA crossover over GOOG across its backtest workers (random sets, seeded,
 *    the heatmap and table filling in), long tasks from a PerformanceObserver
 *    between Run and Done: the UI must stay responsive (none over 50 ms).
 *    `--sweep-only` measures this one alone.
 *
 * The last line is one JSON object. Exit 0 whatever the figures (it is a
 * measurement); 1 when the measurement itself failed. `--quick` runs a short
 * version (fewer visits, 5 s windows, 10,000 trades) to try the program out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire, SourceMap } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

// ---------------------------------------------------------------- settings

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const SWEEP_ONLY = argv.includes('--sweep-only');
const portArg = argv.indexOf('--port');
// Not 4190: browsers refuse it (ManageSieve is on their list of unsafe ports), Chromium with ERR_UNSAFE_PORT.
const PORT = Number(portArg >= 0 ? argv[portArg + 1] : (process.env.FIGURES_PORT ?? 4191));
const BASE = `http://localhost:${PORT}`;
const DIST = 'dist';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The e2e suite's flags (playwright.config.ts). */
const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const VISITS = QUICK ? 2 : 5;
const WINDOW_MS = QUICK ? 5_000 : 30_000;
const PROFILE_MS = QUICK ? 3_000 : 10_000;
const SEED_TRADES = QUICK ? 10_000 : 100_000;
/** Each seeded order filled in this many trades. */
const FILLS_PER_ORDER = 2;
const RELOADS = 3;

const BAR = { jsKb: 150, firstPriceMs: 1_000, busyPct: 20, longTaskMs: 50, reloadMs: 1_000 };

// ---------------------------------------------------------------- helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (bytes: number) => bytes / 1000;
const f1 = (x: number) => x.toFixed(1);
const f0 = (x: number) => x.toFixed(0);
const log = (s = '') => process.stdout.write(`${s}\n`);
const note = (s: string) => process.stderr.write(`· ${s}\n`);

/**
 * Waits until `expr` (page JS) is true, checking every 100 ms rather than every
 * frame; the moments the figures report come from the page's own observers.
 */
const until = (page: Page, expr: string, timeout = 30_000) => page.waitForFunction(expr, undefined, { timeout, polling: 100 });
/** Page JS: the element `sel` shows a digit. */
const showsNumber = (sel: string) => `/\\d/.test(document.querySelector(${JSON.stringify(sel)})?.textContent ?? '')`;

function table(head: string[], rows: string[][], right: boolean[] = []): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  log(line(head));
  log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) log(line(r));
}

// ---------------------------------------------------------------- the server

/** Whether an HTTP server answers 200 at `url` (node:http: fetch refuses the ports browsers refuse). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

async function startPreview(): Promise<ChildProcess> {
  if (await answers(BASE)) throw new Error(`Something already answers on ${BASE}; pick another port with --port (4190-4199).`);
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--port', String(PORT), '--strictPort'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}):\n${out}`);
    if (await answers(BASE)) return child;
    await sleep(200);
  }
  child.kill('SIGTERM');
  throw new Error(`vite preview did not answer on ${BASE} within 30 s:\n${out}`);
}

// ---------------------------------------------------------------- page-side scripts (strings: they run in the page as written)

/**
 * Records, from the start of the document, the moments the figures look for
 * (performance.now(), i.e. ms since navigation start) into window.__figs.
 * `watch` names what to watch; nothing else is observed.
 */
function watcher(watch: { price?: boolean; longtasks?: boolean; texts?: string[] }): string {
  return `(() => {
  const figs = window.__figs = { price: null, priceFrame: null, rows: null, longtasks: [], texts: {} };
  const watch = ${JSON.stringify(watch)};
  if (watch.longtasks) {
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) figs.longtasks.push({ start: e.startTime, dur: e.duration }); })
        .observe({ type: 'longtask', buffered: true });
    } catch {}
  }
  const texts = watch.texts || [];
  if (!watch.price && texts.length === 0) return;
  const LAST = '[data-testid^="last-"]';
  const priceIn = (el) => {
    if (figs.price !== null || el === null || !el.closest(LAST) || !/\\d/.test(el.textContent || '')) return;
    figs.price = performance.now();
    requestAnimationFrame(() => { figs.priceFrame = performance.now(); });
  };
  // Cheap on purpose: it runs on the page being measured. Only what changed is looked at for the price.
  const check = (records) => {
    if (watch.price && figs.price === null) {
      if (figs.rows === null && document.querySelector(LAST) !== null) {
        figs.rows = performance.now();
        for (const c of document.querySelectorAll(LAST)) priceIn(c);
      } else if (figs.rows !== null && records !== undefined) {
        for (const r of records) {
          priceIn(r.target.nodeType === 1 ? r.target : r.target.parentElement);
          for (const n of r.addedNodes) if (n.nodeType === 1) for (const c of n.querySelectorAll(LAST)) priceIn(c);
        }
      }
    }
    for (const sel of texts) {
      const el = document.querySelector(sel);
      if (el === null) continue;
      const text = el.textContent || '';
      const seen = figs.texts[sel] || (figs.texts[sel] = []);
      if (seen.length < 50 && (seen.length === 0 || seen[seen.length - 1].text !== text)) seen.push({ t: performance.now(), text });
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true, characterData: true });
  check();
})();`;
}

interface Figs {
  price: number | null;
  priceFrame: number | null;
  rows: number | null;
  longtasks: { start: number; dur: number }[];
  texts: Record<string, { t: number; text: string }[]>;
}
const readFigs = (page: Page) => page.evaluate('window.__figs') as Promise<Figs>;

// ---------------------------------------------------------------- CPU profiles and traces

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number; columnNumber?: number };
  parent?: number;
  children?: number[];
}
/** A V8 CPU profile, as CDP's Profiler and the trace's ProfileChunks give it (times in µs). */
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const maps = new Map<string, SourceMap | null>();
function sourceMap(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let m: SourceMap | null = null;
    try {
      const file = join(DIST, new URL(url).pathname);
      if (url.startsWith(BASE) && existsSync(`${file}.map`)) m = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      m = null;
    }
    maps.set(url, m);
  }
  return maps.get(url)!;
}

/** "name (src/file.ts:line)" for a profile frame, through the build's source maps. */
function where(cf: ProfileNode['callFrame']): string {
  if (!cf.url) return cf.functionName || '(anonymous)';
  const line = cf.lineNumber ?? 0;
  const m = sourceMap(cf.url);
  const e = m?.findEntry(line, cf.columnNumber ?? 0) as { originalSource?: string; originalLine?: number; name?: string } | undefined;
  if (e?.originalSource) {
    const src = e.originalSource.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '');
    return `${e.name || cf.functionName || '(anonymous)'} (${src}:${(e.originalLine ?? 0) + 1})`;
  }
  let path = cf.url;
  try {
    path = new URL(cf.url).pathname;
  } catch {
    // not a URL: keep it
  }
  return `${cf.functionName || '(anonymous)'} (${path}:${line + 1})`;
}

interface Stretch {
  /** ms, in the profile's clock (µs / 1000). */
  from: number;
  ms: number;
  /** Self time by function. */
  fns: Map<string, number>;
  /** Self time by profile node, for `via`. */
  nodes: Map<number, number>;
}

/**
 * Self time by function, and the stretches of busy samples between idle ones
 * (a task, or a run of tasks with no pause), each with its functions.
 */
function summarize(p: CpuProfile) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const names = new Map<number, string>();
  const self = new Map<string, number>();
  let total = 0;
  let busy = 0;
  const stretches: Stretch[] = [];
  let run: Stretch | null = null;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const id = p.samples[i];
    let name = names.get(id);
    if (name === undefined) names.set(id, (name = where(byId.get(id)!.callFrame)));
    total += dt;
    self.set(name, (self.get(name) ?? 0) + dt);
    if (name === '(idle)') {
      if (run !== null) stretches.push(run);
      run = null;
    } else {
      busy += dt;
      run ??= { from: t / 1000, ms: 0, fns: new Map(), nodes: new Map() };
      run.ms += dt;
      run.fns.set(name, (run.fns.get(name) ?? 0) + dt);
      run.nodes.set(id, (run.nodes.get(id) ?? 0) + dt);
    }
  }
  if (run !== null) stretches.push(run);

  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    if (n.parent !== undefined) parent.set(n.id, n.parent);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const children = new Map<number, number[]>();
  for (const [c, n] of parent) children.set(n, [...(children.get(n) ?? []), c]);
  /**
   * The calls a stretch spent most of its time under: from the root, the
   * child holding most of the time, while it holds at least `share` of it.
   */
  const via = (x: Stretch, share = 0.6): string[] => {
    const inc = new Map<number, number>();
    for (const [id, ms] of x.nodes) for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) inc.set(n, (inc.get(n) ?? 0) + ms);
    const path: string[] = [];
    let cur = p.nodes.find((n) => !parent.has(n.id))?.id;
    while (cur !== undefined) {
      const best: number | undefined = (children.get(cur) ?? []).reduce<number | undefined>((a, c) => (a === undefined || (inc.get(c) ?? 0) > (inc.get(a) ?? 0) ? c : a), undefined);
      if (best === undefined || (inc.get(best) ?? 0) < share * x.ms) break;
      path.push(names.get(best) ?? where(byId.get(best)!.callFrame));
      cur = best;
    }
    return path;
  };
  /** Where the time under the end of `via` went: its callees holding at least a tenth of the stretch, inclusive ms. */
  const split = (x: Stretch): [string, number][] => {
    const inc = new Map<number, number>();
    for (const [id, ms] of x.nodes) for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) inc.set(n, (inc.get(n) ?? 0) + ms);
    let cur = p.nodes.find((n) => !parent.has(n.id))?.id;
    for (;;) {
      const kids = (children.get(cur!) ?? []).filter((c) => (inc.get(c) ?? 0) > 0).sort((a, b) => inc.get(b)! - inc.get(a)!);
      if (kids.length === 0) return [];
      if (inc.get(kids[0])! >= 0.6 * x.ms) {
        cur = kids[0];
        continue;
      }
      return kids.filter((c) => inc.get(c)! >= 0.1 * x.ms).slice(0, 4).map((c) => [names.get(c) ?? where(byId.get(c)!.callFrame), inc.get(c)!]);
    }
  };
  return { total, busy, self, stretches, via, split };
}

const top = (m: Map<string, number>, n: number) => [...m].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, n);

async function cpuProfile(cdp: CDPSession, ms: number) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await sleep(ms);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.send('Profiler.disable');
  return summarize(profile);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      navigationId?: string;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

/** One CPU profile per profiled thread of a trace (its Profile and ProfileChunk events), with the thread's name. */
function traceProfiles(events: TraceEvent[]): { pid: number; thread: string; profile: CpuProfile }[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const byId = new Map<string, { pid: number; thread: string; profile: CpuProfile }>();
  for (const e of events) {
    if (e.name === 'Profile') {
      byId.set(`${e.pid}:${e.id}`, {
        pid: e.pid, thread: names.get(`${e.pid}:${e.tid}`) ?? '?',
        profile: { nodes: [], samples: [], timeDeltas: [], startTime: e.args?.data?.startTime ?? e.ts },
      });
    } else if (e.name === 'ProfileChunk') {
      const p = byId.get(`${e.pid}:${e.id}`)?.profile;
      const d = e.args?.data;
      if (p === undefined || d === undefined) continue;
      p.nodes.push(...(d.cpuProfile?.nodes ?? []));
      p.samples.push(...(d.cpuProfile?.samples ?? []));
      p.timeDeltas.push(...(d.timeDeltas ?? []));
    }
  }
  return [...byId.values()];
}

/** Marks the document's start in a trace, to find its navigation (add it to a page's init scripts before tracing). */
const TRACE_MARK = `performance.mark('figures:start');`;

/**
 * Traces a navigation of `page` (its init scripts must include TRACE_MARK)
 * with the V8 sampler on: what the page's main thread and its workers did
 * from navigation start until `end(figs)` ms after it.
 */
async function traced(browser: Browser, page: Page, navigate: () => Promise<unknown>, ready: string, end: (f: Figs) => number) {
  await browser.startTracing(page, { categories: ['__metadata', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler'] });
  await navigate();
  await until(page, ready, 60_000);
  const figs = await readFigs(page);
  const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mark = events.find((e) => e.name === 'figures:start');
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.navigationId === mark?.args?.data?.navigationId);
  if (mark === undefined || nav === undefined) throw new Error('the trace has no navigation start');
  const origin = nav.ts / 1000;
  const upTo = end(figs);
  const threads = traceProfiles(events)
    .filter((t) => t.pid === mark.pid && (t.thread === 'CrRendererMain' || t.thread === 'DedicatedWorker thread'))
    .map((t, i, all) => {
      const s = summarize(t.profile);
      const within = s.stretches
        .filter((x) => x.from - origin < upTo && x.from + x.ms - origin > 0)
        .map((x) => ({ ...x, from: x.from - origin, via: s.via(x), split: s.split(x) }));
      const workers = all.filter((u) => u.thread !== 'CrRendererMain').length;
      const name = t.thread === 'CrRendererMain' ? 'main thread' : `engine worker${workers > 1 ? ` #${all.slice(0, i + 1).filter((u) => u.thread !== 'CrRendererMain').length}` : ''}`;
      return { name, within };
    })
    .filter((t) => t.within.length > 0)
    .sort((a, b) => Number(b.name === 'main thread') - Number(a.name === 'main thread'));
  return { until: upTo, threads };
}

type Traced = Awaited<ReturnType<typeof traced>>;

/** The busy stretches of a traced navigation, ms since navigation start, each with its heaviest functions and where it was called from. */
function printTrace(t: Traced, min = 20, gap = 100): void {
  log(`   Per thread, ms since navigation start: busy stretches of ${min} ms or more with the functions that had the most`);
  log(`   self time in them, the calls most of the stretch ran under (›) and how that time split (=); between them,`);
  log(`   quiet spells of ${gap} ms or more (idle: waiting for the network, IndexedDB, the other thread or a timer).`);
  const pad = ' '.repeat(27);
  const span = (a: number, b: number) => `${f0(a).padStart(5)}–${f0(b).padEnd(5)} ${f0(b - a).padStart(5)} ms`;
  for (const th of t.threads) {
    const busy = th.within.reduce((n, x) => n + x.ms, 0);
    log(`   ${th.name}: busy ${f0(busy)} ms of the ${f0(t.until)}`);
    let quiet: { from: number; busy: number; n: number } | null = null;
    const flush = (to: number) => {
      if (quiet !== null && to - quiet.from >= gap) {
        const small = quiet.n > 0 ? `, busy ${f0(quiet.busy)} ms in ${quiet.n} short stretch${quiet.n > 1 ? 'es' : ''}` : '';
        log(`     ${span(quiet.from, to)}  idle ${f0(to - quiet.from - quiet.busy)} ms${small}`);
      }
      quiet = null;
    };
    for (const x of th.within) {
      if (x.ms < min) {
        quiet ??= { from: x.from, busy: 0, n: 0 };
        quiet.busy += x.ms;
        quiet.n++;
        continue;
      }
      flush(x.from);
      log(`     ${span(x.from, x.from + x.ms)}  ${top(x.fns, 3).map(([fn, ms]) => `${fn} ${f0(ms)}`).join(' · ')}`);
      const via = x.via.filter((v) => !v.startsWith('('));
      if (via.length > 0) log(`${pad}› ${via.slice(-4).join(' › ')}`);
      if (x.split.length > 1) log(`${pad}= ${x.split.map(([fn, ms]) => `${fn} ${f0(ms)}`).join(' · ')}`);
      quiet = { from: x.from + x.ms, busy: 0, n: 0 };
    }
    flush(t.until);
  }
}

// ---------------------------------------------------------------- 1. first-load JavaScript

interface JsFile {
  path: string;
  role: string;
  raw: number;
  gzip: number;
}

const gz = (b: Buffer) => gzipSync(b, { level: 6 }).length;

/** The JS a first visit needs, from dist/: index.html's scripts, what they reference, and the service worker with what it imports. */
function distJs(): { needed: JsFile[]; other: string[] } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<script[^>]*\ssrc="\/?([^"]+\.js)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  if (queue.length === 0) throw new Error('dist/index.html loads no script');
  const roles = new Map<string, string>(queue.map((p) => [p, 'entry']));
  // The service worker: registered by the page (PwaControls), it imports the workbox runtime.
  if (existsSync(join(DIST, 'sw.js'))) {
    queue.push('sw.js');
    roles.set('sw.js', 'service worker');
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (seen.has(p)) continue;
    seen.add(p);
    const text = readFileSync(join(DIST, p), 'utf8');
    // Chunks name each other as "/assets/x.js", "./x.js" or (the service worker) define(["./workbox-x"]).
    const refs = [
      ...[...text.matchAll(/["'`(](?:\.?\/)?(assets\/[\w.-]+\.js)["'`)]/g)].map((m) => m[1]),
      ...[...text.matchAll(/["'`]\.\/([\w.-]+?)(?:\.js)?["'`]/g)].map((m) => join(dirname(p), `${m[1]}.js`)),
    ];
    for (const r of refs) {
      if (!existsSync(join(DIST, r)) || seen.has(r)) continue;
      // The precache list names every file; those are the service worker's to fetch again, not new code.
      if (p === 'sw.js' && r.startsWith('assets/')) continue;
      if (!roles.has(r)) roles.set(r, r.includes('worker') ? 'engine worker' : p === 'sw.js' ? 'service worker runtime' : 'chunk');
      queue.push(r);
    }
  }
  const order = ['entry', 'chunk', 'engine worker', 'service worker', 'service worker runtime'];
  const needed = [...seen].sort((a, b) => order.indexOf(roles.get(a) ?? 'chunk') - order.indexOf(roles.get(b) ?? 'chunk')).map((p) => {
    const b = readFileSync(join(DIST, p));
    return { path: p, role: roles.get(p) ?? 'chunk', raw: b.length, gzip: gz(b) };
  });
  const all = (dir: string): string[] =>
    readdirSync(join(DIST, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? all(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []);
  return { needed, other: all('.').filter((p) => !seen.has(p)) };
}

interface Fetched {
  path: string;
  bySw: boolean;
  raw: number;
}

/** The bytes the preview server sends for `path` when the browser accepts gzip (it compresses on the fly). */
function served(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${BASE}/${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let n = 0;
      res.on('data', (d: Buffer) => (n += d.length));
      res.on('end', () => resolve(n));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function firstLoadJs(browser: Browser) {
  const { needed, other } = distJs();
  const ctx = await browser.newContext();
  const fetched: Fetched[] = [];
  const pending: Promise<void>[] = [];
  ctx.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin !== BASE || !url.pathname.endsWith('.js')) return;
    pending.push((async () => {
      const body = await r.body().catch(() => null);
      fetched.push({ path: url.pathname.slice(1), bySw: r.request().serviceWorker() !== null, raw: body?.length ?? 0 });
    })());
  });
  const page = await ctx.newPage();
  await page.addInitScript({ content: watcher({ price: true }) });
  await page.goto(`${BASE}/`);
  await until(page, 'window.__figs.price !== null');
  // The service worker installs after the page has loaded: wait for it, and its precache.
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await sleep(1_500);
  await Promise.all(pending);
  await ctx.close();

  const first = new Map<string, Fetched>();
  for (const f of fetched) if (!first.has(f.path) || (first.get(f.path)!.bySw && !f.bySw)) first.set(f.path, f);
  const problems: string[] = [];
  for (const d of needed) {
    const f = first.get(d.path);
    if (f === undefined) problems.push(`${d.path} is in dist/ but was not requested`);
    else if (f.raw !== d.raw) problems.push(`${d.path}: ${f.raw} bytes served, ${d.raw} in dist/`);
  }
  for (const p of first.keys()) if (!needed.some((d) => d.path === p)) problems.push(`${p} was requested but is not counted from dist/`);
  const again = fetched.filter((f) => f.bySw && first.get(f.path) !== f);
  const total = needed.reduce((n, f) => n + f.gzip, 0);
  const pageOnly = needed.filter((f) => !f.role.startsWith('service worker')).reduce((n, f) => n + f.gzip, 0);
  const wire = new Map<string, number>();
  for (const f of needed) wire.set(f.path, await served(f.path));
  return { needed, other, first, problems, again, total, pageOnly, wire };
}

// ---------------------------------------------------------------- 2. first live price

async function firstLivePrice(browser: Browser) {
  const visits: { price: number; frame: number; rows: number; dcl: number; response: number }[] = [];
  for (let i = 0; i < VISITS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript({ content: watcher({ price: true }) });
    await page.goto(`${BASE}/`);
    await until(page, 'window.__figs.priceFrame !== null');
    const figs = await readFigs(page);
    const nav = (await page.evaluate('JSON.parse(JSON.stringify(performance.getEntriesByType("navigation")[0]))')) as {
      responseEnd: number; domContentLoadedEventEnd: number;
    };
    visits.push({ price: figs.price!, frame: figs.priceFrame!, rows: figs.rows ?? NaN, dcl: nav.domContentLoadedEventEnd, response: nav.responseEnd });
    await ctx.close();
  }
  const mid = median(visits.map((v) => v.frame));
  let trace: Traced | null = null;
  if (mid > BAR.firstPriceMs) {
    note('first live price: over its bar; tracing one more cold visit to see where the time goes');
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript({ content: TRACE_MARK + watcher({ price: true }) });
    trace = await traced(browser, page, () => page.goto(`${BASE}/`), 'window.__figs.priceFrame !== null', (f) => f.priceFrame!);
    await ctx.close();
  }
  return { visits, median: mid, trace };
}

// ---------------------------------------------------------------- 3. main thread while streaming

type Metrics = Record<string, number>;
async function metrics(cdp: CDPSession): Promise<Metrics> {
  const r = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));
}

async function mainThread(page: Page, cdp: CDPSession, name: string) {
  await sleep(2_000); // the page's first loads (candle history, tape) are done
  const m0 = await metrics(cdp);
  const t0 = (await page.evaluate('performance.now()')) as number;
  await sleep(WINDOW_MS);
  const m1 = await metrics(cdp);
  const t1 = (await page.evaluate('performance.now()')) as number;
  const wall = m1.Timestamp - m0.Timestamp;
  const pct = (k: string) => ((m1[k] - m0[k]) / wall) * 100;
  const all = (await readFigs(page)).longtasks;
  const tasks = all.filter((t) => t.start >= t0 && t.start < t1);
  const before = all.filter((t) => t.start < t0);
  const r = {
    name, wallS: wall, busy: pct('TaskDuration'), script: pct('ScriptDuration'), layout: pct('LayoutDuration'), style: pct('RecalcStyleDuration'),
    longTasks: tasks.length, longest: tasks.reduce((x, t) => Math.max(x, t.dur), 0),
    /** Long tasks the observer saw before the window (the page loading; on Markets, the Trade page's window too): it works. */
    before: before.length, longestBefore: before.reduce((x, t) => Math.max(x, t.dur), 0),
    heapMb: m1.JSHeapUsedSize / 1e6,
    profile: null as ReturnType<typeof summarize> | null,
  };
  if (r.busy > BAR.busyPct || r.longest > BAR.longTaskMs) {
    note(`${name}: over its bar; taking a ${PROFILE_MS / 1000} s CPU profile to see where the time goes`);
    r.profile = await cpuProfile(cdp, PROFILE_MS);
  }
  return r;
}

async function streaming(browser: Browser) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript({ content: watcher({ longtasks: true }) });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  await page.goto(`${BASE}/#/trade/FUN`);
  await until(page, showsNumber('[data-testid="trade-last"]'));
  note(`Trade page: measuring ${WINDOW_MS / 1000} s`);
  const trade = await mainThread(page, cdp, 'Trade FUN');
  await page.getByRole('link', { name: 'Markets' }).click();
  await until(page, showsNumber('[data-testid="last-FUN"]'));
  note(`Markets page: measuring ${WINDOW_MS / 1000} s`);
  const markets = await mainThread(page, cdp, 'Markets');
  await ctx.close();
  return { trade, markets };
}

// ---------------------------------------------------------------- 4. reload with 100,000 trades

/**
 * Runs in a blank page of the app's origin, with no app running: adds
 * `trades` trades of the person's ('you') and their orders to the `bourse`
 * database in raw IndexedDB, shaped as src/worker/store/rows.ts (and check.ts)
 * say, older than the trade the UI made. Returns what it found and did.
 */
const SEED = `async ({ trades, perOrder, account }) => {
  const done = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const finished = (tx) => new Promise((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error); });
  const db = await new Promise((res, rej) => {
    const o = indexedDB.open('bourse');
    o.onupgradeneeded = () => { o.transaction.abort(); rej(new Error('there is no bourse database yet')); };
    o.onsuccess = () => res(o.result);
    o.onerror = () => rej(o.error);
  });
  const version = db.version;
  let tx = db.transaction(['trades', 'orders', 'snapshots'], 'readonly');
  const [oldTrades, oldOrders, snaps] = await Promise.all(['trades', 'orders', 'snapshots'].map((s) => done(tx.objectStore(s).getAll())));
  const mine = oldTrades.filter((t) => t.account === account);
  if (mine.length === 0) throw new Error('no trade of the person to model the rows on');
  const model = mine[mine.length - 1];
  const order = oldOrders.find((o) => o.id === model.orderId);
  if (!order) throw new Error('the trade\\'s order is not stored');
  const snap = snaps.reduce((a, b) => (a === null || b.seq > a.seq ? b : a), null);
  const snapshotBytes = snap === null ? null : new TextEncoder().encode(JSON.stringify(snap.data)).length;
  const maxN = oldTrades.reduce((m, t) => Math.max(m, t.n), 0);
  const usedSeqs = new Set(oldTrades.map((t) => t.tradeSeq));
  const oldest = mine.reduce((m, t) => Math.min(m, t.ts), Infinity);
  const STEP = 10_000; // one trade every 10 s of sim time, the newest 10 s before the person's real one
  const first = oldest - (trades + 1) * STEP;
  const symbols = ['FUN', 'MEME', 'YOLO', 'HODL', 'PUMP'];
  const t0 = performance.now();
  let seq = 1;
  const CHUNK = 10_000;
  for (let c = 0; c < trades; c += CHUNK) {
    tx = db.transaction(['trades', 'orders'], 'readwrite');
    const ts = tx.objectStore('trades');
    const os = tx.objectStore('orders');
    for (let k = c; k < Math.min(trades, c + CHUNK); k++) {
      const o = Math.floor(k / perOrder);
      const symbol = symbols[o % symbols.length];
      const side = o % 2 === 0 ? 'buy' : 'sell';
      const price = Math.round(model.price * (1 + 0.2 * Math.sin(o / 500)) * 100) / 100;
      while (usedSeqs.has(seq)) seq++;
      const at = first + k * STEP;
      ts.add({
        n: maxN + 1 + k, tradeSeq: seq++, ts: at, account, symbol, side, price, qty: 1, fee: model.fee, feeAsset: model.feeAsset,
        orderId: 'seed-' + o, liquidity: 'taker',
      });
      const last = k % perOrder === perOrder - 1 || k === trades - 1;
      if (last) {
        const fills = k - o * perOrder + 1;
        os.put({
          id: 'seed-' + o, account, symbol, side, type: order.type, price: 0, stopPrice: 0, qty: fills, filled: fills, tif: order.tif,
          status: 'filled', avgPrice: price, createdAt: first + o * perOrder * STEP, updatedAt: at,
        });
      }
    }
    await finished(tx);
  }
  const ms = performance.now() - t0;
  tx = db.transaction(['trades', 'orders'], 'readonly');
  const [tradeCount, orderCount] = await Promise.all([done(tx.objectStore('trades').count()), done(tx.objectStore('orders').count())]);
  db.close();
  return { version, ms, tradeCount, orderCount, mine: mine.length, snapshotBytes, model, order };
}`;

interface SeedResult {
  version: number;
  ms: number;
  tradeCount: number;
  orderCount: number;
  mine: number;
  snapshotBytes: number | null;
}

const digits = (s: string) => s.replace(/[^0-9]/g, '');

async function reload100k(browser: Browser) {
  // No service worker here: a blank page of the origin must reach IndexedDB without the app (the worker would hold it).
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const TAB = '#tab-trades';
  const CASH = '[data-testid="cash"]';
  let page = await ctx.newPage();
  await page.goto(`${BASE}/#/trade/FUN`);
  await until(page, showsNumber('[data-testid="trade-last"]'));
  // One market order through the UI: the profile, its snapshot and a real trade and order row to model the rest on.
  await page.selectOption('#ticket-type', 'market');
  await page.fill('#ticket-qty', '1');
  await page.locator('form.ticket button[type=submit]').click();
  await until(page, `/sent: buy 1 FUN/.test(document.querySelector('[data-testid="ticket-status"]')?.textContent ?? '')`);
  await until(page, `document.querySelector('[data-testid="position-qty"]')?.textContent === '1'`);
  await page.getByRole('link', { name: 'Portfolio' }).click();
  await page.waitForSelector(CASH);
  const cash = (await page.textContent(CASH)) ?? '';
  await page.close(); // pagehide: the worker flushes, then goes with the page and lets go of the profile's lock
  await sleep(1_000);

  await ctx.route(`${BASE}/__figures-seed`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
  page = await ctx.newPage();
  await page.goto(`${BASE}/__figures-seed`);
  note(`seeding ${SEED_TRADES.toLocaleString('en-US')} trades into IndexedDB`);
  const seed = (await page.evaluate(`(${SEED})(${JSON.stringify({ trades: SEED_TRADES, perOrder: FILLS_PER_ORDER, account: 'you' })})`)) as SeedResult;
  await page.close();
  const expected = seed.mine + SEED_TRADES;

  // Activity: reloads until the Trades tab counts every trade; Portfolio: until the cash shows what it showed.
  page = await ctx.newPage();
  await page.addInitScript({ content: watcher({ texts: [TAB, CASH] }) });
  /** Waits for `sel` to show `want` (digits only when `onlyDigits`); returns when it first did, in ms since navigation start. */
  const shown = async (sel: string, want: string, onlyDigits: boolean): Promise<number> => {
    const text = onlyDigits ? `el.textContent.replace(/[^0-9]/g, '')` : 'el.textContent';
    await until(page, `(() => { const el = document.querySelector(${JSON.stringify(sel)}); return el !== null && ${text} === ${JSON.stringify(want)}; })()`, 60_000);
    const hit = ((await readFigs(page)).texts[sel] ?? []).find((x) => (onlyDigits ? digits(x.text) : x.text) === want);
    if (hit === undefined) throw new Error(`${sel} showing ${want} was not recorded`);
    return hit.t;
  };
  const counted = () => shown(TAB, String(expected), true);
  const restored = () => shown(CASH, cash, false);

  await page.goto(`${BASE}/#/activity`);
  const firstOpen = await counted();
  const tabText = (await page.textContent(TAB)) ?? '';
  const ordersText = (await page.textContent('#tab-orders')) ?? '';
  const activity: number[] = [];
  for (let i = 0; i < RELOADS; i++) {
    await page.reload();
    activity.push(await counted());
  }
  await page.goto(`${BASE}/#/portfolio`);
  await page.reload();
  await restored();
  const portfolio: number[] = [];
  for (let i = 0; i < RELOADS; i++) {
    await page.reload();
    portfolio.push(await restored());
  }
  const mid = median(activity);
  let trace: Traced | null = null;
  if (mid > BAR.reloadMs) {
    note(`reload: over its bar; tracing one more reload of Activity to see where the time goes`);
    await page.goto(`${BASE}/#/activity`);
    await counted();
    await page.addInitScript({ content: TRACE_MARK });
    const all = `(() => { const el = document.querySelector('${TAB}'); return el !== null && el.textContent.replace(/[^0-9]/g, '') === '${expected}'; })()`;
    trace = await traced(browser, page, () => page.reload(), all, (f) => (f.texts[TAB] ?? []).find((x) => digits(x.text) === String(expected))?.t ?? NaN);
  }
  await ctx.close();
  return { seed, expected, cash, tabText, ordersText, firstOpen, activity, portfolio, median: mid, trace };
}

// ---------------------------------------------------------------- 5. the main thread during a sweep

const SWEEP_SETS = 1_000;

/**
 * The Backtest page, a sweep of SWEEP_SETS random sets (fast 2–41, slow 5–199 every 2: a 40 × 98 heatmap, which the
 * page draws) over GOOG; long tasks between the click on Run sweep and the status saying Done.
 */
async function sweepResponsive(browser: Browser) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript({ content: watcher({ longtasks: true }) });
  await page.goto(`${BASE}/#/backtest`);
  await page.waitForSelector('[data-testid="sweep-form"]', { timeout: 30_000 });
  await page.selectOption('#bt-strategy', 'sma-cross');
  for (const [id, v] of [['fast-from', '2'], ['fast-to', '41'], ['fast-step', '1'], ['slow-from', '5'], ['slow-to', '199'], ['slow-step', '2']]) await page.fill(`#sw-${id}`, v);
  await page.locator('#sw-random').check();
  await page.fill('#sw-n', String(SWEEP_SETS));
  await page.fill('#sw-seed', '1');
  await until(page, `/${SWEEP_SETS.toLocaleString('en-US')} sets to run/.test(document.querySelector('[data-testid="sweep-plan"]')?.textContent ?? '')`);
  const workers = Number(((await page.locator('[data-testid="bt-sweep"] .hint').first().textContent()) ?? '').match(/across (\d+) backtest workers/)?.[1] ?? NaN);
  await sleep(2_000); // the page's first loads are done
  const t0 = (await page.evaluate('performance.now()')) as number;
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await until(page, `/^Done: /.test(document.querySelector('[data-testid="sweep-status"]')?.textContent ?? '')`, 300_000);
  const t1 = (await page.evaluate('performance.now()')) as number;
  await sleep(500); // a long task ends before the observer reports it
  const cells = Number((await page.getByTestId('heatmap').getAttribute('data-filled')) ?? NaN);
  const tasks = (await readFigs(page)).longtasks.filter((t) => t.start >= t0 && t.start < t1 + 100);
  const r = {
    ms: t1 - t0, workers, cells,
    longTasks: tasks.length, over: tasks.filter((t) => t.dur > BAR.longTaskMs).length, longest: tasks.reduce((x, t) => Math.max(x, t.dur), 0),
    /** When each long task began, ms after the click on Run sweep (the sweep took `ms`). */
    when: tasks.map((t) => ({ at: t.start - t0, dur: t.dur })),
    profile: null as ReturnType<typeof summarize> | null,
  };
  if (r.longest > BAR.longTaskMs) {
    // The same sweep again under a CPU profile, to say where the long tasks come from.
    note('the sweep had long tasks; running it again under a CPU profile');
    const cdp = await ctx.newCDPSession(page);
    const profiled = cpuProfile(cdp, r.ms + 1_000);
    await sleep(200);
    await page.getByRole('button', { name: 'Run sweep' }).click();
    r.profile = await profiled;
  }
  await ctx.close();
  return r;
}

// ---------------------------------------------------------------- the run

async function main(): Promise<number> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `vite build` first (npm run figures does).');
  const started = Date.now();
  note(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (the figures are noisier on a busy machine)`);
  const server = await startPreview();
  let browser: Browser | null = null;
  const stop = () => {
    server.kill('SIGTERM');
  };
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    if (SWEEP_ONLY) {
      note(`the main thread during a ${SWEEP_SETS.toLocaleString('en-US')}-set sweep`);
      const sw = await sweepResponsive(browser);
      printSweep(sw);
      log(JSON.stringify(sweepFigures(sw)));
      return 0;
    }
    note('1/5 first-load JavaScript');
    const js = await firstLoadJs(browser);
    note(`2/5 first live price, ${VISITS} cold visits`);
    const price = await firstLivePrice(browser);
    note('3/5 main thread while streaming');
    const stream = await streaming(browser);
    note(`4/5 reload with ${SEED_TRADES.toLocaleString('en-US')} trades`);
    const reload = await reload100k(browser);
    note(`5/5 the main thread during a ${SWEEP_SETS.toLocaleString('en-US')}-set sweep`);
    const sweep = await sweepResponsive(browser);
    await browser.close();
    browser = null;

    // ------------------------------------------------------------ report
    log();
    log(`1. First-load JavaScript (gzip level 6; served: what vite preview sends gzipped; 1 kB = 1000 bytes)`);
    table(
      ['file', 'role', 'raw kB', 'gzip kB', 'served kB', 'requested by'],
      js.needed.map((f) => {
        const n = js.first.get(f.path);
        return [f.path, f.role, f1(kb(f.raw)), f1(kb(f.gzip)), f1(kb(js.wire.get(f.path) ?? NaN)), n === undefined ? 'NOT REQUESTED' : n.bySw ? 'service worker' : 'page'];
      }),
      [false, false, true, true, true, false],
    );
    log(`   page + worker ${f1(kb(js.pageOnly))} kB, with the service worker ${f1(kb(js.total))} kB gzip.`);
    log(`   Chromium's requests: ${js.problems.length === 0 ? `the same ${js.needed.length} files, byte for byte` : js.problems.join('; ')}.`);
    if (js.again.length > 0) log(`   The service worker's precache then fetched ${js.again.length} of them again: ${js.again.map((f) => f.path).join(', ')}.`);
    if (js.other.length > 0) log(`   Not loaded on a first visit: ${js.other.join(', ')}.`);

    log();
    log(`2. Navigation → first live price on Markets (${VISITS} cold visits, fresh context each; ms since navigation start)`);
    table(
      ['visit', 'HTML in', 'DOMContentLoaded', 'rows shown', 'price in DOM', 'next frame'],
      price.visits.map((v, i) => [String(i + 1), f0(v.response), f0(v.dcl), f0(v.rows), f0(v.price), f0(v.frame)]),
      [true, true, true, true, true, true],
    );

    if (price.trace !== null) {
      log(`   Where the time goes: one more cold visit, traced (the price showed at ${f0(price.trace.until)} ms).`);
      printTrace(price.trace);
    }

    log();
    log(`3. Main thread with every instrument streaming (${WINDOW_MS / 1000} s each; CDP TaskDuration, longtask observer)`);
    table(
      ['page', 'busy %', 'script %', 'layout %', 'style %', 'long tasks', 'longest ms', 'JS heap MB'],
      [stream.trade, stream.markets].map((r) => [r.name, f1(r.busy), f1(r.script), f1(r.layout), f1(r.style), String(r.longTasks), f0(r.longest), f1(r.heapMb)]),
      [false, true, true, true, true, true, true, true],
    );
    log(`   While the Trade page loaded, before its window, the observer saw ${stream.trade.before} long task${stream.trade.before === 1 ? '' : 's'} (longest ${f0(stream.trade.longestBefore)} ms).`);
    for (const r of [stream.trade, stream.markets]) {
      if (r.profile === null) continue;
      const p = r.profile;
      log(`   ${r.name}: a ${f1(p.total / 1000)} s CPU profile, main thread busy ${f1((p.busy / p.total) * 100)} % in it; self time (ms, % of the profile):`);
      for (const [fn, ms] of top(p.self, 12)) log(`     ${f0(ms).padStart(6)}  ${f1((ms / p.total) * 100).padStart(5)} %  ${fn}`);
      const long = [...p.stretches].sort((a, b) => b.ms - a.ms);
      if (long.length > 0) {
        log(`   its longest busy stretch: ${f0(long[0].ms)} ms (${long.filter((x) => x.ms > BAR.longTaskMs).length} over ${BAR.longTaskMs} ms); in it:`);
        for (const [fn, ms] of top(long[0].fns, 6)) log(`     ${f0(ms).padStart(6)}  ${fn}`);
        const via = p.via(long[0]).filter((v) => !v.startsWith('('));
        if (via.length > 0) log(`     under › ${via.slice(-4).join(' › ')}`);
      }
    }

    log();
    log(`4. Reload with ${reload.expected.toLocaleString('en-US')} trades (${SEED_TRADES.toLocaleString('en-US')} seeded in ${f1(reload.seed.ms / 1000)} s, ${FILLS_PER_ORDER} per order; DB version ${reload.seed.version}, ${reload.seed.tradeCount.toLocaleString('en-US')} trade and ${reload.seed.orderCount.toLocaleString('en-US')} order rows)`);
    log(`   The app shows "${reload.tabText}" and "${reload.ordersText}"; first open: ${f0(reload.firstOpen)} ms.`);
    table(
      ['reload', 'Activity: trades counted', `Portfolio: cash ${reload.cash}`],
      reload.activity.map((a, i) => [String(i + 1), f0(a), f0(reload.portfolio[i])]),
      [true, true, true],
    );
    log(`   engine snapshot: ${reload.seed.snapshotBytes?.toLocaleString('en-US') ?? '?'} bytes of JSON`);
    if (reload.trace !== null) {
      log(`   Where the time goes: one more reload of Activity, traced (the count showed at ${f0(reload.trace.until)} ms).`);
      printTrace(reload.trace);
    }

    log();
    printSweep(sweep);

    const longest = stream.trade.longest;
    const figures = {
      first_load_js_gzip_kb: Number(f1(kb(js.total))),
      first_live_price_ms: Math.round(price.median),
      trade_main_busy_pct: Number(f1(stream.trade.busy)),
      trade_longest_task_ms: Math.round(longest),
      trade_long_tasks: stream.trade.longTasks,
      markets_main_busy_pct: Number(f1(stream.markets.busy)),
      reload_100k_trades_ms: Math.round(reload.median),
      snapshot_bytes: reload.seed.snapshotBytes,
      ...sweepFigures(sweep),
    };
    const yes = (ok: boolean) => (ok ? 'met' : 'NOT MET');
    log();
    log(`Figures${QUICK ? ' (--quick: not the real figures)' : ''}, ${f0((Date.now() - started) / 1000)} s`);
    table(
      ['figure', 'value', 'bar', ''],
      [
        ['first-load JS (gzip)', `${figures.first_load_js_gzip_kb} kB`, `≤ ${BAR.jsKb} kB`, yes(figures.first_load_js_gzip_kb <= BAR.jsKb)],
        ['navigation → first live price (median)', `${figures.first_live_price_ms} ms`, `≤ ${BAR.firstPriceMs} ms`, yes(figures.first_live_price_ms <= BAR.firstPriceMs)],
        ['Trade page: main thread busy', `${figures.trade_main_busy_pct} %`, `≤ ${BAR.busyPct} %`, yes(figures.trade_main_busy_pct <= BAR.busyPct)],
        ['Trade page: long tasks', `${figures.trade_long_tasks}, longest ${figures.trade_longest_task_ms} ms`, `none > ${BAR.longTaskMs} ms`, yes(figures.trade_longest_task_ms <= BAR.longTaskMs)],
        ['Markets page: main thread busy', `${figures.markets_main_busy_pct} %`, `≤ ${BAR.busyPct} %`, yes(figures.markets_main_busy_pct <= BAR.busyPct)],
        ['Markets page: long tasks', `${stream.markets.longTasks}, longest ${f0(stream.markets.longest)} ms`, `none > ${BAR.longTaskMs} ms`, yes(stream.markets.longest <= BAR.longTaskMs)],
        [`reload with ${reload.expected.toLocaleString('en-US')} trades (median)`, `${figures.reload_100k_trades_ms} ms`, `≤ ${BAR.reloadMs} ms`, yes(figures.reload_100k_trades_ms <= BAR.reloadMs)],
        ['engine snapshot', `${figures.snapshot_bytes?.toLocaleString('en-US') ?? '?'} bytes`, '', ''],
        ['Backtest page: long tasks during a sweep', `${sweep.over} over ${BAR.longTaskMs} ms, longest ${f0(sweep.longest)} ms`, `none > ${BAR.longTaskMs} ms`, yes(sweep.longest <= BAR.longTaskMs)],
      ],
    );
    log(JSON.stringify(figures));
    return 0;
  } finally {
    if (browser !== null) await browser.close().catch(() => {});
    stop();
  }
}

function printSweep(sw: Awaited<ReturnType<typeof sweepResponsive>>): void {
  log(`5. Main thread during a ${SWEEP_SETS.toLocaleString('en-US')}-set sweep of sma-cross over GOOG on the Backtest page (${sw.workers} workers, longtask observer)`);
  table(
    ['sets', 'workers', 'Run → Done ms', 'runs/s', 'heatmap cells', 'long tasks', `over ${BAR.longTaskMs} ms`, 'longest ms'],
    [[String(SWEEP_SETS), String(sw.workers), f0(sw.ms), f0(SWEEP_SETS / (sw.ms / 1000)), String(sw.cells), String(sw.longTasks), String(sw.over), f0(sw.longest)]],
    [true, true, true, true, true, true, true, true],
  );
  if (sw.when.length > 0) log(`   long tasks at (ms after Run, duration): ${sw.when.map((w) => `${f0(w.at)} (${f0(w.dur)})`).join(', ')}`);
  const p = sw.profile;
  if (p === null) return;
  log(`   A second run under a ${f1(p.total / 1000)} s CPU profile, main thread busy ${f1((p.busy / p.total) * 100)} %; self time (ms):`);
  for (const [fn, ms] of top(p.self, 12)) log(`     ${f0(ms).padStart(6)}  ${fn}`);
  const long = [...p.stretches].sort((a, b) => b.ms - a.ms);
  if (long.length > 0) {
    log(`   its longest busy stretch: ${f0(long[0].ms)} ms (${long.filter((x) => x.ms > BAR.longTaskMs).length} over ${BAR.longTaskMs} ms); in it:`);
    for (const [fn, ms] of top(long[0].fns, 8)) log(`     ${f0(ms).padStart(6)}  ${fn}`);
    const via = p.via(long[0]).filter((v) => !v.startsWith('('));
    if (via.length > 0) log(`     under › ${via.slice(-6).join(' › ')}`);
  }
}

function sweepFigures(sw: Awaited<ReturnType<typeof sweepResponsive>>) {
  return { sweep_longest_task_ms: Math.round(sw.longest), sweep_long_tasks_over_50ms: sw.over, sweep_page_runs_per_s: Math.round(SWEEP_SETS / (sw.ms / 1000)) };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`figures: the measurement failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
