import type { BuildOptions } from 'esbuild';

/** The `mvsim/engine` entry module. */
export declare const ENGINE_ENTRY: string;
/** esbuild's options for the browser bundle (the entry is given separately). */
export declare const BROWSER_BUILD: BuildOptions;
