// A chart's indicator choice as a Solid signal, read from and written to
// localStorage per symbol (indicatorChoice.ts does the parsing and the
// storage; this only binds it to a signal).

import { createSignal, type Accessor } from 'solid-js';
import { loadChoice, saveChoice, type ChoiceStorage, type IndicatorChoice } from './indicatorChoice';

function storage(): ChoiceStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // reading localStorage itself throws where storage is blocked
  }
}

/** The symbol's remembered choice, and a setter that remembers the next one. */
export function rememberedIndicators(symbol: string): [Accessor<IndicatorChoice>, (next: IndicatorChoice) => void] {
  const [choice, setChoice] = createSignal(loadChoice(storage(), symbol));
  return [
    choice,
    (next) => {
      setChoice(next);
      saveChoice(storage(), symbol, next);
    },
  ];
}
