// The indicator lines' colours, read like theme.ts reads the chart's own
// (CSS custom properties from chart.css, light and dark), kept apart so the
// chart theme's shape stays what its users know. MACD takes the buy/sell
// pair (blue line, orange signal: the colours traders know it in).

export interface IndicatorTheme {
  ema: string;
  bb: string;
  rsi: string;
}

const VARS: Record<keyof IndicatorTheme, [name: string, fallback: string]> = {
  ema: ['--chart-ema', '#0e7c86'],
  bb: ['--chart-bb', '#9a6700'],
  rsi: ['--chart-rsi', '#a0115e'],
};

export function readIndicatorTheme(el: Element): IndicatorTheme {
  const style = getComputedStyle(el);
  const out = {} as IndicatorTheme;
  for (const [key, [name, fallback]] of Object.entries(VARS) as [keyof IndicatorTheme, [string, string]][]) {
    out[key] = style.getPropertyValue(name).trim() || fallback;
  }
  return out;
}
