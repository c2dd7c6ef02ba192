/**
 * A student in a room: the join form (code, display name, the relay's
 * address), then their seat as the worker runs it: the round, their own
 * market on the relay's prices, an order ticket limited to what the room
 * allows, and the live board. The seat's token is kept in this browser, so
 * coming back to the room's link rejoins the same seat.
 */
import { For, Show, createSignal, onCleanup, onMount, untrack } from 'solid-js';
import type { OrderTicket } from '../../protocol';
import { ROOM_CODE_LENGTH, NAME_MAX } from '../../protocol/relay';
import type { SeatView } from '../../protocol/classroom';
import { useClient } from '../client';
import { fmtDateTime, fmtMoney, fmtPrice, fmtQty } from '../format';
import { RoomBoard } from './Board';
import { ReplayViewer, runReplay, type ReplayTarget } from './ReplayViewer';
import { keepRelayUrl, keepSeat, keptRelayUrl, keptSeat } from './keep';

const ROUND_TEXT = { lobby: 'Waiting for the teacher to start', running: 'Running', paused: 'Paused by the teacher', ended: 'Ended' } as const;
const TYPE_TEXT = { limit: 'Limit', market: 'Market', stop: 'Stop', stop_limit: 'Stop limit' } as const;

export function StudentRoom(props: { code: string | null }) {
  const { engine } = useClient();
  const [url, setUrl] = createSignal(keptRelayUrl(location));
  const [code, setCode] = createSignal(untrack(() => props.code) ?? '');
  const [name, setName] = createSignal('');
  const [seat, setSeat] = createSignal<SeatView | null>(null);
  const [msg, setMsg] = createSignal<{ ok: boolean; text: string } | null>(null);
  let byToken = false;

  const refresh = async () => {
    const v = await engine.classSeat();
    setSeat(v);
    if (v === null) return;
    if (v.token !== null && v.name !== null && v.status === 'online') keepSeat(v.code, { url: url(), token: v.token, name: v.name });
    // A kept token the relay no longer honours: forget it, so the person can take a new seat.
    if (v.status === 'closed' && v.problem !== null && byToken) {
      keepSeat(v.code, null);
      byToken = false;
    }
  };
  const timer = setInterval(() => void refresh(), 400);
  onCleanup(() => clearInterval(timer));

  const enter = async (entry: { url: string; code: string } & ({ name: string } | { token: string })) => {
    setMsg(null);
    byToken = 'token' in entry;
    const r = await engine.classJoin(entry);
    if (!r.ok) setMsg({ ok: false, text: r.message });
    await refresh();
  };

  onMount(() => void resume());
  /** A seat this worker already holds, else this browser's kept seat in the linked room. */
  const resume = async () => {
    const current = await engine.classSeat();
    if (current !== null && current.status !== 'closed' && (props.code === null || current.code === props.code.toUpperCase())) return setSeat(current);
    const c = props.code?.toUpperCase();
    const kept = c ? keptSeat(c) : null;
    if (c && kept) {
      setUrl(kept.url);
      await enter({ url: kept.url, code: c, token: kept.token });
    }
  };

  const join = (e: SubmitEvent) => {
    e.preventDefault();
    keepRelayUrl(url());
    const c = code().trim().toUpperCase();
    const kept = keptSeat(c);
    void enter(kept ? { url: url(), code: c, token: kept.token } : { url: url(), code: c, name: name() });
  };

  const leave = async () => {
    await engine.classLeave();
    setSeat(null);
  };

  const joined = () => {
    const s = seat();
    return s !== null && s.playerId !== null ? s : null;
  };

  return (
    <Show
      when={joined()}
      fallback={
        <section class="card" aria-labelledby="h-join">
          <h2 id="h-join">Join a class</h2>
          <Show when={seat()?.status === 'connecting'}><p class="muted" role="status">Joining…</p></Show>
          <Show when={seat()?.status === 'offline'}>
            <p class="err-msg" role="alert" data-testid="class-unreachable">
              Cannot reach the relay at {url()}: check the address, and that the relay allows this page (its own page always is). Trying again…
            </p>
          </Show>
          <Show when={seat()?.problem}>{(p) => <p class="err-msg" role="alert" data-testid="class-problem">{p()}</p>}</Show>
          <Show when={msg()}>{(m) => <p class="err-msg" role="alert">{m().text}</p>}</Show>
          <form class="grid-form" onSubmit={join}>
            <label>Room code
              <input data-testid="class-code" required autocomplete="off" autocapitalize="characters" maxLength={ROOM_CODE_LENGTH} value={code()} onInput={(e) => setCode(e.currentTarget.value)} />
            </label>
            <label>Your name (what the class sees)
              <input data-testid="class-name" required autocomplete="nickname" maxLength={NAME_MAX} value={name()} onInput={(e) => setName(e.currentTarget.value)} />
            </label>
            <label>Relay address
              <input data-testid="class-relay" required autocomplete="off" value={url()} onInput={(e) => setUrl(e.currentTarget.value)} aria-describedby="class-relay-hint" />
              <span id="class-relay-hint" class="muted small">The teacher's laptop. When this page came from it, this is already right.</span>
            </label>
            <div><button type="submit" class="primary" data-testid="class-join">Join</button></div>
          </form>
        </section>
      }
    >
      {(s) => <Seat seat={s()} onLeave={() => void leave()} />}
    </Show>
  );
}

