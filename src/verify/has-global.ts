import { ts } from '../typescript.js';

/**
 * Whether the program's lib (or its ambient types, e.g. @types/node) declares a global value of
 * this name. Answers what the project's code can use, from its own compiler options.
 */
export function hasGlobal(program: ts.Program, name: string): boolean {
  return program.getTypeChecker().resolveName(name, undefined, ts.SymbolFlags.Value, false) !== undefined;
}

/** Whether `Symbol.dispose` is declared (lib esnext.disposable, or @types/node's polyfill typing). */
export function hasSymbolDispose(program: ts.Program): boolean {
  const checker = program.getTypeChecker();
  const symbol = checker.resolveName('Symbol', undefined, ts.SymbolFlags.Value, false);
  if (!symbol) return false;
  return checker.getTypeOfSymbol(symbol).getProperty('dispose') !== undefined;
}
