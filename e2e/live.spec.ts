import { expect, test as base, type Page } from '@playwright/test';
import { CRYPTO } from '../src/core/market/instruments';
import { numberIn } from './helpers';
import { ALLOWED_HOSTS, MockVenue, VENUE_HOSTS, venueArgs } from '../src/testing/venue/server';

// Live prices end to end, against the production build: the leader tab's
// worker runs the feed (src/worker/live.ts) against a mock venue on this
// machine (src/testing/venue/server.ts). Chromium is launched for this file only with
// --host-resolver-rules (the venues' names → the mock, every other name
// unresolvable) and --ignore-certificate-errors (the mock's certificate is
// self-signed): routeWebSocket cannot reach a worker's sockets.

/** What the mock quotes for BTCUSDT; every other pair gets 90 % of its catalogue start price. */
const BTC = 64_321.1;

declare global {
  interface Window {
    /** The crypto feed's status from the latest frame the page received (tapFrames). */
    __bourseFeeds?: { crypto: { state: string; label: string; reason?: string; malformed: number } | null };
  }
}

/**
 * Runs in the page before the app: remembers `feeds` from every frame the
 * worker pushes. The malformed count (FeedView.malformed) is in the frames but
 * not on screen, so the test reads it here. Frames come through the MessagePort
 * that Comlink exposes the page's callback on: {type:'APPLY', argumentList:[{type:'RAW', value: frame}]}.
 */
function tapFrames(): void {
  const add = MessagePort.prototype.addEventListener;
  MessagePort.prototype.addEventListener = function (this: MessagePort, type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const wrapped = function (this: MessagePort, ev: Event): void {
      const frame = (ev as MessageEvent).data?.argumentList?.[0]?.value;
      if (frame !== null && typeof frame === 'object' && frame.feeds) window.__bourseFeeds = frame.feeds;
      listener.call(this, ev);
    };
    return add.call(this, type, wrapped, options);
  };
}

/** The host a URL reaches (blob: URLs name their origin; data: URLs reach nothing). */
function hostOf(url: string): string {
  if (url.startsWith('data:')) return 'localhost';
  return new URL(url.startsWith('blob:') ? url.slice(5) : url).hostname;
}

