import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, untrack } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { shownPrice, useClient } from '../client';
import { BookLadder } from '../components/BookLadder';
import { FeedBadge } from '../components/FeedBadge';
import { OpenOrders } from '../components/OpenOrders';
import { OrderTicket, type TicketControl } from '../components/OrderTicket';
import { InstrumentSwitcher } from '../components/InstrumentSwitcher';
import { HotkeyHelp } from '../components/HotkeyHelp';
import { Dialog } from '../components/Dialog';
import { stepIn } from '../hotkeys';
import { useTradeHotkeys } from '../hotkeysListen';
import { PHONE_QUERY, usePhone } from '../usePhone';
import { ShowMe } from '../learn/ShowMe';
import { Tape } from '../components/Tape';
import { fmtDateTime, fmtMoney, fmtPct, fmtPrice, fmtQty, fmtSignedMoney, pctTone, tone } from '../format';
import { href } from '../router';
import { CandleChart } from '../chart/CandleChart';
import { DepthChart } from '../chart/DepthChart';
import { IndicatorMenu } from '../chart/IndicatorMenu';
import { rememberedIndicators } from '../chart/rememberedIndicators';
import { emptyCandles, mergeCandles, prependCandles } from '../candles';
import type { CandleData, InstrumentInfo, OrderView, SideName, TapeTrade } from '../../protocol';
import { ChartStrategies } from '../strategies/ChartStrategies';
import { useChartMarks } from '../strategies/chartMarks';
import type { Timeframe } from '../../core/market/candles';
import { change24Pct } from '../../core/market/stats24';

