import { For, Match, Show, Suspense, Switch, createEffect, lazy, on } from 'solid-js';
import { useClient } from './client';
import { fmtDateTime } from './format';
import { PAGES, href, route } from './router';
import { Markets } from './pages/Markets';
import { PwaControls } from './pwa/PwaControls';
import './theme';

// Pages that are not the first a visitor sees load with their own chunks when opened, so the
// first paint does not wait for the chart, the editor (CodeMirror) or the backtester.
// The service worker precaches every chunk (vite.config.ts), so they open offline too.
// Portfolio, Activity, Leaderboard and Settings too: Portfolio's equity curve alone brings uPlot
// and the chart code, a third of the first chunk, evaluated before Markets could paint.
const Trade = lazy(() => import('./pages/Trade').then((m) => ({ default: m.Trade })));
const Strategies = lazy(() => import('./pages/Strategies').then((m) => ({ default: m.Strategies })));
const Editor = lazy(() => import('./editor/EditorPage').then((m) => ({ default: m.Editor })));
const Backtest = lazy(() => import('./pages/Backtest').then((m) => ({ default: m.Backtest })));
const Classroom = lazy(() => import('./pages/Classroom').then((m) => ({ default: m.Classroom })));
const Portfolio = lazy(() => import('./pages/Portfolio').then((m) => ({ default: m.Portfolio })));
const Activity = lazy(() => import('./pages/Activity').then((m) => ({ default: m.Activity })));
const Leaderboard = lazy(() => import('./pages/Leaderboard').then((m) => ({ default: m.Leaderboard })));
const Settings = lazy(() => import('./pages/Settings').then((m) => ({ default: m.Settings })));

/** The shell: navigation, the sim's clock, install/update offers, notices, and the page the route names. */
export function App() {
  const { frame, notices: { notices, dismiss: dismissNotice } } = useClient();
  const speed = () => frame()?.speed;
  let navList: HTMLUListElement | undefined;
  // On a phone the pages are one scrolling row: keep the current one in sight (centred when it can be).
  // Only the row scrolls, never the window (scrollIntoView would move the page too). In the next frame, not a
  // microtask: reading offsetLeft then uses the frame's own layout instead of forcing one more mid-render.
  createEffect(on(() => route().page, () => requestAnimationFrame(() => {
    const current = navList?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!navList || !current || navList.scrollWidth <= navList.clientWidth) return;
    navList.scrollLeft = current.offsetLeft - navList.offsetLeft - (navList.clientWidth - current.offsetWidth) / 2;
  })));
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href={href('markets')}>Bourse</a>
        <nav aria-label="Main">
          <ul ref={navList}>
            <For each={PAGES}>
              {(p) => (
                <li>
                  <a href={href(p.id)} aria-current={route().page === p.id ? 'page' : undefined}>{p.title}</a>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <p class="clock muted small" aria-live="off">
          <Show when={frame()} fallback="Starting the exchange…">
            <span title="Simulated time">{fmtDateTime(frame()!.now)}</span>
            <span class="badge">{speed() === 0 ? 'Paused' : `${speed()}×`}</span>
            <Show when={frame()!.role === 'follower'}>
              <span class="badge" data-testid="follower" title="Another tab runs the market; this one shows it and sends your orders there.">Following another tab</span>
            </Show>
          </Show>
        </p>
        {/* Install and update offers take their own place in the header, never over the page's data. */}
        <PwaControls />
      </header>
      <div role="alert" class="notices">
        <For each={notices()}>
          {(n) => (
            <div class="notice">
              <p>{n.message}</p>
              <button type="button" onClick={() => dismissNotice(n.code)}>Dismiss</button>
            </div>
          )}
        </For>
      </div>
      <main id="main" tabindex="-1">
        <Suspense fallback={<p class="muted" role="status">Loading…</p>}>
        <Switch>
          <Match when={route().page === 'markets'}><Markets /></Match>
          <Match when={route().page === 'trade'}><Trade symbol={route().arg} /></Match>
          <Match when={route().page === 'strategies'}><Strategies /></Match>
          <Match when={route().page === 'editor'}><Editor /></Match>
          <Match when={route().page === 'backtest'}><Backtest /></Match>
          <Match when={route().page === 'portfolio'}><Portfolio /></Match>
          <Match when={route().page === 'activity'}><Activity /></Match>
          <Match when={route().page === 'leaderboard'}><Leaderboard /></Match>
          <Match when={route().page === 'class'}><Classroom code={route().arg} /></Match>
          <Match when={route().page === 'settings'}><Settings /></Match>
        </Switch>
        </Suspense>
      </main>
    </>
  );
}
