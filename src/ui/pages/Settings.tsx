import { For, Show, createEffect, createResource, createSignal } from 'solid-js';
import { useClient } from '../client';
import { fmtMoney, fmtQty } from '../format';
import { download, today } from '../download';
import { FeedBadge } from '../components/FeedBadge';
import { parseDecimal } from '../ticket';
import { theme, setTheme, type Theme } from '../theme';
import { keepForReload, restoredText, takeAfterReload } from '../restoredText';
import type { RiskRules } from '../../core/portfolio/risk';
import type { ApiResult, Speed } from '../../protocol';

type Msg = { ok: boolean; text: string } | null;

/** Always in the page (empty until there is news), so a screen reader announces each message. */
function Message(props: { msg: () => Msg }) {
  return (
    <p role="status" aria-live={props.msg()?.ok === false ? 'assertive' : 'polite'} class={props.msg()?.ok === false ? 'err-msg' : 'ok-msg'}>
      {props.msg()?.text ?? ''}
    </p>
  );
}

export function Settings() {
  return (
    <section aria-labelledby="h-settings">
      <h1 id="h-settings">Funds &amp; settings</h1>
      <Funds />
      <Speed />
      <Sources />
      <Risk />
      <Reset />
      <Appearance />
      <Backup />
      <Storage />
    </section>
  );
}

function Funds() {
  const { engine, frame } = useClient();
  const [amount, setAmount] = createSignal('');
  const [msg, setMsg] = createSignal<Msg>(null);
  const move = async (kind: 'deposit' | 'withdraw') => {
    const x = parseDecimal(amount());
    if (!(x > 0)) return setMsg({ ok: false, text: 'Enter an amount above zero.' });
    const r = kind === 'deposit' ? await engine.deposit(x) : await engine.withdraw(x);
    setMsg(r.ok ? { ok: true, text: `${kind === 'deposit' ? 'Added' : 'Withdrew'} ${fmtMoney(x)} of virtual cash.` } : { ok: false, text: r.message });
    if (r.ok) setAmount('');
  };
  return (
    <section class="card" aria-labelledby="h-funds">
      <h2 id="h-funds">Virtual cash</h2>
      <p>Cash: <strong data-testid="settings-cash">{fmtMoney(frame()?.portfolio.cash)}</strong> · available {fmtMoney(frame()?.portfolio.cashAvailable)}</p>
      <form class="inline" onSubmit={(e) => { e.preventDefault(); void move('deposit'); }}>
        <label for="funds-amount">Amount (USD)</label>
        <input id="funds-amount" inputmode="decimal" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} />
        <button type="submit" class="primary">Add cash</button>
        <button type="button" onClick={() => void move('withdraw')}>Withdraw</button>
      </form>
      <Message msg={msg} />
    </section>
  );
}

const SPEEDS: [Speed, string][] = [[0, 'Pause'], [1, '1×'], [10, '10×'], [60, '60×']];

/**
 * A setting the worker holds: the person's choice shows at once, and the
 * frames take over once they carry it (or it was refused).
 */
function createChoice<T>(actual: () => T | undefined, send: (v: T) => Promise<ApiResult>) {
  const [chosen, setChosen] = createSignal<T | null>(null);
  createEffect(() => {
    if (chosen() !== null && actual() === chosen()) setChosen(null);
  });
  const current = () => chosen() ?? actual();
  const choose = async (v: T): Promise<ApiResult> => {
    setChosen(() => v);
    const r = await send(v);
    if (!r.ok) setChosen(null);
    return r;
  };
  return { current, choose };
}

function Speed() {
  const { engine, frame } = useClient();
  const [msg, setMsg] = createSignal<Msg>(null);
  const speed = createChoice((): Speed | undefined => frame()?.speed, (s: Speed) => engine.setSpeed(s));
  const current = speed.current;
  const set = async (s: Speed) => {
    const r = await speed.choose(s);
    setMsg(r.ok ? null : { ok: false, text: r.message });
  };
  return (
    <section class="card" aria-labelledby="h-speed">
      <h2 id="h-speed">Simulation speed</h2>
      <p class="muted">For synthetic markets: how fast simulated time runs.</p>
      <div role="radiogroup" aria-labelledby="h-speed" class="segmented">
        <For each={SPEEDS}>
          {([s, label]) => (
            <label classList={{ on: current() === s }}>
              <input type="radio" name="speed" checked={current() === s} onChange={() => void set(s)} /> {label}
            </label>
          )}
        </For>
      </div>
      <Message msg={msg} />
    </section>
  );
}

