import { hasModifier } from '../graph/collect-fields.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';

/**
 * The back-pointers of unlink-fix entries declared `readonly` (`file#Class.field`). The owner that
 * resets one is often in another file than the class declaring it, where reset-back-pointer cannot
 * see the modifier; it writes to these through a cast, as the project itself must to set them.
 */
export function readonlyPointers(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[]): string[] {
  const wanted = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.action !== 'unlink-fix') continue;
    const key = `${entry.file}#${entry.class}`;
    wanted.set(key, (wanted.get(key) ?? new Set()).add(entry.field));
  }
  if (wanted.size === 0) return [];
  const files = new Set([...wanted.keys()].map((key) => key.slice(0, key.lastIndexOf('#'))));
  const found: string[] = [];
  for (const sourceFile of loaded.program.getSourceFiles()) {
    const file = loaded.relative(sourceFile.fileName);
    if (!files.has(file)) continue;
    const visit = (node: ts.Node): void => {
      const className = ts.isClassLike(node) ? node.name?.text : undefined;
      const fields = className === undefined ? undefined : wanted.get(`${file}#${className}`);
      if (fields && ts.isClassLike(node)) {
        for (const member of node.members) {
          const declarations: readonly ts.NamedDeclaration[] = ts.isConstructorDeclaration(member)
            ? member.parameters.filter((parameter) => ts.isParameterPropertyDeclaration(parameter, member))
            : [member];
          for (const declaration of declarations) {
            const name = declaration.name && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
            if (name && fields.has(name) && hasModifier(declaration, ts.SyntaxKind.ReadonlyKeyword)) found.push(`${file}#${className}.${name}`);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}
