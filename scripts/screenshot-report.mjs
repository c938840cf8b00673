// Takes a screenshot of an mvsim report in Debian's headless Chromium (for docs/report.png).
// Usage: node scripts/screenshot-report.mjs REPORT.html OUT.png [height]
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [report, out, height = '1700'] = process.argv.slice(2);
if (!report || !out) {
  console.error('Usage: node scripts/screenshot-report.mjs REPORT.html OUT.png [height]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: Number(height) } });
await page.goto(`file://${resolve(report)}`);
await page.screenshot({ path: out });
await browser.close();
console.log(out);
