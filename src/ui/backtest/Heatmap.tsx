import { For, Show, createMemo, createSignal } from 'solid-js';
import type { ParamValue } from '../../core/strategy/types';
import { colorAt, legendGradient, moveCell, scaleOf, type HeatmapGrid } from './heatmap';

const shown = (v: ParamValue) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : typeof v === 'number' ? v.toLocaleString() : v);

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
  const [hover, setHover] = createSignal<{ x: number; y: number } | null>(null);
  let table!: HTMLTableElement;
  const g = () => props.grid;
  const cellOf = (x: number, y: number) => y * g().xs.length + x;
  const label = (x: number, y: number) => {
    const c = cellOf(x, y);
    const v = g().values[c];
    const what = g().sets[c] < 0 ? 'no run (not yet, or skipped by the rule)' : `${props.statLabel} ${props.format(v)}`;
    return `${props.xLabel} ${shown(g().xs[x])}, ${props.yLabel} ${shown(g().ys[y])}: ${what}`;
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
    const p = hover() ?? at();
    return p.x < g().xs.length && p.y < g().ys.length ? label(p.x, p.y) : '';
  });
  const color = (c: number) => {
    const t = scaleOf(g().values[c], g().min, g().max);
    return Number.isNaN(t) ? undefined : colorAt(t);
  };

  return (
    <div class="bt-heat">
      <p class="bt-heat-readout small" data-testid="heat-readout">{readout()}</p>
      <div class="bt-scroll bt-heat-box">
        <table ref={table} role="grid" class="bt-heat-grid" aria-label={`${props.statLabel} by ${props.xLabel} (across) and ${props.yLabel} (down)`} data-testid="heatmap"
          onMouseLeave={() => setHover(null)}>
          <thead>
            <tr>
              <th scope="col" class="bt-heat-corner"><span class="small">{props.yLabel} ↓ · {props.xLabel} →</span></th>
              <For each={g().xs}>{(x) => <th scope="col" class="num small">{shown(x)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={g().ys}>
              {(yv, y) => (
                <tr>
                  <th scope="row" class="num small">{shown(yv)}</th>
                  <For each={g().xs}>
                    {(_, x) => {
                      const c = () => cellOf(x(), y());
                      return (
                        <td role="gridcell" data-cell={`${x()}-${y()}`} data-filled={g().sets[c()] >= 0 ? 'yes' : 'no'}
                          tabindex={at().x === x() && at().y === y() ? 0 : -1} aria-label={label(x(), y())}
                          class={g().sets[c()] >= 0 ? 'bt-cell' : 'bt-cell bt-cell-empty'}
                          style={{ background: color(c()) }}
                          onFocus={() => setAt({ x: x(), y: y() })} onMouseEnter={() => setHover({ x: x(), y: y() })}
                          onClick={() => { setAt({ x: x(), y: y() }); const s = g().sets[c()]; if (s >= 0) props.onPick(s); }}
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
