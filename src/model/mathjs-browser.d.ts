// mathjs exports its browser bundle (`mathjs/lib/browser/math.js`, CommonJS/UMD) without
// types of its own. It is the default instance of the same release, whose `create` is
// bound to the bundle's own factories (so it takes only a configuration).
declare module 'mathjs/lib/browser/math.js' {
  import type { ConfigOptions, MathJsInstance } from 'mathjs';
  const math: Omit<MathJsInstance, 'create'> & { create(config?: ConfigOptions): MathJsInstance };
  export default math;
}
