import type { ts } from '../typescript.js';

/**
 * Whether the compiled classes define their fields (`useDefineForClassFields`), read as the
 * project's own compiler of the TypeScript 5 era did: as set, else on from target ES2022 (ES5,
 * the old default target, without one). Where they do not, a field declared without an
 * initializer is type information alone: `parent: MmlNode;` in a subclass narrows the base
 * class's field and adds nothing to the objects.
 */
export function definesClassFields(options: ts.CompilerOptions): boolean {
  // ts.ScriptTarget.ES2022 and ES5, by value: this module imports TypeScript's types only.
  return options.useDefineForClassFields ?? (options.target ?? 1) >= 9;
}
