import { Show, createSignal } from 'solid-js';
import type { InstrumentInfo } from '../../protocol';
import { BotControls } from './BotControls';
import { QueueWatch } from './QueueWatch';
import { WalkDemo } from './WalkDemo';
import './learn.css';

/** Remembered per browser: a learner who turned it on finds it on. */
const KEY = 'bourse.showMe';

function remembered(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The Trade page's "show me" mode (issue 13): the market's mechanics laid
 * open. A switch; when on, a market order walking the book, the person's
 * place in the queue behind their resting orders, and the bots' settings to
 * change. Off, it is one line, so the page stays as it was.
 */
export function ShowMe(props: { inst: InstrumentInfo }) {
  const [on, setOn] = createSignal(remembered());
  const toggle = (v: boolean) => {
    setOn(v);
    try {
      localStorage.setItem(KEY, v ? '1' : '0');
    } catch {
      // Storage blocked (private mode): the switch still works for this page.
    }
  };
  return (
    <section class="card show-me" aria-labelledby="h-showme" data-testid="show-me">
      <div class="card-head">
        <h2 id="h-showme">Show me how it works</h2>
        <label class="check">
          <input type="checkbox" role="switch" checked={on()} onChange={(e) => toggle(e.currentTarget.checked)} data-testid="show-me-toggle" /> Show me
        </label>
      </div>
      <Show when={on()} fallback={<p class="muted small">Watch a market order walk the book, see your place in the queue, and change how the bots trade.</p>}>
        <div class="show-me-grid">
          <WalkDemo inst={props.inst} />
          <QueueWatch inst={props.inst} />
          <BotControls inst={props.inst} />
        </div>
      </Show>
    </section>
  );
}
