import { createSignal, onCleanup } from 'solid-js';

/** app.css's phone breakpoint: one column, tables as cards, the Trade page's sticky Buy/Sell bar. */
export const PHONE_QUERY = '(max-width: 600px)';

/**
 * Whether the window is phone-narrow now, following it as it is resized or
 * turned. For what CSS alone cannot do (a virtual list's row height, a bar
 * that exists only on a phone); call it in a component's body.
 */
export function usePhone(): () => boolean {
  const mq = window.matchMedia(PHONE_QUERY);
  const [phone, setPhone] = createSignal(mq.matches);
  const onChange = () => setPhone(mq.matches);
  mq.addEventListener('change', onChange);
  onCleanup(() => mq.removeEventListener('change', onChange));
  return phone;
}
