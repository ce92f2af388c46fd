/**
 * weakref-accessor: turn a back-pointer field into a `WeakRef` held in an ES `#` field, behind a
 * getter/setter pair of the same name, so every use site keeps working.
 *
 *   parent: Parent;          ->   #parent: WeakRef<Parent> | undefined;
 *                                 get parent(): Parent { ...deref, throws a ReferenceError once collected }
 *                                 set parent(value: Parent) { this.#parent = value == null ? undefined : new WeakRef(value); }
 *
 * Which fields: `options.entries` (plan entries, as `weakify apply` passes them), `options.fields`
 * ("Child.parent,Editor.#view", for the jscodeshift CLI) or `options.plan` (a plan file's path).
 * `options.storage`: `private` (default, the `#` field above) or `weakmap` (a module-level
 * `WeakMap` per field, for sources compiled below ES2015; see StorageKind).
 * `options.strictNullChecks`: `false` for a project compiled without it (`weakify apply` passes
 * the program's setting): every field then admits null and undefined whatever its written type
 * says, so the getter gives back the empty value that was set instead of throwing.
 * `options.declaration`: the file is compiled with declaration emit (`weakify apply` passes it):
 * a class expression, or a class declared in a function, then gets WeakMap storage, since the
 * type emitted for it could not name a `#` member (TS4094).
 * `options.weakmapClasses`: names of classes of the file that get WeakMap storage whatever
 * `options.storage` says (`weakify apply` passes those where `#` storage failed verification).
 *
 * The edits are made on the source text at the positions the parser reports, never by reprinting
 * the tree: everything the transform does not rewrite stays byte for byte as it was, and the code
 * it writes follows the file's indentation, quotes, semicolons, line endings and the space (or
 * none) between a method's name and its `(`.
 *
 * On the jscodeshift CLI, run the built module (dist/transforms/weakref-accessor.js): this source
 * imports its siblings in transforms/lib/ by their built names, which jscodeshift's own babel
 * register does not map back to .ts files.
 */
import path from 'node:path';
import type { API, FileInfo, Options } from 'jscodeshift';
import { classNamesOf, codeNameOf, declaredInFunction } from './lib/class-name.js';
import { constructorReturning } from './lib/constructor-returns.js';
import { readPlanFile } from './lib/plan-file.js';

export const parser = 'ts';

type Nullable = 'none' | 'undefined' | 'null' | 'both';

/** The part of a plan entry this transform reads (src/plan/migration-plan.ts PlanEntry). */
interface Target {
  className: string;
  /** `parent`, or `#editor` for an ES private field. */
  field: string;
  /** Used when the field has no type annotation. */
  typeText?: string;
  /** From `--fields`, which names classes across a whole run: a file without the class is not news. */
  anyFile?: true;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  /** A blank line between members: two migrated neighbours each ask for the one between them. */
  blankLine?: true;
}

interface Style {
  eol: string;
  quote: string;
  semi: string;
  unit: string;
  /** What goes between a method's name and its `(`: a space where the file's methods have one (`get dht ()`, standard style). */
  paren: string;
}

/** What the accessors are generated from, whatever form the field was declared in. */
interface FieldShape {
  className: string;
  name: string;
  /** The original type text (getter return and setter parameter type), `?` folded in as `| undefined`. */
  declaredType: string;
  /** The type without its empty values: the WeakRef's target. */
  objectType: string;
  /** What the ReferenceError calls the target: `Parent`, or `target` when the type has no plain name. */
  targetLabel: string;
  nullable: Nullable;
  accessibility?: string;
  readonly: boolean;
  /** `#parent`, or with `weakmap` storage the module-level WeakMap's name (`childParentRefs`). */
  storage: string;
  storageKind: StorageKind;
  /** Compiled without strictNullChecks (FileContext.laxNulls). */
  laxNulls: boolean;
  /**
   * The getter casts what it reads to `declaredType`: admitting null and undefined for laxNulls
   * while the written type does not say so. TypeScript 6 checks a tsconfig without `strict` as
   * strict, and the result must type-check there too.
   */
  castRead: boolean;
  /**
   * WeakMap storage of a field admitting both empty values, initialized with `null` (`parent: Node
   * = null` without null checking): an object whose entry was never set reads null, as the field
   * did before it was first assigned, not undefined.
   */
  unsetReadsNull?: boolean;
}

/**
 * Where the WeakRef lives. `private`: an ES `#` field. `weakmap`: a module-level
 * `WeakMap<instance, WeakRef>`, for projects whose target predates ES private fields (TS18028
 * below ES2015). It is what TypeScript itself compiles `#` fields to for ES2015-ES2021, so the
 * WeakRef stays just as far out of JSON.stringify, spread and structuredClone.
 */
type StorageKind = 'private' | 'weakmap';

/** Per file: how storage is declared, and the module-level names already in use. */
interface FileContext {
  storageKind: StorageKind;
  moduleNames: Set<string>;
  /** A global script (no import or export): its top-level declarations are globals of every file. */
  script: boolean;
  /** WeakMap storage to declare at module level, one block (a comment line, then the declarations) per class. */
  moduleBlocks: string[][];
  /**
   * The project is compiled without strictNullChecks: `prev: Entry<T>` may hold null (zrender's
   * LRU sets `entry.prev = null` for the head), so no written type rules out the empty values.
   */
  laxNulls: boolean;
  /**
   * Names the file binds at its top level (imports, classes, interfaces, type aliases, enums): a
   * type written with one of them is the project's, not the global of that name (maplibre's
   * `import type {Map} from './map'`, a class, not the built-in collection).
   */
  localNames: Set<string>;
}

