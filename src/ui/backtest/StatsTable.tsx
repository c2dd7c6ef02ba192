import { For, Show } from 'solid-js';
import { STAT_INFO } from '../../core/backtest/statInfo';
import type { SavedStats } from '../../protocol';
import { formatStat } from './statFormat';

/**
 * The statistics, backtesting.py's figures by its own labels, one column per
 * run (one for a result, several to compare). Each label is focusable and
 * says what the figure means for a learner: shown on hover and focus, and
 * read by screen readers as the label's description.
 */
export function StatsTable(props: { id: string; caption: string; columns: { key: string; title: string; detail?: string; stats: SavedStats }[] }) {
  return (
    <div class="table-wrap bt-scroll" role="region" aria-labelledby={`${props.id}-cap`} tabindex="0">
      <table class="bt-stats" data-testid={props.id}>
        <caption id={`${props.id}-cap`} class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <For each={props.columns}>
              {(c) => (
                <th scope="col" class="num">
                  {c.title}
                  <Show when={c.detail}><br /><span class="muted small">{c.detail}</span></Show>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={STAT_INFO}>
            {(info) => {
              const tip = `${props.id}-tip-${info.key}`;
              return (
                <tr>
                  <th scope="row" class="bt-stat-name">
                    <span class="bt-term" tabindex="0" aria-describedby={tip}>{info.label}</span>
                    <span class="bt-tip" role="tooltip" id={tip}>{info.explain}</span>
                  </th>
                  <For each={props.columns}>
                    {(c, i) => <td class="num" data-testid={i() === 0 ? `stat-${info.key}` : undefined}>{formatStat(info.unit, c.stats[info.key])}</td>}
                  </For>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}
