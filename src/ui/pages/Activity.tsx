import { For, Show, createEffect, createSignal, on } from 'solid-js';
import { useClient } from '../client';
import { createPaged } from '../paged';
import { download, today } from '../download';
import { VirtualTable } from '../components/VirtualRows';
import { fmtDateTime, fmtMoney, fmtPrice, fmtQty } from '../format';
import type { FillView, OrderView } from '../../protocol';
import { usePhone } from '../usePhone';

const ROW = 34;
/** A row's height as a card on a phone (the symbol, then the time, each on a line, the other cells two by two, labelled). */
const CARD_ROW = 128;
const PAGE = 200;
const STATUS: Record<string, string> = { open: 'Open', pending: 'Waiting', filled: 'Filled', cancelled: 'Cancelled' };

export function Activity() {
  const { engine, frame, market: { info, instruments } } = useClient();
  const [tab, setTab] = createSignal<'trades' | 'orders'>('trades');
  const [symbol, setSymbol] = createSignal('');
  const [side, setSide] = createSignal('');
  const [status, setStatus] = createSignal('');
  const [msg, setMsg] = createSignal('');
  // At 360 px a row is a card (app.css, table.cards): every column stays, labelled, and the virtual list needs its height.
  const phone = usePhone();
  const rowH = () => (phone() ? CARD_ROW : ROW);

  // History comes a page at a time from storage; what happens now is put in front.
  const trades = createPaged<FillView>((after) => engine.tradesPage({
    symbol: symbol() || undefined, side: (side() || undefined) as 'buy' | 'sell' | undefined, limit: PAGE,
    before: after && { ts: after.ts, seq: after.seq, n: after.n },
  }), PAGE, (x) => `${x.seq}:${x.orderId}`);
  const orderList = createPaged<OrderView>(async (after) => {
    const r = await engine.ordersPage({
      symbol: symbol() || undefined, status: (status() || undefined) as OrderView['status'] | undefined, limit: PAGE,
      before: after && { updatedAt: after.updatedAt, id: after.id },
    });
    const rows = side() === '' ? r.rows : r.rows.filter((o) => o.side === side());
    return { rows, more: r.more, last: r.rows[r.rows.length - 1] };
  }, PAGE, (o) => o.id);
  createEffect(on([symbol, side, status], () => {
    void trades.reset();
    void orderList.reset();
  }));
  const fits = (x: { symbol: string; side: string }) => (symbol() === '' || x.symbol === symbol()) && (side() === '' || x.side === side());
  createEffect(on(frame, (f) => {
    if (!f) return;
    trades.live(f.fills, fits);
    // eslint-disable-next-line solid/reactivity -- the filters are read when each frame's rows are filtered, by design
    orderList.live(f.orders, (o) => fits(o) && (status() === '' || o.status === status()));
  }));

  const exportCsv = async () => {
    const r = await engine.tradesCsv();
    if (!r.ok) {
      setMsg(r.message);
      return;
    }
    download(r.csv, `bourse-trades-${today()}.csv`, 'text/csv');
    setMsg(`Exported ${trades.total().toLocaleString()} trades.`);
  };

  return (
    <section aria-labelledby="h-activity">
      <div class="page-head">
        <h1 id="h-activity">Activity</h1>
        <button type="button" onClick={() => void exportCsv()}>Export trades (CSV)</button>
      </div>
      <Show when={msg()}><p role="status" class="ok-msg">{msg()}</p></Show>
      <div role="tablist" aria-label="Activity" class="tabs">
        <button role="tab" id="tab-trades" aria-selected={tab() === 'trades'} aria-controls="panel-activity" onClick={() => setTab('trades')}>Trades ({trades.total().toLocaleString()})</button>
        <button role="tab" id="tab-orders" aria-selected={tab() === 'orders'} aria-controls="panel-activity" onClick={() => setTab('orders')}>Orders ({orderList.total().toLocaleString()}{orderList.rows().length < orderList.total() ? '+' : ''})</button>
      </div>
      <div class="filters">
        <label>Symbol
          <select value={symbol()} onChange={(e) => setSymbol(e.currentTarget.value)}>
            <option value="">All</option>
            <For each={instruments()}>{(i) => <option value={i.symbol}>{i.symbol}</option>}</For>
          </select>
        </label>
        <label>Side
          <select value={side()} onChange={(e) => setSide(e.currentTarget.value)}>
            <option value="">Both</option><option value="buy">Buy</option><option value="sell">Sell</option>
          </select>
        </label>
        <Show when={tab() === 'orders'}>
          <label>Status
            <select value={status()} onChange={(e) => setStatus(e.currentTarget.value)}>
              <option value="">Any</option>
              <For each={Object.entries(STATUS)}>{([k, v]) => <option value={k}>{v}</option>}</For>
            </select>
          </label>
        </Show>
      </div>
      <div id="panel-activity" role="tabpanel" aria-labelledby={tab() === 'trades' ? 'tab-trades' : 'tab-orders'} class="card cards-host">
        <Show when={tab() === 'trades'} fallback={
          <VirtualTable<OrderView> items={orderList.rows} total={orderList.total} onNearEnd={() => void orderList.more()} rowHeight={rowH()} height={480} columns={7} label="Orders" testid="orders-table" empty="No orders yet: the ones you place appear here."
            head={<tr><th scope="col">Updated</th><th scope="col">Symbol</th><th scope="col">Side</th><th scope="col">Type</th><th scope="col" class="num">Price</th><th scope="col" class="num">Filled / qty</th><th scope="col">Status</th></tr>}
            row={(o) => {
              const d = info(o.symbol)?.priceDecimals ?? 2;
              return (
                <tr style={{ height: `${rowH()}px` }}>
                  <td data-label="Updated">{fmtDateTime(o.updatedAt)}</td><th scope="row">{o.symbol}</th>
                  <td class={o.side === 'buy' ? 'up' : 'down'} data-label="Side">{o.side}</td><td data-label="Type">{o.type.replace('_', '-')}</td>
                  <td class="num" data-label="Price">{o.price !== null ? fmtPrice(o.price, d) : o.stopPrice !== null ? `stop ${fmtPrice(o.stopPrice, d)}` : 'market'}</td>
                  <td class="num" data-label="Filled / qty">{fmtQty(o.filled, 8)} / {fmtQty(o.qty, 8)}</td>
                  <td data-label="Status">{STATUS[o.status]}{o.reason && o.reason !== 'USER' ? ` (${o.reason})` : ''}</td>
                </tr>
              );
            }} />
        }>
          <VirtualTable<FillView> items={trades.rows} total={trades.total} onNearEnd={() => void trades.more()} rowHeight={rowH()} height={480} columns={7} label="Trades" testid="trades-table" empty="No trades yet: your fills appear here."
            head={<tr><th scope="col">Time</th><th scope="col">Symbol</th><th scope="col">Side</th><th scope="col" class="num">Price</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Fee</th><th scope="col">Role</th></tr>}
            row={(f) => (
              <tr style={{ height: `${rowH()}px` }}>
                <td data-label="Time">{fmtDateTime(f.ts)}</td><th scope="row">{f.symbol}</th>
                <td class={f.side === 'buy' ? 'up' : 'down'} data-label="Side">{f.side}</td>
                <td class="num" data-label="Price">{fmtPrice(f.price, info(f.symbol)?.priceDecimals ?? 2)}</td>
                <td class="num" data-label="Qty">{fmtQty(f.qty, info(f.symbol)?.qtyDecimals ?? 0)}</td>
                <td class="num" data-label="Fee">{fmtMoney(f.fee)}</td><td data-label="Role">{f.liquidity}</td>
              </tr>
            )} />
        </Show>
      </div>
    </section>
  );
}