// Wrapper types and `{}` admit primitives (`const s: String = 'x'` compiles), which WeakRef rejects at run time.
const PRIMITIVE_LIKE_REFERENCES = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'Object']);

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const targets = targetsFor(file.path, options);
  if (targets.length === 0) return undefined;
  const storageKind = storageKindOf(options.storage);

  const j = api.jscodeshift;
  const source = file.source;
  const root = j(source, { tabWidth: 1 });
  trueOffsets(root.paths()[0]!.node, source);
  const style = detectStyle(source, root, j);
  const edits: Edit[] = [];
  const report = (message: string) => api.report(`weakref-accessor: ${message}`);

  const classesByName = new Map<string, any[]>();
  const program = root.paths()[0]!.node.program;
  const context: FileContext = {
    storageKind,
    moduleNames: new Set(),
    script: !isModule(program),
    moduleBlocks: [],
    laxNulls: options.strictNullChecks === false,
    localNames: topLevelNames(program),
  };
  // With declaration emit, a class expression's (or a function's class's) type is written out
  // where it is used, and it cannot name a `#` member (TS4094): such a class keeps its state in
  // module-level WeakMaps instead.
  const declarationEmit = options.declaration === true || options.declaration === 'true';
  const moduleStorageClasses = new Set<object>();
  // Classes `weakify apply` moved to WeakMap storage: with a `#` member, the object literals or
  // `Readonly<T>` the project uses in their place no longer type-checked.
  const weakmapClasses = new Set(Array.isArray(options.weakmapClasses) ? (options.weakmapClasses as unknown[]).filter((name): name is string => typeof name === 'string') : []);
  for (const classPath of [...root.find(j.ClassDeclaration).paths(), ...root.find(j.ClassExpression).paths()]) {
    const names = classNamesOf(classPath);
    for (const name of names) classesByName.set(name, [...(classesByName.get(name) ?? []), classPath.node]);
    const codeName = codeNameOf(classPath);
    if (codeName) codeNames.set(classPath.node, codeName);
    if (declarationEmit && storageKind === 'private' && typedWhereUsed(classPath)) moduleStorageClasses.add(classPath.node);
    if (storageKind === 'private' && names.some((name) => weakmapClasses.has(name))) moduleStorageClasses.add(classPath.node);
  }
  // Any identifier of the file, in any scope: a module-level name must shadow nothing and clash with nothing.
  if (storageKind === 'weakmap' || moduleStorageClasses.size > 0) root.find(j.Identifier).forEach((identifier: any) => context.moduleNames.add(identifier.node.name));

  // Targets by the class that declares the field (a base class in this file, for inherited fields).
  const byClass = new Map<any, Map<string, Target>>();
  for (const target of targets) {
    const classes = classesByName.get(target.className);
    if (!classes) {
      if (!target.anyFile) report(`${target.className}.${target.field} not changed: no class ${target.className} in ${path.basename(file.path)}.`);
      continue;
    }
    for (const cls of classes) {
      const returning = constructorReturning(cls, (name) => {
        const found = classesByName.get(name);
        return found?.length === 1 ? found[0] : undefined;
      });
      if (returning) {
        report(
          `${target.className}.${target.field} not changed: the constructor of ${returning} returns another object (a Proxy, say) in place of \`this\`, where the accessor's storage would not be found; break the cycle by hand.`,
        );
        continue;
      }
      const declaring = declaringClass(cls, target.field, classesByName, new Set());
      if (typeof declaring === 'string') {
        report(`${target.className}.${target.field} not changed: ${declaring}`);
        continue;
      }
      const fields = byClass.get(declaring) ?? new Map<string, Target>();
      // The same field named twice (entries and --fields, or a class and its subclass): migrate it once.
      if (!fields.has(target.field)) fields.set(target.field, target);
      byClass.set(declaring, fields);
    }
  }
  for (const [cls, fields] of byClass) {
    const classContext: FileContext = moduleStorageClasses.has(cls) ? { ...context, storageKind: 'weakmap' } : context;
    edits.push(...rewriteClass(j, source, cls, declaredName(cls)!, [...fields.values()], style, report, classesByName, classContext));
  }

  if (context.moduleBlocks.length > 0) edits.push(moduleDeclarationsEdit(source, program, context.moduleBlocks, style));
  if (edits.length === 0) return undefined;
  return applyEdits(source, edits);
}

/** The class that declares `field`: this one, or the nearest base class declared in this file. */
function declaringClass(cls: any, field: string, classesByName: Map<string, any[]>, visited: Set<any>): any | string {
  if (declaresMember(cls, field) || !cls.superClass) return cls;
  visited.add(cls);
  const base = cls.superClass.type === 'Identifier' ? classesByName.get(cls.superClass.name) : undefined;
  if (base?.length === 1 && !visited.has(base[0])) return declaringClass(base[0], field, classesByName, visited);
  return `it is not declared in its class, nor in a base class in this file; plan it against the class that declares it.`;
}

/**
 * A class in this file, above or below `cls`, that declares `field` as a property. An abstract
 * property of a base class is no clash: an accessor may implement it.
 */
function hierarchyClash(cls: any, field: string, classesByName: Map<string, any[]>): string | undefined {
  // A `declare` redeclaration is a property too: an accessor cannot be overridden by it (TS2610).
  const declaresProperty = (other: any, abstractCounts = true) =>
    other.body.body.some((member: any) => !member.static && (abstractCounts || !member.abstract) && isProperty(member) && memberName(member) === field) ||
    other.body.body.some((member: any) => member.kind === 'constructor' && member.params.some((param: any) => param.type === 'TSParameterProperty' && parameterName(param) === field));
  const baseOf = (other: any) => {
    const found = other.superClass?.type === 'Identifier' ? classesByName.get(other.superClass.name) : undefined;
    return found?.length === 1 ? found[0] : undefined;
  };
  const visited = new Set<any>([cls]);
  for (let base = baseOf(cls); base && !visited.has(base); base = baseOf(base)) {
    visited.add(base);
    if (declaresProperty(base, false)) return `its base class ${declaredName(base)} declares it as a property, and an accessor cannot override a property.`;
  }
  for (const [name, classes] of classesByName) {
    for (const other of classes) {
      if (other === cls) continue;
      let ancestor = baseOf(other);
      for (const seen = new Set<any>(); ancestor && ancestor !== cls && !seen.has(ancestor); ancestor = baseOf(ancestor)) seen.add(ancestor);
      if (ancestor === cls && declaresProperty(other)) {
        const declared = other.body.body.some((member: any) => member.declare && isProperty(member) && memberName(member) === field);
        return declared
          ? `its subclass ${name} redeclares it with \`declare\`, and a property cannot override an accessor; that is type information with nothing to migrate, so use the dispose fix.`
          : `its subclass ${name} redeclares it as a property, and a property cannot override an accessor.`;
      }
    }
  }
  return undefined;
}

function isProperty(member: any): boolean {
  return member.type === 'ClassProperty' || member.type === 'ClassPrivateProperty' || member.type === 'ClassAccessorProperty';
}

function declaresMember(cls: any, field: string): boolean {
  return cls.body.body.some(
    (member: any) =>
      memberName(member) === field ||
      (member.kind === 'constructor' && member.params.some((param: any) => param.type === 'TSParameterProperty' && parameterName(param) === field)),
  );
}

/** A class expression, or a class declared inside a function: its type has no name of its own to be emitted by. */
function typedWhereUsed(classPath: any): boolean {
  return classPath.node.type === 'ClassExpression' || declaredInFunction(classPath);
}

// The name generated code calls each class of the file being transformed by (see codeNameOf).
const codeNames = new WeakMap<object, string>();

function declaredName(cls: any): string | undefined {
  return codeNames.get(cls);
}

