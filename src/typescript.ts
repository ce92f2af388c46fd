/**
 * The TypeScript compiler API, as ts-morph bundles it. Every module takes `ts` from here.
 *
 * Loaded with `require`, not `import`: Node 20 handles an `import` of a CommonJS package by
 * detecting its format and scanning its source for named exports, which for ts-morph's bundle
 * cost about 0.1 s on every run (measured with --cpu-prof: detectModuleFormat + cjs-module-lexer).
 */
import tsMorph = require('ts-morph');

export import ts = tsMorph.ts;
