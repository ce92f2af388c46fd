import path from 'node:path';
import { ts } from '../typescript.js';
import type { LoadedProject } from '../project/load-project.js';
import { definesClassFields } from '../project/class-fields.js';
import { nullChecksTurnedOff } from '../project/null-checks.js';
import { hasGlobal, hasSymbolDispose } from '../verify/has-global.js';
import { collectFacts, factTextGate, resolveKeptThrough, resolveMethodCalls, type KeptThrough, type MethodCall } from './collect-facts.js';
import { collectFields, hasModifier } from './collect-fields.js';
import { collectModuleFacts } from './collect-module-facts.js';
import { cycleFieldNames } from './cycle-fields.js';
import { recursiveMemo } from './recursive-memo.js';
import { resolveReturnedConstructions } from './returned-constructions.js';
import { resolveSetterWrites } from './setter-writes.js';
import { FIELD_GRAPH_SCHEMA_VERSION, type ClassId, type ContainerKind, type ClassNode, type Fact, type FieldGraph, type FieldNode, type GraphWarning } from './field-graph.js';
import { freshCalls } from './fresh-values.js';
import { declarationSymbol, findClasses, type FoundClass } from './find-classes.js';
import { interfaceNodes } from './interface-nodes.js';
import { structuralImplementers } from './structural-implementers.js';
import { copiedFields, ignoresOption, receivingFields, type ConstructorLookup, type ThisArgument } from './receiving-field.js';
import { resolveFieldTargets, type ClassLookup, type HeldTypeParameter } from './resolve-field-targets.js';

