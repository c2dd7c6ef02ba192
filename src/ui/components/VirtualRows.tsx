import { For, Show, createSignal, onCleanup, onMount, type JSX } from 'solid-js';

/**
 * A table body that renders only the rows in view (plus a margin), so a
 * list of 100,000 trades scrolls as smoothly as one of ten. Rows have a fixed
 * height; spacer rows stand in for the rest.
 */
export function VirtualTable<T>(props: {
  items: () => T[];
  rowHeight: number;
  height: number;
  columns: number;
  head: JSX.Element;
  row: (item: T) => JSX.Element;
  label: string;
  testid?: string;
  /** Rows in the whole list, loaded or not (default: the items). */
  total?: () => number;
  /** Called when the rows in view come near the end of what is loaded. */
  onNearEnd?: () => void;
  /** What an empty list says ("No trades yet."), in place of an empty box. */
  empty?: string;
}) {
  let box!: HTMLDivElement;
  const [top, setTop] = createSignal(0);
  const margin = 10;
  const range = () => {
    const n = props.items().length;
    const all = Math.max(n, props.total?.() ?? n);
    const first = Math.max(0, Math.floor(top() / props.rowHeight) - margin);
    const want = Math.ceil((top() + props.height) / props.rowHeight) + margin;
    // eslint-disable-next-line solid/reactivity -- a callback asked for once the rows near the end, not a tracked read
    if (want >= n - margin * 5) queueMicrotask(() => props.onNearEnd?.());
    const last = Math.min(n, want);
    return { first: Math.min(first, last), last, n, all };
  };
  const visible = () => {
    const r = range();
    return props.items().slice(r.first, r.last);
  };
  const onScroll = () => setTop(box.scrollTop);
  onMount(() => box.addEventListener('scroll', onScroll, { passive: true }));
  onCleanup(() => box?.removeEventListener('scroll', onScroll));
  return (
    // An empty list takes a row's room and says so, not the full height of blank.
    <div ref={box} class="virtual" style={{ height: range().all === 0 && props.empty !== undefined ? 'auto' : `${props.height}px` }} tabindex="0" role="region" aria-label={props.label}>
      <table data-testid={props.testid} aria-rowcount={range().all + 1}>
        <thead>{props.head}</thead>
        <tbody>
          <tr aria-hidden="true" style={{ height: `${range().first * props.rowHeight}px` }}><td colspan={props.columns} /></tr>
          <Show when={range().all === 0 && props.empty}>{(text) => <tr><td colspan={props.columns} class="muted empty-row">{text()}</td></tr>}</Show>
          <For each={visible()}>{(item) => props.row(item)}</For>
          <tr aria-hidden="true" style={{ height: `${(range().all - range().last) * props.rowHeight}px` }}><td colspan={props.columns} /></tr>
        </tbody>
      </table>
    </div>
  );
}
