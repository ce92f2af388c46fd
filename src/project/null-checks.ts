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
