import { Show } from 'solid-js';
import { useClient } from '../client';
import type { FeedView } from '../../protocol';

/**
 * Where a group's prices come from, in words for a person: live (venue),
 * reconnecting, or "Live prices unavailable — using simulated prices" with the
 * reason in plain words. The engineer's detail ("closed with code 1006") is
 * a tooltip, and with `details` (where there is room: Settings) a disclosure.
 */
export function FeedBadge(props: { group: 'crypto' | 'stock'; details?: boolean }) {
  const { frame } = useClient();
  const feed = (): FeedView | null => {
    const f = frame()?.feeds;
    if (!f) return null;
    return props.group === 'crypto' ? f.crypto : f.stocks;
  };
  const text = () => {
    const f = feed();
    if (f === null) return props.group === 'stock' ? 'Simulated prices' : 'Starting feed…';
    if (f.state === 'live') return `Live · ${f.label}`;
    if (f.state === 'reconnecting') return `Reconnecting to ${f.label}…`;
    // Synthetic by choice (no reason) is not a failure; synthetic because the venues failed is said as such.
    if (f.reason === undefined) return 'Simulated prices';
    // The page knows best whether the browser is offline (the worker says so too, in its reason).
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    return `Live prices unavailable${offline ? ' (offline)' : ''} — using simulated prices`;
  };
  return (
    <>
      <span class="feed" data-testid={`feed-${props.group}`} classList={{ live: feed()?.state === 'live', wait: feed()?.state === 'reconnecting' }}>
        <span class="badge">{text()}</span>
        <Show when={feed()?.reason}>
          <span class="muted small" title={feed()!.detail}> {feed()!.reason}</span>
        </Show>
      </span>
      <Show when={props.details && feed()?.detail}>
        <details class="feed-detail small" data-testid={`feed-${props.group}-detail`}>
          <summary>Technical details</summary>
          <code>{feed()!.detail}</code>
        </details>
      </Show>
    </>
  );
}
