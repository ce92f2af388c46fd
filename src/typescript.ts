/**
 * The TypeScript compiler API, as ts-morph bundles it (in @ts-morph/common, which ts-morph
 * re-exports as `ts`). Every module takes `ts` from here.
 *
 * Loaded with `require`, not `import`: Node 20 handles an `import` of a CommonJS package by
 * detecting its format and scanning its source for named exports, which for ts-morph's bundle
 * cost about 0.1 s on every run (measured with --cpu-prof: detectModuleFormat + cjs-module-lexer).
 * Taken from @ts-morph/common rather than ts-morph: the same object, without compiling ts-morph's
 * own 1 MB wrapper layer, which the analysis does not use (0.04 s a run).
 */
import tsMorphCommon = require('@ts-morph/common');

export import ts = tsMorphCommon.ts;
