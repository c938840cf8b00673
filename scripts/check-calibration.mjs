// Writes dist/calibration/checked.json: the shipped calibration as the compiled
// parseCalibration checks it, with the SHA-256 of its text. A command given a
// calibration file with exactly that text uses it instead of parsing the YAML again,
// which was a third of a cold `mvsim run`'s CPU (issue 13). Run by `npm run build`
// after tsc, so the check is always this build's. A shipped calibration that does not
// check fails the build.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { parseCalibration } = await import(join(root, 'dist', 'calibration', 'load.js'));
const { sha256 } = await import(join(root, 'dist', 'io', 'files.js'));
const { CHECKED_CALIBRATION, DEFAULT_CALIBRATION } = await import(join(root, 'dist', 'io', 'package.js'));
const text = readFileSync(DEFAULT_CALIBRATION, 'utf8');
const parsed = parseCalibration(DEFAULT_CALIBRATION, text);
if (!parsed.ok) {
  console.error(`check-calibration: ${DEFAULT_CALIBRATION} does not check:\n${parsed.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(1);
}
writeFileSync(CHECKED_CALIBRATION, JSON.stringify({ sha256: sha256(text), calibration: parsed.calibration }));
