import qrcode from 'qrcode-generator';

/**
 * A QR code's modules (true: dark), row by row, for `text` (the room's join
 * link): error correction M, the smallest version that holds it. The
 * library does the encoding (qrcode-generator: small, no dependencies); the
 * page draws the modules itself as SVG rectangles, with no markup from the
 * library in the page.
 */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const rows: boolean[][] = [];
  for (let r = 0; r < n; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < n; c++) row.push(qr.isDark(r, c));
    rows.push(row);
  }
  return rows;
}

/** The dark modules as one SVG path (a unit square each), for a viewBox of the module count plus a 4-module quiet zone. */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, r) => row.forEach((dark, c) => {
    if (dark) parts.push(`M${c + 4} ${r + 4}h1v1h-1z`);
  }));
  return parts.join('');
}
