import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import { ts } from '../typescript.js';
import { forEachPlannedClass, plannedFields } from './planned-classes.js';

/** A class whose weak fields must not live in `#` fields, and why (one sentence, with `file:line`). */
export interface EarlyTouchedClass {
  file: string;
  class: string;
  reason: string;
}

/**
 * weakref entries whose class's `#` storage would be used before it exists. A class's `#` fields
 * are added to the object only once its base class's constructor has returned; until then the
 * accessors weakref-accessor adds throw (`Cannot write private member #world to an object whose
 * class did not declare it`). Code that runs in a base class's constructor reaches them when it
 * writes or reads the field through `this` (cannon-es: `Broadphase`'s constructor sets
 * `this.world = null`, which `SAPBroadphase`'s accessor overrides), or calls a method of `this`
 * that the class, or a class between it and that base, declares (an override may touch the
 * field). Type-checking cannot see this, so it is read from the code here: the constructor
 * bodies and instance field initializers of every base class in the project, including the
 * callbacks written there. Those classes keep their state in module-level WeakMaps instead, which
 * exist before any constructor runs.
 *
 * Not followed: a base class that hands `this` to other code which calls back (a registry, an
 * event), and base classes outside the project.
 */
export function touchedBeforeStorage(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[]): EarlyTouchedClass[] {
  const wanted = plannedFields(entries, 'weakref');
  if (wanted.size === 0) return [];
  const checker = loaded.program.getTypeChecker();
  const found: EarlyTouchedClass[] = [];
  forEachPlannedClass(loaded, wanted, (node, file, className, fields) => {
    const reason = earlyTouch(node, fields, checker, loaded);
    if (reason) found.push({ file, class: className, reason });
  });
  return found;
}

/** Why `cls`'s storage for `fields` is touched from a base class's constructor, or undefined. */
function earlyTouch(
  cls: ts.ClassLikeDeclaration,
  fields: ReadonlySet<string>,
  checker: ts.TypeChecker,
  loaded: Pick<LoadedProject, 'program' | 'relative'>,
): string | undefined {
  // Methods declared from `cls` up to (not including) the base being read, by the class declaring
  // them: what an override can be.
  const methods = new Map<string, string>();
  const seen = new Set<ts.ClassLikeDeclaration>();
  for (let current: ts.ClassLikeDeclaration | undefined = cls; current && !seen.has(current); ) {
    seen.add(current);
    for (const member of current.members) {
      const overriding = (ts.isMethodDeclaration(member) || ts.isAccessor(member)) && !isStatic(member);
      if (overriding && !methods.has(member.name.getText())) methods.set(member.name.getText(), current.name?.text ?? 'a class expression');
    }
    const base = baseClassOf(current, checker);
    const baseFile = base?.getSourceFile();
    if (!base || !baseFile || baseFile.isDeclarationFile || loaded.program.isSourceFileFromExternalLibrary(baseFile)) return undefined;
    const touch = touchInConstruction(base, (name) => fields.has(name) || methods.has(name));
    if (touch) {
      const { line } = baseFile.getLineAndCharacterOfPosition(touch.getStart(baseFile));
      const at = `${loaded.relative(baseFile.fileName)}:${line + 1}`;
      const name = touch.name.text;
      const what = fields.has(name) ? `uses \`this.${name}\` (${at})` : `calls \`this.${name}\` (${at}), which ${methods.get(name)} overrides,`;
      return `${base.name?.text ?? 'its base class'}'s constructor ${what} before ${cls.name?.text ?? 'the class'}'s \`#\` fields exist`;
    }
    current = base;
  }
  return undefined;
}

/** The first `this.<name>` a class's constructor or instance field initializers use (read, write or call), where `wanted(name)`. */
function touchInConstruction(cls: ts.ClassLikeDeclaration, wanted: (name: string) => boolean): ts.PropertyAccessExpression | undefined {
  let found: ts.PropertyAccessExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    // A nested class's `this` is its own; a `function`'s is whatever calls it (an arrow's is the constructor's).
    if (ts.isClassLike(node) || ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) return;
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(node.name) && wanted(node.name.text)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  for (const member of cls.members) {
    if (ts.isConstructorDeclaration(member) && member.body) visit(member.body);
    else if (ts.isPropertyDeclaration(member) && member.initializer && !isStatic(member)) visit(member.initializer);
    // Parameter properties are assigned from their arguments: nothing of `this` runs there.
  }
  return found;
}

function baseClassOf(cls: ts.ClassLikeDeclaration, checker: ts.TypeChecker): ts.ClassLikeDeclaration | undefined {
  const heritage = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage) return undefined;
  let symbol = checker.getSymbolAtLocation(heritage.expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.declarations?.find(ts.isClassLike);
}

function isStatic(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false);
}
