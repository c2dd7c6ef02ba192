import { For } from 'solid-js';
import { CONTEXT_HELP, DECLARATION_HELP, type HelpEntry } from './help';

/** The SDK reference in the editor: what a declaration holds and what `ctx` offers (help.ts). */
export function HelpPanel() {
  const list = (entries: readonly HelpEntry[]) => (
    <dl class="sdk-help">
      <For each={entries}>
        {(e) => (
          <>
            <dt><code>{e.signature}</code></dt>
            <dd>{e.text}</dd>
          </>
        )}
      </For>
    </dl>
  );
  return (
    <details class="card" data-testid="sdk-help">
      <summary><h2 class="inline-h">SDK reference</h2></summary>
      <p class="small muted">
        The same API runs the built-in strategies, the backtester, and the agents that trade through Bourse: a strategy
        written here runs unchanged there.
      </p>
      <h3>The declaration</h3>
      {list(DECLARATION_HELP)}
      <h3>The context: <code>ctx</code></h3>
      {list(CONTEXT_HELP)}
      <h3>The sandbox</h3>
      <ul class="small">
        <li>Your code runs in its own Worker: no page, no network (fetch, WebSocket, importScripts are undefined), no storage, no timers.</li>
        <li>Each call (loading, <code>onBar</code>) has 1 second; a longer one stops the strategy with a message, and the market goes on.</li>
        <li>An error stops the strategy and shows its line here and on its card.</li>
        <li>Orders go through your strategy account's risk rules, like yours. The market is spot only: no short selling.</li>
      </ul>
    </details>
  );
}
