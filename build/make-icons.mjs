// Draws the app and tray icons from inline SVG with headless Chromium and writes the PNGs
// committed beside this script. Run after changing the drawing:
//
//   node build/make-icons.mjs            (CHROMIUM_PATH overrides /usr/bin/chromium)

import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// A broadcast mark: an on-air dot with two waves each side, on a dark rounded tile.
// The tray variant drops the fine detail and thickens strokes so it reads at 16-32 px.
function markSvg(size, { tray }) {
  const stroke = tray ? 11 : 8;
  const waves = (r) => `
    <path d="M ${128 - r * 0.72} ${128 - r * 0.7} A ${r} ${r} 0 0 0 ${128 - r * 0.72} ${128 + r * 0.7}" />
    <path d="M ${128 + r * 0.72} ${128 - r * 0.7} A ${r} ${r} 0 0 1 ${128 + r * 0.72} ${128 + r * 0.7}" />`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 256 256">
    <defs>
      <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="#24303c"/><stop offset="1" stop-color="#111820"/>
      </linearGradient>
      <radialGradient id="dot" cx="0.4" cy="0.35" r="0.7">
        <stop offset="0" stop-color="#ff8a7a"/><stop offset="1" stop-color="#e5322d"/>
      </radialGradient>
    </defs>
    <rect x="${tray ? 8 : 16}" y="${tray ? 8 : 16}" width="${tray ? 240 : 224}" height="${tray ? 240 : 224}"
      rx="${tray ? 56 : 48}" fill="url(#tile)"/>
    <circle cx="128" cy="128" r="${tray ? 30 : 26}" fill="url(#dot)"/>
    <g fill="none" stroke="#7fd4ff" stroke-width="${stroke}" stroke-linecap="round">
      ${waves(tray ? 62 : 56)}
      ${tray ? '' : waves(86)}
    </g>
  </svg>`;
}

const outputs = [
  { file: 'icon.png', size: 512, tray: false },
  { file: 'tray.png', size: 32, tray: true },
  { file: 'tray@2x.png', size: 64, tray: true },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  for (const { file, size, tray } of outputs) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${markSvg(size, { tray })}</body></html>`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(join(here, file), png);
    console.log(`wrote build/${file} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