function rewriteClass(
  j: API['jscodeshift'],
  source: string,
  cls: any,
  className: string,
  targets: Target[],
  style: Style,
  report: (message: string) => void,
  classesByName: Map<string, any[]>,
  file: FileContext,
): Edit[] {
  const members: any[] = cls.body.body;
  style = { ...style, unit: classIndentUnit(source, cls) ?? style.unit };
  const taken = new Set(members.map(memberName).filter((name): name is string => name !== undefined));
  const typeParameters = new Map<string, any>(
    (cls.typeParameters?.params ?? []).map((param: any) => [param.name, param.constraint]),
  );
  const edits: Edit[] = [];
  const constructor = members.find((member) => member.type === 'ClassMethod' && member.kind === 'constructor' && member.body);
  // Parameter properties: members inserted before the constructor, assignments placed once at its start.
  const beforeConstructor: string[] = [];
  const assignments: string[] = [];
  const moduleStorage: FieldShape[] = [];

  for (const target of targets) {
    // Refusals name the field as the plan does, so `apply` can attribute them to the entry.
    const label = `${target.className}.${target.field}`;
    const refuse = (reason: string) => report(`${label} not changed: ${reason}`);
    const sameName = members.filter((member) => memberName(member) === target.field);
    const property = sameName.find(isProperty);
    const parameter = constructor?.params.find(
      (param: any) => param.type === 'TSParameterProperty' && parameterName(param) === target.field,
    );

    if (!property && !parameter) {
      // Already migrated (a getter of that name next to WeakRef storage): nothing to do, silently.
      if (sameName.some((member) => member.kind === 'get')) continue;
      refuse(`no field ${target.field} in class ${className}.`);
      continue;
    }

    // TypeScript rejects a property and an accessor of one name across a class hierarchy (TS2610).
    const clash = () => hierarchyClash(cls, target.field, classesByName);

    if (property) {
      if (property.static) {
        refuse('static fields are not touched (a static back-pointer is not a per-instance cycle).');
        continue;
      }
      const reason = unsupportedReason(property, cls) ?? clash();
      if (reason) {
        refuse(reason);
        continue;
      }
      const typeNode = property.typeAnnotation?.typeAnnotation;
      const shape = shapeOf(source, typeNode, target, {
        j,
        className,
        name: target.field,
        optional: Boolean(property.optional),
        accessibility: property.accessibility,
        readonly: Boolean(property.readonly),
        taken,
        typeParameters,
        file,
      });
      if (typeof shape === 'string') {
        refuse(shape);
        continue;
      }
      const initializer = property.value ? initializerText(source, property.value, shape) : { text: '' };
      if (initializer === undefined) {
        refuse(`its initializer may be null or undefined, and is not simple enough to test twice; move it to the constructor first.`);
        continue;
      }
      // WeakMap storage has no field initializer to run at the field's moment in construction; only
      // an empty value the getter already reads for an unset entry can go without one (a `null` of
      // a field admitting both: the getter is told, see unsetReadsNull).
      if (shape.storageKind === 'weakmap' && initializer.text === ' = null' && shape.nullable === 'both') shape.unsetReadsNull = true;
      if (shape.storageKind === 'weakmap' && initializer.text !== '' && !(initializer.text === ' = null' && (shape.nullable === 'null' || shape.nullable === 'both'))) {
        refuse('its initializer cannot stay a field initializer with WeakMap storage; move it into the constructor first.');
        continue;
      }
      if (shape.readonly && constructor) {
        const writes = rewriteConstructorWrites(source, constructor, shape);
        if (typeof writes === 'string') {
          refuse(writes);
          continue;
        }
        edits.push(...writes);
      }
      edits.push(...rewriteDeletes(cls, target.field));
      edits.push(...replaceProperty(source, property, shape, initializer.text, style));
      if (shape.storageKind === 'weakmap') moduleStorage.push(shape);
      taken.add(shape.storage);
      continue;
    }

    // A constructor parameter property: the parameter stays, the field moves into the body.
    if (parameter.decorators?.length) {
      refuse('it is decorated; a decorator may rely on it being a plain field.');
      continue;
    }
    if (parameter.override) {
      refuse('it overrides a base class property, and an accessor cannot override a property.');
      continue;
    }
    const parameterClash = clash();
    if (parameterClash) {
      refuse(parameterClash);
      continue;
    }
    if (cls.superClass && !topLevelSuperCall(constructor)) {
      refuse('the constructor calls super() inside a block; move it to the top level so the assignment can follow it.');
      continue;
    }
    const binding = parameter.parameter.type === 'AssignmentPattern' ? parameter.parameter.left : parameter.parameter;
    const shape = shapeOf(source, binding.typeAnnotation?.typeAnnotation, target, {
      j,
      className,
      name: target.field,
      optional: Boolean(binding.optional),
      accessibility: parameter.accessibility,
      readonly: Boolean(parameter.readonly),
      taken,
      typeParameters,
      file,
    });
    if (typeof shape === 'string') {
      refuse(shape);
      continue;
    }
    if (shape.readonly) {
      const writes = rewriteConstructorWrites(source, constructor, shape);
      if (typeof writes === 'string') {
        refuse(writes);
        continue;
      }
      edits.push(...writes);
    }
    taken.add(shape.storage);
    edits.push(...rewriteDeletes(cls, target.field));
    edits.push({ start: parameter.start, end: parameter.parameter.start, text: '' });
    if (shape.storageKind === 'weakmap') moduleStorage.push(shape);
    const indent = indentOf(source, constructor.start);
    beforeConstructor.push(memberBlock(shape, indent, style));
    assignments.push(`${storageWrite(shape, wrap(binding.name, shape))}${style.semi}`);
  }

  if (constructor && beforeConstructor.length > 0) {
    const indent = indentOf(source, constructor.start);
    const insertAt = firstLeadingCommentStart(source, constructor) ?? constructor.start;
    edits.push(...blankLineBefore(source, insertAt, style));
    edits.push({ start: insertAt, end: insertAt, text: beforeConstructor.map((block) => block + style.eol + style.eol + indent).join('') });
    edits.push(insertStatements(source, constructor, assignments, indent, style));
  }
  if (moduleStorage.length > 0) file.moduleBlocks.push(moduleStorageDeclarations(className, moduleStorage));
  return edits;
}

/** Why a field cannot become an accessor pair, or undefined when it can. */
function unsupportedReason(property: any, cls: any): string | undefined {
  // `declare parent: Parent` only keeps TypeScript from emitting the field; in a class of its own
  // the property is set by assignment like any other, and the accessor takes those over. In a
  // subclass it is there so that a base class's constructor can set the property first, which
  // would run before this class's private storage exists.
  if (property.declare && cls.superClass) {
    return 'it is a `declare` field of a subclass: its base class may set it before this class\'s storage exists; migrate it by hand, or migrate the base class\'s field if it declares one.';
  }
  if (property.decorators?.length) return 'it is decorated; a decorator may rely on it being a plain field.';
  if (property.abstract) return 'it is abstract; migrate the implementing classes instead.';
  if (property.override) return 'it overrides a base class property, and an accessor cannot override a property.';
  if (property.computed) return 'its name is computed.';
  return undefined;
}

interface ShapeContext {
  j: API['jscodeshift'];
  className: string;
  name: string;
  optional: boolean;
  accessibility?: string;
  readonly: boolean;
  taken: Set<string>;
  typeParameters: Map<string, any>;
  file: FileContext;
}

