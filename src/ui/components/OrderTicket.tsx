import { Show, createMemo, createSignal } from 'solid-js';
import { useClient } from '../client';
import { fmtMoney, fmtQty } from '../format';
import { checkTicket, parseDecimal, sentMessage, type TicketFields } from '../ticket';
import { orphanOutcome, placedOrder, type SentTicket } from '../orphanedOrder';
import type { ApiResult, InstrumentInfo, OrderTypeName, OrderView, SideName, TifName } from '../../protocol';
// --- learner's explanations and preview (issue 13): src/ui/learn ---
import { BRACKET_HELP, ORDER_TYPE_HELP, TIF_HELP } from '../learn/explain';
import { Explain } from '../learn/Explain';
import { ticketPreview } from '../learn/ticketPreview';
import '../learn/learn.css';
// --- end learner ---

/**
 * The order ticket: buy or sell; market, limit, stop, stop-limit; time in
 * force; quantity or amount; a bracket's take-profit and stop-loss. Checked
 * here before it is sent (the engine checks again and has the last word).
 */
/** What the page may do to the ticket from outside (the sticky Buy/Sell bar, hotkeys): choose the side. */
export interface TicketControl {
  setSide: (side: SideName) => void;
}

export function OrderTicket(props: { inst: InstrumentInfo; price: () => string; setPrice: (p: string) => void; control?: (c: TicketControl) => void }) {
  const { engine, frame, market: { ticker }, trading } = useClient();
  const [side, setSide] = createSignal<SideName>('buy');
  const [type, setType] = createSignal<OrderTypeName>('limit');
  const [by, setBy] = createSignal<'qty' | 'amount'>('qty');
  const [qty, setQty] = createSignal('');
  const [amount, setAmount] = createSignal('');
  const [stop, setStop] = createSignal('');
  const [tif, setTif] = createSignal<TifName>('GTC');
  const [bracket, setBracket] = createSignal(false);
  const [tp, setTp] = createSignal('');
  const [sl, setSl] = createSignal('');
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = createSignal(false);
  /** An order whose answer was lost (the market's tab closed): why, and once known, the order it placed (null: none). */
  const [lost, setLost] = createSignal<{ why: string; order?: OrderView | null } | null>(null);
  const id = (s: string) => `ticket-${s}`;
  // eslint-disable-next-line solid/reactivity -- handed over once, when the ticket is made
  props.control?.({ setSide });

  const needsPrice = () => type() === 'limit' || type() === 'stop_limit';
  const needsStop = () => type() === 'stop' || type() === 'stop_limit';
  const fields = (): TicketFields => ({
    side: side(), type: type(), by: by(), qty: qty(), amount: amount(), price: props.price(), stop: stop(), tif: tif(),
    bracket: bracket(), takeProfit: tp(), stopLoss: sl(),
  });
  const market = () => {
    const t = ticker(props.inst.symbol);
    return { bid: t?.bid ?? NaN, ask: t?.ask ?? NaN, last: t?.last ?? NaN };
  };
  const check = createMemo(() => {
    const p = frame()?.portfolio;
    const held = p?.holdings.find((h) => h.symbol === props.inst.symbol)?.qty ?? 0;
    return checkTicket(fields(), props.inst, market(), { cash: p?.cashAvailable ?? 0, held });
  });

  // --- learner's preview (issue 13): what the order would do now, from the book this page shows ---
  const preview = createMemo(() => {
    const f = frame();
    const t = ticker(props.inst.symbol);
    return ticketPreview(
      props.inst,
      { side: side(), type: type(), tif: tif(), qty: check().qty, price: parseDecimal(props.price()), stop: parseDecimal(stop()) },
      {
        book: f?.book ?? null, last: t?.last ?? NaN, cash: f?.portfolio.cashAvailable ?? NaN,
        own: (f?.openOrders ?? []).filter((o) => o.symbol === props.inst.symbol),
      },
    );
  });
  // --- end learner ---

  const submit = async (e: Event) => {
    e.preventDefault();
    setLost(null);
    const c = check();
    if (!c.ok) {
      setStatus({ ok: false, text: c.message });
      return;
    }
    setBusy(true);
    const sent: SentTicket = { ticket: c.ticket, known: new Set(Object.keys(trading.orders)), sentAt: frame()?.now ?? 0 };
    let r: ApiResult<{ id: string }>;
    try {
      r = await engine.place(c.ticket);
    } catch (err) {
      await findOut(sent, err);
      return;
    }
    setBusy(false);
    if (r.ok) {
      setStatus({ ok: true, text: sentMessage(r.id, c.summary, r.saved !== false) });
      setQty('');
      setAmount('');
    } else {
      setStatus({ ok: false, text: r.message });
    }
  };

  /**
   * The call failed without an answer: the tab running the market closed with
   * the order in flight, so it may have been placed. The person is told at once;
   * the engine that took over (it is up once the call is refused) has the
   * journal's truth, and the order it finds is shown with its live state.
   */
  const findOut = async (sent: SentTicket, err: unknown) => {
    const why = messageOf(err);
    setStatus({ ok: false, text: `${why} Checking whether the order was placed…` });
    try {
      const order = placedOrder(sent, await engine.orders());
      setLost({ why, order });
    } catch (again) {
      setStatus({ ok: false, text: `${why} It could not be checked (${messageOf(again)}); look at your orders.` });
    } finally {
      setBusy(false);
    }
  };
  /** The ticket's message: a lost order's outcome follows the order as frames update it (filled, cancelled). */
  const statusText = () => {
    const l = lost();
    if (l === undefined || l === null || l.order === undefined) return status()?.text ?? '';
    const order = l.order === null ? null : (trading.orders[l.order.id] ?? l.order);
    return `${l.why} ${orphanOutcome(order)}`;
  };

  return (
    <form class="ticket card" onSubmit={(e) => void submit(e)} aria-labelledby={id('h')} novalidate>
      <h2 id={id('h')}>Order ticket</h2>
      <fieldset class="segmented">
        <legend class="visually-hidden">Side</legend>
        <label classList={{ on: side() === 'buy', buy: true }}>
          <input type="radio" name="side" value="buy" checked={side() === 'buy'} onChange={() => setSide('buy')} /> Buy
        </label>
        <label classList={{ on: side() === 'sell', sell: true }}>
          <input type="radio" name="side" value="sell" checked={side() === 'sell'} onChange={() => setSide('sell')} /> Sell
        </label>
      </fieldset>
      <div class="row2">
        <label for={id('type')}>Type
          <select id={id('type')} value={type()} aria-describedby={id('type-help')} onChange={(e) => setType(e.currentTarget.value as OrderTypeName)}>
            <option value="market">Market</option>
            <option value="limit">Limit</option>
            <option value="stop">Stop</option>
            <option value="stop_limit">Stop-limit</option>
          </select>
        </label>
        <Show when={needsPrice()}>
          <label for={id('tif')}>Time in force
            <select id={id('tif')} value={tif()} aria-describedby={id('tif-help')} onChange={(e) => setTif(e.currentTarget.value as TifName)}>
              <option value="GTC">Good till cancelled</option>
              <option value="IOC">Immediate or cancel</option>
              <option value="FOK">Fill or kill</option>
            </select>
          </label>
        </Show>
      </div>
      {/* --- learner's explanations (issue 13): the choice made, in plain words, with an example --- */}
      <Explain id={id('type-help')} help={ORDER_TYPE_HELP[type()]} what={`${type().replace('_', '-')} order`} />
      <Show when={needsPrice()}>
        <Explain id={id('tif-help')} help={TIF_HELP[tif()]} what={`time in force ${tif()}`} />
      </Show>
      {/* --- end learner --- */}
      <Show when={needsStop()}>
        <label for={id('stop')}>Stop price
          <input id={id('stop')} inputmode="decimal" autocomplete="off" value={stop()} onInput={(e) => setStop(e.currentTarget.value)} />
        </label>
      </Show>
      <Show when={needsPrice()}>
        <label for={id('price')}>Limit price
          <input id={id('price')} inputmode="decimal" autocomplete="off" value={props.price()} onInput={(e) => props.setPrice(e.currentTarget.value)} />
        </label>
      </Show>
      <fieldset class="segmented small">
        <legend class="visually-hidden">Enter size as</legend>
        <label classList={{ on: by() === 'qty' }}>
          <input type="radio" name="by" checked={by() === 'qty'} onChange={() => setBy('qty')} /> Quantity
        </label>
        <label classList={{ on: by() === 'amount' }}>
          <input type="radio" name="by" checked={by() === 'amount'} onChange={() => setBy('amount')} /> Amount
        </label>
      </fieldset>
      <Show when={by() === 'qty'} fallback={
        <label for={id('amount')}>Amount ({props.inst.quote === 'USDT' ? 'USD' : props.inst.quote})
          <input id={id('amount')} inputmode="decimal" autocomplete="off" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} />
        </label>
      }>
        <label for={id('qty')}>Quantity ({props.inst.base})
          <input id={id('qty')} inputmode="decimal" autocomplete="off" value={qty()} onInput={(e) => setQty(e.currentTarget.value)} />
        </label>
      </Show>
      <label class="check">
        <input type="checkbox" checked={bracket()} onChange={(e) => setBracket(e.currentTarget.checked)} aria-describedby={id('bracket-help')} /> Bracket (take-profit and stop-loss)
      </label>
      {/* --- learner's explanation (issue 13) --- */}
      <Explain id={id('bracket-help')} help={BRACKET_HELP} what="bracket" compact={!bracket()} />
      {/* --- end learner --- */}
      <Show when={bracket()}>
        <div class="row2">
          <label for={id('tp')}>Take-profit
            <input id={id('tp')} inputmode="decimal" autocomplete="off" value={tp()} onInput={(e) => setTp(e.currentTarget.value)} />
          </label>
          <label for={id('sl')}>Stop-loss
            <input id={id('sl')} inputmode="decimal" autocomplete="off" value={sl()} onInput={(e) => setSl(e.currentTarget.value)} />
          </label>
        </div>
      </Show>
      {/* --- learner's preview (issue 13): what happens if this is sent now --- */}
      <Show when={preview()?.text}>
        <p class="ticket-preview" data-testid="ticket-preview">{preview()!.text}</p>
      </Show>
      {/* --- end learner --- */}
      <dl class="estimate">
        <div><dt>Quantity</dt><dd data-testid="est-qty">{check().qty > 0 ? fmtQty(check().qty, props.inst.qtyDecimals) : '—'}</dd></div>
        <div><dt>Estimated {side() === 'buy' ? 'cost' : 'proceeds'}</dt><dd data-testid="est-cost">{check().cost > 0 ? fmtMoney(check().cost) : '—'}</dd></div>
        <div><dt>Fee (up to)</dt><dd>{check().fee > 0 ? fmtMoney(check().fee) : '—'}</dd></div>
      </dl>
      <Show when={!check().ok && check().touched}>
        <p class="hint" id={id('hint')}>{check().message}</p>
      </Show>
      <button type="submit" class={`primary ${side()}`} disabled={busy()} aria-describedby={!check().ok && check().touched ? id('hint') : undefined}>
        {side() === 'buy' ? 'Buy' : 'Sell'} {props.inst.symbol}
      </button>
      {/* Always in the page, so a screen reader hears each new message. */}
      <p role="status" aria-live={status()?.ok === false ? 'assertive' : 'polite'} class={status()?.ok === false ? 'err-msg' : 'ok-msg'} data-testid="ticket-status">
        {statusText()}
      </p>
    </form>
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
