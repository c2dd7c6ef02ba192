import { For, Index, Show, createEffect, createMemo, createSignal, on, onCleanup, untrack } from 'solid-js';
import { STAT_INFO, type StatInfo } from '../../core/backtest/statInfo';
import { bestOf, sortRows, type SweepRow } from '../../core/backtest/sweep';
import type { BacktestStats } from '../../core/backtest/types';
import { Code } from '../../core/codes';
import type { ParamValue, ParamValues } from '../../core/strategy/types';
import { paramsLine } from '../strategyParams';
import type { StrategyChoice } from './choices';
import { Heatmap } from './Heatmap';
import { heatmapOf, MAX_HEAT_CELLS } from './heatmap';
import { formatStat } from './statFormat';
import { defaultFields, planSweep, planText, type AxisField, type SweepFields, type SweepPlan } from './sweepForm';
import { frameBatch, startSweep, type PooledSweep, type SweepRows, type TaskRunner } from './sweepRun';
import type { StudyBase } from './studyBase';

/** The figures a sweep can rank by (not the dates). */
export const RANKABLE: readonly StatInfo[] = STAT_INFO.filter((s) => s.unit !== 'time');
const TABLE_KEYS: (keyof BacktestStats)[] = ['returnPct', 'sharpe', 'maxDrawdownPct', 'winRatePct', 'trades', 'sqn'];
const info = (k: keyof BacktestStats) => STAT_INFO.find((s) => s.key === k)!;
/** The table shows the best rows; a sweep of thousands scrolls through these. */
const SHOWN_ROWS = 100;
/** Rows arriving redraw the heatmap and the progress at most this often (on the next frame after it): ten times a second is a fill-in to watch, and each redraw lays the page out again. */
const REDRAW_MS = 100;

type Ran = { plan: Extract<SweepPlan, { ok: true }>; rows: SweepRows };

/**
 * A parameter sweep of the strategy the form above holds, on its data and
 * settings: each number's from/to/step, each flag's or choice's values; grid
 * or a seeded random sample. The sets the strategy's own rule refuses are
 * counted, with the first reason, before anything runs. It runs across the
 * page's pool of backtest workers, rows arriving as they are done (drawn once
 * per frame); a sortable table and a heatmap of any figure over any two
 * parameters; "Use these parameters" puts a set in the form.
 */
