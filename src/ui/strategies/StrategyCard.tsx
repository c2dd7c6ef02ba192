import { For, Show, createMemo, createResource, createSignal, onCleanup } from 'solid-js';
import { useClient } from '../client';
import { LineChart } from '../chart/LineChart';
import { fmtDateTime, fmtMoney, fmtPct, fmtSignedMoney, tone } from '../format';
import { href } from '../router';
import { fieldErrors, fieldNamed, inputsOf, paramsLine, valuesOf, type ParamInputs } from '../strategyParams';
import type { ApiResult, StrategyInfo, StrategyStatus, StrategyView } from '../../protocol';
import { LiveVsBacktest } from './LiveVsBacktest';
import { ParamFields } from './ParamFields';

const STATUS: Record<StrategyStatus, string> = { running: 'Running', paused: 'Paused', stopped: 'Stopped', error: 'Stopped by an error' };
/** How often an open card asks for its curve and log (wall ms). */
const DETAIL_EVERY_MS = 2_000;

/**
 * One strategy: its status, money (equity, P&L, trades, fees), the order the
 * venue last refused and why, an error with its line, its equity curve and
 * log, and what the person can do with it (pause or resume, change its
 * parameters, stop it: its cash and holdings go back to the person).
 */
export function StrategyCard(props: { s: StrategyView; info: StrategyInfo | undefined }) {
  const { engine } = useClient();
  const s = () => props.s;
  const live = () => s().status === 'running' || s().status === 'paused';
  const [detail, { refetch }] = createResource(() => s().id, (id) => engine.strategyDetail(id));
  const timer = setInterval(() => {
    if (live()) void refetch();
  }, DETAIL_EVERY_MS);
  onCleanup(() => clearInterval(timer));
  const equity = createMemo(() => detail()?.equity ?? { t: [], v: [] });
  const returnPct = () => (s().budget > 0 ? (s().pnl / s().budget) * 100 : NaN);

  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [confirmStop, setConfirmStop] = createSignal(false);
  const [editing, setEditing] = createSignal(false);
  const [inputs, setInputs] = createSignal<ParamInputs>({});
  const [errors, setErrors] = createSignal(new Map<string, string>());

  const act = async (what: string, op: 'strategyPause' | 'strategyResume' | 'strategyStop') => {
    setBusy(true);
    setMessage(null);
    try {
      const r: ApiResult = await engine[op](s().id);
      setMessage(r.ok ? { ok: true, text: what } : { ok: false, text: r.message });
      void refetch();
      return r.ok;
    } catch (err) {
      setMessage({ ok: false, text: String((err as Error)?.message ?? err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const startEdit = () => {
    const info = props.info;
    if (info === undefined) return;
    setInputs(inputsOf(info.params, s().params));
    setErrors(new Map());
    setEditing(true);
  };
  const saveParams = async (e: Event) => {
    e.preventDefault();
    const info = props.info;
    if (info === undefined) return;
    const errs = fieldErrors(info.params, inputs());
    setErrors(errs);
    if (errs.size > 0) return;
    setBusy(true);
    try {
      const r = await engine.strategyParams(s().id, valuesOf(info.params, inputs()));
      if (r.ok) {
        setEditing(false);
        setMessage({ ok: true, text: 'New parameters apply from the next bar.' });
      } else {
        const field = fieldNamed(r.message, Object.keys(info.params));
        setErrors(new Map([[field ?? '', r.message]]));
        if (field === null) setMessage({ ok: false, text: r.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const hid = () => `h-strat-${s().id}`;
  return (
    <article class="card strategy-card" aria-labelledby={hid()} data-testid={`strategy-${s().id}`} data-status={s().status}>
      <div class="card-head">
        <h3 id={hid()}>
          {s().title} <span class="muted small">{s().id}</span>
        </h3>
        <span class={`badge status-${s().status}`} data-testid="strategy-status">{STATUS[s().status]}</span>
      </div>
      <p class="muted small">
        <a href={href('trade', s().symbol)}>{s().symbol}</a> · {s().timeframe} bars ·{s().external ? ' your code, run in its own sandbox ·' : ''} {paramsLine(s().params, props.info?.params)} · started {fmtDateTime(s().startedAt)}
      </p>
      <dl class="stats">
        <div><dt>Equity</dt><dd data-testid="strategy-equity">{fmtMoney(s().equity)}</dd></div>
        <div><dt>P&amp;L</dt><dd class={tone(s().pnl)} data-testid="strategy-pnl">{fmtSignedMoney(s().pnl)} <span class="small">{fmtPct(returnPct())}</span></dd></div>
        <div><dt>Trades</dt><dd data-testid="strategy-trades">{s().trades}</dd></div>
        <div><dt>Fees</dt><dd data-testid="strategy-fees">{fmtMoney(s().fees)}</dd></div>
        <div><dt>Cash</dt><dd>{fmtMoney(s().cash)}</dd></div>
        <div><dt>Budget</dt><dd>{fmtMoney(s().budget)}</dd></div>
      </dl>
      <Show when={s().error}>
        {(err) => (
          <p class="err-msg" role="alert" data-testid="strategy-error">
            Error{err().line !== undefined ? ` on line ${err().line}` : ''}: {err().message}
          </p>
        )}
      </Show>
      <Show when={s().lastRefusal}>
        <p class="refusal small" data-testid="strategy-refusal"><strong>Last refused order:</strong> {s().lastRefusal}</p>
      </Show>
      <LineChart data={equity} label={`${s().id} equity`} height={110} testid={`strategy-curve-${s().id}`} unit="money" />
      <Show when={live()}>
        <div class="inline-actions">
          <Show when={s().status === 'running'} fallback={
            <button type="button" disabled={busy()} onClick={() => void act('Resumed.', 'strategyResume')}>Resume</button>
          }>
            <button type="button" disabled={busy()} onClick={() => void act('Paused: it places no orders until resumed.', 'strategyPause')}>Pause</button>
          </Show>
          <Show when={props.info !== undefined}>
            <button type="button" aria-expanded={editing()} disabled={busy()} onClick={() => (editing() ? setEditing(false) : startEdit())}>Change parameters</button>
          </Show>
          <Show when={confirmStop()} fallback={<button type="button" class="danger" disabled={busy()} onClick={() => setConfirmStop(true)}>Stop</button>}>
            <span class="confirm">
              <span>Stop {s().id}? Its orders are cancelled and its cash and holdings go back to you.</span>
              <button type="button" class="danger" disabled={busy()} onClick={() => void act('Stopped: its money is back in your account.', 'strategyStop').then(() => setConfirmStop(false))}>Yes, stop</button>
              <button type="button" onClick={() => setConfirmStop(false)}>Keep running</button>
            </span>
          </Show>
        </div>
      </Show>
      <Show when={s().status === 'error' && !s().settled}>
        <div class="inline-actions">
          <span class="small">It stopped trading; its cash and holdings are still in its account.</span>
          <button type="button" disabled={busy()} onClick={() => void act('Its money is back in your account.', 'strategyStop')}>Return its money</button>
        </div>
      </Show>
      <Show when={editing() && props.info}>
        {(info) => (
          <form class="params-edit" onSubmit={(e) => void saveParams(e)} novalidate>
            <fieldset class="params">
              <legend>Parameters of {s().id}</legend>
              <div class="grid-form">
                <ParamFields id={`edit-${s().id}`} specs={info().params} inputs={inputs()} errors={errors()}
                  onInput={(k, v) => setInputs({ ...inputs(), [k]: v })} />
              </div>
            </fieldset>
            <Show when={errors().get('')}><p class="err-msg">{errors().get('')}</p></Show>
            <div class="inline-actions">
              <button type="submit" class="primary" disabled={busy()}>Save parameters</button>
              <button type="button" onClick={() => setEditing(false)}>Cancel</button>
            </div>
          </form>
        )}
      </Show>
      <p role="status" class={message()?.ok ? 'ok-msg small' : 'err-msg small'}>{message()?.text ?? ''}</p>
      <LiveVsBacktest id={s().id} running={live()} />
      <Show when={(detail()?.log.length ?? 0) > 0}>
        <details class="strategy-log">
          <summary>Log ({detail()!.log.length})</summary>
          <ol reversed>
            <For each={detail()!.log.slice(-30).reverse()}>
              {(l) => <li><span class="muted small">{fmtDateTime(l.time)}</span> {l.message}</li>}
            </For>
          </ol>
        </details>
      </Show>
    </article>
  );
}
