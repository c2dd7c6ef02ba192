import { For, Show, createMemo, createSignal } from 'solid-js';
import type { ParamValue } from '../../core/strategy/types';
import { colorAt, legendGradient, moveCell, scaleOf, type HeatmapGrid } from './heatmap';

const shownValue = (v: ParamValue) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : typeof v === 'number' ? v.toLocaleString() : v);

/**
 * A statistic over two parameters as coloured cells (viridis, low dark to high
 * light), filling in as the sweep's rows arrive. A grid for assistive
 * technology: one tab stop, the arrow keys (Home, End) move between cells,
 * each cell's label says its parameters and value; the hovered or focused
 * cell's values are read out above it, and Enter (or a click) picks it.
 * Scrolls in its box when it is wider than the screen.
 */
export function Heatmap(props: {
  grid: HeatmapGrid;
  xLabel: string;
  yLabel: string;
  statLabel: string;
  format: (v: number) => string;
  /** The set of the chosen cell (Enter or click). */
  onPick: (set: number) => void;
}) {
  const [at, setAt] = createSignal({ x: 0, y: 0 });
  /** The cell read out above the grid: the last one hovered or focused. */
  const [shown, setShown] = createSignal<{ x: number; y: number } | null>(null);
  let table!: HTMLTableElement;
  const g = () => props.grid;
  const cellOf = (x: number, y: number) => y * g().xs.length + x;
  const label = (x: number, y: number, set: number, v: number) => {
    const what = set < 0 ? 'no run (not yet, or skipped by the rule)' : `${props.statLabel} ${props.format(v)}`;
    return `${props.xLabel} ${shownValue(g().xs[x])}, ${props.yLabel} ${shownValue(g().ys[y])}: ${what}`;
  };
  const focusAt = (p: { x: number; y: number }) => {
    setAt(p);
    (table.querySelector(`[data-cell="${p.x}-${p.y}"]`) as HTMLElement | null)?.focus();
  };
  const key = (e: KeyboardEvent, x: number, y: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const s = g().sets[cellOf(x, y)];
      if (s >= 0) props.onPick(s);
      return;
    }
    const next = moveCell({ x, y }, e.key, g().xs.length, g().ys.length);
    if (next === null) return;
    e.preventDefault();
    focusAt(next);
  };
  const readout = createMemo(() => {
    const p = shown() ?? at();
    if (p.x >= g().xs.length || p.y >= g().ys.length) return '';
    const c = cellOf(p.x, p.y);
    return label(p.x, p.y, g().sets[c], g().values[c]);
  });

  return (
    <div class="bt-heat">
      <p class="bt-heat-readout small" data-testid="heat-readout">{readout()}</p>
      <div class="bt-scroll bt-heat-box">
        <table ref={table} role="grid" class="bt-heat-grid" aria-label={`${props.statLabel} by ${props.xLabel} (across) and ${props.yLabel} (down)`} data-testid="heatmap"
          onMouseLeave={() => setShown(null)}>
          <thead>
            <tr>
              <th scope="col" class="bt-heat-corner"><span class="visually-hidden">{props.yLabel} down, {props.xLabel} across</span><span aria-hidden="true">↓ →</span></th>
              <For each={g().xs}>{(x) => <th scope="col" class="num small">{shownValue(x)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={g().ys}>
              {(yv, y) => (
                <tr>
                  <th scope="row" class="num small">{shownValue(yv)}</th>
                  <For each={g().xs}>
                    {(_, x) => {
                      // Each cell follows its own row and value: a new frame of rows redraws only the cells that changed
                      // (and their colours when the range moved), not every label of a grid of thousands.
                      const c = createMemo(() => cellOf(x(), y()));
                      const set = createMemo(() => g().sets[c()]);
                      const value = createMemo(() => g().values[c()]);
                      const t = createMemo(() => scaleOf(value(), g().min, g().max));
                      return (
                        <td role="gridcell" data-cell={`${x()}-${y()}`} data-filled={set() >= 0 ? 'yes' : 'no'}
                          tabindex={at().x === x() && at().y === y() ? 0 : -1} aria-label={label(x(), y(), set(), value())}
                          class={set() >= 0 ? 'bt-cell' : 'bt-cell bt-cell-empty'}
                          style={{ background: Number.isNaN(t()) ? undefined : colorAt(t()) }}
                          onFocus={() => { setAt({ x: x(), y: y() }); setShown({ x: x(), y: y() }); }} onMouseEnter={() => setShown({ x: x(), y: y() })}
                          onClick={() => { setAt({ x: x(), y: y() }); if (set() >= 0) props.onPick(set()); }}
                          onKeyDown={(e) => key(e, x(), y())} />
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="bt-heat-legend small" data-testid="heat-legend">
        <span>{Number.isFinite(g().min) ? props.format(g().min) : '—'}</span>
        <span class="bt-heat-scale" style={{ background: legendGradient() }} role="img" aria-label={`Colour scale of ${props.statLabel}: dark is low, light is high`} />
        <span>{Number.isFinite(g().max) ? props.format(g().max) : '—'}</span>
        <span class="bt-cell-empty bt-heat-swatch" aria-hidden="true" /> <span>no run</span>
      </div>
      <Show when={g().filled === 0}><p class="hint">Cells fill in as the runs finish.</p></Show>
    </div>
  );
}
