/**
 * mvsim's version, as results and states record it. It is a constant rather than read
 * from package.json so that the engine runs where there is no file system (a browser);
 * a test keeps it equal to package.json's version.
 */
export const ENGINE_VERSION = '0.2.0';