export function SweepPanel(props: {
  strategy: StrategyChoice;
  base: () => StudyBase;
  pool: () => TaskRunner;
  onUse: (params: ParamValues) => void;
  /** The plan and the figure chosen, for the walk-forward below (the same ranges). */
  onPlan: (plan: SweepPlan, statKey: keyof BacktestStats, maximize: boolean) => void;
}) {
  // eslint-disable-next-line solid/reactivity -- the first strategy's ranges; another's come with the effect below
  const [fields, setFields] = createSignal<SweepFields>(defaultFields(props.strategy.params));
  // Memos, so that only another strategy (or its declaration changing) resets the ranges, not each keystroke in the form above.
  const strategyName = createMemo(() => props.strategy.name);
  const specs = createMemo(() => props.strategy.params);
  createEffect(on([strategyName, specs], ([, p]) => setFields(defaultFields(p)), { defer: true }));
  const [statKey, setStatKey] = createSignal<keyof BacktestStats>('sqn');
  const [maximize, setMaximize] = createSignal(true);
  const [running, setRunning] = createSignal<PooledSweep | null>(null);
  const [ran, setRan] = createSignal<Ran | null>(null);
  const [version, setVersion] = createSignal(0);
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [xName, setX] = createSignal('');
  const [yName, setY] = createSignal('');
  const [picked, setPicked] = createSignal<number | null>(null);
  const plan = createMemo(() => planSweep(props.strategy, fields()));
  createEffect(() => props.onPlan(plan(), statKey(), maximize()));
  onCleanup(() => running()?.cancel());

  const setAxis = (name: string, a: AxisField) => setFields({ ...fields(), axes: { ...fields().axes, [name]: a } });
  // The heatmap, the progress and the best so far follow the rows every REDRAW_MS; the table is drawn when the sweep
  // ends (done or cancelled): laying out its rows while they arrived made the one long task the page had during a
  // sweep (`npm run figures`).
  const [tableVersion, setTableVersion] = createSignal(0);
  // eslint-disable-next-line solid/reactivity -- called from a timer: it reads the signals as they are then
  const draw = frameBatch(() => {
    setVersion((v) => v + 1);
    if (running() === null) setTableVersion((v) => v + 1);
  }, (cb) => setTimeout(() => requestAnimationFrame(cb), REDRAW_MS));

  const run = async (e: Event) => {
    e.preventDefault();
    const p = plan();
    const base = props.base();
    if (running() !== null || !p.ok) return;
    if (!base.ok) return setStatus({ ok: false, text: base.message });
    if (p.sets.length === 0) return setStatus({ ok: false, text: `Every set was refused: ${p.firstSkip ?? 'nothing to run'}` });
    setStatus(null);
    setPicked(null);
    const src = await base.source.source();
    if (!src.ok) return setStatus({ ok: false, text: `The data could not be read: ${src.message}` });
    const job = { ...base.job, source: src.source, ...(props.strategy.code !== undefined ? { code: props.strategy.code } : {}) };
    const s = startSweep(props.pool(), job, p.sets, () => draw.poke());
    // Two swept parameters with more than one value make the heatmap's axes (the first two, by default).
    const varied = p.axes.filter((a) => a.values.length > 1).map((a) => a.name);
    if (!varied.includes(xName())) setX(varied[0] ?? p.axes[0].name);
    if (!varied.includes(yName()) || yName() === xName()) setY(varied.find((n) => n !== xName()) ?? p.axes[0].name);
    setRan({ plan: p, rows: s.rows });
    setRunning(s);
    const r = await s.done;
    setRunning(null);
    draw.flush();
    if (!r.ok) {
      setStatus({ ok: false, text: r.code === Code.CANCELLED ? `Cancelled after ${s.rows.done.toLocaleString()} of ${p.sets.length.toLocaleString()} runs: the rows done are kept below.` : `The sweep stopped: ${r.message}` });
      return;
    }
    const best = bestOf(r.rows, statKey(), maximize());
    setStatus({ ok: true, text: `Done: ${r.rows.length.toLocaleString()} runs${best ? `; the best by ${info(statKey()).label}: ${paramsLine(best.params)}` : ''}.` });
  };

  const arrived = createMemo((): SweepRow[] => {
    version();
    return ran()?.rows.arrived() ?? [];
  });
  const done = createMemo(() => {
    version();
    return ran()?.rows.done ?? 0;
  });
  const best = createMemo(() => bestOf(arrived(), statKey(), maximize()));
  const sorted = createMemo(() => {
    tableVersion();
    return sortRows(untrack(arrived), statKey(), maximize()).slice(0, SHOWN_ROWS);
  });
  const grid = createMemo(() => {
    version();
    const r = ran();
    if (r === null || cells(r) > MAX_HEAT_CELLS) return heatmapOf([], [], xName(), yName(), statKey(), null);
    return heatmapOf(r.plan.axes, r.rows.rows, xName(), yName(), statKey(), best()?.params ?? null);
  });
  const cells = (r: Ran) => (r.plan.axes.find((a) => a.name === xName())?.values.length ?? 0) * (r.plan.axes.find((a) => a.name === yName())?.values.length ?? 0);
  const axisLabel = (n: string) => ran()?.plan.axes.find((a) => a.name === n)?.label ?? n;
  const columns = () => (TABLE_KEYS.includes(statKey()) ? TABLE_KEYS : [statKey(), ...TABLE_KEYS]);
  const sortBy = (k: keyof BacktestStats) => {
    if (k === statKey()) setMaximize(!maximize());
    else {
      setStatKey(k);
      setMaximize(true);
    }
  };
  const pickedRow = () => {
    const i = picked();
    return i === null ? undefined : ran()?.rows.rows[i];
  };
  const fmt = (k: keyof BacktestStats) => (v: number) => formatStat(info(k).unit, v);

  return (
    <section class="card" aria-labelledby="h-bt-sweep" data-testid="bt-sweep">
      <h2 id="h-bt-sweep">Parameter sweep</h2>
      <p class="hint">
        The strategy chosen above, on its data, dates, cash, commission and spread, once per set of parameters, across {props.pool().size} backtest workers.
      </p>
      <form onSubmit={(e) => void run(e)} novalidate data-testid="sweep-form">
        <fieldset class="params">
          <legend>Ranges of {props.strategy.title}</legend>
          <div class="bt-sweep-axes">
            <For each={Object.entries(props.strategy.params)}>
              {([name, spec]) => {
                const a = () => fields().axes[name];
                const id = (k: string) => `sw-${name}-${k}`;
                return (
                  <fieldset class="bt-axis">
                    <legend>{spec.label ?? name}</legend>
                    <Show when={a()?.kind === 'range'} fallback={
                      <div class="inline-actions">
                        <For each={spec.type === 'boolean' ? [true, false] : spec.type === 'choice' ? spec.options : []}>
                          {(v: ParamValue) => {
                            const on = () => { const x = a(); return x?.kind === 'values' && x.picked.includes(v); };
                            return (
                              <label class="check">
                                <input type="checkbox" id={id(String(v))} checked={on()} onChange={(e) => {
                                  const x = a();
                                  const list = x?.kind === 'values' ? x.picked : [];
                                  setAxis(name, { kind: 'values', picked: e.currentTarget.checked ? [...list, v] : list.filter((y) => y !== v) });
                                }} />
                                {typeof v === 'boolean' ? (v ? 'on' : 'off') : v}
                              </label>
                            );
                          }}
                        </For>
                      </div>
                    }>
                      <div class="bt-range">
                        <For each={['from', 'to', 'step'] as const}>
                          {(k) => (
                            <label>
                              {k}
                              <input type="text" inputmode="decimal" autocomplete="off" id={id(k)} value={(a() as Extract<AxisField, { kind: 'range' }>)[k]}
                                aria-invalid={!plan().ok && (plan() as { field: string | null }).field === name ? true : undefined}
                                onInput={(e) => setAxis(name, { ...(a() as Extract<AxisField, { kind: 'range' }>), [k]: e.currentTarget.value })} />
                            </label>
                          )}
                        </For>
                      </div>
                    </Show>
                  </fieldset>
                );
              }}
            </For>
          </div>
          <div class="inline-actions bt-sweep-mode">
            <label class="check"><input type="radio" name="sw-mode" checked={fields().mode === 'grid'} onChange={() => setFields({ ...fields(), mode: 'grid' })} /> Every combination (grid)</label>
            <label class="check"><input type="radio" name="sw-mode" id="sw-random" checked={fields().mode === 'random'} onChange={() => setFields({ ...fields(), mode: 'random' })} /> A random sample</label>
            <Show when={fields().mode === 'random'}>
              <label>Sets <input type="text" inputmode="numeric" id="sw-n" class="bt-short" value={fields().n} onInput={(e) => setFields({ ...fields(), n: e.currentTarget.value })} /></label>
              <label>Seed <input type="text" inputmode="numeric" id="sw-seed" class="bt-short" value={fields().seed} onInput={(e) => setFields({ ...fields(), seed: e.currentTarget.value })} /></label>
            </Show>
          </div>
          <p class={plan().ok ? 'hint' : 'err-msg small'} data-testid="sweep-plan" aria-live="polite">
            {(() => { const p = plan(); return p.ok ? planText(p) : p.message; })()}
          </p>
        </fieldset>
        <div class="inline-actions">
          <label>
            Rank by
            <select id="sw-stat" value={statKey()} onChange={(e) => setStatKey(e.currentTarget.value as keyof BacktestStats)}>
              <For each={RANKABLE}>{(s) => <option value={s.key} selected={s.key === statKey()}>{s.label}</option>}</For>
            </select>
          </label>
          <label>
            Best is
            <select id="sw-dir" value={maximize() ? 'max' : 'min'} onChange={(e) => setMaximize(e.currentTarget.value === 'max')}>
              <option value="max">the highest</option>
              <option value="min">the lowest</option>
            </select>
          </label>
          <button type="submit" class="primary" disabled={running() !== null || !plan().ok || props.strategy.problem !== null}>Run sweep</button>
          <Show when={running() !== null}><button type="button" onClick={() => running()?.cancel()}>Cancel sweep</button></Show>
          <Show when={running() !== null && ran()}>
            {(r) => (
              <label class="bt-progress">
                <span data-testid="sweep-progress-text">{done().toLocaleString()} / {r().plan.sets.length.toLocaleString()}</span>
                <progress data-testid="sweep-progress" max={r().plan.sets.length} value={done()} />
              </label>
            )}
          </Show>
        </div>
      </form>
      <p role="status" class={status()?.ok ? 'ok-msg' : 'err-msg'} data-testid="sweep-status">{status()?.text ?? ''}</p>

      <Show when={ran()}>
        {(r) => (
          <>
            <h3 id="h-sw-heat">Heatmap</h3>
            <div class="inline-actions">
              <label>Across <select id="sw-x" value={xName()} onChange={(e) => setX(e.currentTarget.value)}>
                <For each={r().plan.axes}>{(a) => <option value={a.name} selected={a.name === xName()}>{a.label}</option>}</For>
              </select></label>
              <label>Down <select id="sw-y" value={yName()} onChange={(e) => setY(e.currentTarget.value)}>
                <For each={r().plan.axes}>{(a) => <option value={a.name} selected={a.name === yName()}>{a.label}</option>}</For>
              </select></label>
            </div>
            <p class="hint">
              {info(statKey()).label} over two parameters{r().plan.axes.length > 2 ? `, the others at the best set's values (${best() ? paramsLine(Object.fromEntries(Object.entries(best()!.params).filter(([k]) => k !== xName() && k !== yName()))) : 'once a run is done'})` : ''}.
              Arrow keys move between cells; Enter or a click picks one.
            </p>
            <Show when={xName() !== yName()} fallback={<p class="err-msg small">Pick two different parameters.</p>}>
              <Show when={cells(r()) <= MAX_HEAT_CELLS} fallback={
                <p class="hint" data-testid="heat-too-big">
                  {cells(r()).toLocaleString()} cells are more than the heatmap draws ({MAX_HEAT_CELLS.toLocaleString()}): pick other parameters, or sweep with wider steps. The table below has every run.
                </p>
              }>
                <Heatmap grid={grid()} xLabel={axisLabel(xName())} yLabel={axisLabel(yName())} statLabel={info(statKey()).label} format={fmt(statKey())} onPick={setPicked} />
              </Show>
            </Show>
            <Show when={pickedRow()}>
              {(row) => (
                <p class="inline-actions" data-testid="sweep-picked">
                  <span>{paramsLine(row().params)}: {info(statKey()).label} {formatStat(info(statKey()).unit, row().stats[statKey()])}</span>
                  <button type="button" onClick={() => props.onUse(row().params)}>Use these parameters</button>
                </p>
              )}
            </Show>

            <h3 id="h-sw-rows">Runs, best first</h3>
            <Show when={running() === null} fallback={
              <p class="hint" data-testid="sweep-best-so-far">
                {best() ? `Best so far by ${info(statKey()).label}: ${paramsLine(best()!.params)}, ${formatStat(info(statKey()).unit, best()!.stats[statKey()])}. The table comes when the sweep ends.` : 'The table comes when the sweep ends.'}
              </p>
            }>
              <p class="hint" data-testid="sweep-count">The best {sorted().length.toLocaleString()} of {arrived().length.toLocaleString()} by {info(statKey()).label} (runs whose figure cannot be computed last). A column's name sorts by it; again, the other way.</p>
              <div class="table-wrap bt-scroll bt-sweep-rows" role="region" aria-labelledby="h-sw-rows" tabindex="0">
                <table data-testid="sweep-table">
                  <thead>
                    <tr>
                      <th scope="col">Parameters</th>
                      <For each={columns()}>
                        {(k) => (
                          <th scope="col" class="num" aria-sort={k === statKey() ? (maximize() ? 'descending' : 'ascending') : undefined}>
                            <button type="button" class="linkish" onClick={() => sortBy(k)}>{info(k).label}{k === statKey() ? (maximize() ? ' ▼' : ' ▲') : ''}</button>
                          </th>
                        )}
                      </For>
                      <th scope="col"><span class="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {/* By position: a redraw rewrites the texts of the rows that changed places, it does not make and drop rows. */}
                    <Index each={sorted()}>
                      {(row) => (
                        <tr>
                          <td class="bt-reason">{paramsLine(row().params)}{row().error ? ` (stopped: ${row().error})` : ''}</td>
                          <For each={columns()}>{(k) => <td class="num">{formatStat(info(k).unit, row().stats[k])}</td>}</For>
                          <td><button type="button" onClick={() => props.onUse(row().params)} aria-label={`Use ${paramsLine(row().params)}`}>Use</button></td>
                        </tr>
                      )}
                    </Index>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
