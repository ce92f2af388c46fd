import { hasModifier } from '../graph/collect-fields.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';
import { forEachPlannedClass, plannedFields } from './planned-classes.js';

/**
 * The back-pointers of unlink-fix entries declared `readonly` (`file#Class.field`). The owner that
 * resets one is often in another file than the class declaring it, where reset-back-pointer cannot
 * see the modifier; it writes to these through a cast, as the project itself must to set them.
 */
export function readonlyPointers(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[]): string[] {
  const wanted = plannedFields(entries, 'unlink-fix');
  const found: string[] = [];
  forEachPlannedClass(loaded, wanted, (node, file, className, fields) => {
    for (const member of node.members) {
      const declarations: readonly ts.NamedDeclaration[] = ts.isConstructorDeclaration(member)
        ? member.parameters.filter((parameter) => ts.isParameterPropertyDeclaration(parameter, member))
        : [member];
      for (const declaration of declarations) {
        const name = declaration.name && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
        if (name && fields.has(name) && hasModifier(declaration, ts.SyntaxKind.ReadonlyKeyword)) found.push(`${file}#${className}.${name}`);
      }
    }
  });
  return found;
}
