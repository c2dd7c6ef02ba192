import { Show, createEffect, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import type { ParamValue } from '../../core/strategy/types';
import { watchTheme } from '../chart/theme';
import { CELL_PX, colorAt, heatLayout, legendGradient, moveCell, scaleOf, type HeatmapGrid } from './heatmap';

/** The scale's colours made once: 256 steps are finer than the eye tells apart, and no string is made per cell per frame. */
const PALETTE = Array.from({ length: 256 }, (_, i) => colorAt(i / 255));
const NUMBER = new Intl.NumberFormat(undefined, { maximumFractionDigits: 10 });
const shownValue = (v: ParamValue) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : typeof v === 'number' ? NUMBER.format(v) : v);

/**
 * A statistic over two parameters as coloured cells (viridis, low dark to high
 * light), filling in as the sweep's rows arrive. Drawn on one canvas: a grid
 * of thousands of DOM cells made the page's tasks long while a sweep ran, a
 * canvas redraws in a millisecond or two per frame. For keyboards and screen
 * readers the heatmap is one focusable widget: the arrow keys (Home, End)
 * move a cursor between cells, and the cell under the cursor or the pointer
 * is read out (its parameters and value, a live region); Enter or a click
 * picks it. Scrolls in its box when it is larger than the screen. The runs'
 * table below holds every value as text.
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
  const [focused, setFocused] = createSignal(false);
  let canvas!: HTMLCanvasElement;
  let box!: HTMLDivElement;
  const g = () => props.grid;
  // The axes change when other parameters are picked, not with each frame of rows (whose grid is a new object).
  const axes = createMemo(() => ({ xs: g().xs, ys: g().ys }), undefined, {
    equals: (a, b) => a.xs.length === b.xs.length && a.ys.length === b.ys.length && a.xs.every((v, i) => v === b.xs[i]) && a.ys.every((v, i) => v === b.ys[i]),
  });
  const layout = createMemo(() => heatLayout(axes().xs.map(shownValue), axes().ys.map(shownValue)));
  const cellOf = (p: { x: number; y: number }) => p.y * g().xs.length + p.x;
  const label = (p: { x: number; y: number }) => {
    if (p.x >= g().xs.length || p.y >= g().ys.length) return '';
    const c = cellOf(p);
    const what = g().sets[c] < 0 ? 'no run (not yet, or skipped by the rule)' : `${props.statLabel} ${props.format(g().values[c])}`;
    return `${props.xLabel} ${shownValue(g().xs[p.x])}, ${props.yLabel} ${shownValue(g().ys[p.y])}: ${what}`;
  };
  const readout = createMemo(() => label(hover() ?? at()));
  const [theme, setTheme] = createSignal(0);

  const draw = () => {
    const L = layout();
    const grid = g();
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(L.width * dpr) || canvas.height !== Math.round(L.height * dpr)) {
      canvas.width = Math.round(L.width * dpr);
      canvas.height = Math.round(L.height * dpr);
      canvas.style.width = `${L.width}px`;
      canvas.style.height = `${L.height}px`;
    }
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    const css = getComputedStyle(box);
    const fg = css.getPropertyValue('--fg').trim() || '#16181d';
    const line = css.getPropertyValue('--line').trim() || '#d5d9e0';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, L.width, L.height);
    ctx.font = `11px ${css.fontFamily || 'system-ui, sans-serif'}`;
    ctx.fillStyle = fg;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    grid.ys.forEach((_, y) => ctx.fillText(L.yText[y], L.left - 4, L.top + y * CELL_PX + CELL_PX / 2));
    ctx.textAlign = 'center';
    grid.xs.forEach((_, x) => {
      // Every label when they fit, else every k-th (the readout names each cell).
      if (x % L.xEvery === 0) ctx.fillText(L.xText[x], L.left + x * CELL_PX + CELL_PX / 2, L.top / 2);
    });
    // Cells without a run (or whose figure cannot be computed) are outlined, not a colour of the scale: one path for all.
    ctx.beginPath();
    for (let y = 0; y < grid.ys.length; y++) {
      for (let x = 0; x < grid.xs.length; x++) {
        const c = y * grid.xs.length + x;
        const px = L.left + x * CELL_PX;
        const py = L.top + y * CELL_PX;
        const t = grid.sets[c] < 0 ? Number.NaN : scaleOf(grid.values[c], grid.min, grid.max);
        if (Number.isNaN(t)) ctx.rect(px + 1.5, py + 1.5, CELL_PX - 3, CELL_PX - 3);
        else {
          ctx.fillStyle = PALETTE[Math.round(t * (PALETTE.length - 1))];
          ctx.fillRect(px + 0.5, py + 0.5, CELL_PX - 1, CELL_PX - 1);
        }
      }
    }
    ctx.strokeStyle = line;
    ctx.stroke();
    const cursor = focused() ? at() : hover();
    if (cursor !== null) {
      ctx.strokeStyle = fg;
      ctx.lineWidth = 2;
      ctx.strokeRect(L.left + cursor.x * CELL_PX + 1, L.top + cursor.y * CELL_PX + 1, CELL_PX - 2, CELL_PX - 2);
      ctx.lineWidth = 1;
    }
  };

  onMount(() => {
    createEffect(() => {
      theme();
      focused();
      at();
      hover();
      draw();
    });
    onCleanup(watchTheme(() => setTheme((t) => t + 1)));
  });

  const cellAtPointer = (e: MouseEvent): { x: number; y: number } | null => {
    const r = canvas.getBoundingClientRect();
    const L = layout();
    const x = Math.floor((e.clientX - r.left - L.left) / CELL_PX);
    const y = Math.floor((e.clientY - r.top - L.top) / CELL_PX);
    return x >= 0 && y >= 0 && x < g().xs.length && y < g().ys.length ? { x, y } : null;
  };
  const pick = (p: { x: number; y: number }) => {
    const s = g().sets[cellOf(p)];
    if (s >= 0) props.onPick(s);
  };
  /** Keeps the cursor's cell in view inside the scrolling box. */
  const reveal = (p: { x: number; y: number }) => {
    const L = layout();
    const px = L.left + p.x * CELL_PX;
    const py = L.top + p.y * CELL_PX;
    if (px < box.scrollLeft + L.left) box.scrollLeft = Math.max(0, px - L.left);
    else if (px + CELL_PX > box.scrollLeft + box.clientWidth) box.scrollLeft = px + CELL_PX - box.clientWidth;
    if (py < box.scrollTop + L.top) box.scrollTop = Math.max(0, py - L.top);
    else if (py + CELL_PX > box.scrollTop + box.clientHeight) box.scrollTop = py + CELL_PX - box.clientHeight;
  };
  const key = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick(at());
      return;
    }
    const next = moveCell(at(), e.key, g().xs.length, g().ys.length);
    if (next === null) return;
    e.preventDefault();
    setHover(null);
    setAt(next);
    reveal(next);
  };

  return (
    <div class="bt-heat">
      <p class="bt-heat-readout small" id="heat-readout" data-testid="heat-readout" aria-live="polite">{readout()}</p>
      <div ref={box} class="bt-scroll bt-heat-box" tabindex="0" role="group" aria-roledescription="heatmap" data-testid="heatmap"
        data-filled={g().filled} data-cursor={`${at().x}-${at().y}`}
        aria-label={`${props.statLabel} by ${props.xLabel} (across) and ${props.yLabel} (down), ${g().filled.toLocaleString()} runs drawn. Arrow keys move between cells, Enter picks one.`}
        aria-describedby="heat-readout" onKeyDown={key} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}>
        <canvas ref={canvas} aria-hidden="true" class="bt-heat-canvas"
          onMouseMove={(e) => setHover(cellAtPointer(e))} onMouseLeave={() => setHover(null)}
          onClick={(e) => { const p = cellAtPointer(e); if (p !== null) { setAt(p); pick(p); } }} />
      </div>
      <div class="bt-heat-legend small" data-testid="heat-legend">
        <span class="muted">across: {props.xLabel}; down: {props.yLabel}.</span>
        <span>{Number.isFinite(g().min) ? props.format(g().min) : '—'}</span>
        <span class="bt-heat-scale" style={{ background: legendGradient() }} role="img" aria-label={`Colour scale of ${props.statLabel}: dark is low, light is high`} />
        <span>{Number.isFinite(g().max) ? props.format(g().max) : '—'}</span>
        <span class="bt-heat-swatch" aria-hidden="true" /> <span>no run</span>
      </div>
      <Show when={g().filled === 0}><p class="hint">Cells fill in as the runs finish.</p></Show>
    </div>
  );
}
