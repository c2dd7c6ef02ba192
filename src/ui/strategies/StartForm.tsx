import { For, Show, createEffect, createMemo, createSignal, on } from 'solid-js';
import { useClient } from '../client';
import { fmtMoney } from '../format';
import { checkBudget, fieldErrors, fieldNamed, inputsOf, valuesOf, type ParamInputs } from '../strategyParams';
import type { Timeframe } from '../../core/market/candles';
import type { Group, StrategyInfo } from '../../protocol';
import { ParamFields } from './ParamFields';

const GROUPS: [Group, string][] = [
  ['exchange', 'Exchange (simulated)'],
  ['stock', 'Stocks'],
  ['crypto', 'Crypto (live feed when connected)'],
];
const TIMEFRAMES: [Timeframe, string][] = [
  ['1s', '1 second'], ['1m', '1 minute'], ['5m', '5 minutes'], ['15m', '15 minutes'], ['1h', '1 hour'], ['1d', '1 day'],
];

/**
 * Start a strategy: a built-in (its title and plain-words description), its
 * parameters as typed fields, a market, a timeframe and a budget. Each field
 * is checked as the engine will check it (core's checkParams) and a refused
 * value is named beside its field; nothing is sent until all are good. The
 * engine's answer has the last word.
 */
export function StartForm(props: { catalog: StrategyInfo[]; onStarted: (id: string) => void }) {
  const { engine, frame, market: { instruments } } = useClient();
  // eslint-disable-next-line solid/reactivity -- the first strategy is only the initial pick
  const [name, setName] = createSignal(props.catalog[0]?.name ?? '');
  const info = createMemo(() => props.catalog.find((s) => s.name === name()));
  const [inputs, setInputs] = createSignal<ParamInputs>({});
  const [symbol, setSymbol] = createSignal('FUN');
  const [tf, setTf] = createSignal<Timeframe>('1m');
  const [budget, setBudget] = createSignal('1000');
  const [errors, setErrors] = createSignal(new Map<string, string>());
  const [budgetErr, setBudgetErr] = createSignal('');
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = createSignal(false);

  // Another strategy: its defaults and timeframe.
  createEffect(on(info, (s) => {
    if (s === undefined) return;
    setInputs(inputsOf(s.params));
    setTf(s.timeframe);
    setErrors(new Map());
    setStatus(null);
  }));
  const available = () => frame()?.portfolio.cashAvailable ?? 0;

  const onInput = (param: string, value: string | boolean) => {
    const next = { ...inputs(), [param]: value };
    setInputs(next);
    const s = info();
    // Re-check a field already refused as it is corrected; a new complaint waits for the submit.
    if (s !== undefined && errors().has(param)) setErrors(fieldErrors(s.params, next));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const s = info();
    if (s === undefined) return;
    setStatus(null);
    const errs = fieldErrors(s.params, inputs());
    setErrors(errs);
    const b = checkBudget(budget(), available());
    setBudgetErr(b.ok ? '' : b.message);
    if (errs.size > 0 || !b.ok) {
      setStatus({ ok: false, text: 'Nothing was started: correct the fields marked below.' });
      return;
    }
    setBusy(true);
    try {
      const r = await engine.strategyStart({ strategy: s.name, symbol: symbol(), timeframe: tf(), params: valuesOf(s.params, inputs()), budget: b.value });
      if (r.ok) {
        setStatus({ ok: true, text: `Started ${s.title} as ${r.id} on ${symbol()}.` });
        props.onStarted(r.id);
        return;
      }
      const field = fieldNamed(r.message, Object.keys(s.params));
      if (field !== null) setErrors(new Map([[field, r.message]]));
      setStatus({ ok: false, text: `Nothing was started: ${r.message}` });
    } catch (err) {
      setStatus({ ok: false, text: `Nothing was started: ${String((err as Error)?.message ?? err)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="h-start">
      <h2 id="h-start">Start a strategy</h2>
      <form class="start-form" onSubmit={(e) => void submit(e)} novalidate data-testid="strategy-form">
        <div class="grid-form">
          <label>
            Strategy
            <select id="st-strategy" value={name()} onChange={(e) => setName(e.currentTarget.value)}>
              <For each={props.catalog}>{(s) => <option value={s.name} selected={s.name === name()}>{s.title}</option>}</For>
            </select>
          </label>
          <label>
            Market
            <select id="st-symbol" value={symbol()} onChange={(e) => setSymbol(e.currentTarget.value)}>
              <For each={GROUPS}>
                {([g, title]) => (
                  <Show when={instruments().some((i) => i.group === g)}>
                    <optgroup label={title}>
                      <For each={instruments().filter((i) => i.group === g)}>{(i) => <option value={i.symbol} selected={i.symbol === symbol()}>{i.symbol} · {i.name}</option>}</For>
                    </optgroup>
                  </Show>
                )}
              </For>
            </select>
          </label>
          <label>
            Timeframe (one decision per bar)
            <select id="st-tf" value={tf()} onChange={(e) => setTf(e.currentTarget.value as Timeframe)}>
              <For each={TIMEFRAMES}>{([v, label]) => <option value={v} selected={v === tf()}>{label}</option>}</For>
            </select>
          </label>
          <label>
            <span>Budget <span class="muted small">of {fmtMoney(available())} free</span></span>
            <input id="st-budget" type="text" inputmode="decimal" autocomplete="off" value={budget()} aria-invalid={budgetErr() ? true : undefined}
              aria-describedby={budgetErr() ? 'st-budget-err' : undefined} onInput={(e) => setBudget(e.currentTarget.value)} />
            <Show when={budgetErr()}>
              <span class="err-msg small" id="st-budget-err">{budgetErr()}</span>
            </Show>
          </label>
        </div>
        <Show when={info()}>
          {(s) => (
            <>
              <p class="strategy-desc" data-testid="strategy-description">{s().description}</p>
              <fieldset class="params">
                <legend>Parameters</legend>
                <div class="grid-form">
                  <ParamFields id="st-param" specs={s().params} inputs={inputs()} errors={errors()} onInput={onInput} />
                </div>
              </fieldset>
            </>
          )}
        </Show>
        <div class="inline-actions">
          <button type="submit" class="primary" disabled={busy() || info() === undefined}>Start</button>
          <p role="status" class={status()?.ok ? 'ok-msg' : 'err-msg'} data-testid="strategy-form-status">{status()?.text ?? ''}</p>
        </div>
      </form>
    </section>
  );
}
