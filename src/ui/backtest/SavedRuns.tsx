import { For, Show, createSignal } from 'solid-js';
import type { SavedRunSummary } from '../../protocol';
import { fmtDateTime } from '../format';
import { paramsLine } from '../strategyParams';
import { formatStat } from './statFormat';

/**
 * Every run kept (newest first): what ran, when, its return and trades, and
 * per run open, export (trades as CSV, statistics as JSON) and delete (asked
 * once more). Ticking two or more and Compare shows their statistics side by
 * side. The table scrolls inside its box on a phone.
 */
export function SavedRuns(props: {
  runs: SavedRunSummary[];
  openId: number | null;
  onOpen: (id: number) => void;
  onCsv: (id: number) => void;
  onJson: (run: SavedRunSummary) => void;
  onDelete: (id: number) => void;
  onCompare: (runs: SavedRunSummary[]) => void;
}) {
  const [picked, setPicked] = createSignal<ReadonlySet<number>>(new Set());
  const [confirming, setConfirming] = createSignal<number | null>(null);
  const toggle = (id: number, on: boolean) => {
    const next = new Set(picked());
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };
  // Oldest first, left to right, as they were run.
  const chosen = () => props.runs.filter((r) => picked().has(r.id)).sort((a, b) => a.id - b.id);
  return (
    <>
      <div class="inline-actions">
        <button type="button" disabled={chosen().length < 2} onClick={() => props.onCompare(chosen())} data-testid="bt-compare">
          Compare selected ({chosen().length})
        </button>
        <span class="hint">Tick two or more runs to compare their statistics.</span>
      </div>
      <div class="table-wrap bt-scroll" role="region" aria-labelledby="bt-saved-cap" tabindex="0">
        <table data-testid="bt-saved">
          <caption id="bt-saved-cap" class="visually-hidden">Saved backtests, newest first</caption>
          <thead>
            <tr>
              <th scope="col"><span class="visually-hidden">Compare</span></th>
              <th scope="col" class="num">Run</th>
              <th scope="col">Strategy</th>
              <th scope="col">Data</th>
              <th scope="col" class="num">Return</th>
              <th scope="col" class="num">Trades</th>
              <th scope="col">Saved</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            <For each={props.runs}>
              {(r) => {
                const label = () => `run ${r.id}, ${r.inputs.title}`;
                return (
                  <tr data-testid={`bt-saved-${r.id}`} classList={{ mine: props.openId === r.id }}>
                    <td>
                      <input type="checkbox" aria-label={`Compare ${label()}`} checked={picked().has(r.id)} onChange={(e) => toggle(r.id, e.currentTarget.checked)} />
                    </td>
                    <td class="num">{r.id}</td>
                    <td class="bt-reason">{r.inputs.title}<br /><span class="muted small">{paramsLine(r.inputs.params)}</span></td>
                    <td class="bt-reason">{r.inputs.sourceName}</td>
                    <td class="num">{formatStat('pct', r.stats.returnPct)}</td>
                    <td class="num">{formatStat('count', r.stats.trades)}</td>
                    <td>{fmtDateTime(r.createdAt)}</td>
                    <td>
                      <div class="bt-actions">
                        <button type="button" aria-label={`Open ${label()}`} onClick={() => props.onOpen(r.id)}>Open</button>
                        <button type="button" aria-label={`Trades of ${label()} as CSV`} onClick={() => props.onCsv(r.id)}>CSV</button>
                        <button type="button" aria-label={`Statistics of ${label()} as JSON`} onClick={() => props.onJson(r)}>JSON</button>
                        <Show when={confirming() === r.id} fallback={<button type="button" class="danger" aria-label={`Delete ${label()}`} onClick={() => setConfirming(r.id)}>Delete</button>}>
                          <button type="button" class="danger" onClick={() => { setConfirming(null); toggle(r.id, false); props.onDelete(r.id); }}>Delete it</button>
                          <button type="button" onClick={() => setConfirming(null)}>Keep</button>
                        </Show>
                      </div>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}