const MODES: [string, string][] = [
  ['auto', 'Automatic (Binance, then Coinbase, then Kraken)'],
  ['binance', 'Binance'],
  ['coinbase', 'Coinbase'],
  ['kraken', 'Kraken'],
  ['synthetic', 'Synthetic only (no network)'],
];

function Sources() {
  const { engine, frame } = useClient();
  const [msg, setMsg] = createSignal<Msg>(null);
  const [key, setKey] = createSignal('');
  const [secret, setSecret] = createSignal('');
  const feeds = () => frame()?.feeds ?? null;
  const mode = createChoice(() => feeds()?.mode, (m: string) => engine.setFeedMode(m));
  const setMode = async (m: string) => {
    const r = await mode.choose(m);
    setMsg(r.ok ? { ok: true, text: 'Price source saved.' } : { ok: false, text: r.message });
  };
  const saveKeys = async (e: Event) => {
    e.preventDefault();
    const r = await engine.setAlpacaKeys({ key: key(), secret: secret() });
    setMsg(r.ok ? { ok: true, text: 'Alpaca keys saved on this device; stocks will use live IEX prices.' } : { ok: false, text: r.message });
    if (r.ok) setSecret('');
  };
  const forget = async () => {
    const r = await engine.setAlpacaKeys(null);
    setMsg(r.ok ? { ok: true, text: 'Alpaca keys removed; stocks are synthetic again.' } : { ok: false, text: r.message });
  };
  return (
    <section class="card" aria-labelledby="h-sources">
      <h2 id="h-sources">Price sources</h2>
      <label for="feed-mode">Crypto prices
        <select id="feed-mode" value={mode.current() ?? 'auto'} onChange={(e) => void setMode(e.currentTarget.value)}>
          <For each={MODES}>{([v, label]) => <option value={v}>{label}</option>}</For>
        </select>
      </label>
      <div data-testid="feed-status">Crypto now: <FeedBadge group="crypto" details /></div>
      <form class="grid-form" onSubmit={(e) => void saveKeys(e)} aria-labelledby="h-alpaca">
        <div id="h-alpaca" class="muted">Stocks: live IEX prices with your own Alpaca keys, kept only on this device. <FeedBadge group="stock" details /></div>
        <label>API key ID <input autocomplete="off" value={key()} onInput={(e) => setKey(e.currentTarget.value)} /></label>
        <label>Secret key <input type="password" autocomplete="off" value={secret()} onInput={(e) => setSecret(e.currentTarget.value)} /></label>
        <button type="submit">Save keys</button>
        <Show when={feeds()?.alpaca}>
          <button type="button" class="danger" onClick={() => void forget()}>Forget keys</button>
        </Show>
      </form>
      <Message msg={msg} />
    </section>
  );
}

const RULES: [keyof RiskRules, string, string][] = [
  ['maxOrderNotional', 'Max order value (USD)', 'Largest value of one order'],
  ['maxPositionNotional', 'Max position value (USD)', 'Largest position an order may leave'],
  ['maxOpenOrders', 'Max open orders', 'Orders open at once'],
  ['maxDrawdownPct', 'Max drawdown (%)', 'New orders halt this far below peak equity'],
];

function Risk() {
  const { engine } = useClient();
  const [rules, { refetch }] = createResource(() => engine.risk());
  const [msg, setMsg] = createSignal<Msg>(null);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const next: RiskRules = {};
    for (const [k] of RULES) {
      const raw = String(form.get(k) ?? '').trim();
      next[k] = raw === '' ? null : parseDecimal(raw);
    }
    const r = await engine.setRisk(next);
    setMsg(r.ok ? { ok: true, text: 'Risk limits saved.' } : { ok: false, text: r.message });
    if (r.ok) void refetch();
  };
  return (
    <section class="card" aria-labelledby="h-risk">
      <h2 id="h-risk">Risk limits</h2>
      <p class="muted">Leave a field empty for no limit. An order that breaks a limit is refused with the reason.</p>
      <Show when={rules()}>
        <form class="grid-form" onSubmit={(e) => void submit(e)}>
          <For each={RULES}>
            {([k, label, hint]) => (
              <label>{label}
                <input name={k} inputmode="decimal" value={rules()![k] ?? ''} aria-describedby={`hint-${k}`} />
                <span id={`hint-${k}`} class="muted small">{hint}</span>
              </label>
            )}
          </For>
          <button type="submit" class="primary">Save limits</button>
        </form>
      </Show>
      <Message msg={msg} />
    </section>
  );
}

