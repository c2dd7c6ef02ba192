import { For, Show, type JSX } from 'solid-js';
import { CandleChart } from '../chart/CandleChart';
import { LineChart } from '../chart/LineChart';
import { paramsLine } from '../strategyParams';
import { StatsTable } from './StatsTable';
import { TradesTable } from './TradesTable';
import { formatDate } from './statFormat';
import type { RunView } from './view';

/** What a run produced: what ran, its statistics, its equity and drawdown, its candles with fills and indicators, its trades. */
export function RunResult(props: { view: RunView; actions?: JSX.Element }) {
  const v = () => props.view;
  const fills = () => v().candles?.signals.filter((s) => s.kind === 'fill').length ?? 0;
  return (
    <section class="card bt-result" aria-labelledby="h-bt-result" data-testid="bt-result">
      <div class="card-head">
        <h2 id="h-bt-result">
          {v().inputs.title} on {v().inputs.sourceName}
          <Show when={v().id !== null}><span class="badge">saved run {v().id}</span></Show>
        </h2>
        {props.actions}
      </div>
      <p class="muted small bt-what">
        {paramsLine(v().inputs.params)} · {formatDate(v().inputs.from)} to {formatDate(v().inputs.to)} ({v().inputs.bars.toLocaleString()} bars) ·
        cash {v().inputs.cash.toLocaleString(undefined, { style: 'currency', currency: 'USD' })} · commission {v().inputs.commissionPct.toLocaleString()} % · spread {v().inputs.spreadBps.toLocaleString()} bps
      </p>
      <Show when={v().error}>
        <p class="refusal" role="alert">The strategy stopped with an error: {v().error}. The figures cover the bars before it.</p>
      </Show>
      <Show when={v().notes.length > 0}>
        <details class="bt-notes" data-testid="bt-notes" open={v().tradeCount === 0}>
          <summary>Orders that did not go through ({v().notes.length}{v().notes.length >= 20 ? '+' : ''})</summary>
          <ul>
            <For each={v().notes}>{(n) => <li class="small">{n}</li>}</For>
          </ul>
        </details>
      </Show>
      <div class="bt-grid">
        <section aria-labelledby="h-bt-stats">
          <h3 id="h-bt-stats">Statistics</h3>
          <p class="hint">Focus or hover a figure's name for what it means.</p>
          <StatsTable id="bt-stats" caption="Statistics of this backtest" columns={[{ key: 'run', title: 'Value', stats: v().stats }]} />
        </section>
        <div class="bt-charts">
          <section aria-labelledby="h-bt-equity">
            <h3 id="h-bt-equity">Equity</h3>
            <LineChart data={() => v().equity} label="Equity" height={180} testid="bt-equity-chart" unit="money" />
          </section>
          <section aria-labelledby="h-bt-dd">
            <h3 id="h-bt-dd">Drawdown (% below the peak)</h3>
            <LineChart data={() => v().drawdown} label="Drawdown" height={120} testid="bt-drawdown-chart" unit="pct" />
          </section>
          <Show when={v().candles} fallback={<p class="hint">A saved run keeps its figures, trades and curve, not the candles: its strategy and parameters are back in the form, so Run shows its fills on them (with the form's data, dates and costs).</p>}>
            {(c) => (
              <section aria-labelledby="h-bt-candles">
                <h3 id="h-bt-candles">Candles, fills and indicators</h3>
                <CandleChart data={() => c().data} timeframeSeconds={() => c().timeframeSeconds} label={v().inputs.sourceName}
                  signals={() => c().signals} overlays={() => c().overlays} height={300} browse />
                <p class="hint" data-testid="bt-markers">
                  {fills().toLocaleString()} fills marked (▲ buy, ▼ sell), with the strategy's indicators as lines. Every bar is shown: drag across the chart to zoom in, double-click to see them all again; hovering a candle reads out its fills.
                </p>
              </section>
            )}
          </Show>
        </div>
      </div>
      <section aria-labelledby="h-bt-trades">
        <h3 id="h-bt-trades">Trades ({v().tradeCount.toLocaleString()})</h3>
        <TradesTable trades={v().trades} total={v().tradeCount} />
      </section>
    </section>
  );
}
