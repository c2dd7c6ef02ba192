import { For } from 'solid-js';
import type { Timeframe } from '../../core/market/candles';
import type { InstrumentInfo } from '../../protocol';

const TIMEFRAMES: [Timeframe, string][] = [
  ['1m', '1 minute'], ['5m', '5 minutes'], ['15m', '15 minutes'], ['1h', '1 hour'], ['1d', '1 day'],
];

/** The market and timeframe of a source made on demand (this simulator's candles, or a crypto pair's). */
export function MarketPicker(props: {
  instruments: InstrumentInfo[];
  symbol: string;
  timeframe: Timeframe;
  onSymbol: (s: string) => void;
  onTimeframe: (tf: Timeframe) => void;
}) {
  return (
    <>
      <label>
        Market
        <select id="bt-market" value={props.symbol} onChange={(e) => props.onSymbol(e.currentTarget.value)}>
          <For each={props.instruments}>{(i) => <option value={i.symbol} selected={i.symbol === props.symbol}>{i.symbol} · {i.name}</option>}</For>
        </select>
      </label>
      <label>
        Timeframe
        <select id="bt-market-tf" value={props.timeframe} onChange={(e) => props.onTimeframe(e.currentTarget.value as Timeframe)}>
          <For each={TIMEFRAMES}>{([v, label]) => <option value={v} selected={v === props.timeframe}>{label}</option>}</For>
        </select>
      </label>
    </>
  );
}
