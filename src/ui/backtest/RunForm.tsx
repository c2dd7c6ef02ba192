import { For, Show, createEffect, createMemo, createSignal, on, type JSX } from 'solid-js';
import type { ParamValue } from '../../core/strategy/types';
import type { StrategyChoice } from './choices';
import { ParamFields } from '../strategies/ParamFields';
import { fieldErrors, inputsOf, type ParamInputs } from '../strategyParams';
import { checkRun, dateText, type RunCheck, type RunErrors, type RunFields } from './form';
import type { DataSourceOption } from './sources';

type Ok = Extract<RunCheck, { ok: true }>;

/**
 * What goes back into the form from elsewhere: a sweep's parameters, or a
 * saved run's whole inputs (dates and costs too). A new object each time.
 */
export interface RunPreset {
  strategy: string;
  params: Readonly<Record<string, ParamValue>>;
  fields?: Pick<RunFields, 'from' | 'to' | 'cash' | 'commissionPct' | 'spreadBps'>;
}

/**
 * What to backtest: a built-in strategy (its plain-words description) and its
 * parameters (ranges said beside them), the data and a date range within it,
 * the starting cash, the commission and the spread. Run checks every field
 * first (each refusal beside its field); while a run goes, a progress bar and
 * Cancel.
 */
export function RunForm(props: {
  sources: readonly DataSourceOption[];
  /** The chosen source's id (the page's: an import selects what it imported). */
  sourceId: string;
  onSource: (id: string) => void;
  running: boolean;
  progress: { done: number; total: number } | null;
  /** The built-ins, then the person's own (checked by the sandbox). */
  strategies: readonly StrategyChoice[];
  onRun: (def: StrategyChoice, source: DataSourceOption, check: Ok) => void;
  onCancel: () => void;
  /** Under the form, in its card: the data's own controls (import, delete). */
  extra?: JSX.Element;
  /** Beside the data's select: what a source made on demand needs (a market and a timeframe). */
  sourceFields?: JSX.Element;
  /** What the form holds as it changes: the studies below (sweep, walk-forward, portfolio) run on it. */
  onDraft?: (strategy: StrategyChoice, fields: RunFields) => void;
  /** Put in the form from elsewhere (a sweep's "Use these parameters", a saved run opened). */
  preset?: RunPreset | null;
}) {
  // eslint-disable-next-line solid/reactivity -- the first strategy is only the initial pick
  const [name, setName] = createSignal(props.strategies[0].name);
  const def = createMemo(() => props.strategies.find((s) => s.name === name()) ?? props.strategies[0]);
  const source = createMemo(() => props.sources.find((s) => s.id === props.sourceId) ?? props.sources[0]);
  // eslint-disable-next-line solid/reactivity -- the first strategy's defaults only; another strategy's come with the effect below
  const [params, setParams] = createSignal<ParamInputs>(inputsOf(def().params));
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [cash, setCash] = createSignal('10000');
  const [commission, setCommission] = createSignal('0');
  const [spread, setSpread] = createSignal('0');
  const [errors, setErrors] = createSignal<RunErrors>({ params: new Map(), fields: new Map() });

  // A preset waiting for its strategy to be picked (the change below would put the defaults over it).
  let presetting: RunPreset | null = null;
  // Another strategy (or the same one's declaration again, after its code changed): its defaults, or the preset's values.
  createEffect(on(() => [def().name, def().params] as const, ([n, specs]) => {
    const given = presetting?.strategy === n ? presetting.params : undefined;
    presetting = null;
    setParams(inputsOf(specs, given));
    setErrors({ params: new Map(), fields: new Map() });
  }, { defer: true }));
  createEffect(on(() => props.preset, (p) => {
    if (!p) return;
    if (p.fields !== undefined) {
      setFrom(p.fields.from);
      setTo(p.fields.to);
      setCash(p.fields.cash);
      setCommission(p.fields.commissionPct);
      setSpread(p.fields.spreadBps);
    }
    if (p.strategy !== name()) {
      presetting = p;
      setName(p.strategy);
    } else {
      setParams(inputsOf(def().params, p.params));
      setErrors({ params: new Map(), fields: new Map() });
    }
  }, { defer: true }));

  const fields = (): RunFields => ({ params: params(), from: from(), to: to(), cash: cash(), commissionPct: commission(), spreadBps: spread() });
  createEffect(() => props.onDraft?.(def(), fields()));
  const onParam = (p: string, value: string | boolean) => {
    const next = { ...params(), [p]: value };
    setParams(next);
    if (errors().params.has(p)) setErrors({ ...errors(), params: fieldErrors(def().params, next) });
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (props.running || def().problem !== null) return;
    const r = checkRun(def(), source(), fields());
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors({ params: new Map(), fields: new Map() });
    props.onRun(def(), source(), r);
  };
  const err = (k: Parameters<RunErrors['fields']['get']>[0]) => errors().fields.get(k);
  const field = (id: string, k: 'from' | 'to' | 'cash' | 'commissionPct' | 'spreadBps') => ({
    id, 'aria-invalid': err(k) ? (true as const) : undefined, 'aria-describedby': err(k) ? `${id}-err` : undefined,
  });
  const errLine = (id: string, k: 'from' | 'to' | 'cash' | 'commissionPct' | 'spreadBps') => (
    <Show when={err(k)}><span class="err-msg small" id={`${id}-err`} data-testid={`${id}-err`}>{err(k)}</span></Show>
  );
  const pct = () => (props.progress && props.progress.total > 0 ? Math.round((props.progress.done / props.progress.total) * 100) : null);

  return (
    <section class="card" aria-labelledby="h-bt-run">
      <h2 id="h-bt-run">Run a backtest</h2>
      <form onSubmit={submit} novalidate data-testid="bt-form">
        <div class="grid-form">
          <label>
            Strategy
            <select id="bt-strategy" value={name()} onChange={(e) => setName(e.currentTarget.value)}>
              <For each={props.strategies.filter((s) => s.code === undefined)}>{(s) => <option value={s.name} selected={s.name === name()}>{s.title}</option>}</For>
              <Show when={props.strategies.some((s) => s.code !== undefined)}>
                <optgroup label="Your strategies (from the editor)">
                  <For each={props.strategies.filter((s) => s.code !== undefined)}>{(s) => <option value={s.name} selected={s.name === name()}>{s.title}</option>}</For>
                </optgroup>
              </Show>
            </select>
          </label>
          <label>
            Data
            <select id="bt-source" value={source().id} aria-describedby="bt-source-note" onChange={(e) => props.onSource(e.currentTarget.value)}>
              <For each={props.sources}>{(s) => <option value={s.id} selected={s.id === source().id}>{s.name}</option>}</For>
            </select>
          </label>
          {props.sourceFields}
          <p class="hint" id="bt-source-note">{source().note}</p>
          <label>
            <span>From <Show when={source().bars > 0}><span class="muted small">first bar {dateText(source().from)}</span></Show></span>
            <input type="date" {...field('bt-from', 'from')} min={source().bars > 0 ? dateText(source().from) : undefined} max={source().bars > 0 ? dateText(source().to) : undefined} value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
            {errLine('bt-from', 'from')}
          </label>
          <label>
            <span>To <Show when={source().bars > 0}><span class="muted small">last bar {dateText(source().to)}</span></Show></span>
            <input type="date" {...field('bt-to', 'to')} min={source().bars > 0 ? dateText(source().from) : undefined} max={source().bars > 0 ? dateText(source().to) : undefined} value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
            {errLine('bt-to', 'to')}
          </label>
          <label>
            Starting cash ($)
            <input type="text" inputmode="decimal" autocomplete="off" {...field('bt-cash', 'cash')} value={cash()} onInput={(e) => setCash(e.currentTarget.value)} />
            {errLine('bt-cash', 'cash')}
          </label>
          <label>
            <span>Commission (%) <span class="muted small">of each trade's value</span></span>
            <input type="text" inputmode="decimal" autocomplete="off" {...field('bt-commission', 'commissionPct')} value={commission()} onInput={(e) => setCommission(e.currentTarget.value)} />
            {errLine('bt-commission', 'commissionPct')}
          </label>
          <label>
            <span>Spread (bps) <span class="muted small">100 bps = 1 %: each entry pays it (a long buys that much higher, a short sells that much lower); exits do not</span></span>
            <input type="text" inputmode="decimal" autocomplete="off" {...field('bt-spread', 'spreadBps')} value={spread()} onInput={(e) => setSpread(e.currentTarget.value)} />
            {errLine('bt-spread', 'spreadBps')}
          </label>
        </div>
        <p class="strategy-desc" data-testid="bt-description">{def().description}</p>
        <Show when={def().problem}><p class="err-msg" role="alert" data-testid="bt-strategy-problem">{def().problem}</p></Show>
        <fieldset class="params">
          <legend>Parameters</legend>
          <div class="grid-form">
            <ParamFields id="bt-param" specs={def().params} inputs={params()} errors={errors().params} onInput={onParam} />
          </div>
          <Show when={err('form')}><p class="err-msg small" role="alert" data-testid="bt-form-err">{err('form')}</p></Show>
        </fieldset>
        <div class="inline-actions">
          <button type="submit" class="primary" disabled={props.running || def().problem !== null}>Run</button>
          <button type="button" disabled={!props.running} onClick={() => props.onCancel()}>Cancel</button>
          <Show when={props.running}>
            <label class="bt-progress">
              <span>Running{pct() === null ? '…' : ` ${pct()} %`}</span>
              <Show when={props.progress} fallback={<progress data-testid="bt-progress" />}>
                {(p) => <progress data-testid="bt-progress" max={p().total} value={p().done} />}
              </Show>
            </label>
          </Show>
        </div>
      </form>
      {props.extra}
    </section>
  );
}
