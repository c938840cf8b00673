import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The installed package's root folder (dist/io/ is two levels down). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export { ENGINE_VERSION } from '../results/engineVersion.js';

/** The shipped calibration file. */
export const DEFAULT_CALIBRATION = join(PACKAGE_ROOT, 'calibration', 'calibration.yaml');

/**
 * The shipped calibration as the build checked it (`scripts/check-calibration.mjs`
 * writes it after compiling): `{ sha256, calibration }`.
 */
export const CHECKED_CALIBRATION = join(PACKAGE_ROOT, 'dist', 'calibration', 'checked.json');