function Reset() {
  const { engine } = useClient();
  const [cash, setCash] = createSignal('100000');
  const [msg, setMsg] = createSignal<Msg>(null);
  const [busy, setBusy] = createSignal(false);
  let dialog!: HTMLDialogElement;
  const ask = () => {
    const x = parseDecimal(cash());
    if (!(x >= 0)) return setMsg({ ok: false, text: 'Starting cash must be zero or more.' });
    setMsg(null);
    dialog.showModal();
  };
  const reset = async () => {
    const x = parseDecimal(cash());
    setBusy(true);
    // A call can fail without an answer (the tab running the market closed): say so rather than hang.
    const r = await engine.reset(x).catch(unanswered);
    setBusy(false);
    dialog.close();
    setMsg(r.ok ? { ok: true, text: resetDone(x, r.cleared) } : { ok: false, text: r.message });
  };
  const exportBackup = async () => setMsg(await saveBackup(engine));
  const exportTrades = async () => {
    const r = await engine.tradesCsv();
    if (!r.ok) return setMsg({ ok: false, text: r.message });
    download(r.csv, `bourse-trades-${today()}.csv`, 'text/csv');
    setMsg({ ok: true, text: 'Trades saved as CSV.' });
  };
  return (
    <section class="card" aria-labelledby="h-reset">
      <h2 id="h-reset">Reset account</h2>
      <p class="muted">Starts again from a clean slate: nothing of your trading so far is kept.</p>
      <form class="inline" onSubmit={(e) => { e.preventDefault(); ask(); }}>
        <label for="reset-cash">Starting cash (USD)</label>
        <input id="reset-cash" inputmode="decimal" value={cash()} onInput={(e) => setCash(e.currentTarget.value)} />
        <button type="submit" class="danger">Reset account…</button>
      </form>
      <dialog ref={dialog} class="card confirm-dialog" aria-labelledby="h-reset-confirm" aria-describedby="reset-clears" data-testid="reset-dialog">
        <h3 id="h-reset-confirm">Reset your account?</h3>
        <div id="reset-clears">
          <p>This clears, for good:</p>
          <ul>
            <li>every open order (cancelled) and everything you hold</li>
            <li>your order and trade history in Activity</li>
            <li>your P&amp;L totals (realized, unrealized, fees) and your equity curve</li>
            <li>your return on the leaderboard</li>
          </ul>
          <p>You start again with <strong>{fmtMoney(parseDecimal(cash()))}</strong>. To keep a copy of what you have now, export it first.</p>
        </div>
        <div class="inline-actions">
          <button type="button" onClick={() => void exportBackup()}>Export backup first</button>
          <button type="button" onClick={() => void exportTrades()}>Export trades (CSV)</button>
        </div>
        <div class="inline-actions">
          <button type="button" class="danger" disabled={busy()} onClick={() => void reset()}>Yes, reset</button>
          {/* autofocus: the safe choice has the focus when the dialog opens */}
          <button type="button" autofocus onClick={() => dialog.close()}>Keep my account</button>
        </div>
      </dialog>
      <Message msg={msg} />
    </section>
  );
}

/** What a reset says when done: the cash it started with and what it cleared. */
function resetDone(cash: number, cleared: { orders: number; trades: number }): string {
  const n = (x: number, one: string, many: string) => `${fmtQty(x)} ${x === 1 ? one : many}`;
  return `Account reset with ${fmtMoney(cash)}. Cleared ${n(cleared.orders, 'order', 'orders')} and ${n(cleared.trades, 'trade', 'trades')}; P&L starts again from zero.`;
}

