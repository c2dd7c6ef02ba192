import { For, Show, createEffect, createSignal, onCleanup } from 'solid-js';
import { TIMEFRAMES, type Timeframe } from '../../core/market/candles';
import { useClient } from '../client';
import { fmtMoney } from '../format';
import { ParamFields } from '../strategies/ParamFields';
import type { ParamInputs } from '../strategyParams';
import { parseDecimal } from '../ticket';
import { carriedInputs, declaredSpecs, runParams } from './runParams';

/** The run log is read this often while a strategy runs (its lines live in the engine's bridge). */
const LOG_EVERY_MS = 1_000;

/**
 * Runs the strategy in the editor: saved and checked first, then started
 * with the Strategies' own command (`strategyStart`, `user:<name>`), with a
 * market, a timeframe and a budget. Its status, P&L and error (with the
 * line) come from the engine's strategy list; its log from the sandbox.
 */
export function RunPanel(props: {
  name: () => string | null;
  dirty: () => boolean;
  save: () => Promise<boolean>;
  check: () => Promise<boolean>;
  defaultTimeframe: () => string | undefined;
  /** What the code's last good check declared as `params` (its parameters' fields). */
  declaredParams: () => unknown;
}) {
  const { engine, market, strategies } = useClient();
  const [symbol, setSymbol] = createSignal('FUN');
  const [timeframe, setTimeframe] = createSignal<Timeframe | ''>('');
  const [budget, setBudget] = createSignal('10000');
  const [msg, setMsg] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [runId, setRunId] = createSignal<string | null>(null);
  const [log, setLog] = createSignal<string[]>([]);
  const specs = () => declaredSpecs(props.declaredParams()) ?? {};
  const [inputs, setInputs] = createSignal<ParamInputs>({});
  const [errors, setErrors] = createSignal<Map<string, string>>(new Map());
  // Each check may declare other parameters: the fields follow, keeping what was typed where the name stays.
  createEffect(() => setInputs((before) => carriedInputs(specs(), before)));
  const onInput = (name: string, value: string | boolean) => {
    setInputs({ ...inputs(), [name]: value });
    if (errors().has(name)) setErrors(new Map([...errors()].filter(([k]) => k !== name)));
  };

  const mine = () => {
    const id = runId();
    return id === null ? undefined : strategies.byId(id);
  };

  // After a reload (or back on the page): the run of this code still going is the one shown, its log included.
  createEffect(() => {
    const name = props.name();
    if (runId() !== null || name === null) return;
    const going = (strategies.list() ?? []).filter((s) => s.strategy === `user:${name}` && (s.status === 'running' || s.status === 'paused')).at(-1);
    if (going !== undefined) setRunId(going.id);
  });

  const poll = setInterval(() => {
    const id = runId();
    if (id !== null) void engine.userStrategyLog(id).then(setLog, () => {});
  }, LOG_EVERY_MS);
  onCleanup(() => clearInterval(poll));

  const run = async () => {
    if (props.dirty() || props.name() === null) {
      if (!(await props.save())) return setMsg({ ok: false, text: 'Save the strategy first (give it a name).' });
    }
    if (!(await props.check())) return setMsg({ ok: false, text: 'Fix the error in the code first.' });
    const p = runParams(specs(), inputs());
    setErrors(p.ok ? new Map() : p.errors);
    if (!p.ok) return setMsg({ ok: false, text: p.message });
    const b = parseDecimal(budget());
    if (!(b > 0)) return setMsg({ ok: false, text: 'The budget must be an amount above zero.' });
    const tf = timeframe() || ((TIMEFRAMES as readonly string[]).includes(props.defaultTimeframe() ?? '') ? (props.defaultTimeframe() as Timeframe) : '1m');
    const r = await engine.strategyStart({ strategy: `user:${props.name()}`, symbol: symbol(), timeframe: tf, params: p.values, budget: b });
    if (!r.ok) return setMsg({ ok: false, text: r.message });
    setRunId(r.id);
    setLog([]);
    setMsg({ ok: true, text: `Started ${props.name()} as ${r.id} on ${symbol()}, ${tf} bars, with ${fmtMoney(b)}.` });
  };

  const stop = async () => {
    const id = runId();
    if (id === null) return;
    const r = await engine.strategyStop(id);
    setMsg(r.ok ? { ok: true, text: `Stopped ${id}: its cash and holdings went back to your account.` } : { ok: false, text: r.message });
  };

  return (
    <section class="card" aria-labelledby="h-run">
      <h2 id="h-run">Run it</h2>
      <form class="grid-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label>
          Market
          <select value={symbol()} onChange={(e) => setSymbol(e.currentTarget.value)} data-testid="run-symbol">
            <For each={market.instruments()}>{(i) => <option value={i.symbol}>{i.symbol}</option>}</For>
          </select>
        </label>
        <label>
          Timeframe
          <select value={timeframe()} onChange={(e) => setTimeframe(e.currentTarget.value as Timeframe | '')}>
            <option value="">As declared ({props.defaultTimeframe() ?? '1m'})</option>
            <For each={TIMEFRAMES}>{(t) => <option value={t}>{t}</option>}</For>
          </select>
        </label>
        <label>
          Budget (from your cash)
          <input inputmode="decimal" value={budget()} onInput={(e) => setBudget(e.currentTarget.value)} data-testid="run-budget" />
        </label>
        <Show when={Object.keys(specs()).length > 0}>
          <fieldset class="params run-params" data-testid="run-params">
            <legend>Parameters (declared by the code)</legend>
            <div class="grid-form">
              <ParamFields id="run-param" specs={specs()} inputs={inputs()} errors={errors()} onInput={onInput} />
            </div>
          </fieldset>
        </Show>
        <div class="inline-actions">
          <button type="submit" class="primary">Run</button>
          <Show when={mine()?.status === 'running' || mine()?.status === 'paused'}>
            <button type="button" onClick={() => void stop()}>Stop {runId()}</button>
          </Show>
        </div>
      </form>
      <p role="status" aria-live={msg()?.ok === false ? 'assertive' : 'polite'} class={msg()?.ok === false ? 'err-msg' : 'ok-msg'} data-testid="run-msg">
        {msg()?.text ?? ''}
      </p>
      <Show when={mine()}>
        {(v) => (
          <div data-testid="run-state">
            <p>
              <strong>{v().id}</strong> · <span data-testid="run-status">{v().status}</span> · P&amp;L {fmtMoney(v().pnl)} ·{' '}
              <span data-testid="run-trades">{v().trades}</span> trades · equity {fmtMoney(v().equity)}
            </p>
            <Show when={v().error}>
              {(err) => (
                <p class="err-msg" role="alert" data-testid="run-error">
                  {err().line !== undefined ? `Line ${err().line}: ` : ''}{err().message}
                </p>
              )}
            </Show>
            <Show when={v().lastRefusal}>{(r) => <p class="muted small">Last refusal: {r()}</p>}</Show>
          </div>
        )}
      </Show>
      <Show when={log().length > 0}>
        <h3>Its log</h3>
        <pre class="run-log" data-testid="run-log" tabindex="0" aria-label="The strategy's log">{log().join('\n')}</pre>
      </Show>
    </section>
  );
}
