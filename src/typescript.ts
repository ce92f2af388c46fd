/**
 * The TypeScript compiler API, as ts-morph bundles it. Every module takes `ts` from here.
 *
 * Loaded with `require`, not `import`: Node 20 handles an `import` of a CommonJS package by
 * detecting its format and scanning its source for named exports, which for ts-morph's bundle
 * cost about 0.1 s on every run (measured with --cpu-prof: detectModuleFormat + cjs-module-lexer).
 * And the bundle itself rather than @ts-morph/common, which re-exports it as `ts`: the same
 * object, without loading @ts-morph/common's own 3 MB (mostly the lib .d.ts texts, which
 * src/project/lib-files.ts keeps on disk) and its dependencies: 0.15 s less to load.
 * Types: src/ts-morph-bundle.d.ts.
 */
import tsBundle = require('@ts-morph/common/dist/typescript.js');

export import ts = tsBundle;