const test = base.extend<{ requests: string[] }, { venue: MockVenue }>({
  venue: [
    async ({}, use) => {
      const venue = await MockVenue.start();
      await use(venue);
      await venue.stop();
    },
    { scope: 'worker' },
  ],
  // This file's Chromium only: the config's flags plus the venue mapping.
  launchOptions: [
    async ({ launchOptions, venue }, use) => {
      await use({ ...launchOptions, args: [...(launchOptions.args ?? []), ...venueArgs(venue.port)] });
    },
    { scope: 'worker' },
  ],
  // Every test: a fresh venue, every request recorded (the page's, the service
  // worker's and the engine worker's, WebSockets included), and none may go
  // anywhere but this machine and the mapped venue names.
  requests: [
    async ({ context, page, venue }, use) => {
      venue.reset();
      for (const i of CRYPTO) venue.setQuote(i.symbol, i.startPrice * 0.9);
      venue.setQuote('BTCUSDT', BTC);
      const urls: string[] = [];
      context.on('request', (r) => urls.push(r.url()));
      page.on('websocket', (ws) => urls.push(ws.url()));
      await context.addInitScript(tapFrames);
      await use(urls);
      expect(urls.filter((u) => !ALLOWED_HOSTS.includes(hostOf(u))), 'requests that would leave the machine').toEqual([]);
      expect(venue.seen.filter((s) => !ALLOWED_HOSTS.includes(s.host) || s.sni !== s.host), 'what reached the mock venue').toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the app at 10× (bots trade often, so the last price soon reflects the reference) on Markets. */
async function openMarkets(page: Page): Promise<void> {
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: '10×' }).check();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Markets' }).click();
  await expect(page.getByRole('heading', { name: 'Markets', exact: true })).toBeVisible();
}

/** Waits until the last trade of `symbol` is within `tol` (relative) of `price`. */
async function expectNear(page: Page, symbol: string, price: number, tol = 0.005, timeout = 20_000): Promise<void> {
  await expect
    .poll(async () => Math.abs((await numberIn(page, `last-${symbol}`)) / price - 1), { timeout, message: `last ${symbol} near ${price}` })
    .toBeLessThan(tol);
}

const badge = (page: Page) => page.getByTestId('feed-crypto');
/** The badge says what went wrong in plain words; what the venue or the browser said is its title. */
const detail = (page: Page) => badge(page).locator('[title]');
const malformed = (page: Page) => page.evaluate(() => window.__bourseFeeds?.crypto?.malformed ?? -1);

test('Binance live: the badge says so and the last trades land at the mocked prices; nothing leaves the machine', async ({ page, venue, requests }) => {
  await openMarkets(page);
  await expect(badge(page)).toHaveText(/Live · Binance/, { timeout: 15_000 });
  await expectNear(page, 'BTCUSDT', BTC);
  const eth = CRYPTO.find((i) => i.symbol === 'ETHUSDT')!.startPrice * 0.9;
  await expectNear(page, 'ETHUSDT', eth);
  expect(await malformed(page)).toBe(0);
  // The recorder sees the worker's traffic: the REST probe and the stream, both to the mapped names.
  expect(requests).toContain(`https://${VENUE_HOSTS.binanceRest}/api/v3/ping`);
  expect(requests).toContain(`wss://${VENUE_HOSTS.binance}/stream?streams=!miniTicker@arr`);
  expect(venue.seen.map((s) => s.host)).toContain(VENUE_HOSTS.binance);
});

test('geo-block: a 451 from the REST ping falls back to Coinbase and says why', async ({ page, venue }) => {
  venue.pingStatus = 451;
  await openMarkets(page);
  await expect(badge(page)).toHaveText(/Live · Coinbase/, { timeout: 15_000 });
  await expect(badge(page)).toContainText('Binance does not serve this location');
  await expect(detail(page)).toHaveAttribute('title', /HTTP 451/);
  await expectNear(page, 'BTCUSDT', BTC);
  expect(venue.seen.filter((s) => s.kind === 'ws').map((s) => s.host)).toEqual([VENUE_HOSTS.coinbase]);
});

test('malformed frames are ignored and counted; a dropped socket reconnects', async ({ page, venue }) => {
  await openMarkets(page);
  await expect(badge(page)).toHaveText(/Live · Binance/, { timeout: 15_000 });
  // Five frames the adapter cannot use: not JSON, a bad price, an error reply, an unknown stream, binary.
  venue.sendText('binance', 'not json {');
  venue.sendText('binance', JSON.stringify({ stream: '!miniTicker@arr', data: [{ e: '24hrMiniTicker', E: Date.now(), s: 'BTCUSDT', c: 'NaN', o: '1' }] }));
  venue.sendText('binance', JSON.stringify({ code: 2, msg: 'Invalid request: unknown property' }));
  venue.sendText('binance', JSON.stringify({ stream: 'btcusdt@depth', data: { e: 'depthUpdate', E: Date.now(), s: 'BTCUSDT' } }));
  venue.sendBinary('binance');
  // The count is not on screen (FeedBadge shows no number): it is read from the frames the page gets.
  await expect.poll(() => malformed(page), { timeout: 5_000 }).toBe(5);
  await expect(badge(page)).toHaveText(/Live · Binance/);
  venue.setQuote('BTCUSDT', 65_000);
  await expectNear(page, 'BTCUSDT', 65_000);

  // The venue closes the socket and answers the next upgrade only after 2.5 s.
  venue.admission.binance = 'hold';
  venue.drop('binance', 'close', 1001, 'going away');
  await expect(badge(page)).toHaveText(/Reconnecting to Binance…/, { timeout: 5_000 });
  await expect(badge(page)).toContainText('Binance dropped the connection');
  await expect(detail(page)).toHaveAttribute('title', /closed with code 1001/);
  await expect(badge(page)).toHaveText(/Live · Binance/, { timeout: 15_000 });
  venue.setQuote('BTCUSDT', 66_000);
  await expectNear(page, 'BTCUSDT', 66_000);
  expect(await malformed(page)).toBe(5);
});

test('the venue goes away: prices go on from the last live one without a jump, and come back live', async ({ page, venue }) => {
  await openMarkets(page);
  await expect(badge(page)).toHaveText(/Live · Binance/, { timeout: 15_000 });
  await expectNear(page, 'BTCUSDT', BTC);
  const before = await numberIn(page, 'last-BTCUSDT');

  // Every venue away: Binance's socket cut and its ping refused for this location, the others refusing sockets.
  venue.pingStatus = 451;
  venue.admission.coinbase = 'refuse';
  venue.admission.kraken = 'refuse';
  venue.drop('binance', 'cut');
  // Sample the last price until the feed is synthetic and a few seconds after: the generator
  // continues from the last live price (91,500 is where it would restart otherwise).
  const seen: number[] = [];
  const until = Date.now() + 20_000;
  let syntheticAt = 0;
  while (Date.now() < until && (syntheticAt === 0 || Date.now() < syntheticAt + 3_000)) {
    seen.push(await numberIn(page, 'last-BTCUSDT'));
    if (syntheticAt === 0 && /using simulated prices/.test((await badge(page).textContent()) ?? '')) syntheticAt = Date.now();
    await page.waitForTimeout(200);
  }
  expect(syntheticAt, 'the feed fell back to synthetic').toBeGreaterThan(0);
  await expect(badge(page)).toContainText('Binance does not serve this location; Coinbase Exchange and Kraken could not be reached');
  await expect(detail(page)).toHaveAttribute('title', /HTTP 451/);
  const worst = Math.max(...seen.map((p) => Math.abs(p / before - 1)));
  expect(worst, `largest move from ${before} while falling back (samples ${seen.join(', ')})`).toBeLessThan(0.01);
  await expect.poll(() => numberIn(page, 'last-BTCUSDT'), { timeout: 10_000, message: 'synthetic prices trade' }).not.toBe(before);

  // The venue is back; choosing Binance again (which forgets the 451) goes live at its price.
  venue.pingStatus = 200;
  venue.setQuote('BTCUSDT', 64_500);
  await page.goto('/#/settings');
  await page.selectOption('#feed-mode', 'binance');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Markets' }).click();
  await expect(badge(page)).toHaveText(/Live · Binance/, { timeout: 15_000 });
  await expectNear(page, 'BTCUSDT', 64_500);
});

test('history: the chart puts Binance candles before the sim’s own, caches them, and serves them offline', async ({ page, context, venue }) => {
  // The app itself must come from the service worker's cache for the offline reload.
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.goto('/#/trade/BTCUSDT');
  const note = page.getByTestId('history-note');
  await expect(note).toHaveText(/Earlier candles: Binance history/, { timeout: 15_000 });
  expect(venue.klineRequests.length).toBeGreaterThan(0);
  expect(venue.klineRequests[0]).toMatch(/symbol=BTCUSDT&interval=1m/);
  const plot = page.getByRole('img', { name: /^BTCUSDT price, / });
  const candles = async () => Number(/\((\d[\d,]*) candles\)/.exec((await plot.getAttribute('aria-label')) ?? '')?.[1].replace(/,/g, '') ?? 0);
  await expect.poll(candles).toBeGreaterThan(100);
  // Offline, a reload draws the same history from IndexedDB (the cache), with no request.
  const asked = venue.klineRequests.length;
  await context.setOffline(true);
  await page.reload();
  await expect(note).toHaveText(/Earlier candles: Binance history/, { timeout: 15_000 });
  await expect.poll(candles).toBeGreaterThan(100);
  expect(venue.klineRequests.length).toBe(asked);
  await context.setOffline(false);
});

test('history, first visit offline: nothing cached, so the chart shows a shaded sample that says it is simulated', async ({ page, context, venue }) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // Offline before any chart was opened: no klines are cached for any pair.
  await context.setOffline(true);
  await page.reload();
  await page.goto('/#/trade/ETHUSDT');
  const note = page.getByTestId('history-note');
  await expect(note).toHaveText(/No Binance history to show\. You are offline.*simulated sample.*not real prices/, { timeout: 15_000 });
  const plot = page.getByRole('img', { name: /^ETHUSDT price, / });
  await expect(plot).toHaveAttribute('aria-label', /the earliest are a simulated sample, not real prices/);
  const candles = async () => Number(/\((\d[\d,]*) candles\)/.exec((await plot.getAttribute('aria-label')) ?? '')?.[1].replace(/,/g, '') ?? 0);
  await expect.poll(candles).toBeGreaterThan(400);
  expect(venue.klineRequests.filter((q) => q.includes('ETHUSDT'))).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('sample-history.png') });
  // Hovering an early candle says what it is.
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2, { steps: 5 });
  await expect(page.locator('.chart-candles .chart-readout')).toContainText('simulated sample');
  await context.setOffline(false);
});

