// Chart colours come from CSS custom properties (chart.css defines them for
// light and dark), read from the chart's own element so a page can override
// them. Canvas cannot use var(), so they are read into a plain object and read
// again whenever the colour scheme may have changed.

export interface ChartTheme {
  fg: string;
  bg: string;
  axis: string;
  grid: string;
  up: string;
  down: string;
  sma: string;
  buy: string;
  sell: string;
  bid: string;
  ask: string;
  font: string;
}

const VARS: Record<Exclude<keyof ChartTheme, 'font'>, [name: string, fallback: string]> = {
  fg: ['--chart-fg', '#1a1a1a'],
  bg: ['--chart-bg', '#ffffff'],
  axis: ['--chart-axis', '#555555'],
  grid: ['--chart-grid', '#e6e6e6'],
  up: ['--chart-up', '#1a7f37'],
  down: ['--chart-down', '#cf222e'],
  sma: ['--chart-sma', '#8250df'],
  buy: ['--chart-buy', '#0969da'],
  sell: ['--chart-sell', '#bc4c00'],
  bid: ['--chart-bid', '#1a7f37'],
  ask: ['--chart-ask', '#cf222e'],
};

export function readTheme(el: Element): ChartTheme {
  const style = getComputedStyle(el);
  const theme = { font: style.fontFamily || 'system-ui, sans-serif' } as ChartTheme;
  for (const [key, [name, fallback]] of Object.entries(VARS) as [keyof typeof VARS, [string, string]][]) {
    theme[key] = style.getPropertyValue(name).trim() || fallback;
  }
  return theme;
}

/**
 * Calls `onChange` when the colours may have changed: the system scheme flips,
 * or the document's class, style or data-theme changes (a future in-app theme
 * switch). Returns the function that stops watching.
 */
export function watchTheme(onChange: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  const mo = new MutationObserver(onChange);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  return () => {
    media.removeEventListener('change', onChange);
    mo.disconnect();
  };
}

/** `color` at opacity `alpha`, for area fills (canvas has no var() or color-mix to lean on); hex and rgb() only, else as is. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let rgb: number[] | null = null;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((x) => x + x).join('') : hex[1];
    rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  } else {
    const m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(c);
    if (m) rgb = [m[1], m[2], m[3]].map(Number);
  }
  return rgb ? `rgba(${rgb.join(', ')}, ${alpha})` : c;
}