/** The accessor shape for a field, or the reason it cannot have one. */
function shapeOf(source: string, typeNode: any, target: Target, context: ShapeContext): FieldShape | string {
  let typeSource = source;
  if (!typeNode) {
    if (!target.typeText) return 'it has no type annotation and the plan gives no type; add the annotation first.';
    typeSource = `let x: ${target.typeText};`;
    try {
      typeNode = parseTypeText(context.j, typeSource);
    } catch {
      return `the plan's type \`${target.typeText}\` does not parse.`;
    }
  }
  const members = typeNode.type === 'TSUnionType' ? typeNode.types : [typeNode];
  const empties = members.filter((member: any) => isEmptyType(member));
  const objects = members.filter((member: any) => !isEmptyType(member));
  if (objects.length === 0) return 'its type has no object part to point to.';
  const notObject = objects.find((member: any) => !isObjectType(member, context.typeParameters, context.file.localNames));
  if (notObject) {
    return `its type \`${text(typeSource, notObject)}\` is not known to be an object type, and WeakRef can only hold objects.`;
  }
  if (context.file.storageKind === 'weakmap' && context.file.script) {
    return 'the file is a global script (no import or export), so module-level WeakMap storage would be a global shared with every other file; make it a module (add `export {};`) first.';
  }
  const container = objects.find((member: any) => isOwnedValueType(member, context.file.localNames));
  if (container) {
    return `its type \`${text(typeSource, container)}\` is a collection, literal or function made for this field: nothing else would keep it alive, so a WeakRef to it could be collected while still in use.`;
  }
  const { laxNulls } = context.file;
  const writtenUndefined = context.optional || empties.some((member: any) => unwrap(member).type === 'TSUndefinedKeyword');
  const writtenNull = empties.some((member: any) => unwrap(member).type === 'TSNullKeyword');
  const hasUndefined = laxNulls || writtenUndefined;
  const hasNull = laxNulls || writtenNull;
  const nullable: Nullable = hasNull ? (hasUndefined ? 'both' : 'null') : hasUndefined ? 'undefined' : 'none';
  const written = text(typeSource, typeNode);
  const declaredType = context.optional && !empties.some((member: any) => unwrap(member).type === 'TSUndefinedKeyword') ? `${written} | undefined` : written;
  return {
    className: context.className,
    name: context.name,
    declaredType,
    objectType: objects.map((member: any) => text(typeSource, member)).join(' | '),
    targetLabel: targetLabel(typeSource, objects, context.typeParameters),
    nullable,
    accessibility: context.accessibility,
    readonly: context.readonly,
    storage:
      context.file.storageKind === 'weakmap'
        ? moduleStorageName(context.className, context.name, context.file.moduleNames)
        : storageName(context.name, context.taken),
    storageKind: context.file.storageKind,
    laxNulls,
    castRead: laxNulls && !(writtenUndefined && writtenNull),
  };
}

function parseTypeText(j: API['jscodeshift'], statement: string): any {
  const declaration = j(statement).find(j.VariableDeclarator).paths()[0]!.node as any;
  return declaration.id.typeAnnotation.typeAnnotation;
}

function unwrap(node: any): any {
  return node.type === 'TSParenthesizedType' ? unwrap(node.typeAnnotation) : node;
}

function isEmptyType(node: any): boolean {
  const type = unwrap(node).type;
  return type === 'TSNullKeyword' || type === 'TSUndefinedKeyword';
}

function isObjectType(node: any, typeParameters: Map<string, any>, localNames: ReadonlySet<string>): boolean {
  node = unwrap(node);
  switch (node.type) {
    case 'TSTypeReference': {
      const name = node.typeName.type === 'Identifier' ? node.typeName.name : undefined;
      if (name !== undefined && typeParameters.has(name)) {
        const constraint = typeParameters.get(name);
        return Boolean(constraint) && isObjectType(constraint, new Map(), localNames);
      }
      return !(name !== undefined && PRIMITIVE_LIKE_REFERENCES.has(name) && !localNames.has(name));
    }
    case 'TSTypeLiteral':
      return node.members.length > 0;
    case 'TSObjectKeyword':
    case 'TSFunctionType':
    case 'TSConstructorType':
    case 'TSArrayType':
    case 'TSTupleType':
    case 'TSMappedType':
      return true;
    case 'TSTypeOperator':
      return node.operator === 'readonly' && isObjectType(node.typeAnnotation, typeParameters, localNames);
    case 'TSIntersectionType':
      return node.types.some((member: any) => isObjectType(member, typeParameters, localNames));
    case 'TSUnionType':
      return node.types.every((member: any) => isObjectType(member, typeParameters, localNames));
    default:
      return false;
  }
}

/**
 * Types whose values are created for the field that holds them (an array of parents, a Map, an
 * object literal, a callback): the field is their only owner, so a WeakRef would let them go.
 * Back-pointers point at objects somebody else owns: classes and interfaces.
 */
const OWNED_VALUE_REFERENCES = new Set(['Array', 'ReadonlyArray', 'Set', 'ReadonlySet', 'Map', 'ReadonlyMap', 'Record', 'WeakMap', 'WeakSet', 'Promise', 'Function']);

function isOwnedValueType(node: any, localNames: ReadonlySet<string>): boolean {
  node = unwrap(node);
  switch (node.type) {
    case 'TSArrayType':
    case 'TSTupleType':
    case 'TSTypeLiteral':
    case 'TSMappedType':
    case 'TSFunctionType':
    case 'TSConstructorType':
      return true;
    case 'TSTypeOperator':
      return isOwnedValueType(node.typeAnnotation, localNames);
    case 'TSTypeReference':
      return node.typeName.type === 'Identifier' && OWNED_VALUE_REFERENCES.has(node.typeName.name) && !localNames.has(node.typeName.name);
    default:
      return false;
  }
}

/** The names a file's top-level imports and declarations bind (see FileContext.localNames). */
function topLevelNames(program: any): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (!declaration) continue;
    if (declaration.type === 'ImportDeclaration') {
      for (const specifier of declaration.specifiers ?? []) if (specifier.local?.name) names.add(specifier.local.name);
    } else if (/^(?:ClassDeclaration|TSInterfaceDeclaration|TSTypeAliasDeclaration|TSEnumDeclaration)$/.test(declaration.type) && declaration.id?.name) {
      names.add(declaration.id.name);
    }
  }
  return names;
}