const TIMEFRAMES: Timeframe[] = ['1s', '1m', '5m', '15m', '1h', '1d'];
const TF_SECONDS: Record<Timeframe, number> = { '1s': 1, '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '1d': 86400 };
/** Levels a side of the book shows: with the spread, the ladder stands as tall as the chart and orders beside it. */
const BOOK_LEVELS = 10;
/**
 * The price chart's height, chosen once as the page opens (uPlot is made at
 * it): what a laptop's 800 px leave beside the ticket and above the open
 * orders, more on a taller screen, a fixed share of a phone's.
 */
function chartHeight(): number {
  if (window.matchMedia(PHONE_QUERY).matches) return 240;
  return Math.round(Math.min(420, Math.max(200, window.innerHeight - 490)));
}

export function Trade(props: { symbol: string | null }) {
  const { market: { info } } = useClient();
  const symbol = () => props.symbol ?? 'FUN';
  const inst = () => info(symbol());
  return (
    <Show when={inst()} keyed fallback={<Unknown symbol={symbol()} />}>
      {(i) => <TradeView inst={i} />}
    </Show>
  );
}

function Unknown(props: { symbol: string }) {
  const { market: { instruments } } = useClient();
  return (
    <section>
      <h1>Trade</h1>
      <Show when={instruments().length > 0} fallback={<p class="muted">Loading markets…</p>}>
        <p role="alert">There is no market called {props.symbol}. <a href={href('markets')}>See all markets</a>.</p>
      </Show>
    </section>
  );
}

function TradeView(props: { inst: InstrumentInfo }) {
  const { engine, frame, trading: { fills }, market: { sessions, ticker, instruments } } = useClient();
  // eslint-disable-next-line solid/reactivity -- the page is made again for another instrument (keyed by it)
  const inst = props.inst;
  const [tf, setTf] = createSignal<Timeframe>('1m');
  const [price, setPrice] = createSignal('');
  const [tape, setTape] = createSignal<TapeTrade[]>([]);
  // The sim's own candles, and real history (crypto) drawn before them.
  const [simCandles, setSimCandles] = createSignal<CandleData>(emptyCandles());
  const [history, setHistory] = createSignal<CandleData>(emptyCandles());
  const candles = createMemo(() => prependCandles(history(), simCandles()));
  const [indicators, setIndicators] = rememberedIndicators(inst.symbol);
  const [historyNote, setHistoryNote] = createSignal('');
  const [sampleUntil, setSampleUntil] = createSignal<number | null>(null);
  let loaded = false;
  /** Bumped per symbol/timeframe change: an older load that finishes late changes nothing. */
  let run = 0;

  // Tell the worker what to send in detail; load the tape and the candles for it.
  createEffect(on([() => inst.symbol, tf], async ([s, t]) => {
    const mine = ++run;
    loaded = false;
    setSimCandles(emptyCandles());
    setHistory(emptyCandles());
    setHistoryNote('');
    setSampleUntil(null);
    const viewed = await engine.setView({ symbol: s, timeframe: t, depth: 20 });
    if (!viewed.ok) setHistoryNote(viewed.message); // the book and tape will not follow this symbol: say why
    const [own, recent] = await Promise.all([engine.candles(s, t), engine.tape(s)]);
    const current = () => mine === run;
    if (!current()) return;
    setTape(recent.reverse());
    if (own !== null) setSimCandles(own);
    loaded = true;
    if (inst.group !== 'crypto') return;
    // What the cache holds first, at once; then the same with its gaps fetched.
    const cached = await engine.history(s, t, true);
    if (cached === null || !current()) return;
    if (cached.candles.t.length > 0) setHistory(cached.candles);
    const real = await engine.history(s, t);
    if (real === null || !current()) return;
    const n = real.candles.t.length;
    if (n > 0) setHistory(real.candles);
    if (real.source === 'sample' && n > 0) {
      // Half a candle past the sample's last: the shade ends between it and the sim's first.
      setSampleUntil(real.candles.t[n - 1] + TF_SECONDS[t] / 2);
      setHistoryNote(`No Binance history to show. ${real.partial ?? ''} The shaded candles before the market's own are a simulated sample drawn from ${s}'s price model: not real prices, and no volume.`);
      return;
    }
    setHistoryNote(n > 0
      ? `Earlier candles: ${real.source} history${real.partial ? ` (partly: ${real.partial})` : ''}.`
      : `No ${real.source} history${real.partial ? `: ${real.partial}` : ''}.`);
  }));
  onCleanup(() => void engine.setView({ symbol: null }));
  createEffect(on(frame, (f) => {
    if (!f) return;
    if (f.tape.length > 0) setTape((old) => [...f.tape].reverse().concat(old).slice(0, 60));
    if (loaded && f.candles !== null && f.candles.t.length > 0) setSimCandles((c) => mergeCandles(c, f.candles!));
  }));
  const markers = createMemo(() => fills().filter((f) => f.symbol === inst.symbol).map((f) => ({ t: f.ts / 1000, price: f.price, side: f.side, qty: f.qty })));

  // The strategies trading this symbol: their fills and signals as markers, their indicators as lines.
  const marks = useChartMarks(inst.symbol);
  // A limit price to start from: the touch, once.
  let seeded = false;
  createEffect(() => {
    const t = ticker(inst.symbol);
    if (seeded || !t || !Number.isFinite(t.bid)) return;
    seeded = true;
    if (untrack(price) === '') setPrice(t.bid.toFixed(inst.priceDecimals));
  });

  const t = () => ticker(inst.symbol);
  const shown = () => shownPrice(t());
  const change = () => {
    const x = t();
    return x ? change24Pct(x.last, x.open24) : NaN;
  };
  const session = () => sessions[inst.symbol];
  // Kept in a store keyed by id: a row (and a modify form being typed in) survives the frames.
  const [open, setOpen] = createStore<OrderView[]>([]);
  createEffect(() => setOpen(reconcile((frame()?.openOrders ?? []).filter((o) => o.symbol === inst.symbol), { key: 'id' })));
  const position = () => frame()?.portfolio.holdings.find((h) => h.symbol === inst.symbol);
  const myFills = createMemo(() => fills().filter((f) => f.symbol === inst.symbol).slice(-20).reverse());

  // The sticky Buy/Sell bar and the hotkeys choose the ticket's side through it.
  let ticket: TicketControl | undefined;
  const phone = usePhone();
  const focusQty = () => {
    const input = document.getElementById('ticket-qty') ?? document.getElementById('ticket-amount');
    if (input instanceof HTMLInputElement) {
      input.focus({ preventScroll: true });
      input.scrollIntoView({ block: 'center' });
    }
  };
  const chooseSide = (side: SideName) => {
    ticket?.setSide(side);
    focusQty();
  };
  const [help, setHelp] = createSignal(false);
  const [askCancel, setAskCancel] = createSignal(false);
  const [cancelMsg, setCancelMsg] = createSignal<{ ok: boolean; text: string } | null>(null);
  const cancelAll = async () => {
    setAskCancel(false);
    const ids = open.map((o) => o.id);
    const results = await Promise.all(ids.map((id) => engine.cancel(id)));
    const failed = results.filter((r): r is Extract<typeof r, { ok: false }> => !r.ok);
    setCancelMsg(failed.length === 0
      ? { ok: true, text: `Cancelled ${ids.length} order${ids.length === 1 ? '' : 's'} in ${inst.symbol}.` }
      : { ok: false, text: `Cancelled ${ids.length - failed.length} of ${ids.length} orders in ${inst.symbol}; not cancelled: ${failed[0].message}` });
  };
  useTradeHotkeys({
    side: chooseSide,
    focusQty,
    cancelAll: () => {
      if (open.length === 0) setCancelMsg({ ok: true, text: `No open orders in ${inst.symbol} to cancel.` });
      else setAskCancel(true);
    },
    timeframe: (i) => setTf(TIMEFRAMES[i]),
    stepTimeframe: (d) => setTf((x) => TIMEFRAMES[Math.min(TIMEFRAMES.length - 1, Math.max(0, TIMEFRAMES.indexOf(x) + d))]),
    stepInstrument: (d) => {
      const next = stepIn(instruments().map((i) => i.symbol), inst.symbol, d);
      if (next !== undefined && next !== inst.symbol) location.hash = href('trade', next);
    },
    help: () => setHelp(true),
  });

  return (
    <div class="trade" classList={{ 'with-bar': phone() }}>
      <header class="trade-head card">
        <div class="trade-id">
          <h1>{inst.symbol} <span class="muted name">{inst.name}</span></h1>
          <p class="quote">
            {/* Before the first trade, the mid of the quotes stands in, and says so. */}
            <span class="big" data-testid="trade-last">{fmtPrice(shown().price, inst.priceDecimals)}</span>
            <Show when={shown().mid}>
              <span class="muted small" data-testid="trade-mid">mid (no trade yet)</span>
            </Show>
            <span class={pctTone(change())}>{fmtPct(change())}</span>
            <span class="muted">Bid {fmtPrice(t()?.bid, inst.priceDecimals)} · Ask {fmtPrice(t()?.ask, inst.priceDecimals)}</span>
          </p>
        </div>
        <InstrumentSwitcher current={inst.symbol} />
        <p class="session" data-testid="session">
          <Show when={session()} fallback={<span class="badge">—</span>}>
            <span class={`badge ${session()!.open ? 'open' : 'closed'}`}>{session()!.open ? 'Market open' : 'Market closed'}</span>
            <Show when={inst.group !== 'exchange'}>
              {' '}<FeedBadge group={inst.group as 'crypto' | 'stock'} />
            </Show>
            <Show when={inst.calendar === 'NYSE'}>
              <span class="muted small">
                {' '}{session()!.reason}{session()!.nextChange ? ` · ${session()!.open ? 'closes' : 'opens'} ${fmtDateTime(session()!.nextChange)}` : ''}
              </span>
            </Show>
          </Show>
        </p>
        <button type="button" class="keys-btn hide-sm" aria-keyshortcuts="?" onClick={() => setHelp(true)}>
          Shortcuts <kbd aria-hidden="true">?</kbd>
        </button>
      </header>

      <div class="trade-main">
        <section class="card chart-card" aria-labelledby="h-chart">
          <div class="card-head">
            <h2 id="h-chart">Chart</h2>
            <div role="group" aria-label="Timeframe" class="tfs">
              <For each={TIMEFRAMES}>
                {(x, i) => <button type="button" aria-pressed={tf() === x} aria-keyshortcuts={String(i() + 1)} onClick={() => setTf(x)}>{x}</button>}
              </For>
            </div>
          </div>
          <CandleChart data={candles} markers={markers} signals={marks.signals} overlays={marks.overlays} indicators={indicators} timeframeSeconds={() => TF_SECONDS[tf()]} sampleUntil={sampleUntil} label={`${inst.symbol} price`} height={chartHeight()}
            orders={() => open} tick={inst.tick} priceDecimals={inst.priceDecimals} onMoveOrder={(id, change) => engine.modify(id, change)} />
          <Show when={historyNote()}>
            <p class="muted small" data-testid="history-note">{historyNote()}</p>
          </Show>
          <IndicatorMenu choice={indicators} onChange={setIndicators} />
          <ChartStrategies inst={inst} marks={marks} />
        </section>
        <div class="trade-ticket" id="ticket">
          <OrderTicket inst={inst} price={price} setPrice={setPrice} control={(c) => { ticket = c; }} />
        </div>
        <div class="trade-orders">
          <OpenOrders orders={() => open} title={`Open orders · ${inst.symbol}`} />
          <Show when={cancelMsg()}>
            {(m) => <p role={m().ok ? 'status' : 'alert'} class={m().ok ? 'ok-msg' : 'err-msg'} data-testid="cancel-all-msg">{m().text}</p>}
          </Show>
        </div>
        <div class="trade-book">
          <BookLadder book={() => frame()?.book ?? null} inst={inst} levels={BOOK_LEVELS} orders={() => open} onPrice={(p) => setPrice(p.toFixed(inst.priceDecimals))} />
        </div>
      </div>

      <Tape trades={tape} inst={inst} />

      <ShowMe inst={inst} />

      <section class="card" aria-labelledby="h-depth">
        <h2 id="h-depth">Depth</h2>
        <DepthChart data={() => frame()?.book ?? { bids: [], asks: [] }} label={`${inst.symbol} market depth`} />
      </section>

      <section class="card" aria-labelledby="h-position">
        <h2 id="h-position">Position</h2>
        <Show when={position()} fallback={<p class="muted" data-testid="position">No position in {inst.symbol}.</p>}>
          {(p) => (
            <dl class="stats" data-testid="position">
              <div><dt>Quantity</dt><dd data-testid="position-qty">{fmtQty(p().qty, inst.qtyDecimals)}</dd></div>
              <div><dt>Average cost</dt><dd>{fmtPrice(p().avgPrice, inst.priceDecimals)}</dd></div>
              <div><dt>Mark</dt><dd>{fmtPrice(p().mark, inst.priceDecimals)}</dd></div>
              <div><dt>Value</dt><dd>{fmtMoney(p().value)}</dd></div>
              <div><dt>Unrealized P&amp;L</dt><dd class={tone(p().unrealized)}>{fmtSignedMoney(p().unrealized)}</dd></div>
              <div><dt>Realized P&amp;L</dt><dd class={tone(p().realized)}>{fmtSignedMoney(p().realized)}</dd></div>
            </dl>
          )}
        </Show>
      </section>

      <section class="card" aria-labelledby="h-myfills">
        <h2 id="h-myfills">Your fills · {inst.symbol}</h2>
        <Show when={myFills().length > 0} fallback={<p class="muted">No fills yet.</p>}>
          <div class="table-wrap">
            <table>
              <thead><tr><th scope="col">Time</th><th scope="col">Side</th><th scope="col" class="num">Price</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Fee</th></tr></thead>
              <tbody>
                <For each={myFills()}>
                  {(f) => (
                    <tr>
                      <td>{fmtDateTime(f.ts)}</td>
                      <td class={f.side === 'buy' ? 'up' : 'down'}>{f.side === 'buy' ? 'Buy' : 'Sell'}</td>
                      <td class="num">{fmtPrice(f.price, inst.priceDecimals)}</td>
                      <td class="num">{fmtQty(f.qty, inst.qtyDecimals)}</td>
                      <td class="num">{fmtMoney(f.fee)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>

      {/* On a phone the ticket is below the chart: this bar, always at hand, takes the person there with a side chosen. */}
      <Show when={phone()}>
        <div class="trade-bar" role="group" aria-label="Order">
          <button type="button" class="primary buy" onClick={() => chooseSide('buy')}>Buy…</button>
          <button type="button" class="primary sell" onClick={() => chooseSide('sell')}>Sell…</button>
        </div>
      </Show>
      <HotkeyHelp open={help()} onClose={() => setHelp(false)} />
      <Dialog open={askCancel()} onClose={() => setAskCancel(false)} title={`Cancel all your orders in ${inst.symbol}?`} id="cancel-all">
        <p>{open.length} open order{open.length === 1 ? '' : 's'} will be cancelled. Orders in other markets stay.</p>
        <form method="dialog" class="dialog-actions">
          <button type="button" class="danger" onClick={() => void cancelAll()}>Cancel them</button>
          <button type="submit" autofocus>Keep them</button>
        </form>
      </Dialog>
    </div>
  );
}
