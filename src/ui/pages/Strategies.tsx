import { For, Show, createEffect, createResource, onMount } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { useClient } from '../client';
import { StartForm } from '../strategies/StartForm';
import { StrategyCard } from '../strategies/StrategyCard';
import type { StrategyView } from '../../protocol';

/** Live ones first, then the newest. */
function ordered(xs: readonly StrategyView[]): StrategyView[] {
  const live = (s: StrategyView) => (s.status === 'running' || s.status === 'paused' ? 0 : 1);
  return [...xs].sort((a, b) => live(a) - live(b) || b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
}

/**
 * The person's strategies: start one (a built-in on any market, its own
 * budget), then a card per strategy with its status, money, curve and
 * controls. The list comes with the frames; each card asks for its own curve.
 */
export function Strategies() {
  const { engine, strategies } = useClient();
  const [catalog] = createResource(() => engine.strategyCatalog());
  onMount(() => void strategies.load(engine.strategies()));
  // Kept in a store keyed by id: each frame's list is new objects, and a card (with a parameters form or a
  // stop confirmation open) must survive them; reconcile changes only the fields that moved.
  const [list, setList] = createStore<StrategyView[]>([]);
  createEffect(() => setList(reconcile(ordered(strategies.list() ?? []), { key: 'id' })));
  const infoOf = (name: string) => catalog()?.find((c) => c.name === name);
  const focusCard = (id: string) => {
    // The new card arrives with the next frame's list.
    setTimeout(() => document.getElementById(`h-strat-${id}`)?.scrollIntoView({ block: 'nearest' }), 300);
  };
  return (
    <section aria-labelledby="h-strategies" class="strategies">
      <h1 id="h-strategies">Strategies</h1>
      <p class="muted">
        A strategy trades for you: on every closed bar it reads its indicators and decides. Each one trades with its own budget, through the
        same book and risk rules as your orders, and shows on the Trade chart and the leaderboard.
      </p>
      <Show when={catalog()} fallback={<p class="muted">Loading strategies…</p>}>
        {(c) => <StartForm catalog={c()} onStarted={focusCard} />}
      </Show>
      <section aria-labelledby="h-running">
        <h2 id="h-running">Your strategies</h2>
        <Show when={strategies.list() !== null} fallback={<p class="muted">Loading…</p>}>
          <Show when={list.length > 0} fallback={<p class="muted" data-testid="no-strategies">None yet: start one above.</p>}>
            <div class="strategy-cards">
              <For each={list}>{(s) => <StrategyCard s={s} info={infoOf(s.strategy)} />}</For>
            </div>
          </Show>
        </Show>
      </section>
    </section>
  );
}
