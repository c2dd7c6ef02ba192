// Rasterises public/icons/icon.svg into the PNG icons the web app manifest and
// index.html point at, with the Chromium that the e2e tests already use (no
// image library needed). Run it after changing the SVG and commit the PNGs:
//
//   node scripts/icons.mjs
//
// CHROMIUM_PATH overrides the browser (default /usr/bin/chromium).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const svg = await readFile(`${dir}icon.svg`, 'utf8');
const BG = '#121417'; // the tile's colour in icon.svg, and the app's dark background

const inline = (markup) => `data:image/svg+xml;base64,${Buffer.from(markup).toString('base64')}`;

// A full-bleed square with the logo scaled into the middle. Maskable icons keep
// everything that matters inside the central circle of 80% diameter, which the
// platform may crop to; iOS ignores transparency, so apple-touch-icon is opaque too.
const fullBleed = (scale) => {
  const side = 512 * scale;
  const at = (512 - side) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="${BG}"/>
  <image href="${inline(svg)}" x="${at}" y="${at}" width="${side}" height="${side}"/>
</svg>`;
};

const icons = [
  // purpose "any": the rounded tile with transparent corners.
  { file: 'icon-192.png', size: 192, markup: svg, transparent: true },
  { file: 'icon-512.png', size: 512, markup: svg, transparent: true },
  // The marks reach about 160 px from the centre of the 512 px tile; at 0.8 they
  // sit well inside the 204.8 px safe-zone radius.
  { file: 'icon-maskable-512.png', size: 512, markup: fullBleed(0.8), transparent: false },
  { file: 'apple-touch-icon.png', size: 180, markup: fullBleed(0.9), transparent: false },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { file, size, markup, transparent } of icons) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">
        <img src="${inline(markup)}" width="${size}" height="${size}" style="display:block">
      </body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const png = await page.screenshot({ omitBackground: transparent, clip: { x: 0, y: 0, width: size, height: size } });
    // The IHDR chunk holds the width and height: check what we wrote is what we meant.
    const w = png.readUInt32BE(16);
    const h = png.readUInt32BE(20);
    if (w !== size || h !== size) throw new Error(`${file}: rendered ${w}×${h}, expected ${size}×${size}`);
    await writeFile(`${dir}${file}`, png);
    console.log(`public/icons/${file} ${size}×${size} ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