function Seat(props: { seat: SeatView; onLeave: () => void }) {
  const { engine } = useClient();
  const sc = () => props.seat.scenario!;
  // The ticket starts on the room's first instrument and order type (the scenario does not change in a room).
  const first = untrack(() => props.seat.scenario);
  const [symbol, setSymbol] = createSignal(first?.instruments[0] ?? '');
  const [side, setSide] = createSignal<'buy' | 'sell'>('buy');
  const [type, setType] = createSignal<OrderTicket['type']>(first?.orderTypes[0] ?? 'market');
  const [qty, setQty] = createSignal('');
  const [price, setPrice] = createSignal('');
  const [stop, setStop] = createSignal('');
  const [msg, setMsg] = createSignal<{ ok: boolean; text: string } | null>(null);
  const priceOf = (sym: string) => props.seat.prices.find(([s]) => s === sym)?.[1];
  const needsPrice = () => type() === 'limit' || type() === 'stop_limit';
  const needsStop = () => type() === 'stop' || type() === 'stop_limit';

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const t: OrderTicket = { symbol: symbol(), side: side(), type: type(), qty: Number(qty()) };
    if (needsPrice()) t.price = Number(price());
    if (needsStop()) t.stopPrice = Number(stop());
    const r = await engine.classPlace(t);
    setMsg(r.ok ? { ok: true, text: `Order ${r.id ?? ''} placed and sent to the relay.` } : { ok: false, text: r.message });
  };

  const cancel = async (id: string) => {
    const r = await engine.classCancel(id);
    setMsg(r.ok ? { ok: true, text: `Order ${id} cancelled.` } : { ok: false, text: r.message });
  };

  const offline = () => props.seat.status === 'offline';
  // After the round: the seat whose session is being replayed (any seat of the room, asked on this seat's socket).
  const [replaying, setReplaying] = createSignal<ReplayTarget | null>(null);
  const ended = () => props.seat.round?.state === 'ended';
  return (
    <>
      <section class="card" aria-labelledby="h-seat">
        <div class="card-head">
          <h2 id="h-seat">{sc().title || 'Classroom'} · room <span data-testid="class-room-code">{props.seat.code}</span></h2>
          <button type="button" onClick={() => props.onLeave()}>Leave</button>
        </div>
        <p>
          <strong data-testid="class-you">{props.seat.name}</strong>{' '}
          <span data-testid="class-round" class="badge">{props.seat.round ? ROUND_TEXT[props.seat.round.state] : '…'}</span>{' '}
          <span class="badge" classList={{ down: offline() }} data-testid="class-status" role="status">
            {offline() ? 'Offline: keep trading, it catches up when the network is back' : props.seat.status === 'online' ? 'Connected' : props.seat.status}
          </span>
        </p>
        <Show when={props.seat.problem}>{(p) => <p class="err-msg" role="alert">{p()}</p>}</Show>
        <dl class="stats">
          <div><dt>Market time</dt><dd>{props.seat.now === null ? '—' : fmtDateTime(props.seat.now)}</dd></div>
          <div><dt>Equity</dt><dd data-testid="class-equity">{fmtMoney(props.seat.equity)}</dd></div>
          <div><dt>Cash</dt><dd>{fmtMoney(props.seat.cash)}</dd></div>
          <div><dt>Verified by the relay</dt><dd data-testid="class-verified">{fmtQty(props.seat.verified)} of {fmtQty(props.seat.journaled)}</dd></div>
        </dl>
      </section>
      <section class="card" aria-labelledby="h-class-ticket">
        <h2 id="h-class-ticket">Order</h2>
        <form class="grid-form" onSubmit={(e) => void submit(e)}>
          <label>Instrument
            <select data-testid="class-symbol" value={symbol()} onChange={(e) => setSymbol(e.currentTarget.value)}>
              <For each={sc().instruments}>{(s) => <option value={s}>{s} {priceOf(s) === undefined ? '' : `· ${fmtPrice(priceOf(s))}`}</option>}</For>
            </select>
          </label>
          <label>Side
            <select data-testid="class-side" value={side()} onChange={(e) => setSide(e.currentTarget.value === 'sell' ? 'sell' : 'buy')}>
              <option value="buy">Buy</option><option value="sell">Sell</option>
            </select>
          </label>
          <label>Type
            <select data-testid="class-type" value={type()} onChange={(e) => setType(e.currentTarget.value as OrderTicket['type'])}>
              <For each={sc().orderTypes}>{(t) => <option value={t}>{TYPE_TEXT[t]}</option>}</For>
            </select>
          </label>
          <label>Quantity
            <input data-testid="class-qty" required inputmode="decimal" value={qty()} onInput={(e) => setQty(e.currentTarget.value)} />
          </label>
          <Show when={needsStop()}>
            <label>Stop price<input inputmode="decimal" required value={stop()} onInput={(e) => setStop(e.currentTarget.value)} /></label>
          </Show>
          <Show when={needsPrice()}>
            <label>Limit price<input inputmode="decimal" required value={price()} onInput={(e) => setPrice(e.currentTarget.value)} /></label>
          </Show>
          <div><button type="submit" class="primary" data-testid="class-submit">{side() === 'buy' ? 'Buy' : 'Sell'}</button></div>
        </form>
        <Show when={msg()}>{(m) => <p class={m().ok ? 'ok-msg' : 'err-msg'} role={m().ok ? 'status' : 'alert'} data-testid="class-order-msg">{m().text}</p>}</Show>
      </section>
      <Show when={props.seat.orders.length > 0}>
        <section class="card table-wrap" aria-labelledby="h-class-orders">
          <h2 id="h-class-orders">Working orders</h2>
          <table data-testid="class-orders">
            <thead><tr><th scope="col">Order</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Price</th><th scope="col"><span class="visually-hidden">Cancel</span></th></tr></thead>
            <tbody>
              <For each={props.seat.orders}>
                {(o) => (
                  <tr>
                    <th scope="row">{o.side === 'buy' ? 'Buy' : 'Sell'} {o.symbol} · {TYPE_TEXT[o.type as keyof typeof TYPE_TEXT] ?? o.type}</th>
                    <td class="num">{fmtQty(o.qty, 4)}</td>
                    <td class="num">{o.price === null ? '—' : fmtPrice(o.price)}</td>
                    <td><button type="button" onClick={() => void cancel(o.id)} aria-label={`Cancel order ${o.id}`}>Cancel</button></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </section>
      </Show>
      <Show when={props.seat.holdings.length > 0}>
        <section class="card" aria-labelledby="h-class-holdings">
          <h2 id="h-class-holdings">Holdings</h2>
          <ul data-testid="class-holdings">
            <For each={props.seat.holdings}>{(h) => <li>{h.symbol}: {fmtQty(h.qty, 4)} · {fmtMoney(h.value)}</li>}</For>
          </ul>
        </section>
      </Show>
      <section aria-labelledby="h-class-board">
        <h2 id="h-class-board">Class board</h2>
        <RoomBoard
          rows={props.seat.board} me={props.seat.playerId} caption="Verified by the relay: every figure replayed from each student's journal."
          onReplay={ended() ? (r) => setReplaying({ playerId: r.playerId, name: r.name }) : undefined}
        />
      </section>
      <Show when={replaying()} keyed>
        {(t) => (
          <ReplayViewer
            target={t}
            fetchPage={(after) => engine.classReplayPage(t.playerId, after)}
            run={(entries) => runReplay(engine, props.seat.scenario, props.seat.sim, entries)}
            onClose={() => setReplaying(null)}
          />
        )}
      </Show>
    </>
  );
}
