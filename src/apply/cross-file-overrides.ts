import { ts } from '../typescript.js';
import type { PlanEntry } from '../plan/migration-plan.js';
import type { LoadedProject } from '../project/load-project.js';
import type { SkippedEntry } from './change-set.js';

/**
 * weakref entries that would break the class hierarchy across files. weakref-accessor turns the
 * field into a get/set accessor pair, and TypeScript refuses an accessor that overrides a property
 * (TS2611) or a property that overrides an accessor (TS2610). The transform sees one file and
 * refuses that case itself when both classes are in it; a subclass or base class in another file
 * (rxjs: `ConnectableObservable` redeclares `Observable.source` as a parameter property) is only
 * visible to the whole program, so it is checked here, before any transform runs.
 *
 * A redeclaration that is itself a weakref entry becomes an accessor too and is no conflict.
 */
export function crossFileOverrides(loaded: Pick<LoadedProject, 'program' | 'relative'>, entries: readonly PlanEntry[]): SkippedEntry[] {
  const weakref = entries.filter((entry) => entry.action === 'weakref');
  if (weakref.length === 0) return [];
  const checker = loaded.program.getTypeChecker();
  const converted = new Set(weakref.map((entry) => sideKey(entry.file, entry.class, entry.field)));
  const fieldNames = new Set(weakref.map((entry) => entry.field));

  // Every class in the program that declares one of the fields as a plain property.
  const declarers: Array<{ node: ts.ClassLikeDeclaration; file: string; name: string; field: string; abstract: boolean; declared: boolean }> = [];
  const classesByKey = new Map<string, ts.ClassLikeDeclaration>();
  for (const sourceFile of loaded.program.getSourceFiles()) {
    if (loaded.program.isSourceFileDefaultLibrary(sourceFile)) continue;
    const file = loaded.relative(sourceFile.fileName);
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node.name) {
        const name = node.name.text;
        classesByKey.set(`${file}\0${name}`, node);
        for (const { field, abstract, declared } of properties(node)) {
          if (fieldNames.has(field)) declarers.push({ node, file, name, field, abstract, declared });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  if (declarers.length === 0) return [];

  // A refusal can strand another entry of the same hierarchy (rxjs: VirtualAction.scheduler stays
  // a property, so AsyncAction.scheduler is refused, so AsapAction's accessor would override a
  // property): repeat until no entry is newly refused.
  const skipped: SkippedEntry[] = [];
  const refused = new Set<PlanEntry>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of weakref) {
      if (refused.has(entry)) continue;
      const own = classesByKey.get(`${entry.file}\0${entry.class}`);
      if (!own) continue;
      for (const other of declarers) {
        // A hierarchy inside one file is the transform's to check (it sees both classes).
        if (other.field !== entry.field || other.file === entry.file) continue;
        if (converted.has(sideKey(other.file, other.name, other.field))) continue;
        const relation = inherits(checker, other.node, own) ? 'subclass' : inherits(checker, own, other.node) ? 'base class' : undefined;
        // An accessor may implement an abstract property.
        if (!relation || (relation === 'base class' && other.abstract)) continue;
        // "Both" needs an entry for the other: say so where the plan has none (it was below --min-confidence).
        // A `declare` redeclaration is type information only: no entry can migrate it (leafer's UIData.__leaf).
        const planned = entries.some((candidate) => candidate.file === other.file && candidate.class === other.name && candidate.field === other.field);
        const both = other.declared
          ? `${other.name} redeclares it with \`declare\`, type information with nothing to migrate, so use the dispose fix for this entry`
          : planned
            ? 'migrate both or neither'
            : `migrate both or neither (the plan has no entry for ${other.name}.${other.field}: \`weakify analyze --min-confidence 0 --plan <file>\` lists it)`;
        skipped.push({
          entryId: entry.id,
          file: entry.file,
          reason:
            `${entry.class}.${entry.field} is declared as a property by its ${relation} ${other.name} in ${other.file}; ` +
            `turning only ${entry.class}'s into an accessor would not type-check (TS${relation === 'subclass' ? 2610 : 2611}): ${both}.`,
        });
        refused.add(entry);
        converted.delete(sideKey(entry.file, entry.class, entry.field));
        changed = true;
        break;
      }
    }
  }
  return skipped;
}

/** Instance properties the class declares itself: property declarations (abstract or not) and parameter properties. */
function properties(node: ts.ClassLikeDeclaration): Array<{ field: string; abstract: boolean; declared: boolean }> {
  const found: Array<{ field: string; abstract: boolean; declared: boolean }> = [];
  for (const member of node.members) {
    if (ts.isPropertyDeclaration(member) && !isStatic(member) && !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.AccessorKeyword)) {
      const field = memberName(member.name);
      const has = (kind: ts.SyntaxKind) => member.modifiers?.some((m) => m.kind === kind) ?? false;
      if (field !== undefined) found.push({ field, abstract: has(ts.SyntaxKind.AbstractKeyword), declared: has(ts.SyntaxKind.DeclareKeyword) });
    } else if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isParameterPropertyDeclaration(parameter, member) && ts.isIdentifier(parameter.name)) found.push({ field: parameter.name.text, abstract: false, declared: false });
      }
    }
  }
  return found;
}

function memberName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function isStatic(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false);
}

/** Whether `derived` extends `base`, directly or through other classes (generic instantiations included). */
function inherits(checker: ts.TypeChecker, derived: ts.ClassLikeDeclaration, base: ts.ClassLikeDeclaration): boolean {
  if (derived === base) return false;
  const seen = new Set<ts.Node>();
  let current: ts.ClassLikeDeclaration | undefined = derived;
  while (current && !seen.has(current)) {
    seen.add(current);
    const heritage = current.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage) return false;
    let symbol = checker.getSymbolAtLocation(heritage.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    current = symbol?.declarations?.find(ts.isClassLike);
    if (current === base) return true;
  }
  return false;
}

function sideKey(file: string, className: string, field: string): string {
  return `${file}\0${className}\0${field}`;
}