export interface BuildFieldGraphOptions {
  /** Called after each project file is processed. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The runtime's own classes (Node's `Readable`, `EventEmitter`, `Socket`: declared by @types/node,
 * as Bun's and Deno's by theirs) are no nodes of the graph. A field typed with one holds what the
 * runtime gives (a socket, a stream), and so many project classes extend them that a field typed
 * `Readable` would otherwise reach every stream the project defines: mongodb's
 * `Connection.messageStream` made false cycles through its cursor streams. (The DOM's classes are
 * interfaces in TypeScript's lib, never nodes either.)
 */
const RUNTIME_TYPES = /[\\/]node_modules[\\/](?:@types[\\/](?:node|bun|deno)|bun-types)[\\/]/;

/**
 * Build the class-field reference graph of a loaded project. This is the only stage that asks
 * the type checker anything; it walks the raw compiler AST (not ts-morph wrappers, which cost
 * memory on large projects) in three passes over the project's own files:
 *   1. find classes, so that types can be mapped to graph nodes;
 *   2. resolve every field's type to the classes it holds (and the class hierarchy);
 *   3. collect facts from method bodies (and wiring in functions outside classes), gated by the
 *      field and method names found in pass 2.
 */
export function buildFieldGraph(loaded: LoadedProject, options: BuildFieldGraphOptions = {}): FieldGraph {
  const program = loaded.program;
  const checker = program.getTypeChecker();
  const ownFiles = new Set(loaded.fileNames.map((fileName) => path.resolve(fileName)));
  const sourceFiles = loaded.fileNames
    .map((fileName) => program.getSourceFile(fileName))
    .filter((sourceFile): sourceFile is ts.SourceFile => sourceFile !== undefined);
  const total = sourceFiles.length * 3;
  let done = 0;
  const progress = () => {
    done += 1;
    options.onProgress?.(done, total);
  };

  // Pass 1: classes of the project.
  const found: Array<{ found: FoundClass; sourceFile: ts.SourceFile }> = [];
  const classByNode = new Map<ts.Node, ClassNode>();
  for (const sourceFile of sourceFiles) {
    for (const entry of findClasses(sourceFile, loaded.relative(sourceFile.fileName), false)) {
      found.push({ found: entry, sourceFile });
      classByNode.set(entry.node, entry.info);
    }
    progress();
  }

  // Classes outside the project (node_modules, .d.ts) become nodes only when a field holds one.
  const external = new Map<ts.Node, ClassNode>();
  const externalByFile = new Map<ts.SourceFile, Map<ts.Node, ClassNode>>();
  const classOfDeclaration = (node: ts.Node): ClassId | undefined => classByNode.get(node)?.id ?? external.get(node)?.id;
  const classOfSymbol = (symbol: ts.Symbol): ClassId | undefined => {
    const declarations = symbol.declarations ?? [];
    for (const declaration of declarations) {
      const own = classByNode.get(declaration);
      if (own) return own.id;
    }
    const declaration = declarations.find(ts.isClassLike);
    if (!declaration) return undefined;
    const known = external.get(declaration);
    if (known) return known.id;
    const sourceFile = declaration.getSourceFile();
    if (ownFiles.has(path.resolve(sourceFile.fileName))) return undefined;
    if (RUNTIME_TYPES.test(sourceFile.fileName)) return undefined;
    // One walk per external file (a bundled .d.ts can declare thousands of classes).
    let inFile = externalByFile.get(sourceFile);
    if (!inFile) {
      inFile = new Map(findClasses(sourceFile, loaded.relative(sourceFile.fileName), true).map((entry) => [entry.node as ts.Node, entry.info]));
      externalByFile.set(sourceFile, inFile);
    }
    const info = inFile.get(declaration);
    if (!info) return undefined;
    external.set(declaration, info);
    return info.id;
  };

  // Interfaces -> implementing project classes, following `implements`, interface `extends`
  // and base classes (a subclass implements what its base implements).
  const implementedBy = new Map<ts.Symbol, Set<ClassId>>();
  const interfaceParents = (symbol: ts.Symbol): ts.Symbol[] => {
    const parents: ts.Symbol[] = [];
    for (const declaration of symbol.declarations ?? []) {
      if (!ts.isInterfaceDeclaration(declaration)) continue;
      for (const clause of declaration.heritageClauses ?? []) {
        for (const heritage of clause.types) {
          const parent = checker.getTypeAtLocation(heritage).getSymbol();
          if (parent) parents.push(parent);
        }
      }
    }
    return parents;
  };
  // Record that a class implements the given interfaces and those they extend; returns their names.
  const implementing = (classId: ClassId, interfaces: ts.Symbol[]): string[] => {
    const names: string[] = [];
    const queue = [...interfaces];
    const visited = new Set<ts.Symbol>();
    while (queue.length > 0) {
      const interfaceSymbol = queue.pop()!;
      if (visited.has(interfaceSymbol)) continue;
      visited.add(interfaceSymbol);
      names.push(interfaceSymbol.getName());
      let set = implementedBy.get(interfaceSymbol);
      if (!set) implementedBy.set(interfaceSymbol, (set = new Set()));
      set.add(classId);
      queue.push(...interfaceParents(interfaceSymbol));
    }
    return names;
  };
  for (const { found: entry } of found) {
    const symbol = declarationSymbol(entry.node);
    const instanceType = symbol ? checker.getDeclaredTypeOfSymbol(symbol) : undefined;
    if (instanceType && instanceType.isClassOrInterface()) {
      for (const base of checker.getBaseTypes(instanceType)) {
        for (const part of base.isIntersection() ? base.types : [base]) {
          const baseSymbol = part.getSymbol();
          const baseId = baseSymbol ? classOfSymbol(baseSymbol) : undefined;
          if (baseId && !entry.info.extends.includes(baseId)) entry.info.extends.push(baseId);
        }
      }
    }
    // `interface Element extends Transformable {}` merged with `class Element`: Transformable's
    // prototype is copied onto Element's at runtime, which TypeScript is told this way.
    for (const declaration of symbol?.declarations ?? []) {
      if (!ts.isInterfaceDeclaration(declaration)) continue;
      for (const clause of declaration.heritageClauses ?? []) {
        for (const heritage of clause.types) {
          const sourceSymbol = checker.getTypeAtLocation(heritage).getSymbol();
          const source = sourceSymbol && classByNode.get(sourceSymbol.declarations?.find(ts.isClassLike) as ts.Node);
          if (source && source !== entry.info && !source.copiedInto?.includes(entry.info.id)) (source.copiedInto ??= []).push(entry.info.id);
        }
      }
    }
    const declared: ts.Symbol[] = [];
    for (const clause of entry.node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ImplementsKeyword) continue;
      for (const heritage of clause.types) {
        const interfaceSymbol = checker.getTypeAtLocation(heritage).getSymbol();
        if (interfaceSymbol) declared.push(interfaceSymbol);
      }
    }
    entry.info.implements.push(...implementing(entry.info.id, declared));
    entry.info.implements.sort();
  }
  // Interfaces of the project no class declares it implements, which classes satisfy where they
  // hand themselves over as one (`new Widget(this)` with `host: Host`): implemented as if
  // declared, for the fields' targets; not listed in `implements`, which says what the code declares.
  const declaredImplemented = new Set(implementedBy.keys());
  const structural = structuralImplementers(found, sourceFiles, checker, (symbol) => declaredImplemented.has(symbol));
  for (const { classId, interfaceSymbol } of structural) implementing(classId, [interfaceSymbol]);
  // Subclasses implement what their bases implement.
  const subclasses = new Map<ClassId, ClassId[]>();
  for (const { found: entry } of found) {
    for (const base of entry.info.extends) {
      const list = subclasses.get(base);
      if (list) list.push(entry.info.id);
      else subclasses.set(base, [entry.info.id]);
    }
  }
  // The classes reachable from `ids` along `next` (the ids included).
  const reachable = (ids: Iterable<ClassId>, next: (id: ClassId) => readonly ClassId[]): Set<ClassId> => {
    const all = new Set<ClassId>();
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (all.has(id)) continue;
      all.add(id);
      stack.push(...next(id));
    }
    return all;
  };
  const withSubclasses = (ids: Iterable<ClassId>): ClassId[] => [...reachable(ids, (id) => subclasses.get(id) ?? [])].sort();
  const implementersCache = new Map<ts.Symbol, ClassId[]>();
  // Generic classes can hold their T through each other (List<T> and ListNode<T>): see recursiveMemo.
  const heldTypeParameters = recursiveMemo<ts.Symbol, readonly HeldTypeParameter[]>(
    (symbol) => {
      const declaration = symbol.declarations?.find((node): node is ts.ClassLikeDeclaration => ts.isClassLike(node) && classByNode.has(node));
      return declaration?.typeParameters ? heldTypeParametersOf(declaration, checker, lookup) : [];
    },
    [],
    (a, b) => a.length === b.length && a.every((held, at) => held.index === b[at]!.index && held.container === b[at]!.container),
  );
  // `interface ILabShell extends LabShell {}` (JupyterLab): a field typed by it holds LabShells,
  // as one typed `LabShell` would; also through interfaces that extend such an interface.
  const classesExtendedBy = (symbol: ts.Symbol, seen = new Set<ts.Symbol>()): Set<ClassId> => {
    const found = new Set<ClassId>();
    if (seen.has(symbol)) return found;
    seen.add(symbol);
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (!type.isClassOrInterface()) return found;
    for (const base of checker.getBaseTypes(type)) {
      const baseSymbol = base.getSymbol();
      if (!baseSymbol) continue;
      if (baseSymbol.flags & ts.SymbolFlags.Class) {
        const declaration = baseSymbol.declarations?.find(ts.isClassLike);
        const info = declaration && classByNode.get(declaration);
        if (info) found.add(info.id);
      } else if (baseSymbol.flags & ts.SymbolFlags.Interface) {
        for (const id of classesExtendedBy(baseSymbol, seen)) found.add(id);
      }
    }
    return found;
  };
  const lookup: ClassLookup = {
    classOfSymbol,
    isDefaultLibrary: (sourceFile) => program.isSourceFileDefaultLibrary(sourceFile),
    implementersOf: (symbol) => {
      const cached = implementersCache.get(symbol);
      if (cached) return cached;
      const extended = classesExtendedBy(symbol);
      const implemented = implementedBy.get(symbol);
      const direct = extended.size === 0 ? implemented : new Set([...(implemented ?? []), ...extended]);
      if (!direct) return [];
      // The most general implementers suffice: detection expands to subclasses itself.
      const ids = withSubclasses(direct);
      const covered = new Set(ids.flatMap((id) => withSubclasses(subclasses.get(id) ?? [])));
      const result = ids.filter((id) => direct.has(id) && !covered.has(id));
      implementersCache.set(symbol, result);
      return result;
    },
    heldTypeParameters: (symbol) => heldTypeParameters(symbol),
    shapeOf: (symbol) => plainObjects.nodeOf(symbol),
  };

  // Interfaces of plain objects that hold project classes: graph nodes too (interface-nodes.ts).
  const plainObjects = interfaceNodes({
    checker,
    lookup,
    ownFiles,
    usedIds: new Set(found.map(({ found: entry }) => entry.info.id)),
    relative: loaded.relative,
    laxNulls: (fileName) => nullChecksTurnedOff(loaded.optionsFor(fileName)),
  });

  // Pass 2: fields.
  const fields: FieldNode[] = [];
  // With null checking turned off any field may hold null and undefined, whatever its written
  // type; in a solution, as the file's own project has it.
  for (const { found: entry, sourceFile } of found) {
    const options = loaded.optionsFor(sourceFile.fileName);
    fields.push(...collectFields(entry, sourceFile, checker, lookup, nullChecksTurnedOff(options), definesClassFields(options)));
  }
  const settled = plainObjects.settle(fields);
  fields.length = 0;
  fields.push(...settled.fields);
  for (const [declaration, node] of settled.declarations) classByNode.set(declaration, node);
  for (let index = 0; index < sourceFiles.length; index++) progress();

  // Pass 3: facts.
  // Facts only matter about fields that can be on a cycle: the checker is asked about those alone.
  const fieldNames = cycleFieldNames(fields, withSubclasses);
  // Setters of classes holding such a field (declared or inherited) may write it: their names
  // pass the gate too, and resolveSetterWrites turns their facts into the field's.
  const cycleFieldClasses = new Set(withSubclasses(fields.filter((field) => !field.static && fieldNames.has(field.name)).map((field) => field.classId)));
  for (const { found: entry } of found) {
    if (!cycleFieldClasses.has(entry.info.id)) continue;
    for (const key of Object.keys(entry.info.memberLines ?? {})) if (key.startsWith('set ')) fieldNames.add(key.slice('set '.length));
  }
  const methodNames = new Set(found.flatMap(({ found: entry }) => entry.info.methods));
  const holderFieldNames = new Set(fields.filter((field) => fieldNames.has(field.name) && field.targets.some((target) => target.throughHolder)).map((field) => field.name));
  const mayHoldFacts = factTextGate(fieldNames);
  const projectClasses = new Map(found.map(({ found: entry }) => [entry.info.id, entry]));
  const constructors: ConstructorLookup = {
    declarationOf: (id) => projectClasses.get(id)?.node,
    // A class built from mixins has several bases and no one `super` to follow.
    baseOf: (id) => {
      const bases = projectClasses.get(id)?.info.extends ?? [];
      return bases.length === 1 ? bases[0] : undefined;
    },
  };
  const receivingFieldsOf = (id: ClassId, argument: ThisArgument) => receivingFields(id, argument, constructors);
  const ignoresOptionOf = (id: ClassId, argument: ThisArgument) => ignoresOption(id, argument, constructors);
  const copiedFieldsOf = (id: ClassId, position: number) => copiedFields(id, position, constructors);
  // Asked once per write fact by resolveSetterWrites: each class's line is walked once.
  const lines = new Map<ClassId, Set<ClassId>>();
  const basesOf = (classId: ClassId): Set<ClassId> => {
    let line = lines.get(classId);
    if (!line) lines.set(classId, (line = reachable([classId], (id) => projectClasses.get(id)?.info.extends ?? [])));
    return line;
  };
  const instanceFieldOf = (classId: ClassId, name: string) => {
    const line = basesOf(classId);
    return fields.find((field) => field.name === name && !field.static && line.has(field.classId));
  };
  // The class whose method `name` objects of `classId` run: its own, or the nearest base's.
  const methodDeclarerOf = (classId: ClassId, name: string): ClassId | undefined => {
    const seen = new Set<ClassId>();
    for (let level = [classId]; level.length > 0; ) {
      const declaring = level.find((id) => projectClasses.get(id)?.info.methods.includes(name));
      if (declaring) return declaring;
      level.forEach((id) => seen.add(id));
      level = level.flatMap((id) => projectClasses.get(id)?.info.extends ?? []).filter((id) => !seen.has(id));
    }
    return undefined;
  };
  // `childBlot.parent = this` with `childBlot: Blot`, an interface the project's classes implement
  // (parchment): the class declaring `parent` for all of them, if one does. So for a method the
  // interface declares (`item.destroy()` with `item: ICanvas`, leafer): the class whose method runs.
  const declaringImplementer = (declaration: ts.InterfaceDeclaration, name: string): ClassId | undefined => {
    const symbol = checker.getSymbolAtLocation(declaration.name);
    const implementers = symbol ? lookup.implementersOf(symbol) : [];
    const declaring = new Set(implementers.map((id) => instanceFieldOf(id, name)?.classId ?? methodDeclarerOf(id, name)));
    return declaring.size === 1 ? [...declaring][0] : undefined;
  };
  const returnsFresh = freshCalls(checker);
  const factContext = (sourceFile: ts.SourceFile) => ({
    checker,
    sourceFile,
    classOfDeclaration,
    classOfSymbol,
    declaringImplementer,
    fieldNames,
    holderFieldNames,
    methodNames,
    mayHoldFacts,
    receivingFields: receivingFieldsOf,
    ignoresOption: ignoresOptionOf,
    copiedFields: copiedFieldsOf,
    returnsFresh,
  });
  const facts: Fact[] = [];
  const calls: MethodCall[] = [];
  const kept: KeptThrough[] = [];
  let currentFile: ts.SourceFile | undefined;
  for (const { found: entry, sourceFile } of found) {
    if (currentFile && currentFile !== sourceFile) progress();
    currentFile = sourceFile;
    const { serialised } = collectFacts(entry, factContext(sourceFile), facts, calls, kept);
    if (serialised) entry.info.serialised = true;
  }
  // Wiring in the files' functions outside classes (see collectModuleFacts).
  for (const sourceFile of sourceFiles) collectModuleFacts(sourceFile, loaded.relative(sourceFile.fileName), factContext(sourceFile), facts, kept);
  resolveSetterWrites(facts, basesOf, (classId, name) => instanceFieldOf(classId, name)?.classId);
  resolveMethodCalls(calls, facts);
  // The field a method keeps its argument in: declared by the method's class or a base of it.
  resolveKeptThrough(kept, facts, (classId, name) => instanceFieldOf(classId, name)?.id);
  // `this.renderer = this.createRenderer()` keeps what `createRenderer` constructs passing `this`.
  resolveReturnedConstructions(facts, basesOf);
  while (done < total) progress();

  const classes = [...found.map(({ found: entry }) => entry.info), ...external.values(), ...settled.nodes];
  for (const node of classes) node.copiedInto?.sort();
  const disposeConventions: Record<string, number> = {};
  for (const node of classes) {
    if (node.external) continue;
    for (const name of node.disposeMethods) disposeConventions[name] = (disposeConventions[name] ?? 0) + 1;
  }

  return {
    schemaVersion: FIELD_GRAPH_SCHEMA_VERSION,
    classes: classes.sort(byLocation),
    fields: fields.sort(byLocation),
    facts: facts.sort(byLocation),
    // The project's own files, also those a `classRootsOnly` program left out (they hold no class).
    files: loaded.fileNames.map((fileName) => loaded.relative(fileName)).sort(),
    disposeConventions,
    lib: { weakRef: hasGlobal(program, 'WeakRef'), disposable: hasSymbolDispose(program) },
    warnings: collectWarnings(loaded, sourceFiles, program),
  };
}