/** Saves the backup file; what to tell the person. */
async function saveBackup(engine: ReturnType<typeof useClient>['engine']): Promise<Msg> {
  const r = await engine.exportBackup();
  if (!r.ok) return { ok: false, text: r.message };
  download(r.text, `bourse-backup-${today()}.json`, 'application/json');
  return { ok: true, text: 'Backup saved.' };
}

function Appearance() {
  const options: [Theme, string][] = [['system', 'System'], ['light', 'Light'], ['dark', 'Dark']];
  return (
    <section class="card" aria-labelledby="h-theme">
      <h2 id="h-theme">Theme</h2>
      <div role="radiogroup" aria-labelledby="h-theme" class="segmented">
        <For each={options}>
          {([t, label]) => (
            <label classList={{ on: theme() === t }}>
              <input type="radio" name="theme" checked={theme() === t} onChange={() => setTheme(t)} /> {label}
            </label>
          )}
        </For>
      </div>
    </section>
  );
}

function Backup() {
  const { engine } = useClient();
  // After an import, the page reloads: what it restored is said here, once.
  const after = takeAfterReload();
  const [msg, setMsg] = createSignal<Msg>(after === null ? null : { ok: true, text: after });
  const [pending, setPending] = createSignal<{ name: string; text: string } | null>(null);
  const exportAll = async () => setMsg(await saveBackup(engine));
  const choose = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setPending({ name: file.name, text: await file.text() });
  };
  const restore = async () => {
    const p = pending();
    if (!p) return;
    let r: Awaited<ReturnType<typeof engine.importBackup>>;
    try {
      r = await engine.importBackup(p.text);
    } catch (err) {
      // No answer (the tab running the market closed): the import may or may not have replaced what is stored,
      // and the engine that took over runs from what is stored. The page starts again from it.
      setPending(null);
      setMsg({ ok: false, text: `${messageOf(err)} Reloading from what is stored…` });
      setTimeout(() => location.reload(), 1_500);
      return;
    }
    setPending(null);
    if (!r.ok) return setMsg({ ok: false, text: r.message });
    const text = restoredText(r.restored);
    keepForReload(text);
    setMsg({ ok: true, text: `${text} Reloading…` });
    setTimeout(() => location.reload(), 1_200);
  };
  return (
    <section class="card" aria-labelledby="h-backup">
      <h2 id="h-backup">Backup</h2>
      <p class="muted">Everything (market, orders, trades, settings) in one file, to keep or to move to another device.</p>
      <div class="inline-actions">
        <button type="button" onClick={() => void exportAll()}>Export backup</button>
        <label class="file-btn">
          Import backup…
          <input type="file" accept="application/json,.json" onChange={(e) => void choose(e)} />
        </label>
      </div>
      <Show when={pending()}>
        <p class="confirm" role="group" aria-label="Confirm import">
          <strong>Replace everything here with {pending()!.name}?</strong>
          <button type="button" class="danger" ref={(el) => queueMicrotask(() => el.focus())} onClick={() => void restore()}>Yes, replace</button>
          <button type="button" onClick={() => setPending(null)}>Cancel</button>
        </p>
      </Show>
      <Message msg={msg} />
    </section>
  );
}

function Storage() {
  const [est] = createResource(async () => (navigator.storage?.estimate ? navigator.storage.estimate() : null));
  return (
    <section class="card" aria-labelledby="h-storage">
      <h2 id="h-storage">Storage</h2>
      <Show when={est()} fallback={<p class="muted">This browser does not report storage use.</p>}>
        {(e) => <p>Using {fmtBytes(e().usage ?? 0)} of {fmtBytes(e().quota ?? 0)} available to Bourse on this device.</p>}
      </Show>
    </section>
  );
}

function fmtBytes(n: number): string {
  return new Intl.NumberFormat(undefined, { style: 'unit', unit: n >= 1e9 ? 'gigabyte' : n >= 1e6 ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 })
    .format(n >= 1e9 ? n / 1e9 : n >= 1e6 ? n / 1e6 : n / 1e3);
}

/** A call that failed without an answer, as a failure to show (the leader's tab closed: whether it ran is for the page to check). */
function unanswered(err: unknown): { ok: false; code: string; message: string } {
  return { ok: false, code: 'UNANSWERED', message: messageOf(err) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
