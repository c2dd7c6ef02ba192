/**
 * The person's strategies as the frames last listed them. A frame carries the
 * whole list only when it may have changed (about once a second), so the
 * store keeps the last one; a page that opens between two lists asks once
 * (`load`), and that answer is taken only if no frame's list came meanwhile
 * (a frame's is never older than an answer asked for before it).
 */
import { createSignal, type Accessor } from 'solid-js';
import type { Frame, StrategyView } from '../../protocol';

export interface StrategiesStore {
  /** Null until the first list (from a frame or `load`). */
  list: Accessor<StrategyView[] | null>;
  /** The strategies trading `symbol` (any status). */
  onSymbol(symbol: string): StrategyView[];
  /** One strategy by id, if listed. */
  byId(id: string): StrategyView | undefined;
  /** Takes an answer to `engine.strategies()`, unless a frame's list arrived after it was asked. */
  load(answer: Promise<StrategyView[]>): Promise<void>;
}

/** What only the client writes. */
export interface StrategiesFeed {
  applyFrame(f: Frame): void;
}

export function createStrategiesStore(): [StrategiesStore, StrategiesFeed] {
  const [list, setList] = createSignal<StrategyView[] | null>(null);
  /** Frame lists received so far. */
  let lists = 0;
  return [
    {
      list,
      onSymbol: (symbol) => (list() ?? []).filter((s) => s.symbol === symbol),
      byId: (id) => (list() ?? []).find((s) => s.id === id),
      async load(answer) {
        const asked = lists;
        const xs = await answer;
        if (lists === asked) setList(xs);
      },
    },
    {
      applyFrame(f) {
        if (f.strategies === undefined) return;
        lists++;
        setList(f.strategies);
      },
    },
  ];
}
