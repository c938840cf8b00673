import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The installed package's root folder (dist/io/ is two levels down). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export { ENGINE_VERSION } from '../results/engineVersion.js';

/** The shipped calibration file. */
export const DEFAULT_CALIBRATION = join(PACKAGE_ROOT, 'calibration', 'calibration.yaml');
