import { createEffect, on, onCleanup, type JSX } from 'solid-js';

/**
 * A modal dialog on the platform's <dialog>: showModal() makes the rest of the
 * page inert (the focus stays inside), Esc closes it, and on close the focus
 * goes back to what had it before, so a keyboard user is where they were.
 */
export function Dialog(props: { open: boolean; onClose: () => void; title: string; id: string; children: JSX.Element }) {
  let el: HTMLDialogElement | undefined;
  let before: Element | null = null;
  createEffect(on(() => props.open, (open) => {
    if (!el) return;
    if (open && !el.open) {
      before = document.activeElement;
      el.showModal();
    } else if (!open && el.open) {
      el.close();
    }
  }));
  const restore = () => {
    if (before instanceof HTMLElement && before.isConnected) before.focus();
    before = null;
  };
  onCleanup(() => el?.open && el.close());
  return (
    <dialog
      ref={el} class="dialog" aria-labelledby={`${props.id}-h`}
      // Esc (the browser's cancel) and close() both end here: tell the owner, put the focus back.
      onClose={() => { restore(); props.onClose(); }}
    >
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
