/**
 * The TypeScript compiler as ts-morph bundles it, loaded on its own (src/typescript.ts): the
 * same object @ts-morph/common re-exports as `ts`, and so the same types.
 */
declare module '@ts-morph/common/dist/typescript.js' {
  import { ts } from '@ts-morph/common';
  export = ts;
}
