import { For, Show, createMemo, createSignal } from 'solid-js';
import { useClient } from '../client';
import { searchInstruments } from '../instrumentSearch';
import { href } from '../router';

/** How many matches the list shows: enough to browse, short enough to read. */
const SHOWN = 12;

/**
 * The Trade page's market switcher: a search box with a list of matches (the
 * ARIA 1.2 combobox pattern: the focus stays in the box, the arrows move the
 * active option, Enter opens it, Esc closes the list, then clears the box).
 */
export function InstrumentSwitcher(props: { current: string }) {
  const { market: { instruments } } = useClient();
  const [query, setQuery] = createSignal('');
  const [open, setOpen] = createSignal(false);
  /** The option the arrows point at; -1: none yet (Enter then opens the best match). */
  const [active, setActive] = createSignal(-1);
  const matches = createMemo(() => searchInstruments(instruments(), query(), SHOWN));
  const optionId = (i: number) => `switch-opt-${i}`;

  const go = (symbol: string) => {
    setOpen(false);
    setQuery('');
    if (symbol !== props.current) location.hash = href('trade', symbol);
  };
  const move = (delta: number) => {
    const n = matches().length;
    if (n === 0) return;
    if (!open() || active() < 0) {
      setOpen(true);
      setActive(delta > 0 ? 0 : n - 1);
      return;
    }
    setActive((a) => (((a + delta) % n) + n) % n);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    else if (e.key === 'Enter') {
      const m = matches()[Math.max(0, active())];
      if (open() && m) { e.preventDefault(); go(m.symbol); }
    } else if (e.key === 'Escape') {
      if (open()) setOpen(false);
      else setQuery('');
    }
  };

  return (
    <div class="switcher">
      <label for="switch-input" class="visually-hidden">Switch market</label>
      <input
        id="switch-input" type="search" role="combobox" autocomplete="off" spellcheck={false}
        placeholder="Switch market…"
        aria-autocomplete="list" aria-expanded={open()} aria-controls="switch-list"
        aria-activedescendant={open() && active() >= 0 && active() < matches().length ? optionId(active()) : undefined}
        value={query()}
        onInput={(e) => { setQuery(e.currentTarget.value); setActive(-1); setOpen(true); }}
        onKeyDown={onKey}
        onFocus={() => setActive(-1)}
        // A click on an option lands before the blur closes the list (mousedown keeps the focus; see below).
        onBlur={() => setOpen(false)}
      />
      <ul id="switch-list" role="listbox" aria-label="Markets" class="switch-list" hidden={!open()}>
        <For each={matches()}>
          {(m, i) => (
            <li
              id={optionId(i())} role="option" aria-selected={i() === active()}
              classList={{ active: i() === active() }}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(m.symbol)}
            >
              <strong>{m.symbol}</strong> <span class="muted">{m.name}</span>
            </li>
          )}
        </For>
        <Show when={matches().length === 0}>
          <li class="muted" role="option" aria-disabled="true" aria-selected={false}>No market matches “{query()}”.</li>
        </Show>
      </ul>
    </div>
  );
}
