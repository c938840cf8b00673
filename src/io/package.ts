import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The installed package's root folder (dist/io/ is two levels down). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** mvsim's version, from its package.json. */
export const ENGINE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The shipped calibration file. */
export const DEFAULT_CALIBRATION = join(PACKAGE_ROOT, 'calibration', 'calibration.yaml');
