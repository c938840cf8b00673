// Takes screenshots of an mvsim report in Debian's headless Chromium, as a projector at
// 1,024 x 768 shows it (for the images in docs/ that the README shows).
// Usage: node scripts/screenshot-report.mjs REPORT.html OUT.png [SELECTOR] [--width W] [--height H]
// With a CSS selector, the page is scrolled so that the first element it matches is at
// the top, and the shot is of the viewport from there; without one, of the page's top.
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return Number(value);
};
const width = option('--width', 1024);
const height = option('--height', 768);
const [report, out, selector] = args;
if (!report || !out || !Number.isInteger(width) || !Number.isInteger(height)) {
  console.error('Usage: node scripts/screenshot-report.mjs REPORT.html OUT.png [SELECTOR] [--width W] [--height H]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`file://${resolve(report)}`);
  if (selector) {
    const found = await page.$(selector);
    if (!found) throw new Error(`nothing in ${report} matches ${selector}`);
    await found.evaluate((e) => {
      if (e instanceof HTMLDetailsElement) e.open = true;
      e.scrollIntoView({ block: 'start' });
    });
  }
  await page.screenshot({ path: out });
  console.log(out);
} finally {
  await browser.close();
}
