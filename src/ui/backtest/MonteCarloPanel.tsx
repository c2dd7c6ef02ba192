import { Show, createSignal, onCleanup } from 'solid-js';
import type { MonteCarloResult } from '../../core/backtest/monteCarlo';
import { Code } from '../../core/codes';
import type { MonteCarloAnswer } from '../../protocol';
import { Histogram } from './Histogram';
import type { JobHandle } from './pool';
import { formatStat } from './statFormat';
import type { RunView } from './view';

export interface McTask {
  task<A extends MonteCarloAnswer>(message: unknown, onMessage: (m: { type?: unknown }) => void): JobHandle<A>;
}

const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

/**
 * Monte Carlo on the run shown above: its trades' returns shuffled (the same
 * trades in other orders: the final equity stays, the drawdown varies) or
 * resampled with replacement (both vary), seeded, in a backtest worker; the
 * distributions of final equity and of maximum drawdown drawn with their
 * 5/25/50/75/95 percentiles marked and listed.
 */
export function MonteCarloPanel(props: { view: RunView; pool: () => McTask }) {
  const [method, setMethod] = createSignal<'shuffle' | 'bootstrap'>('bootstrap');
  const [runs, setRuns] = createSignal('1000');
  const [seed, setSeed] = createSignal('1');
  const [running, setRunning] = createSignal<JobHandle<MonteCarloAnswer> | null>(null);
  const [result, setResult] = createSignal<MonteCarloResult | null>(null);
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  onCleanup(() => running()?.cancel());
  const thinned = () => props.view.trades.length < props.view.tradeCount;

  const run = async (e: Event) => {
    e.preventDefault();
    if (running() !== null) return;
    const n = whole(runs());
    const s = whole(seed());
    if (!(n >= 1)) return setStatus({ ok: false, text: 'Runs: a whole number from 1.' });
    if (!Number.isFinite(s)) return setStatus({ ok: false, text: 'The seed: a whole number.' });
    setStatus(null);
    const returns = Float64Array.from(props.view.trades, (t) => t.returnPct);
    const h = props.pool().task<MonteCarloAnswer>({ type: 'monteCarlo', study: { returns, method: method(), runs: n, cash: props.view.inputs.cash, seed: s } }, () => {});
    setRunning(h);
    const a = await h.done;
    setRunning(null);
    if (!a.ok) return setStatus({ ok: false, text: a.code === Code.CANCELLED ? 'Monte Carlo cancelled.' : a.message });
    setResult(a.result);
    setStatus({ ok: true, text: `${a.result.runs.toLocaleString()} ${a.result.method === 'shuffle' ? 'shuffles' : 'resamples'} of ${a.result.trades.toLocaleString()} trades.` });
  };

  return (
    <section class="card" aria-labelledby="h-bt-mc" data-testid="bt-montecarlo">
      <h2 id="h-bt-mc">Monte Carlo of this run's trades</h2>
      <p class="hint">
        How much luck is in the result? Shuffles keep the same trades in other orders (the final equity cannot change, the drawdown can);
        a bootstrap draws as many trades with replacement (both vary). Each trade's return compounds from the starting cash.
        <Show when={thinned()}> This saved run kept {props.view.trades.length.toLocaleString()} of its {props.view.tradeCount.toLocaleString()} trades: those are used.</Show>
      </p>
      <form class="inline-actions" onSubmit={(e) => void run(e)} novalidate>
        <label>Method
          <select id="mc-method" value={method()} onChange={(e) => setMethod(e.currentTarget.value as 'shuffle' | 'bootstrap')}>
            <option value="bootstrap">Bootstrap (resample)</option>
            <option value="shuffle">Shuffle the order</option>
          </select>
        </label>
        <label>Runs <input id="mc-runs" class="bt-short" type="text" inputmode="numeric" value={runs()} onInput={(e) => setRuns(e.currentTarget.value)} /></label>
        <label>Seed <input id="mc-seed" class="bt-short" type="text" inputmode="numeric" value={seed()} onInput={(e) => setSeed(e.currentTarget.value)} /></label>
        <button type="submit" class="primary" disabled={running() !== null || props.view.trades.length === 0}>Run Monte Carlo</button>
        <Show when={running() !== null}><button type="button" onClick={() => running()?.cancel()}>Cancel Monte Carlo</button></Show>
      </form>
      <Show when={props.view.trades.length === 0}><p class="hint">The run made no trades: nothing to reorder.</p></Show>
      <p role="status" class={status()?.ok ? 'ok-msg' : 'err-msg'} data-testid="mc-status">{status()?.text ?? ''}</p>
      <Show when={result()}>
        {(r) => (
          <div class="bt-hists">
            <Histogram dist={r().finalEquity} label="Final equity" format={(v) => formatStat('money', v)} testid="mc-equity" />
            <Histogram dist={r().maxDrawdownPct} label="Max. drawdown [%]" format={(v) => formatStat('pct', v)} testid="mc-drawdown" />
          </div>
        )}
      </Show>
    </section>
  );
}
