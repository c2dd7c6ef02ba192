/**
 * What the Trade chart draws for the strategies on its symbol: their fills
 * and signals (markers) and, while they run, their declared price-scale
 * indicators (overlays). The list comes with the frames; the detail is asked
 * of the worker for each of them, at once when the list changes and every
 * 2 s while one runs. Call it in a component (it owns a timer).
 */
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, type Accessor } from 'solid-js';
import { useClient } from '../client';
import type { StrategyDetail, StrategyView } from '../../protocol';
import type { Overlay, SignalMarker } from '../chart/types';

/** How often the chart asks for the strategies' markers and overlays (wall ms). */
const DETAIL_EVERY_MS = 2_000;

const live = (s: StrategyView) => s.status === 'running' || s.status === 'paused';

export interface ChartMarks {
  /** The strategies on the symbol (any status). */
  here: Accessor<StrategyView[]>;
  signals: Accessor<SignalMarker[]>;
  overlays: Accessor<Overlay[]>;
}

export function useChartMarks(symbol: string): ChartMarks {
  const { engine, strategies } = useClient();
  const here = createMemo(() => strategies.onSymbol(symbol));
  const [details, setDetails] = createSignal<StrategyDetail[]>([]);
  /** Bumped per load: an older answer that arrives late changes nothing. */
  let run = 0;
  const load = async () => {
    const mine = ++run;
    const ds = await Promise.all(here().map((x) => engine.strategyDetail(x.id)));
    if (mine === run) setDetails(ds.filter((d): d is StrategyDetail => d !== null));
  };
  onMount(() => void strategies.load(engine.strategies()));
  createEffect(on(() => here().map((x) => x.id).join(), () => void load()));
  const timer = setInterval(() => {
    if (here().some(live)) void load();
  }, DETAIL_EVERY_MS);
  onCleanup(() => clearInterval(timer));

  const signals = createMemo<SignalMarker[]>(() => details().flatMap((d) => d.markers.map((m) => ({ ...m, who: d.id }))));
  const liveIds = createMemo(() => new Set(here().filter(live).map((x) => x.id)));
  // A stopped strategy's lines would only clutter the chart; its fills stay, as history.
  const overlays = createMemo<Overlay[]>(() =>
    details().filter((d) => liveIds().has(d.id)).flatMap((d) => d.overlays.map((o) => ({ name: `${d.id} ${o.name}`, t: o.t, v: o.v }))));
  return { here, signals, overlays };
}