/** `#parent`, or `#editorRef` for `#editor`; a suffix when the class already uses the name. */
function storageName(name: string, taken: Set<string>): string {
  const base = name.startsWith('#') ? `${name}Ref` : `#${name}`;
  if (!taken.has(base)) return base;
  const withRef = name.startsWith('#') ? base : `${base}Ref`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? withRef : `${withRef}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** `childParentRefs` for Child.parent (`#editor`: `statusBarEditorRefs`), unused anywhere in the file. */
function moduleStorageName(className: string, name: string, moduleNames: Set<string>): string {
  const field = name.replace(/^#/, '');
  const base = `${className.charAt(0).toLowerCase()}${className.slice(1)}${field.charAt(0).toUpperCase()}${field.slice(1)}Refs`;
  let candidate = base;
  for (let n = 2; moduleNames.has(candidate); n++) candidate = `${base}${n}`;
  moduleNames.add(candidate);
  return candidate;
}

function storageKindOf(value: unknown): StorageKind {
  if (value === undefined || value === 'private') return 'private';
  if (value === 'weakmap') return 'weakmap';
  throw new Error(`weakref-accessor: --storage expects private or weakmap, got "${String(value)}"`);
}

/** The expression that reads the storage: a `WeakRef`, or an empty value. */
function storageRead(shape: FieldShape): string {
  return shape.storageKind === 'weakmap' ? `${shape.storage}.get(this)` : `this.${shape.storage}`;
}

/** The expression that writes `value` to the storage. */
function storageWrite(shape: FieldShape, value: string): string {
  return shape.storageKind === 'weakmap' ? `${shape.storage}.set(this, ${value})` : `this.${shape.storage} = ${value}`;
}

/**
 * WeakMap storage of one class's fields, declared at module level (see moduleDeclarationsEdit).
 * Keyed by `object` and holding `WeakRef<object>` because the class and the target may not be
 * nameable there (a class in a function, a type parameter); the getter narrows what the setter
 * alone wrote. Lines without their semicolon: the edit decides it.
 */
function moduleStorageDeclarations(className: string, shapes: FieldShape[]): string[] {
  const fields = shapes.map((shape) => `${className}.${shape.name}`).join(', ');
  return [
    `// WeakRef storage of ${fields}: one per instance, kept outside the object.`,
    ...shapes.map((shape) => `const ${shape.storage} = new WeakMap<object, WeakRef<object> | ${storageEmpties(shape)}>()`),
  ];
}

/** A module has an import or export at top level; anything else is a global script. */
function isModule(program: any): boolean {
  return program.body.some(
    (statement: any) =>
      ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportAllDeclaration', 'TSExportAssignment'].includes(statement.type) ||
      (statement.type === 'TSImportEqualsDeclaration' && (statement.isExport || statement.moduleReference?.type === 'TSExternalModuleReference')),
  );
}

/**
 * Module-level declarations go where they exist before any code of the module runs: after the
 * last import (imports are hoisted; a hoisted function called from an earlier statement could
 * otherwise meet them uninitialised), else above the first statement and the doc comment attached
 * to it, below file headers and `///` directives (which must stay first). Positions by line, from
 * the parser's line numbers. A file written without semicolons still gets one where the next
 * line would continue the declaration (`(`, `[`, a template, an operator).
 */
function moduleDeclarationsEdit(source: string, program: any, blocks: string[][], style: Style): Edit {
  const lineStarts = [0];
  for (const match of source.matchAll(/\r\n?|\n/g)) lineStarts.push(match.index! + match[0].length);
  const body: any[] = program.body;
  const imports = body.filter(
    (statement) => statement.type === 'ImportDeclaration' || (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference?.type === 'TSExternalModuleReference'),
  );
  let at: number;
  const afterImports = imports.length > 0;
  if (afterImports) {
    at = lineStarts[imports[imports.length - 1].loc.end.line] ?? source.length;
  } else {
    const first = body[0];
    let line: number = first.loc.start.line;
    const comments: any[] = (first.comments ?? first.leadingComments ?? []).filter((comment: any) => comment.leading !== false && comment.loc.end.line <= line);
    for (let index = comments.length - 1; index >= 0; index--) {
      const comment = comments[index];
      const directive = source.slice(lineStarts[comment.loc.start.line - 1]).trimStart().startsWith('///');
      if (comment.loc.end.line < line - 1 || directive) break;
      line = comment.loc.start.line;
    }
    at = lineStarts[line - 1]!;
  }
  const { eol } = style;
  const rest = source.slice(at);
  const nextCode = /\S/.exec(rest)?.[0];
  const semi = style.semi || (nextCode !== undefined && '([`+-/'.includes(nextCode)) ? ';' : '';
  const text = blocks.map(([comment, ...declarations]) => [comment, ...declarations.map((line) => line + semi)].join(eol)).join(eol + eol);
  if (!afterImports) {
    // Below a `///` directive or header line: a blank line between.
    const previous = at === 0 ? '' : source.slice(lineStarts[lineStarts.indexOf(at) - 1] ?? 0, at);
    return { start: at, end: at, text: `${previous.trim() === '' ? '' : eol}${text}${eol}${eol}` };
  }
  const lead = at === source.length && !/\n$/.test(source) ? eol : '';
  const blankFollows = /^[ \t]*(\r?\n|$)/.test(rest);
  return { start: at, end: at, text: `${lead}${eol}${text}${eol}${blankFollows ? '' : eol}` };
}

/** The storage's initializer: empty values map to storage defaults, objects are wrapped. */
function initializerText(source: string, value: any, shape: FieldShape): { text: string } | undefined {
  if (isUndefined(value)) return { text: '' };
  if (value.type === 'NullLiteral') return { text: ' = null' };
  const asserted = assertedEmpty(value, shape);
  if (asserted !== undefined) return { text: asserted === 'undefined' ? '' : ` = ${asserted}` };
  const wrapped = wrapExpression(source, value, shape);
  return wrapped === undefined ? undefined : { text: ` = ${wrapped}` };
}

function isUndefined(node: any): boolean {
  return (node.type === 'Identifier' && node.name === 'undefined') || (node.type === 'UnaryExpression' && node.operator === 'void');
}

/** The expression that stores `value` (an expression node) in the WeakRef storage. */
function wrapExpression(source: string, value: any, shape: FieldShape): string | undefined {
  if (value.type === 'NullLiteral') return 'null';
  if (isUndefined(value)) return 'undefined';
  const asserted = assertedEmpty(value, shape);
  if (asserted !== undefined) return asserted;
  const expression = text(source, value);
  if (shape.nullable === 'none' || isObjectExpression(value)) return `new WeakRef(${expression})`;
  // Testing a value twice is only safe when reading it has no effects.
  if (!isSimpleReference(value)) return undefined;
  return wrap(expression, shape);
}

/**
 * `null!`, `undefined as any`, `<any>null`: an empty value the types were told to ignore, which
 * `new WeakRef(...)` would throw on. Stored as the storage's own empty value (`undefined` unless
 * the field admits null), so the field reads as unset.
 */
function assertedEmpty(value: any, shape: FieldShape): 'null' | 'undefined' | undefined {
  let inner = value;
  const assertions = ['TSNonNullExpression', 'TSAsExpression', 'TSTypeAssertion', 'TSSatisfiesExpression', 'ParenthesizedExpression'];
  if (!assertions.includes(inner.type)) return undefined;
  while (assertions.includes(inner.type)) inner = inner.expression;
  const literal = inner.type === 'NullLiteral' ? 'null' : isUndefined(inner) ? 'undefined' : undefined;
  if (literal === undefined) return undefined;
  if (shape.nullable === 'both' || shape.nullable === 'none') return literal;
  return shape.nullable === 'null' ? 'null' : 'undefined';
}

/** The conditional that stores `expression`, which may be one of the field's empty values. */
function wrap(expression: string, shape: FieldShape): string {
  switch (shape.nullable) {
    case 'none':
      return `new WeakRef(${expression})`;
    case 'undefined':
      return `${expression} === undefined ? undefined : new WeakRef(${expression})`;
    case 'null':
      return `${expression} === null ? null : new WeakRef(${expression})`;
    case 'both':
      // Without strictNullChecks, `value == null ? value : ...` does not narrow: `value` stays
      // the object type, which the storage does not take. The literals do.
      if (shape.laxNulls) return `${expression} === null ? null : ${expression} === undefined ? undefined : new WeakRef(${expression})`;
      return `${expression} == null ? ${expression} : new WeakRef(${expression})`;
  }
}

/**
 * What the setter stores. A field typed without null still gets nullish writes that the types do
 * not see (`this.parent = null!` to release it, `undefined!` from inject-dispose, `as any`, plain JS
 * callers), and `new WeakRef(null)` throws a TypeError where the plain assignment succeeded
 * (rxjs Subscriber.unsubscribe): such a write is stored as it is, and the getter gives it back
 * (jupyter-widgets' `this._view = null!` then reads null, as the plain field did, not undefined).
 * (The field's type is non-nullable only under strictNullChecks, where `== null` narrows `value`.)
 */
function setterWrap(expression: string, shape: FieldShape): string {
  if (shape.nullable === 'none') return `${expression} == null ? ${expression} : new WeakRef(${expression})`;
  return wrap(expression, shape);
}

function isObjectExpression(node: any): boolean {
  return ['NewExpression', 'ObjectExpression', 'ArrayExpression', 'ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'ThisExpression'].includes(node.type);
}

function isSimpleReference(node: any): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  if (node.type === 'MemberExpression' && !node.computed) return isSimpleReference(node.object);
  if (node.type === 'TSNonNullExpression') return isSimpleReference(node.expression);
  return false;
}

/**
 * `this.parent = x` in the constructor of a readonly field: write the storage directly (an ES
 * private `#x` has no setter at all, and a readonly field's private setter is there for casts).
 */
function rewriteConstructorWrites(source: string, constructor: any, shape: FieldShape): Edit[] | string {
  const edits: Edit[] = [];
  let problem: string | undefined;
  // `map.set(...)` returns the map, not the value: with WeakMap storage only a write whose value is unused can become one.
  const statements = new Set<any>();
  visit(constructor.body, (node) => {
    if (node.type === 'ExpressionStatement') statements.add(node.expression);
  });
  visit(constructor.body, (node) => {
    if (node.type === 'AssignmentExpression' && isThisMember(node.left, shape.name)) {
      if (shape.storageKind === 'weakmap' && !statements.has(node)) {
        problem = 'the constructor uses the value of an assignment to it; make that assignment a statement of its own first.';
        return;
      }
      if (node.operator !== '=') {
        problem = `the constructor writes it with \`${node.operator}\`; rewrite that as a plain assignment first.`;
        return;
      }
      const wrapped = wrapExpression(source, node.right, shape);
      if (wrapped === undefined) {
        problem = 'the constructor assigns it a value that may be null or undefined and is not simple enough to test twice; assign it through a local variable first.';
        return;
      }
      edits.push({ start: node.start, end: node.end, text: storageWrite(shape, wrapped) });
    }
  });
  return problem ?? edits;
}

/**
 * `delete this.map` removes an own property, and the accessors live on the prototype: after the
 * change it would do nothing, and the object would keep its old owner (maptalks' `Layer`). In the
 * class's own methods, accessors, constructor and field initializers it becomes an assignment of
 * undefined, which the setter stores (a `delete` elsewhere, only the whole program shows: apply
 * refuses the entry then, see src/apply/deleted-elsewhere.ts). TypeScript allows `delete` only
 * of an optional field (or without strictNullChecks), which admits undefined.
 */
function rewriteDeletes(cls: any, name: string): Edit[] {
  const edits: Edit[] = [];
  for (const member of cls.body.body) {
    if (member.static) continue;
    const body = member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod' ? member.body : member.value;
    if (!body || body.type === 'FunctionExpression') continue;
    const statements = new Set<any>();
    visit(body, (node) => {
      if (node.type === 'ExpressionStatement') statements.add(node.expression);
    });
    visit(body, (node) => {
      if (node.type !== 'UnaryExpression' || node.operator !== 'delete' || !isThisMember(node.argument, name)) return;
      // `delete` gives true; where that is used (`return delete this.map`), so does the rewrite.
      const write = `this.${name} = undefined`;
      edits.push({ start: node.start, end: node.end, text: statements.has(node) ? write : `(${write}, true)` });
    });
  }
  return edits;
}

function isThisMember(node: any, name: string): boolean {
  if (node.type !== 'MemberExpression' || node.computed || node.object.type !== 'ThisExpression') return false;
  const property = node.property;
  if (name.startsWith('#')) return property.type === 'PrivateName' && `#${property.id.name}` === name;
  return property.type === 'Identifier' && property.name === name;
}

/** Depth-first over a subtree, not entering functions or classes that rebind `this`. */
function visit(node: any, callback: (node: any) => void): void {
  if (!node || typeof node.type !== 'string') return;
  callback(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'comments') continue;
    const child = node[key];
    const children = Array.isArray(child) ? child : [child];
    for (const item of children) {
      if (!item || typeof item.type !== 'string') continue;
      if (['FunctionExpression', 'FunctionDeclaration', 'ClassExpression', 'ClassDeclaration', 'ClassMethod', 'ObjectMethod'].includes(item.type)) continue;
      visit(item, callback);
    }
  }
}

/** Replace a field declaration with storage + accessors, keeping its comments with the accessor. */
function replaceProperty(source: string, property: any, shape: FieldShape, initializer: string, style: Style): Edit[] {
  const indent = indentOf(source, property.start);
  let end = property.end;
  let trailing = '';
  // A comment on the field's own line describes the field: keep it on the storage line.
  const sameLine = /^[ \t]*(\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/)/.exec(source.slice(end));
  if (sameLine) {
    trailing = ` ${sameLine[1]}`;
    end += sameLine[0].length;
  }
  // WeakMap storage has no line in the class: a same-line comment goes above the accessors.
  const weakmap = shape.storageKind === 'weakmap';
  const storageLine = weakmap ? '' : storageDeclaration(shape, initializer, style) + trailing;
  const accessors = (weakmap && trailing ? trailing.trim() + style.eol + indent : '') + accessorBlock(shape, indent, style);
  const storagePrefix = weakmap ? '' : storageLine + style.eol + style.eol + indent;
  // The next member right below: a blank line after the setter, as between the accessors.
  const next = /^[ \t]*\r?\n(?=[ \t]*[^\s}])/.exec(source.slice(end));
  const blankAfter: Edit[] = next ? [{ start: end + next[0].length, end: end + next[0].length, text: style.eol, blankLine: true }] : [];
  // `// @ts-expect-error` (or `@ts-ignore`) right above the field silenced an error of its
  // declaration, most often TS2564 (no initializer), which optional storage does not have: left
  // above the getter it would itself be an error (TS2578, unused directive). It goes; if the error
  // it silenced does come back, verification says so.
  const directive = directiveAbove(source, property);
  const commentStart = firstLeadingCommentStart(source, property, directive);
  const edits = blankLineBefore(source, commentStart ?? directive?.start ?? property.start, style);
  if (directive) edits.push({ start: directive.start, end: property.start, text: '' });
  if (commentStart !== undefined) {
    // JSDoc on the field documents the property callers see: it stays above the getter.
    if (storagePrefix) edits.push({ start: commentStart, end: commentStart, text: storagePrefix });
    edits.push({ start: property.start, end, text: accessors }, ...blankAfter);
    return edits;
  }
  edits.push({ start: property.start, end, text: storagePrefix + accessors }, ...blankAfter);
  return edits;
}