test('stocks with Alpaca keys: the IEX stream authenticates, subscribes and goes live; the keys go to Alpaca alone; wrong keys say why', async ({ page, venue, requests }) => {
  const AAPL = 231.5;
  venue.setQuote('AAPL', AAPL);
  venue.setQuote('MSFT', 412.25);
  // At 1×, so the sim's clock keeps to the wall's and NYSE does not close under the test.
  await page.goto('/#/settings');
  const stock = page.getByTestId('feed-stock');
  await expect(stock).toHaveText(/Simulated prices/);

  // Wrong keys: Alpaca answers 402 and closes; the badge says so and stocks stay synthetic.
  await page.getByLabel('API key ID').fill('PKWRONG');
  await page.getByLabel('Secret key').fill('nope');
  await page.getByRole('button', { name: 'Save keys' }).click();
  await expect(page.getByText('Alpaca keys saved on this device')).toBeVisible();
  await expect(stock).toHaveText(/using simulated prices.*auth failed \(402\)/, { timeout: 15_000 });

  // The right ones: live.
  await page.getByLabel('API key ID').fill(venue.alpacaKeys.key);
  await page.getByLabel('Secret key').fill(venue.alpacaKeys.secret);
  await page.getByRole('button', { name: 'Save keys' }).click();
  await expect(stock).toHaveText(/Live · Alpaca/, { timeout: 15_000 });
  expect(venue.seen.filter((s) => s.host === VENUE_HOSTS.alpaca).map((s) => s.path)).toContain('/v2/iex');
  // The keys went in the auth message on Alpaca's socket, and nowhere else: no URL carries them.
  expect(venue.alpacaAuths.at(-1)).toEqual(venue.alpacaKeys);
  expect(requests.filter((u) => u.includes(venue.alpacaKeys.secret) || u.includes(venue.alpacaKeys.key))).toEqual([]);

  // While NYSE is open the market maker quotes around Alpaca's price, so AAPL's bid and ask
  // straddle it; closed (nights, weekends), nobody quotes and the market says so.
  await page.goto('/#/trade/AAPL');
  const session = page.getByTestId('session');
  await expect(session).toContainText(/Market (open|closed)/, { timeout: 10_000 });
  if (/Market open/.test((await session.textContent()) ?? '')) {
    const mid = async (): Promise<number> => {
      const m = /Bid ([\d,.]+) · Ask ([\d,.]+)/.exec((await page.locator('.quote').textContent()) ?? '');
      return m === null ? NaN : (Number(m[1].replace(/,/g, '')) + Number(m[2].replace(/,/g, ''))) / 2;
    };
    await expect.poll(async () => Math.abs((await mid()) / AAPL - 1), { timeout: 20_000, message: 'AAPL quoted around Alpaca\'s price' }).toBeLessThan(0.005);
  } else {
    await expect(session).toContainText('Market closed');
  }

  // Forgetting the keys goes back to synthetic.
  await page.goto('/#/settings');
  await page.getByRole('button', { name: 'Forget keys' }).click();
  await expect(stock).toHaveText(/Simulated prices/);
});
