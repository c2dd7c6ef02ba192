import { createMemo } from 'solid-js';
import { qrModules, qrPath } from './qr';

/** A QR code of `text`, drawn as SVG (dark on white in both themes, as scanners read best), labelled for screen readers. */
export function QrCode(props: { text: string; label: string; size?: number }) {
  const modules = createMemo(() => qrModules(props.text));
  const side = () => modules().length + 8;
  return (
    <svg
      class="qr" role="img" aria-label={props.label} data-testid="class-qr" data-modules={modules().length}
      viewBox={`0 0 ${side()} ${side()}`} width={props.size ?? 180} height={props.size ?? 180} shape-rendering="crispEdges"
    >
      <rect width={side()} height={side()} fill="#fff" />
      <path d={qrPath(modules())} fill="#000" />
    </svg>
  );
}
