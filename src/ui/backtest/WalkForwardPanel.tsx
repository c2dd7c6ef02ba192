import { For, Show, createSignal, onCleanup } from 'solid-js';
import { STAT_INFO } from '../../core/backtest/statInfo';
import type { BacktestStats } from '../../core/backtest/types';
import type { WalkForwardResult } from '../../core/backtest/walkForward';
import { Code } from '../../core/codes';
import type { WalkForwardAnswer } from '../../protocol';
import { paramsLine } from '../strategyParams';
import type { StrategyChoice } from './choices';
import { CurvesChart } from './CurvesChart';
import type { JobHandle } from './pool';
import { formatDate, formatStat } from './statFormat';
import type { StudyBase } from './studyBase';
import type { SweepPlan } from './sweepForm';

/** What walk-forward needs of the pool: one task. */
export interface OneTask {
  task<A extends WalkForwardAnswer>(message: unknown, onMessage: (m: { type?: unknown }) => void): JobHandle<A>;
}

const info = (k: keyof BacktestStats) => STAT_INFO.find((s) => s.key === k)!;
const wholeBars = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

/**
 * Walk-forward with the sweep's ranges and its figure: each window's sweep on
 * `inSample` bars, its best set tested on the `outOfSample` bars after, the
 * windows rolling by the test's length. Runs in one backtest worker with
 * progress and Cancel; the windows' best parameters and both statistics in a
 * table; the stitched out-of-sample equity beside the in-sample one.
 */
export function WalkForwardPanel(props: {
  strategy: StrategyChoice;
  base: () => StudyBase;
  plan: SweepPlan | null;
  statKey: keyof BacktestStats;
  maximize: boolean;
  pool: () => OneTask;
}) {
  const [inBars, setInBars] = createSignal('500');
  const [outBars, setOutBars] = createSignal('250');
  const [running, setRunning] = createSignal<JobHandle<WalkForwardAnswer> | null>(null);
  const [progress, setProgress] = createSignal<{ done: number; total: number } | null>(null);
  const [result, setResult] = createSignal<WalkForwardResult | null>(null);
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  onCleanup(() => running()?.cancel());

  const run = async (e: Event) => {
    e.preventDefault();
    const p = props.plan;
    const base = props.base();
    if (running() !== null) return;
    if (p === null || !p.ok) return setStatus({ ok: false, text: `The sweep's ranges are not right: ${p?.ok === false ? p.message : 'none yet'}` });
    if (!base.ok) return setStatus({ ok: false, text: base.message });
    const n = wholeBars(inBars());
    const m = wholeBars(outBars());
    if (!(n >= 2)) return setStatus({ ok: false, text: 'The in-sample window is a whole number of bars, at least 2.' });
    if (!(m >= 2)) return setStatus({ ok: false, text: 'The out-of-sample window is a whole number of bars, at least 2.' });
    setStatus(null);
    setProgress(null);
    const src = await base.source.source();
    if (!src.ok) return setStatus({ ok: false, text: `The data could not be read: ${src.message}` });
    const job = { ...base.job, source: src.source, ...(props.strategy.code !== undefined ? { code: props.strategy.code } : {}) };
    const study = { job, ranges: Object.fromEntries(p.ranges), fixed: {}, inSampleBars: n, outOfSampleBars: m, statKey: props.statKey, maximize: props.maximize };
    const h = props.pool().task<WalkForwardAnswer>({ type: 'walkForward', study }, (msg) => {
      const x = msg as { type: unknown; done: number; total: number };
      if (x.type === 'progress') setProgress({ done: x.done, total: x.total });
    });
    setRunning(h);
    const a = await h.done;
    setRunning(null);
    setProgress(null);
    if (!a.ok) return setStatus({ ok: false, text: a.code === Code.CANCELLED ? 'Walk-forward cancelled.' : `Walk-forward did not run: ${a.message}` });
    setResult(a.result);
    setStatus({ ok: true, text: `Done: ${a.result.windows.length} windows, ${a.result.runs.toLocaleString()} backtests.` });
  };

  return (
    <section class="card" aria-labelledby="h-bt-wf" data-testid="bt-walkforward">
      <h2 id="h-bt-wf">Walk-forward</h2>
      <p class="hint">
        Optimise on a stretch of history, then test the winner on the bars after it, which the optimisation never saw; roll on and repeat.
        It uses the sweep's ranges above and picks by its figure ({info(props.statKey).label}, {props.maximize ? 'highest' : 'lowest'}).
      </p>
      <form class="inline-actions" onSubmit={(e) => void run(e)} novalidate>
        <label>In-sample bars <input id="wf-in" class="bt-short" type="text" inputmode="numeric" value={inBars()} onInput={(e) => setInBars(e.currentTarget.value)} /></label>
        <label>Out-of-sample bars <input id="wf-out" class="bt-short" type="text" inputmode="numeric" value={outBars()} onInput={(e) => setOutBars(e.currentTarget.value)} /></label>
        <button type="submit" class="primary" disabled={running() !== null || props.strategy.problem !== null}>Run walk-forward</button>
        <Show when={running() !== null}>
          <button type="button" onClick={() => running()?.cancel()}>Cancel walk-forward</button>
          <label class="bt-progress">
            <span>{progress() ? `${progress()!.done.toLocaleString()} / ${progress()!.total.toLocaleString()} backtests` : 'Starting…'}</span>
            <Show when={progress()} fallback={<progress data-testid="wf-progress" />}>{(p) => <progress data-testid="wf-progress" max={p().total} value={p().done} />}</Show>
          </label>
        </Show>
      </form>
      <p role="status" class={status()?.ok ? 'ok-msg' : 'err-msg'} data-testid="wf-status">{status()?.text ?? ''}</p>
      <Show when={result()}>
        {(r) => (
          <>
            <CurvesChart a={{ time: r().outOfSample.time, value: r().outOfSample.equity }} b={{ time: r().inSample.time, value: r().inSample.equity }}
              labelA="Out-of-sample (parameters chosen beforehand)" labelB="In-sample (chosen in hindsight)" testid="wf-chart" />
            <div class="table-wrap bt-scroll" role="region" aria-label="Walk-forward windows" tabindex="0">
              <table data-testid="wf-table">
                <thead>
                  <tr>
                    <th scope="col">Test window</th>
                    <th scope="col">Best in-sample</th>
                    <th scope="col" class="num">{info(props.statKey).label} in</th>
                    <th scope="col" class="num">{info(props.statKey).label} out</th>
                    <th scope="col" class="num">Return out</th>
                    <th scope="col" class="num">Trades out</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().windows}>
                    {(w) => (
                      <tr>
                        <td>{formatDate(w.outOfSample.start)} – {formatDate(w.outOfSample.end)}</td>
                        <td class="bt-reason">{paramsLine(w.params)}</td>
                        <td class="num">{formatStat(info(props.statKey).unit, w.inSampleStats[props.statKey])}</td>
                        <td class="num">{formatStat(info(props.statKey).unit, w.outOfSampleStats[props.statKey])}</td>
                        <td class="num">{formatStat('pct', w.outOfSampleStats.returnPct)}</td>
                        <td class="num">{formatStat('count', w.outOfSampleStats.trades)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
