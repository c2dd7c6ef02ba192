import { For } from 'solid-js';
import { HOTKEY_HELP } from '../hotkeys';
import { Dialog } from './Dialog';

/** The `?` overlay: every Trade shortcut (from hotkeys.ts, the one list the keys are read from). */
export function HotkeyHelp(props: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={props.open} onClose={() => props.onClose()} title="Keyboard shortcuts" id="hotkeys">
      <p class="muted small">On the Trade page, while no text field has the cursor.</p>
      <dl class="hotkey-list">
        <For each={HOTKEY_HELP}>
          {(h) => (
            <div>
              <dt>
                <For each={h.keys}>
                  {(combo, i) => <>{i() > 0 ? ` ${h.join ?? 'or'} ` : ''}<For each={combo}>{(k, j) => <>{j() > 0 ? '+' : ''}<kbd>{k}</kbd></>}</For></>}
                </For>
              </dt>
              <dd>{h.does}</dd>
            </div>
          )}
        </For>
      </dl>
      <form method="dialog" class="dialog-actions">
        <button type="submit" class="primary" autofocus>Close</button>
      </form>
    </Dialog>
  );
}
