// The chart's indicator menu: a disclosure with a checkbox per indicator and
// its parameters beside it. A parameter applies as soon as it is a valid
// whole number in range; until then the field says what it needs and the
// chart keeps the last valid value.

import { For, Show, createSignal, createUniqueId, type JSX } from 'solid-js';
import { K_MAX, K_MIN, PERIOD_MAX, PERIOD_MIN, parseK, parsePeriod, type IndicatorChoice } from './indicatorChoice';

type Key = Exclude<keyof IndicatorChoice, 'volume'>;

interface Param {
  /** Which indicator and which of its fields. */
  key: Key;
  field: string;
  label: string;
  decimal?: boolean;
}

const ROWS: { key: keyof IndicatorChoice; name: string; hint: string; params: Param[] }[] = [
  { key: 'volume', name: 'Volume', hint: 'bars under the prices', params: [] },
  { key: 'sma', name: 'SMA', hint: 'simple moving average', params: [{ key: 'sma', field: 'period', label: 'Period' }] },
  { key: 'ema', name: 'EMA', hint: 'exponential moving average', params: [{ key: 'ema', field: 'period', label: 'Period' }] },
  {
    key: 'bollinger', name: 'Bollinger bands', hint: 'average ± k standard deviations',
    params: [{ key: 'bollinger', field: 'period', label: 'Period' }, { key: 'bollinger', field: 'k', label: 'k', decimal: true }],
  },
  { key: 'rsi', name: 'RSI', hint: 'own pane, 0 to 100', params: [{ key: 'rsi', field: 'period', label: 'Period' }] },
  {
    key: 'macd', name: 'MACD', hint: 'own pane',
    params: [
      { key: 'macd', field: 'fast', label: 'Fast' },
      { key: 'macd', field: 'slow', label: 'Slow' },
      { key: 'macd', field: 'signal', label: 'Signal' },
    ],
  },
];

export function IndicatorMenu(props: { choice: () => IndicatorChoice; onChange: (next: IndicatorChoice) => void }): JSX.Element {
  const id = createUniqueId();
  const toggle = (key: keyof IndicatorChoice, on: boolean) => {
    const c = props.choice();
    props.onChange({ ...c, [key]: { ...c[key], on } });
  };
  return (
    <details class="chart chart-indicators" data-testid="indicator-menu">
      <summary>Indicators</summary>
      <div class="chart-indicator-rows">
        <For each={ROWS}>
          {(row) => (
            <div class="chart-indicator-row">
              <label class="chart-indicator-name">
                <input type="checkbox" checked={props.choice()[row.key].on} onChange={(e) => toggle(row.key, e.currentTarget.checked)} />{' '}
                {row.name} <span class="chart-indicator-hint">{row.hint}</span>
              </label>
              <For each={row.params}>{(p) => <ParamField param={p} idBase={`${id}-${p.key}-${p.field}`} choice={props.choice} onChange={props.onChange} />}</For>
            </div>
          )}
        </For>
      </div>
    </details>
  );
}

function ParamField(props: { param: Param; idBase: string; choice: () => IndicatorChoice; onChange: (next: IndicatorChoice) => void }) {
  const current = () => (props.choice()[props.param.key] as unknown as Record<string, number>)[props.param.field];
  const [error, setError] = createSignal<string | null>(null);
  const apply = (text: string) => {
    const p = props.param;
    const value = p.decimal ? parseK(text) : parsePeriod(text);
    if (value === null) {
      setError(p.decimal ? `${K_MIN} to ${K_MAX}` : `a whole number, ${PERIOD_MIN} to ${PERIOD_MAX}`);
      return;
    }
    const c = props.choice();
    const next = { ...c, [p.key]: { ...c[p.key], [p.field]: value } } as IndicatorChoice;
    if (next.macd.fast >= next.macd.slow && p.key === 'macd' && p.field !== 'signal') {
      setError('fast must be shorter than slow');
      return;
    }
    setError(null);
    props.onChange(next);
  };
  return (
    <span class="chart-indicator-param">
      <label for={props.idBase}>{props.param.label}</label>
      <input
        id={props.idBase}
        type="number"
        inputmode={props.param.decimal ? 'decimal' : 'numeric'}
        min={props.param.decimal ? K_MIN : PERIOD_MIN}
        max={props.param.decimal ? K_MAX : PERIOD_MAX}
        step={props.param.decimal ? 0.1 : 1}
        value={current()}
        aria-invalid={error() !== null}
        aria-describedby={error() !== null ? `${props.idBase}-err` : undefined}
        onChange={(e) => apply(e.currentTarget.value)}
      />
      <Show when={error()}>
        <span id={`${props.idBase}-err`} class="chart-error" role="alert">
          {error()}
        </span>
      </Show>
    </span>
  );
}
