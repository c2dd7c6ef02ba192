import { Show } from 'solid-js';
import type { Explanation } from './explain';

/**
 * A choice explained where it is made: its one line (the control's
 * description, `id`, for aria-describedby) and an (i) disclosure with a
 * worked example. A native <details>: keyboard and screen readers know it.
 * `compact` (a choice not taken yet, such as an unticked bracket) keeps the
 * line inside the disclosure too, so the ticket stays short.
 */
export function Explain(props: { id: string; help: Explanation; what: string; compact?: boolean }) {
  return (
    <div class="explain">
      <Show when={!props.compact}>
        <p class="explain-short" id={props.id}>{props.help.short}</p>
      </Show>
      <details class="explain-more">
        <summary>
          <span class="explain-i" aria-hidden="true">i</span>
          <span>{props.compact ? 'What is this?' : 'Example'}<span class="visually-hidden">: {props.what}</span></span>
        </summary>
        <Show when={props.compact}>
          <p id={props.id}>{props.help.short}</p>
        </Show>
        <p>{props.help.example}</p>
      </details>
    </div>
  );
}