/** A blank line above inserted accessors when a member sits on the line right above them. */
function blankLineBefore(source: string, position: number, style: Style): Edit[] {
  const start = lineStart(source, position);
  if (start === 0 || !/^[ \t]*$/.test(source.slice(start, position))) return [];
  const previous = source.slice(lineStart(source, start - 1), start).trim();
  if (previous === '' || previous.endsWith('{')) return [];
  return [{ start, end: start, text: style.eol, blankLine: true }];
}

/** Storage and accessors for a parameter property, first line unindented. */
function memberBlock(shape: FieldShape, indent: string, style: Style): string {
  if (shape.storageKind === 'weakmap') return accessorBlock(shape, indent, style);
  return storageDeclaration(shape, '', style) + style.eol + style.eol + indent + accessorBlock(shape, indent, style);
}

/** `#parent: WeakRef<Parent> | undefined;`: the empty values the field admits, `undefined` (not set yet) when none. */
function storageDeclaration(shape: FieldShape, initializer: string, style: Style): string {
  return `${modifiersOf(shape, false)}${shape.storage}: WeakRef<${shape.objectType}> | ${storageEmpties(shape)}${storageDefault(shape, initializer)}${style.semi}`;
}

function storageEmpties(shape: FieldShape): string {
  switch (shape.nullable) {
    case 'null':
      return 'null';
    case 'undefined':
      return 'undefined';
    default:
      // A field typed without either still gets both written past its type (see setterWrap).
      return 'null | undefined';
  }
}

