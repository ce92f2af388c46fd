import type { ts } from '../typescript.js';

/**
 * Whether the project's code was written with strictNullChecks, read as its own compiler of the
 * TypeScript 5 era read the tsconfig (off unless `strict` or `strictNullChecks` turns it on), not
 * as TypeScript 6 does (on unless turned off): a tsconfig that never set it belongs to code that
 * may hold null or undefined in any field, whatever the field's written type says.
 */
export function writtenWithNullChecks(options: ts.CompilerOptions): boolean {
  return options.strictNullChecks ?? options.strict ?? false;
}

/**
 * Whether the tsconfig turns null checking off outright (`strict: false`, or `strictNullChecks:
 * false`). The analysis then reports every field as admitting null and undefined. A tsconfig that
 * never mentions it is left to the written types there: apply verifies with TypeScript 6, which
 * checks such a project as strict, so a dispose fix must still widen `parent: Folder` to clear it.
 */
export function nullChecksTurnedOff(options: ts.CompilerOptions): boolean {
  return options.strictNullChecks === false || (options.strictNullChecks === undefined && options.strict === false);
}

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