/**
 * Which type parameters a generic project class keeps in its instance fields (`value: T`,
 * `items: T[]`, `byId: Map<string, T>`, a field of another generic class that keeps it, or a base
 * class that does: `extends Base<T>`), with the container of the first field found.
 */
function heldTypeParametersOf(declaration: ts.ClassLikeDeclaration, checker: ts.TypeChecker, lookup: ClassLookup): HeldTypeParameter[] {
  const parameters = declaration.typeParameters!.map((parameter) => checker.getTypeAtLocation(parameter));
  const held = new Map<number, ContainerKind>();
  const scan = (type: ts.Type) => {
    for (const { type: parameter, container } of resolveFieldTargets(type, checker, lookup).typeParameters) {
      const index = parameters.indexOf(parameter);
      if (index >= 0 && !held.has(index)) held.set(index, container);
    }
  };
  for (const clause of declaration.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword) for (const base of clause.types) scan(checker.getTypeAtLocation(base));
  }
  for (const member of declaration.members) {
    if (ts.isPropertyDeclaration(member) && !hasModifier(member, ts.SyntaxKind.StaticKeyword)) scan(checker.getTypeAtLocation(member.name));
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) if (ts.isParameterPropertyDeclaration(parameter, member)) scan(checker.getTypeAtLocation(parameter.name));
    }
  }
  return [...held].sort(([a], [b]) => a - b).map(([index, container]) => ({ index, container }));
}

function collectWarnings(loaded: LoadedProject, sourceFiles: ts.SourceFile[], program: ts.Program): GraphWarning[] {
  const warnings: GraphWarning[] = loaded.configWarnings.map((message) => ({ kind: 'config', message }));
  for (const sourceFile of sourceFiles) {
    const [first, ...rest] = program.getSyntacticDiagnostics(sourceFile);
    if (!first) continue;
    const file = loaded.relative(sourceFile.fileName);
    const line = first.start === undefined ? undefined : sourceFile.getLineAndCharacterOfPosition(first.start).line + 1;
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    warnings.push({
      kind: 'syntax-error',
      file,
      ...(line === undefined ? {} : { line }),
      // Every report format puts the warning's file and line before its message.
      message: `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '')}${more}; analysed as far as it parses.`,
    });
  }
  return warnings;
}

function byLocation<T extends { file: string; line: number; column: number }>(a: T, b: T): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || compareText(sortKey(a), sortKey(b));
}

function sortKey(value: object): string {
  return 'id' in value ? String(value.id) : 'kind' in value ? String(value.kind) + String((value as Fact).field ?? (value as Fact).ownField ?? '') : '';
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
