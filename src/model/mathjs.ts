import bundle from 'mathjs/lib/browser/math.js';

/**
 * mathjs, as every module of mvsim uses it: the library's one-file bundle, an exported
 * path of the same release. Why (measured by `npm run bench`): `import … from 'mathjs'`
 * evaluates some 1,200 modules and builds all of its ~370 functions at once, about
 * 0.45 s, which every worker thread paid again; the bundle loads in about 60 ms and
 * its instances build a function only when it is first used. The functions and their
 * results are the same.
 */
export const mathjs = bundle;
