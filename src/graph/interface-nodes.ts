import path from 'node:path';
import { ts } from '../typescript.js';
import { collectShapeFields } from './collect-fields.js';
import type { ClassId, ClassNode, FieldNode } from './field-graph.js';
import type { ClassLookup } from './resolve-field-targets.js';

/**
 * Interfaces of the project that no class implements and whose properties hold project classes
 * (ClassNode.kind `interface`), and type aliases of object literal types that do (`type Context =
 * { graph: Graph; ... }`): the shapes of plain objects the code builds, such as a context of
 * services that each service keeps. (Read inline, an alias made every service that keeps the
 * context hold every other one: pairs between siblings.) A field type naming an eligible interface gets a
 * provisional node at once, without looking inside (no recursion: a chain of a thousand data
 * interfaces must not exhaust the stack). `settle` then reads the properties of every interface
 * met, from a work list, keeps the interfaces that hold a project class directly or through
 * another kept one, and drops the others with every edge to them; so the result does not depend
 * on the order in which fields meet the interfaces.
 */
export interface InterfaceNodes {
  /** The node id of an eligible interface (provisional until `settle`), else undefined. */
  nodeOf(symbol: ts.Symbol): ClassId | undefined;
  /** The class fields without edges to dropped interfaces, plus the kept interfaces' properties; the kept nodes and their declarations. */
  settle(classFields: readonly FieldNode[]): { fields: FieldNode[]; nodes: ClassNode[]; declarations: Array<[ts.Node, ClassNode]> };
}

/** An interface, or a type alias of an object literal type. */
export type ShapeDeclaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

export interface InterfaceNodesContext {
  checker: ts.TypeChecker;
  lookup: ClassLookup;
  /** Absolute paths of the project's own files. */
  ownFiles: ReadonlySet<string>;
  /** Ids already taken (the classes'). */
  usedIds: Set<ClassId>;
  relative(fileName: string): string;
  /** Whether a file's project turns null checking off. */
  laxNulls(fileName: string): boolean;
}

export function interfaceNodes(context: InterfaceNodesContext): InterfaceNodes {
  const { checker, lookup, usedIds } = context;
  const met = new Map<ts.Symbol, { node: ClassNode; declarations: ShapeDeclaration[] } | undefined>();
  const pending: ts.Symbol[] = [];

  // Own source only (a library's interfaces are its business), not generic (`Context<T>` holds
  // what each use puts in T), not implemented by a class (it stands for its implementers), and
  // without index signatures (`[name: string]: Service` is read as a record of what it holds).
  const eligible = (symbol: ts.Symbol): ShapeDeclaration[] | undefined => {
    const declarations = symbol.declarations ?? [];
    const interfaces = symbol.flags & ts.SymbolFlags.Interface && declarations.length > 0 && declarations.every(ts.isInterfaceDeclaration);
    const objectAlias = symbol.flags & ts.SymbolFlags.TypeAlias && declarations.length === 1 && ts.isTypeAliasDeclaration(declarations[0]!) && ts.isTypeLiteralNode(declarations[0].type);
    if (!interfaces && !objectAlias) return undefined;
    const shapes = declarations as ShapeDeclaration[];
    const own = (declaration: ShapeDeclaration) => !declaration.getSourceFile().isDeclarationFile && context.ownFiles.has(path.resolve(declaration.getSourceFile().fileName));
    if (!shapes.every(own) || shapes.some((declaration) => declaration.typeParameters?.length)) return undefined;
    if (lookup.implementersOf(symbol).length > 0) return undefined;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    // Records and callables are read as such, not as objects with named parts.
    if (checker.getIndexInfosOfType(type).length > 0 || type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return undefined;
    return shapes;
  };

  const nodeOf = (symbol: ts.Symbol): ClassId | undefined => {
    if (met.has(symbol)) return met.get(symbol)?.node.id;
    const declarations = eligible(symbol);
    if (!declarations) {
      met.set(symbol, undefined);
      return undefined;
    }
    const sourceFile = declarations[0]!.getSourceFile();
    const file = context.relative(sourceFile.fileName);
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(declarations[0]!.name.getStart(sourceFile));
    // Two of one name in one file (namespaces): told apart by position, as classes are.
    let id = `${file}#${symbol.getName()}`;
    if (usedIds.has(id)) id = `${id}@${line + 1}:${character + 1}`;
    usedIds.add(id);
    const node: ClassNode = {
      id,
      name: symbol.getName(),
      kind: 'interface',
      file,
      line: line + 1,
      column: character + 1,
      abstract: false,
      extends: [],
      implements: [],
      disposeMethods: [],
      methods: [],
      serialised: false,
      external: false,
    };
    met.set(symbol, { node, declarations });
    pending.push(symbol);
    return id;
  };

  const settle: InterfaceNodes['settle'] = (classFields) => {
    const properties = new Map<ClassId, FieldNode[]>();
    // Reading properties may meet more interfaces: they join the list.
    while (pending.length > 0) {
      const { node, declarations } = met.get(pending.pop()!)!;
      const laxNulls = context.laxNulls(declarations[0]!.getSourceFile().fileName);
      // A property typed by an interface that classes implement (`override: IDisposable`) holds
      // some implementer, nobody knows which: from a plain object, only classes named outright are edges.
      const read = collectShapeFields(node, declarations, checker, lookup, laxNulls, (sourceFile) => context.relative(sourceFile.fileName));
      properties.set(
        node.id,
        read.map((property) => ({ ...property, targets: property.targets.filter((target) => target.via !== 'interface') })),
      );
    }
    const kept = new Set<ClassId>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const [id, fields] of properties) {
        if (kept.has(id)) continue;
        if (fields.some((field) => field.targets.some((target) => !properties.has(target.classId) || kept.has(target.classId)))) {
          kept.add(id);
          grew = true;
        }
      }
    }
    const dropped = (classId: ClassId) => properties.has(classId) && !kept.has(classId);
    const withoutDropped = (field: FieldNode): FieldNode | undefined => {
      if (!field.targets.some((target) => dropped(target.classId)) && !field.weakTargets.some(dropped)) return field;
      const targets = field.targets.filter((target) => !dropped(target.classId));
      const weakTargets = field.weakTargets.filter((classId) => !dropped(classId));
      // A field that held nothing but a dropped interface holds no project object: no field.
      return targets.length > 0 || weakTargets.length > 0 ? { ...field, targets, weakTargets } : undefined;
    };
    const fields = [...classFields, ...[...properties].filter(([id]) => kept.has(id)).flatMap(([, fieldsOf]) => fieldsOf)]
      .map(withoutDropped)
      .filter((field): field is FieldNode => field !== undefined);
    const keptEntries = [...met.values()].filter((entry) => entry !== undefined && kept.has(entry.node.id)) as Array<{ node: ClassNode; declarations: ShapeDeclaration[] }>;
    return {
      fields,
      nodes: keptEntries.map((entry) => entry.node),
      // What facts find as the parent of a property: the interface, or the alias's type literal.
      declarations: keptEntries.flatMap((entry) =>
        entry.declarations.map((declaration) => [ts.isTypeAliasDeclaration(declaration) ? declaration.type : declaration, entry.node] as [ts.Node, ClassNode]),
      ),
    };
  };

  return { nodeOf, settle };
}
