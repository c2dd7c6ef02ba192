import { Show } from 'solid-js';
import { useClient } from '../client';
import type { FeedView } from '../../protocol';

/** Where a group's prices come from: live (venue), reconnecting, or synthetic, with the reason when it is not live. */
export function FeedBadge(props: { group: 'crypto' | 'stock' }) {
  const { frame } = useClient();
  const feed = (): FeedView | null => {
    const f = frame()?.feeds;
    if (!f) return null;
    return props.group === 'crypto' ? f.crypto : f.stocks;
  };
  const text = () => {
    const f = feed();
    if (f === null) return props.group === 'stock' ? 'Synthetic prices' : 'Starting feed…';
    if (f.state === 'live') return `Live · ${f.label}`;
    if (f.state === 'reconnecting') return `Reconnecting to ${f.label}…`;
    return 'Synthetic prices';
  };
  return (
    <span class="feed" data-testid={`feed-${props.group}`} classList={{ live: feed()?.state === 'live', wait: feed()?.state === 'reconnecting' }}>
      <span class="badge">{text()}</span>
      <Show when={feed()?.reason}>
        <span class="muted small" title={feed()!.detail}> {feed()!.reason}</span>
      </Show>
    </span>
  );
}