/** A `| null` storage starts as null so that "not set" reads as the field's own empty value. */
function storageDefault(shape: FieldShape, initializer: string): string {
  if (initializer) return initializer;
  return shape.nullable === 'null' ? ' = null' : '';
}

/**
 * A readonly field is readonly to TypeScript only: code writes it anyway through a cast (sprotty's
 * `(child as { parent: ... }).parent = this`), and a getter alone throws there at run time
 * ("Cannot set property parent which has only a getter"). A private setter keeps TypeScript's
 * guard against writes from outside the class and takes them at run time. (An ES private `#x`
 * cannot be written from outside at all, and cannot be `private`: it keeps its getter alone.)
 */
function privateSetter(shape: FieldShape): boolean {
  return shape.readonly && !shape.name.startsWith('#');
}

function modifiersOf(shape: FieldShape, accessor: boolean): string {
  // The storage is private by being `#`; the accessors carry the field's own accessibility.
  // A readonly field's storage is written by the constructor only (and by its private setter).
  if (!accessor) return shape.readonly && !privateSetter(shape) ? 'readonly ' : '';
  return shape.accessibility ? `${shape.accessibility} ` : '';
}

/** The getter and the setter (private for a readonly field), first line unindented, following lines at `indent`. */
function accessorBlock(shape: FieldShape, indent: string, style: Style): string {
  const { eol, semi, unit, quote } = style;
  const inner = indent + unit;
  const storage = storageRead(shape);
  const modifiers = modifiersOf(shape, true);
  const getterBody: string[] = [];
  // WeakMap storage holds WeakRef<object>: the getter states the type the setter wrote (an `as`,
  // grouped where an operator follows).
  const weakmap = shape.storageKind === 'weakmap';
  const deref = (ref: string) => (weakmap ? `${ref}?.deref() as ${shape.objectType} | undefined` : `${ref}?.deref()`);
  const grouped = (expression: string) => (weakmap ? `(${expression})` : expression);
  switch (shape.nullable) {
    case 'none': {
      // Read before it was ever set, the plain field gave undefined (`tree!: Tree` read from the
      // constructor, as @tanstack/query-core's QueryObserver does), and after `= null!` null: so
      // does the getter. Only a target that was set and then collected throws.
      const message = `${shape.className}.${shape.name} was read after its ${shape.targetLabel} was garbage-collected`;
      getterBody.push(
        `const ref = ${storage}${semi}`,
        `if (ref === null) return null!${semi}`,
        `const value = ${deref('ref')}${semi}`,
        `if (value === undefined && ref !== undefined) throw new ReferenceError(${quote}${message}${quote})${semi}`,
        `return value!${semi}`,
      );
      break;
    }
    case 'undefined':
      getterBody.push(`return ${deref(storage)}${semi}`);
      break;
    case 'null':
      getterBody.push(`return ${grouped(deref(storage))} ?? null${semi}`);
      break;
    case 'both': {
      const cast = (expression: string) => (shape.castRead ? `(${expression}) as ${shape.declaredType}` : expression);
      // An entry never set reads as the field's initializer did: `has` is asked only then.
      const unset = shape.unsetReadsNull ? `ref === undefined ? (${shape.storage}.has(this) ? undefined : null) : ` : '';
      if (weakmap) getterBody.push(`const ref = ${storage}${semi}`, `return ${cast(`${unset}ref === null ? null : ${grouped(deref('ref'))}`)}${semi}`);
      else getterBody.push(`return ${cast(`${storage} === null ? null : ${storage}?.deref()`)}${semi}`);
      break;
    }
  }
  const lines = [`${modifiers}get ${shape.name}${style.paren}(): ${shape.declaredType} {`, ...getterBody.map((line) => inner + line), `${indent}}`];
  if (!shape.readonly || privateSetter(shape)) {
    lines.push(
      '',
      `${indent}${shape.readonly ? 'private ' : modifiers}set ${shape.name}${style.paren}(value: ${shape.declaredType}) {`,
      `${inner}${storageWrite(shape, setterWrap('value', shape))}${semi}`,
      `${indent}}`,
    );
  }
  return lines.join(eol);
}

/** How the error message names the target: `Parent` for `Parent` and `TreeNode<T>`, else a neutral word. */
function targetLabel(source: string, objects: any[], typeParameters: Map<string, any>): string {
  const only = objects.length === 1 ? unwrap(objects[0]) : undefined;
  // A type parameter's name (`T`) says nothing to the reader of the message.
  if (only?.type !== 'TSTypeReference' || (only.typeName.type === 'Identifier' && typeParameters.has(only.typeName.name))) return 'target';
  return text(source, only.typeName);
}

function topLevelSuperCall(constructor: any): any {
  return constructor.body.body.find(
    (statement: any) =>
      statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression' && statement.expression.callee.type === 'Super',
  );
}

/** Statements placed after a leading `super(...)` call, else first in the constructor body. */
function insertStatements(source: string, constructor: any, statements: string[], indent: string, style: Style): Edit {
  const body = constructor.body;
  const first = body.body[0];
  if (!first) {
    const inner = indent + style.unit;
    return { start: body.start, end: body.end, text: `{${statements.map((s) => style.eol + inner + s).join('')}${style.eol}${indent}}` };
  }
  const bodyIndent = indentOf(source, first.start);
  const superCall = topLevelSuperCall(constructor);
  if (superCall) {
    return { start: superCall.end, end: superCall.end, text: statements.map((s) => style.eol + bodyIndent + s).join('') };
  }
  // Above the comments on the first statement's own lines: they speak of it (rxdb's JSDoc above an `if`).
  const at = firstLeadingCommentStart(source, first) ?? first.start;
  return { start: at, end: at, text: statements.map((s) => s + style.eol + bodyIndent).join('') };
}

/**
 * Start of the comments on the lines right above a node, if any (not a comment trailing the
 * previous line), `except` a comment that is left out.
 */
function firstLeadingCommentStart(source: string, node: any, except?: any): number | undefined {
  const comments: any[] = (node.leadingComments ?? []).filter((comment: any) => comment !== except);
  const own = comments.filter((comment) => /^[ \t]*$/.test(source.slice(lineStart(source, comment.start), comment.start)));
  return own.length > 0 ? own[0].start : undefined;
}

/** A `// @ts-expect-error` or `// @ts-ignore` comment on the line right above a node, alone on its line. */
function directiveAbove(source: string, node: any): any | undefined {
  const comments: any[] = node.leadingComments ?? [];
  const last = comments[comments.length - 1];
  if (!last || last.type !== 'CommentLine' || !/^\s*@ts-(?:expect-error|ignore)\b/.test(last.value)) return undefined;
  const alone = /^[ \t]*$/.test(source.slice(lineStart(source, last.start), last.start));
  const rightAbove = /^[^\S\r\n]*\r?\n[ \t]*$/.test(source.slice(last.end, node.start));
  return alone && rightAbove ? last : undefined;
}

function lineStart(source: string, position: number): number {
  return source.lastIndexOf('\n', position - 1) + 1;
}

