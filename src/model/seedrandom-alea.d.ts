// seedrandom's Alea generator on its own (`seedrandom/lib/alea.js`, CommonJS), without the
// package's main module, which would bring ARC4 and a `require('crypto')` for autoseeding
// that mvsim never does. Typed from @types/seedrandom's own declarations.
declare module 'seedrandom/lib/alea.js' {
  import type seedrandom from 'seedrandom';
  const alea: (seed: string, options: { state: true | seedrandom.State.Alea }) => seedrandom.StatefulPRNG<seedrandom.State.Alea>;
  export default alea;
}
