import { For, Show, createMemo, createSignal, onCleanup } from 'solid-js';
import { useClient } from '../client';
import { fmtMoney, fmtPct, fmtPrice, fmtQty } from '../format';
import { parseDecimal } from '../ticket';
import type { InstrumentInfo, SideName } from '../../protocol';
import { walk, type WalkStep } from './ticketPreview';

/** Time between two levels of the walk: slow enough to follow, short enough to sit through. */
const STEP_MS = 700;

interface Walk {
  side: SideName;
  /** The rows shown, best first: each level's price, what rests there, and what the order takes (0: none). */
  rows: { price: number; qty: number; take: number }[];
  steps: number;
  average: number;
  best: number;
  filled: number;
  fee: number | null;
  /** 'book': worked out from the book before sending; 'fills': the person's own market order as it filled. */
  source: 'book' | 'fills';
  note: string;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * "Show me" (a): a market order walking the book. Before sending, from a
 * copy of the book this page shows (the same arithmetic as the ticket's
 * preview); after, from the fills of the person's last market order. Levels
 * light up one after another with the quantity taken at each, then the
 * average price and the slippage against the best price.
 */
export function WalkDemo(props: { inst: InstrumentInfo }) {
  const { frame, trading: { fills }, market: { ticker } } = useClient();
  const inst = () => props.inst;
  const [side, setSide] = createSignal<SideName>('buy');
  const [qty, setQty] = createSignal('');
  const [error, setError] = createSignal('');
  const [run, setRun] = createSignal<Walk | null>(null);
  const [at, setAt] = createSignal(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(timer));

  const play = (w: Walk) => {
    clearInterval(timer);
    setRun(w);
    if (reducedMotion()) {
      setAt(w.steps);
      return;
    }
    setAt(1);
    timer = setInterval(() => {
      if (at() >= w.steps) clearInterval(timer);
      else setAt(at() + 1);
    }, STEP_MS);
  };

  const fromBook = (e: Event) => {
    e.preventDefault();
    const q = parseDecimal(qty());
    const f = frame();
    if (!(q > 0)) return setError(`Enter a quantity of ${inst().base} to walk the book with.`);
    if (f?.book == null || f.book.symbol !== inst().symbol) return setError('The book is not here yet; try again in a moment.');
    const own = f.openOrders.filter((o) => o.symbol === inst().symbol);
    const w = walk(inst(), { book: f.book, last: ticker(inst().symbol)?.last ?? NaN, cash: Infinity, own }, { side: side(), qty: q, limit: 0, tif: 'GTC' });
    if (w.steps.length === 0) return setError(`The book has no ${side() === 'buy' ? 'asks' : 'bids'} to take now.`);
    setError('');
    const levels = side() === 'buy' ? f.book.asks : f.book.bids;
    const shown = levels.slice(0, Math.min(levels.length, Math.max(w.steps.length + 2, 5), 12));
    const takes = new Map(w.steps.map((s) => [s.price.toFixed(inst().priceDecimals), s.qty]));
    const rows = shown.map((l) => ({ price: l.price, qty: l.qty, take: takes.get(l.price.toFixed(inst().priceDecimals)) ?? 0 }));
    const filled = w.steps.reduce((s, x) => s + x.qty, 0);
    const note = w.p.left > 0 ? `Only ${fmtQty(filled, inst().qtyDecimals)} of ${fmtQty(q, inst().qtyDecimals)} could fill from the ${levels.length} levels shown; a market order's rest is cancelled.` : '';
    play({ side: side(), rows, steps: w.steps.length, average: w.average, best: w.steps[0].price, filled, fee: w.p.fee * w.unit, source: 'book', note });
  };

  /** The person's last market order on this market (its taker fills), level by level. */
  const lastTaken = createMemo(() => {
    const mine = fills().filter((f) => f.symbol === inst().symbol && f.liquidity === 'taker');
    const last = mine[mine.length - 1];
    if (last === undefined) return null;
    const of = mine.filter((f) => f.orderId === last.orderId);
    const steps: WalkStep[] = [];
    for (const f of of) {
      const s = steps.find((x) => x.price === f.price);
      if (s) s.qty += f.qty;
      else steps.push({ price: f.price, qty: f.qty });
    }
    return { side: last.side, steps, fee: of.reduce((s, f) => s + f.fee, 0) };
  });
  const fromFills = () => {
    const t = lastTaken();
    if (t === null) return;
    const filled = t.steps.reduce((s, x) => s + x.qty, 0);
    const average = t.steps.reduce((s, x) => s + x.price * x.qty, 0) / filled;
    const rows = t.steps.map((s) => ({ price: s.price, qty: s.qty, take: s.qty }));
    setError('');
    play({ side: t.side, rows, steps: rows.length, average, best: t.steps[0].price, filled, fee: t.fee, source: 'fills', note: '' });
  };

  const taken = (i: number) => {
    const w = run();
    if (w === null) return false;
    const k = w.rows.slice(0, i + 1).filter((r) => r.take > 0).length;
    return w.rows[i].take > 0 && k <= at();
  };
  const current = createMemo(() => {
    const w = run();
    if (w === null) return null;
    const withTake = w.rows.filter((r) => r.take > 0);
    return withTake[Math.min(at(), withTake.length) - 1] ?? null;
  });
  const done = () => run() !== null && at() >= run()!.steps;
  const px = (x: number) => fmtPrice(x, inst().priceDecimals);
  const slippage = () => {
    const w = run()!;
    return ((w.side === 'buy' ? w.average - w.best : w.best - w.average) / w.best) * 100;
  };

  return (
    <section aria-labelledby="h-walk">
      <h3 id="h-walk">A market order walks the book</h3>
      <form class="walk-form" onSubmit={fromBook}>
        <label for="walk-side">Side
          <select id="walk-side" value={side()} onChange={(e) => setSide(e.currentTarget.value as SideName)}>
            <option value="buy">Buy</option>
            <option value="sell">Sell</option>
          </select>
        </label>
        <label for="walk-qty">Quantity ({inst().base})
          <input id="walk-qty" inputmode="decimal" autocomplete="off" value={qty()} onInput={(e) => setQty(e.currentTarget.value)} />
        </label>
        <button type="submit">Show me</button>
        <Show when={lastTaken()}>
          <button type="button" onClick={fromFills}>Replay my last market order</button>
        </Show>
      </form>
      <p class="muted small">A buy takes the asks from the cheapest up; a sell takes the bids from the dearest down.</p>
      <Show when={error()}>
        <p class="hint" role="alert">{error()}</p>
      </Show>
      <Show when={run()}>
        {(w) => (
          <>
            <table class={`walk-ladder ${w().side}`} data-testid="walk-ladder">
              <caption class="visually-hidden">{w().side === 'buy' ? 'Asks' : 'Bids'}, best first, and what the order takes at each</caption>
              <thead><tr><th scope="col">Price</th><th scope="col">Resting</th><th scope="col">Taken</th></tr></thead>
              <tbody>
                <For each={w().rows}>
                  {(r, i) => (
                    <tr classList={{ taken: taken(i()), current: current() === r }} data-testid="walk-level" data-taken={taken(i()) ? 'yes' : 'no'}>
                      <td>{px(r.price)}</td>
                      <td>{fmtQty(r.qty, inst().qtyDecimals)}</td>
                      <td>{taken(i()) ? fmtQty(r.take, inst().qtyDecimals) : ''}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <p class="walk-result" role="status" data-testid="walk-status">
              <Show when={done()} fallback={current() ? `Level ${Math.min(at(), w().steps)} of ${w().steps}: takes ${fmtQty(current()!.take, inst().qtyDecimals)} at ${px(current()!.price)}…` : ''}>
                <span data-testid="walk-average">
                  {w().source === 'fills' ? 'Your order filled' : 'It would fill'} {fmtQty(w().filled, inst().qtyDecimals)} {inst().base} at {px(w().average)} on average
                  {w().steps > 1 ? `, ${fmtPct(slippage(), false)} ${w().side === 'buy' ? 'above' : 'below'} the best price ${px(w().best)} (slippage)` : ', all at the best price'}
                  {w().fee !== null ? `; fee ${fmtMoney(w().fee)}` : ''}.
                </span>
                {w().note ? ` ${w().note}` : ''}
              </Show>
            </p>
          </>
        )}
      </Show>
    </section>
  );
}