/** The indentation a class's members add to the class's own line, when a member shows it. */
function classIndentUnit(source: string, cls: any): string | undefined {
  const member = cls.body.body[0];
  if (!member) return undefined;
  const classIndent = indentOf(source, cls.start);
  const memberIndent = indentOf(source, firstLeadingCommentStart(source, member) ?? member.start);
  return memberIndent.startsWith(classIndent) && memberIndent.length > classIndent.length
    ? memberIndent.slice(classIndent.length)
    : undefined;
}

function indentOf(source: string, position: number): string {
  const before = source.slice(lineStart(source, position), position);
  return /^[ \t]*/.exec(before)![0];
}

function text(source: string, node: any): string {
  return source.slice(node.start, node.end);
}

function memberName(member: any): string | undefined {
  if (member.type === 'ClassPrivateProperty' || member.type === 'ClassPrivateMethod') return `#${member.key.id.name}`;
  if (member.computed || !member.key) return undefined;
  if (member.key.type === 'Identifier') return member.key.name;
  if (member.key.type === 'StringLiteral') return member.key.value;
  if (member.key.type === 'PrivateName') return `#${member.key.id.name}`;
  return undefined;
}

function parameterName(parameter: any): string | undefined {
  const binding = parameter.parameter.type === 'AssignmentPattern' ? parameter.parameter.left : parameter.parameter;
  return binding.type === 'Identifier' ? binding.name : undefined;
}

// Statements and members that end with a semicolon in a file written with them.
const SEMICOLON_ENDED = new Set([
  'ExpressionStatement', 'VariableDeclaration', 'ReturnStatement', 'ThrowStatement', 'BreakStatement', 'ContinueStatement',
  'ClassProperty', 'ClassPrivateProperty', 'TSDeclareMethod', 'ImportDeclaration', 'ExportNamedDeclaration', 'TSTypeAliasDeclaration',
]);

const FOR_HEADS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement']);

function detectStyle(source: string, root: any, j: API['jscodeshift']): Style {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  let single = 0;
  let double = 0;
  root.find(j.StringLiteral).forEach((literal: any) => {
    const raw: string | undefined = literal.node.extra?.raw;
    if (raw?.startsWith("'")) single++;
    else if (raw?.startsWith('"')) double++;
  });
  const quote = double > single ? '"' : "'";
  // Files written without semicolons get none (ASI is safe: no generated line starts with `(` or
  // `[`). Told by the statements and class fields that end with one, not by any line ending in
  // `;`: a file without them may still have such lines in its text (the CSS of a template literal,
  // a comment).
  let ended = 0;
  let bare = 0;
  root.find(j.Node).forEach((path: any) => {
    const node = path.node;
    if (!SEMICOLON_ENDED.has(node.type) || typeof node.end !== 'number' || FOR_HEADS.has(path.parent?.node.type)) return;
    // `export class X {}` ends with its body; `export { a } from './a'` and `export const` are statements.
    if (node.type === 'ExportNamedDeclaration' && node.declaration) return;
    if (source[node.end - 1] === ';') ended++;
    else bare++;
  });
  const semi = ended >= bare ? ';' : '';
  // Comment continuation lines (` * text`) are aligned, not indented.
  const indents = source
    .split(/\r?\n/)
    .map((line) => /^[ \t]+(?=[^\s*])/.exec(line)?.[0])
    .filter((indent): indent is string => indent !== undefined);
  let unit = '  ';
  if (indents.some((indent) => indent.startsWith('\t'))) unit = '\t';
  else if (indents.length > 0) unit = ' '.repeat(Math.min(...indents.map((indent) => indent.length)));
  // `method () {` (standard's space-before-function-paren) against `method() {`, by the file's own methods.
  let spaced = 0;
  let tight = 0;
  root.find(j.Node).forEach((path: any) => {
    const node = path.node;
    if ((node.type !== 'ClassMethod' && node.type !== 'ClassPrivateMethod') || node.computed || node.typeParameters || typeof node.key?.end !== 'number') return;
    const after = source.slice(node.key.end, node.key.end + 2);
    if (after.startsWith('(')) tight++;
    else if (after === ' (') spaced++;
  });
  const paren = spaced > tight ? ' ' : '';
  return { eol, quote, semi, unit, paren };
}

/**
 * recast recomputes `start`/`end` from its own line table, which expands tabs and counts a CRLF as
 * one character, so they drift from the text. Lines and columns stay right (columns are characters
 * with a tab width of 1): rebuild every offset from them.
 */
function trueOffsets(ast: any, source: string): void {
  const lineStarts = [0];
  const terminator = /\r\n?|\n|\u2028|\u2029/g;
  for (let match = terminator.exec(source); match; match = terminator.exec(source)) lineStarts.push(match.index + match[0].length);
  const offset = (position: { line: number; column: number }) => lineStarts[position.line - 1]! + position.column;
  const seen = new Set<object>();
  const fix = (node: any) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) fix(item);
      return;
    }
    if (typeof node.type === 'string' && node.loc?.start && node.loc?.end) {
      node.start = offset(node.loc.start);
      node.end = offset(node.loc.end);
    }
    for (const key of Object.keys(node)) {
      if (key !== 'loc' && key !== 'tokens' && key !== 'original') fix(node[key]);
    }
  };
  fix(ast);
}

function applyEdits(source: string, all: Edit[]): string {
  const blankLines = new Set<number>();
  const edits = all.filter((edit) => {
    if (!edit.blankLine) return true;
    if (blankLines.has(edit.start)) return false;
    blankLines.add(edit.start);
    return true;
  });
  // Applied from the end of the file back. At one position a replacement goes first, so that what
  // is inserted there lands before its new text (statements added at the top of a constructor
  // whose first statement is rewritten); insertions keep the order they were made in.
  const replaces = (edit: Edit) => (edit.end > edit.start ? 1 : 0);
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => b.edit.start - a.edit.start || replaces(b.edit) - replaces(a.edit) || b.index - a.index);
  let result = source;
  let limit = Infinity;
  for (const { edit } of ordered) {
    if (edit.end > limit) throw new Error(`weakref-accessor: overlapping edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/** The fields to migrate in this file, from plan entries, a `--fields` list or a `--plan` file. */
function targetsFor(filePath: string, options: Options): Target[] {
  const targets: Target[] = [];
  const entries: any[] = Array.isArray(options.entries) ? options.entries : [];
  for (const entry of entries) {
    if (entry.action === undefined || entry.action === 'weakref') targets.push({ className: entry.class, field: entry.field, typeText: entry.typeText });
  }
  const fields = [options.fields].flat().filter((value): value is string => typeof value === 'string');
  for (const list of fields) {
    for (const item of list.split(',')) {
      const trimmed = item.trim();
      const dot = trimmed.indexOf('.');
      if (dot <= 0 || dot === trimmed.length - 1) throw new Error(`weakref-accessor: --fields expects Class.field, got "${trimmed}"`);
      targets.push({ className: trimmed.slice(0, dot), field: trimmed.slice(dot + 1), anyFile: true });
    }
  }
  if (typeof options.plan === 'string') targets.push(...targetsFromPlan(options.plan, filePath));
  return targets;
}

function targetsFromPlan(planPath: string, filePath: string): Target[] {
  const plan = readPlanFile<any>(planPath, 'weakref-accessor');
  return plan.entries
    .filter((entry) => entry.action === 'weakref' && plan.names(entry.file, filePath))
    .map((entry) => ({ className: entry.class, field: entry.field, typeText: entry.typeText }));
}
