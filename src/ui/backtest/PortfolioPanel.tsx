import { For, Show, createSignal, onCleanup } from 'solid-js';
import { Code } from '../../core/codes';
import type { PortfolioAnswer, PortfolioSummary } from '../../protocol';
import { LineChart } from '../chart/LineChart';
import type { StrategyChoice } from './choices';
import type { JobHandle } from './pool';
import { savedStats } from './record';
import type { DataSourceOption } from './sources';
import { formatStat } from './statFormat';
import { StatsTable } from './StatsTable';
import type { StudyBase } from './studyBase';

export interface PortfolioTask {
  task<A extends PortfolioAnswer>(message: unknown, onMessage: (m: { type?: unknown }) => void): JobHandle<A>;
}

/**
 * One strategy over several of the page's data series sharing one cash
 * balance (core's `runPortfolio`), with the form's strategy, parameters,
 * dates and costs: the combined equity, the account's statistics, and each
 * series' P&L and trades. In a backtest worker, with Cancel.
 */
export function PortfolioPanel(props: { strategy: StrategyChoice; sources: readonly DataSourceOption[]; base: () => StudyBase; pool: () => PortfolioTask }) {
  const [picked, setPicked] = createSignal<string[]>([]);
  const [running, setRunning] = createSignal<JobHandle<PortfolioAnswer> | null>(null);
  const [result, setResult] = createSignal<PortfolioSummary | null>(null);
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  onCleanup(() => running()?.cancel());
  const toggle = (id: string, on: boolean) => setPicked(on ? [...picked(), id] : picked().filter((x) => x !== id));

  const run = async (e: Event) => {
    e.preventDefault();
    if (running() !== null) return;
    const chosen = props.sources.filter((s) => picked().includes(s.id));
    if (chosen.length < 2) return setStatus({ ok: false, text: 'Tick at least two series.' });
    const base = props.base();
    if (!base.ok) return setStatus({ ok: false, text: base.message });
    setStatus({ ok: true, text: 'Reading the series…' });
    const legs = [];
    for (const s of chosen) {
      const src = await s.source();
      if (!src.ok) return setStatus({ ok: false, text: `${s.name} could not be read: ${src.message}` });
      legs.push({ symbol: s.name, source: src.source });
    }
    // Without a typed date range, every series whole (the form's bounds are its chosen source's).
    const { from, to, ...rest } = base.job;
    const range = base.typedRange ? { from, to } : {};
    const job = { ...rest, ...range, source: legs[0].source, ...(props.strategy.code !== undefined ? { code: props.strategy.code } : {}) };
    const h = props.pool().task<PortfolioAnswer>({ type: 'portfolio', study: { job, legs } }, () => {});
    setRunning(h);
    setStatus({ ok: true, text: 'Running…' });
    const a = await h.done;
    setRunning(null);
    if (!a.ok) return setStatus({ ok: false, text: a.code === Code.CANCELLED ? 'Portfolio backtest cancelled.' : `The portfolio did not run: ${a.message}` });
    setResult(a.result);
    setStatus({ ok: true, text: `Done: ${a.result.tradeCount.toLocaleString()} trades over ${a.result.time.length.toLocaleString()} moments, ${a.result.legs.length} series.` });
  };
  const curve = () => {
    const r = result();
    return r === null ? { t: [], v: [] } : { t: Array.from(r.time, (x) => x / 1000), v: Array.from(r.equity) };
  };

  return (
    <section class="card" aria-labelledby="h-bt-pf" data-testid="bt-portfolio">
      <h2 id="h-bt-pf">Portfolio backtest</h2>
      <p class="hint">
        The strategy, parameters and costs of the form above over several series at once (each whole, unless you typed dates), sharing one cash balance: its default order size is all
        the free money, so the first series to signal takes it (size with a fraction in your own code to share it).
      </p>
      <form onSubmit={(e) => void run(e)} novalidate>
        <fieldset>
          <legend>Series</legend>
          <div class="bt-series-picks">
            <For each={props.sources.filter((s) => s.bars > 0)}>
              {(s) => (
                <label class="check">
                  <input type="checkbox" checked={picked().includes(s.id)} onChange={(e) => toggle(s.id, e.currentTarget.checked)} data-testid={`pf-${s.id}`} />
                  {s.name}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <div class="inline-actions">
          <button type="submit" class="primary" disabled={running() !== null || props.strategy.problem !== null}>Run portfolio</button>
          <Show when={running() !== null}><button type="button" onClick={() => running()?.cancel()}>Cancel portfolio</button></Show>
        </div>
      </form>
      <p role="status" class={status()?.ok ? 'ok-msg' : 'err-msg'} data-testid="pf-status">{status()?.text ?? ''}</p>
      <Show when={result()}>
        {(r) => (
          <div class="bt-grid">
            <div>
              <h3>Combined equity</h3>
              <LineChart data={curve} label="Portfolio equity" height={180} testid="pf-equity-chart" />
              <div class="table-wrap bt-scroll" role="region" aria-label="Each series' part" tabindex="0">
                <table data-testid="pf-legs">
                  <thead><tr><th scope="col">Series</th><th scope="col" class="num">P&amp;L</th><th scope="col" class="num">Trades</th><th scope="col" class="num">Won</th></tr></thead>
                  <tbody>
                    <For each={r().legs}>
                      {(l) => (
                        <tr>
                          <td class="bt-reason">{l.symbol}</td>
                          <td class="num">{formatStat('money', l.pnl)}</td>
                          <td class="num">{formatStat('count', l.trades)}</td>
                          <td class="num">{formatStat('count', l.wins)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </div>
            <StatsTable id="pf-stats" caption="Statistics of the portfolio's shared account" columns={[{ key: 'pf', title: 'Portfolio', stats: savedStats(r().stats) }]} />
          </div>
        )}
      </Show>
    </section>
  );
}
