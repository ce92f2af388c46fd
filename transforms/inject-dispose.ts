/**
 * inject-dispose: break a bidirectional strong reference explicitly, with dispose methods.
 *
 * Driven by plan entries with action `dispose` (entry.file/class/field = the back-pointer,
 * entry.owners = the fields that hold the objects). In this file:
 * - each owner class gets (or has extended) a dispose method that disposes every owned object
 *   (single field, array, Set, Map values, Record values, tuple elements) and then empties the
 *   owning field;
 * - the back-pointer's class gets (or has extended) a dispose method that clears the back-pointer.
 *
 * The owner calls the owned object's dispose method rather than writing its back-pointer itself:
 * the same plan entry gives the back-pointer's class that method (in its own file), so the call
 * always type-checks, a `private` back-pointer stays private, and the one place that knows how to
 * clear the back-pointer (see `clearBackPointer`) is the object's own class. Nested ownership
 * cascades for free: A.dispose() calls b.dispose(), which calls c.dispose().
 *
 * `options.strictNullChecks: false` (`weakify apply` passes the program's setting): where the
 * plan also says the field admits both empty values (the analysis says so for every field of a
 * project that turns null checking off), the back-pointer is cleared with a plain `undefined`.
 *
 * The guard that makes dispose idempotent is a `#disposed` field, or with `options.storage:
 * 'weakmap'` (sources compiled below ES2015) a module-level WeakSet. A new method in a class whose
 * base class has the method (in this file, or named by `options.superDispose`) is `override` and
 * ends with `super.<method>()`, so the base class's cleanup still runs; where that base method is
 * the project's own (in this file, or named by `options.overridesExisting`) it gets no guard, as an
 * existing method does not; where that method returns something (`Promise<boolean>`: in this file,
 * or named by `options.superReturns`) it returns what `super` returns. A mixin's class runs its
 * base's through `Base.prototype.<method>?.call(this)`. The project's own methods that now override
 * a method new to their base (`options.superCalls`, `Class.method`) end with `super.<method>()`.
 *
 * Self-contained on purpose (imports only jscodeshift and node builtins): the `jscodeshift` CLI
 * loads this file directly, with `--plan <file>` instead of `entries`.
 */
import path from 'node:path';
import { classesNamed, declaredInFunction } from './lib/class-name.js';
import { isEmptyCollection } from './lib/empty-collection.js';
import { constructorReturning } from './lib/constructor-returns.js';
import { readPlanFile } from './lib/plan-file.js';
import { blankLineAfterMark, blankLineBeforeMark, printOptionsFor, printWithStyle } from './lib/print-options.js';
import type {
  API,
  ASTNode,
  ClassBody,
  ClassDeclaration,
  Collection,
  FileInfo,
  JSCodeshift,
  Options,
} from 'jscodeshift';

export const parser = 'ts';

type Container = 'single' | 'array' | 'set' | 'map' | 'record' | 'tuple' | 'generic';

/** The fields of a PlanEntry this transform reads (src/plan/migration-plan.ts; duplicated to stay self-contained). */
interface DisposeEntry {
  id: string;
  action: string;
  file: string;
  class: string;
  field: string;
  nullable: 'undefined' | 'null' | 'both' | 'none';
  owners: Array<{ file: string; class: string; field: string; container: Container }>;
  disposeMethod?: string;
  /** The back-pointer's class's method the owners' `disposeMethod` calls, where it differs (default: `disposeMethod`). */
  backPointerMethod?: string;
  /** Widen a non-nullable back-pointer's declared type to admit `undefined` instead of the contract. */
  widen?: boolean;
}

/** A statement releasing what an owner field holds, with that field. */
interface Owned {
  field: string;
  code: string;
}

/** One edit to one class: statements its dispose method must contain. */
interface ClassWork {
  className: string;
  /** Disposing what the owner fields hold, then (`empties`) emptying those fields. */
  disposes: Owned[];
  empties: Owned[];
  /**
   * Clearing the class's own back-pointers, run after the rest: a field that is both a
   * back-pointer and an owner (fabric FabricObject.clipPath) must be disposed through before it is
   * cleared, or the clear narrows it to `undefined` and the dispose call no longer type-checks.
   */
  clears: string[];
  /** The methods its dispose method calls on what its owner fields hold (its own name, or a back-pointer class's). */
  calls: Set<string>;
  entryIds: string[];
}

const DEFAULT_METHOD = 'dispose';
const GUARD_FIELD = 'disposed';
/**
 * The `api.stats` name under which an entry whose back-pointer's type was widened is counted
 * (suffixed with its id): how `weakify apply` learns what was widened (src/apply/plan-changes.ts
 * reads the same prefix; this file imports nothing of weakify's, see above).
 */
const WIDENED_STAT = 'weakify:widened:';
/** The `api.stats` name (suffixed with its id) of an entry this run added something for (src/apply/plan-changes.ts). */
const CHANGED_STAT = 'weakify:changed:';
/** Marks the documented contract on a non-nullable back-pointer; also how a second run recognises it. */
const CONTRACT_COMMENT = ' weakify: disposed objects must not be used; `{{field}}` is declared non-nullable but is cleared here to break the cycle.';

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const j = api.jscodeshift;
  const entries = entriesFor(file, options).filter((entry) => entry.action === 'dispose');
  // `Class.method`: the project's own methods that now override a method new to their base.
  const superCalls: string[] = Array.isArray(options.superCalls) ? options.superCalls : [];
  if (entries.length === 0 && superCalls.length === 0) return undefined;
  const storage = storageOf(options.storage);
  // A class declared in a function body (a mixin: `function createCollectionMixin(Base) { class
  // Collection extends Base {...} return Collection; }`) reaches other modules only through the
  // function's inferred return type, and declaration emit cannot name a private member of such a
  // type (TS4094, for every class that extends the mixin): the `#disposed` guard would break
  // `declaration: true` builds. Refused there rather than injected without the guard (with WeakSet
  // storage the guard is no member, so it goes ahead); without declaration emit (`options.declaration`,
  // which `weakify apply` passes) nothing is emitted to break.
  const declarationEmit = options.declaration === true || options.declaration === 'true';
  const privateGuardRefused = (cls: Collection<ClassDeclaration>) => storage === 'private' && declarationEmit && declaredInFunction(cls.get());
  // A constructor returning a Proxy of `this`: the `#disposed` guard would be read through the
  // proxy, which lacks it. (A WeakSet guard sees the proxy every time, consistently.)
  const proxiedBy = (cls: Collection<ClassDeclaration>) =>
    storage === 'private'
      ? constructorReturning(cls.get().node, (name) => {
          const found = classesNamed(j, root, name);
          return found.length === 1 ? (found[0]!.node as any) : undefined;
        })
      : undefined;
  const moduleBlocks: string[][] = [];

  // The file's tabs and line endings, for the parts recast reprints.
  const printOptions = printOptionsFor(file.source);
  const root = j(file.source, printOptions);
  if (storage === 'weakmap' && !isModule(root.get().node.program)) {
    for (const entry of entries) {
      api.report(`${entry.class}.${entry.field}: ${path.basename(file.path)} is a global script (no import or export), so a module-level WeakSet guard would be a global shared with every other file; make it a module (add \`export {};\`) first; dispose not injected (entry ${entry.id}).`);
    }
    return undefined;
  }
  const work = new Map<string, ClassWork>();
  const workFor = (className: string, methodName: string): ClassWork => {
    const key = `${className}\0${methodName}`;
    let found = work.get(key);
    if (!found) work.set(key, (found = { className, disposes: [], empties: [], clears: [], calls: new Set([methodName]), entryIds: [] }));
    return found;
  };
  const here = (entryFile: string) => sameFile(entryFile, file.path);

  for (const entry of entries) {
    const method = entry.disposeMethod ?? DEFAULT_METHOD;
    // What the owners call on what they hold, and the method that clears the back-pointer.
    const called = entry.backPointerMethod ?? method;
    // No owner can call the object's dispose (each keeps it inside another object), and every
    // file sees that in the entry: an empty method on either side would only be noise.
    if (entry.owners.length > 0 && entry.owners.every((owner) => owner.container === 'generic')) {
      if (here(entry.file)) {
        api.report(
          `${entry.class}.${entry.field}: every owner holds ${entry.class} objects inside other objects or collections (a generic class, a plain object's fields, a collection of collections), which dispose cannot reach on its own; nothing injected, use the weakref strategy or write dispose by hand (entry ${entry.id}).`,
        );
      }
      continue;
    }
    // `Node.next` alone owning `Node.prev`: a link between objects of one class in a chain (a
    // list). Disposing what `next` holds would run down the rest of the chain, one call deeper per
    // node (a stack overflow on a long list), and on through a shared sentinel node at its end
    // (xterm's `Node.Undefined`). A list's teardown is the list's to write. (Two such owners,
    // `child1` and `child2` of planck's tree nodes, branch: a tree, whose depth is no chain's.)
    const only = entry.owners.length === 1 ? entry.owners[0]! : undefined;
    const link = only && only.container === 'single' && only.class === entry.class && sameFile(only.file, entry.file) ? only : undefined;
    if (link) {
      if (here(entry.file)) {
        api.report(
          `${entry.class}.${entry.field}: its owner ${link.class}.${link.field} links ${entry.class} objects in a chain, so a dispose would call itself down the rest of the chain, node after node; nothing injected, use the weakref strategy or write the chain's teardown by hand (entry ${entry.id}).`,
        );
      }
      continue;
    }
    for (const owner of entry.owners) {
      if (!here(owner.file)) continue;
      const cls = findClass(j, root, owner.class);
      if (!cls) {
        api.report(`${owner.class}.${owner.field}: class ${owner.class} not found in ${file.path}; dispose not injected (entry ${entry.id}).`);
        continue;
      }
      if (privateGuardRefused(cls)) {
        api.report(localClassRefusal(owner.class, `${owner.class}.${owner.field}`, 'dispose not injected', entry.id));
        continue;
      }
      const ownerProxy = proxiedBy(cls);
      if (ownerProxy) {
        api.report(proxyRefusal(ownerProxy, `${owner.class}.${owner.field}`, 'dispose not injected', entry.id));
        continue;
      }
      if (releasesOneNode(cls.get().node.body, owner, entry, method)) {
        api.report(
          `${owner.class}.${owner.field}: ${owner.class}.${method}() already clears \`${entry.field}\` and lets \`${owner.field}\` go without disposing what it holds: it releases one node, whose children its callers may have moved elsewhere first (a tree removing a node relinks them, then disposes it), so it is left as it is (entry ${entry.id}).`,
        );
        continue;
      }
      const existingMethod = cls.get().node.body.body.find((member: Member) => isMethodNamed(member, method)) as AnyNode | undefined;
      const already = existingMethod ? disposesSomeOf(existingMethod, owner.field, new Set([called, method]), cls.get().node.body) : undefined;
      // A teardown that reaches every object in a form of its own (an index loop, a copy, a pop()
      // loop): that part is done, and a second loop would dispose each twice.
      if (already === 'whole') continue;
      if (already === 'some') {
        // `this.children.filter((c) => !c.shared).forEach((c) => c.dispose())`: the project chose
        // which to dispose; a loop over all of them would dispose the ones it keeps, and the rest twice.
        api.report(
          `${owner.class}.${owner.field}: ${owner.class}.${method}() already calls ${called}() on some of what \`${owner.field}\` holds (a filter, a condition, a part of it); disposing every one would change what it does, so that part is left to you (entry ${entry.id}).`,
        );
        continue;
      }
      const owned = disposeOwned(j, cls.get().node.body, owner, entry, method, called, api, options.strictNullChecks === false);
      if (!owned) continue;
      const target = workFor(owner.class, method);
      target.calls.add(called);
      // Two back-pointers owned through the same collection (fabric: `parent` and `group`, both
      // in Collection._objects; lumino: TabLayoutNode and SplitLayoutNode in `children`) need
      // its loop once, and every loop must run before the collection is emptied.
      for (const code of owned.disposes) {
        if (!target.disposes.some((known) => sameLoop(known.code, code))) target.disposes.push({ field: owner.field, code });
      }
      for (const code of owned.empties) if (!target.empties.some((known) => known.code === code)) target.empties.push({ field: owner.field, code });
      target.entryIds.push(entry.id);
    }
    if (here(entry.file)) {
      const cls = findClass(j, root, entry.class);
      if (!cls) {
        api.report(`${entry.class}.${entry.field}: class ${entry.class} not found in ${file.path}; back-pointer not cleared (entry ${entry.id}).`);
        continue;
      }
      if (privateGuardRefused(cls)) {
        api.report(localClassRefusal(entry.class, `${entry.class}.${entry.field}`, 'back-pointer not cleared', entry.id));
        continue;
      }
      const backProxy = proxiedBy(cls);
      if (backProxy) {
        api.report(proxyRefusal(backProxy, `${entry.class}.${entry.field}`, 'back-pointer not cleared', entry.id));
        continue;
      }
      // Even when the back-pointer cannot be cleared (reported), the method is still added: the
      // owners' files call it, and they cannot see this file to know. (`weakify apply` then drops
      // the whole entry and runs again without it: see refusedOnItsSide in src/apply/apply-plan.ts.)
      const statements = clearBackPointer(j, cls.get().node.body, entry, api, options.strictNullChecks === false);
      const target = workFor(entry.class, called);
      // Two entries for one back-pointer (a reviewer set an unlink bug's entry to dispose too) clear it once.
      for (const statement of statements) if (!target.clears.includes(statement)) target.clears.push(statement);
      target.entryIds.push(entry.id);
    }
  }

  let changed = false;
  // Classes known to inherit the method: from `weakify apply` (the whole program), plus what this file shows.
  const inheriting = new Set<string>(Array.isArray(options.superDispose) ? options.superDispose : []);
  const inheritingSymbol = new Set<string>(Array.isArray(options.inheritsSymbolDispose) ? options.inheritsSymbolDispose : []);
  const overridingExisting = new Set<string>(Array.isArray(options.overridesExisting) ? options.overridesExisting : []);
  const superReturning = new Set<string>(Array.isArray(options.superReturns) ? options.superReturns : []);
  const gettingMethod = new Set([...work.keys()]);
  const disposable = options.disposable === true;
  // Names a module-level guard must not take: every identifier of the file, in any scope.
  const usedNames = storage === 'weakmap' ? new Set(root.find(j.Identifier).nodes().map((identifier) => identifier.name)) : new Set<string>();
  // What each class's base in this file has, read before any class here gets its new method.
  const basesInFile = new Map(
    [...work].map(([key, { className }]) => [key, baseInFile(j, root, findClass(j, root, className)!.get().node, key.slice(key.indexOf('\0') + 1), gettingMethod, disposable)]),
  );
  for (const [key, { className, disposes, empties, clears, calls, entryIds }] of work) {
    const method = key.slice(key.indexOf('\0') + 1);
    const cls = findClass(j, root, className)!;
    const guard = storage === 'weakmap' ? weakSetGuard(className, usedNames, moduleBlocks) : privateFieldGuard(j);
    const inFile = basesInFile.get(key)!;
    const callSuper = inheriting.has(className) || inFile.method;
    // Overriding the project's own method (not one this plan adds), the new method keeps its
    // semantics, as an existing one does: no once-only guard, which would stop later calls from
    // reaching `super` (a base whose destroy() runs again for pooled objects). What it adds is safe to repeat.
    // A method that only clears this object's own fields (the back-pointer's side) is safe to run
    // again as it is, and must: an object moved to a second owner after the first one's dispose
    // would otherwise keep pointing at the second (colyseus' ChangeTrees are re-rooted). The
    // guard is for a method that goes on to other objects, which may lead back here.
    const clearsOnly = disposes.length === 0 && empties.length === 0;
    const guarded = !clearsOnly && !(callSuper && (overridingExisting.has(className) || inFile.existing));
    // A mixin's class (`return class extends Base {...}`) is applied to classes this file cannot
    // see, which may have the method (maptalks' Connectable on its Geometries): a new method there
    // runs theirs too, through the parameter, since `super.dispose` is unknown to Base's type.
    const viaBase = callSuper || method.startsWith('[') ? undefined : mixinBase(cls.get());
    // `using` reaches the override through an inherited `[Symbol.dispose]()` that calls `this.dispose()`.
    const addSymbolDispose = disposable && !(callSuper && (inheritingSymbol.has(className) || inFile.symbolDispose));
    // Field by field: what it holds is disposed, then it is emptied.
    const fields = [...new Set([...disposes, ...empties].map((statement) => statement.field))];
    const owned = fields.flatMap((field) => [...disposes, ...empties].filter((statement) => statement.field === field));
    const all = { owned, clears: clears.filter((clear) => !owned.some((statement) => statement.code === clear)), calls };
    // A base method that returns something (a Promise) is overridden by one returning what it returns.
    const returnsSuper = callSuper && (superReturning.has(className) || inFile.returns);
    if (ensureDispose(j, cls.get().node.body, method, all, addSymbolDispose, api, className, guarded ? guard : undefined, callSuper, viaBase, returnsSuper)) {
      changed = true;
      for (const id of new Set(entryIds)) api.stats(`${CHANGED_STAT}${id}`);
    }
  }
  for (const call of superCalls) {
    const dot = call.lastIndexOf('.');
    if (addSuperCall(j, root, call.slice(0, dot), call.slice(dot + 1), options.noImplicitOverride === true)) changed = true;
  }
  if (!changed) return undefined;
  const printed = printWithStyle(root, file.source, printOptions);
  return moduleBlocks.length > 0 ? insertModuleDeclarations(j, printed, moduleBlocks) : printed;
}

/**
 * Where the "already disposed" flag lives. `private`: a `#disposed` field. `weakmap`: a
 * module-level WeakSet of disposed instances, for projects whose target predates ES private
 * fields (TS18028 below ES2015); like the `#` field it adds nothing to the object itself.
 */
type Storage = 'private' | 'weakmap';

function storageOf(value: unknown): Storage {
  if (value === undefined || value === 'private') return 'private';
  if (value === 'weakmap') return 'weakmap';
  throw new Error(`inject-dispose: --storage expects private or weakmap, got "${String(value)}"`);
}

/** Adds the guard's state to the class (or the module) and returns the guard's two statements. */
type Guard = (body: ClassBody, privateNames: string[]) => string;

/** `#disposed` (`#disposedByWeakify` when the class has a `#disposed` of its own). */
function privateFieldGuard(j: JSCodeshift): Guard {
  return (body, privateNames) => {
    const taken = new Set(body.body.map(memberName));
    const guardField = taken.has(`#${GUARD_FIELD}`) ? `${GUARD_FIELD}ByWeakify` : GUARD_FIELD;
    if (!taken.has(`#${guardField}`)) {
      const field = parseMember(j, `#${guardField} = false;`);
      // Fields go with the fields: after those the class starts with, before its constructor
      // and methods (not after the last property: zrender's Element ends with a static one).
      const firstOther = body.body.findIndex((member) => !isProperty(member) && (member.type as string) !== 'TSIndexSignature');
      const at = firstOther === -1 ? body.body.length : firstOther;
      // Recast separates one-line members by no blank line, so a one-line constructor would
      // follow the new field directly; the mark asks printWithStyle for the blank line between
      // the fields and what comes after them.
      if (at < body.body.length) field.comments = [blankLineAfterMark(j)];
      body.body.splice(at, 0, field);
      privateNames.push(`#${guardField}`);
    }
    return `if (this.#${guardField}) return;\nthis.#${guardField} = true;`;
  };
}

/** `const disposedFolderObjects = new WeakSet<object>()`, declared at module level (insertModuleDeclarations). */
function weakSetGuard(className: string, usedNames: Set<string>, moduleBlocks: string[][]): Guard {
  return () => {
    // A mixin's class goes by its label (`CommonMfencedMixin(Base)`): only the identifier characters make a name.
    const word = className.replace(/[^\p{L}\p{N}_$]+/gu, '');
    const base = `disposed${word.charAt(0).toUpperCase()}${word.slice(1)}Objects`;
    let name = base;
    for (let n = 2; usedNames.has(name); n++) name = `${base}${n}`;
    usedNames.add(name);
    moduleBlocks.push([`// ${className} objects already disposed, kept outside the objects.`, `const ${name} = new WeakSet<object>()`]);
    return `if (${name}.has(this)) return;\n${name}.add(this);`;
  };
}

/** A module has an import or export at top level; anything else is a global script. */
function isModule(program: AnyNode): boolean {
  return program.body.some(
    (statement: AnyNode) =>
      ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportAllDeclaration', 'TSExportAssignment'].includes(statement.type) ||
      (statement.type === 'TSImportEqualsDeclaration' && (statement.isExport || statement.moduleReference?.type === 'TSExternalModuleReference')),
  );
}

/**
 * Module-level declarations go where they exist before any code of the module runs: after the
 * last import, else above the first statement and the doc comment attached to it, below file
 * headers and `///` directives. Spliced into the printed text by line (recast would print a new
 * first statement before the file's header comments). Same rule as weakref-accessor's
 * moduleDeclarationsEdit (each transform is self-contained).
 */
function insertModuleDeclarations(j: JSCodeshift, source: string, blocks: string[][]): string {
  const program: AnyNode = j(source).get().node.program;
  const lineStarts = [0];
  for (const match of source.matchAll(/\r\n?|\n/g)) lineStarts.push(match.index! + match[0].length);
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const body: AnyNode[] = program.body;
  const imports = body.filter(
    (statement) => statement.type === 'ImportDeclaration' || (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference?.type === 'TSExternalModuleReference'),
  );
  let at: number;
  if (imports.length > 0) {
    at = lineStarts[imports[imports.length - 1]!.loc.end.line] ?? source.length;
  } else {
    const first = body[0]!;
    let line: number = first.loc.start.line;
    const comments: AnyNode[] = (first.comments ?? first.leadingComments ?? []).filter((comment: AnyNode) => comment.leading !== false && comment.loc.end.line <= line);
    for (let index = comments.length - 1; index >= 0; index--) {
      const comment = comments[index]!;
      const directive = source.slice(lineStarts[comment.loc.start.line - 1]).trimStart().startsWith('///');
      if (comment.loc.end.line < line - 1 || directive) break;
      line = comment.loc.start.line;
    }
    at = lineStarts[line - 1]!;
  }
  const rest = source.slice(at);
  const nextCode = /\S/.exec(rest)?.[0];
  const usesSemicolons = /;[ \t]*(\/\/[^\n]*)?\r?$/m.test(source);
  const semi = usesSemicolons || (nextCode !== undefined && '([`+-/'.includes(nextCode)) ? ';' : '';
  const text = blocks.map(([comment, ...declarations]) => [comment, ...declarations.map((line) => line + semi)].join(eol)).join(eol + eol);
  let inserted: string;
  if (imports.length > 0) {
    const lead = at === source.length && !/\n$/.test(source) ? eol : '';
    inserted = `${lead}${eol}${text}${eol}${/^[ \t]*(\r?\n|$)/.test(rest) ? '' : eol}`;
  } else {
    const previous = at === 0 ? '' : source.slice(lineStarts[lineStarts.indexOf(at) - 1] ?? 0, at);
    inserted = `${previous.trim() === '' ? '' : eol}${text}${eol}${eol}`;
  }
  return source.slice(0, at) + inserted + source.slice(at);
}

/** `options.entries` from `weakify apply`, or `options.plan` (a plan file path) from the jscodeshift CLI. */
function entriesFor(file: FileInfo, options: Options): DisposeEntry[] {
  if (Array.isArray(options.entries)) return options.entries as DisposeEntry[];
  if (typeof options.plan !== 'string') return [];
  const plan = readPlanFile<DisposeEntry>(options.plan, 'inject-dispose');
  const mine = (relative: string) => plan.names(relative, file.path);
  return plan.entries
    .filter((entry) => mine(entry.file) || entry.owners.some((owner) => mine(owner.file)))
    .map((entry) => ({
      ...entry,
      // Re-anchor the paths to the file as jscodeshift names it, so `sameFile` compares like with like.
      file: mine(entry.file) ? file.path : entry.file,
      owners: entry.owners.map((owner) => ({ ...owner, file: mine(owner.file) ? file.path : owner.file })),
    }));
}

/** Plan paths are relative to the project root while `file.path` may be absolute: compare by suffix on a path boundary. */
function sameFile(planPath: string, filePath: string): boolean {
  const a = planPath.split(path.sep).join('/');
  const b = filePath.split(path.sep).join('/');
  if (a === b) return true;
  if (path.isAbsolute(a)) return path.resolve(a) === path.resolve(b);
  return b.endsWith(`/${a.replace(/^\.\//, '')}`);
}

function proxyRefusal(className: string, field: string, what: string, entryId: string): string {
  return `${field}: the constructor of ${className} returns another object (a Proxy, say) in place of \`this\`, which would not have a private \`#${GUARD_FIELD}\` member; use --storage weakmap or write dispose by hand; ${what} (entry ${entryId}).`;
}

function localClassRefusal(className: string, field: string, what: string, entryId: string): string {
  return `${field}: class ${className} is declared inside a function (a mixin); a private \`#${GUARD_FIELD}\` member would break declaration emit of the classes built from it (TS4094); ${what} (entry ${entryId}).`;
}

/** The one class of the file the analysis calls `name` (a class expression has the same shape). */
function findClass(j: JSCodeshift, root: Collection, name: string): Collection<ClassDeclaration> | undefined {
  const found = classesNamed(j, root, name);
  return found.length === 1 ? (j(found[0]!) as Collection<ClassDeclaration>) : undefined;
}

// ---------------------------------------------------------------------------------------------
// What goes into the owner's dispose method

function disposeOwned(
  j: JSCodeshift,
  body: ClassBody,
  owner: DisposeEntry['owners'][number],
  entry: DisposeEntry,
  method: string,
  /** What it calls on each object: the back-pointer's class's method. */
  called: string,
  api: API,
  laxNulls: boolean,
): { disposes: string[]; empties: string[] } | undefined {
  const member = findMember(body, owner.field);
  if (!member) {
    api.report(`${owner.class}.${owner.field}: field not found; dispose not injected (entry ${entry.id}).`);
    return undefined;
  }
  if (owner.container === 'generic') {
    api.report(
      `${owner.class}.${owner.field}: holds ${entry.class} objects inside other objects or collections (a generic class, a plain object's fields, a collection of collections), which dispose cannot reach on its own; write its part of ${method}() by hand (entry ${entry.id}).`,
    );
    return undefined;
  }
  const access = `this.${owner.field}`;
  const info = describeField(member);
  if (owner.container !== 'single' && info.mayBeEmpty) {
    api.report(`${owner.class}.${owner.field}: the collection itself may be null or undefined; write its part of ${method}() by hand (entry ${entry.id}).`);
    return undefined;
  }
  if (owner.container !== 'single' && info.elementPlain === false) {
    api.report(
      `${owner.class}.${owner.field}: its elements are not all ${entry.class} objects with a ${called}() (a union with other kinds, or a computed type); write its part of ${method}() by hand (entry ${entry.id}).`,
    );
    return undefined;
  }
  const item = loopVariable(entry.class);
  // Without null checking a field or element typed `TreeNode` holds null all the same (planck's
  // leaves have `child1 = null`): every call on one is optional there.
  const call = `${item}${info.elementMayBeEmpty || laxNulls ? '?.' : '.'}${called}();`;
  // So may a collection the class declares without one (no initializer, or `= null`), made only
  // when first needed (maptalks' `__connectors`, undefined on most geometries): looped over and
  // emptied only if there.
  const declared = member as AnyNode;
  const initial: AnyNode | undefined = declared.value;
  const startsEmpty = !initial || initial.type === 'NullLiteral' || (initial.type === 'Identifier' && initial.name === 'undefined');
  const unset = laxNulls && owner.container !== 'single' && declared.type !== 'TSParameterProperty' && startsEmpty;
  const result = (dispose: string, empty?: string) => ({
    disposes: [unset ? `if (${access}) ${dispose}` : dispose],
    empties: empty === undefined ? [] : [unset && !empty.startsWith(`${access} = `) ? `if (${access}) ${empty}` : empty],
  });
  switch (owner.container) {
    case 'single':
      return result(
        `${access}${info.mayBeEmpty || laxNulls ? '?.' : '.'}${called}();`,
        // A required field cannot be emptied without lying about its type; disposing the object
        // already breaks the cycle (its dispose clears its back-pointer).
        info.admitsUndefined && !info.readonly ? `${access} = undefined;` : info.admitsNull && !info.readonly ? `${access} = null;` : undefined,
      );
    case 'array':
    case 'tuple': {
      const loop = `for (const ${item} of ${access}) ${call}`;
      if (owner.container === 'tuple') return result(loop);
      if (!info.readonlyType) return result(loop, `${access}.length = 0;`);
      return result(loop, info.readonly ? undefined : `${access} = [];`);
    }
    case 'set': {
      const loop = `for (const ${item} of ${access}) ${call}`;
      if (!info.readonlyType) return result(loop, `${access}.clear();`);
      return result(loop, info.readonly ? undefined : `${access} = new Set();`);
    }
    case 'map': {
      const loop = `for (const ${item} of ${access}.values()) ${call}`;
      if (!info.readonlyType) return result(loop, `${access}.clear();`);
      return result(loop, info.readonly ? undefined : `${access} = new Map();`);
    }
    case 'record': {
      const loop = `for (const ${item} of Object.values(${access})) ${call}`;
      return result(loop, info.readonly ? undefined : `${access} = {};`);
    }
  }
}

/**
 * A tree's own dispose method that clears the node's back-pointer and drops an owner field
 * without disposing what it holds (`dispose() { this.parent = null; this._left = null; ... }`)
 * frees one node: a tree removing a node moves its children first, then disposes it (tone's
 * IntervalTimeline). Disposing the children from there would dispose nodes that now live
 * elsewhere in the tree. The project's method already breaks the node's own link.
 */
function releasesOneNode(body: ClassBody, owner: DisposeEntry['owners'][number], entry: DisposeEntry, method: string): boolean {
  if (owner.class !== entry.class || !sameFile(owner.file, entry.file)) return false;
  const existing = body.body.find((member) => isMethodNamed(member, method));
  if (!existing) return false;
  const released = fieldsReleasedIn(existing as AnyNode, new Set([method]), body);
  return released.has(entry.field) && released.get(owner.field) === 'emptied';
}

/** The same loop over the same collection, whatever its variable is called. */
function sameLoop(a: string, b: string): boolean {
  // Also behind the guard a collection that may be missing gets (`if (this.items) for ...`).
  const shape = (code: string) => code.replace(/^(if \(this\.[\w$#]+\) )?for \(const ([\w$]+) of (.*?)\) \2(\??\.)/, '$1for (const _ of $3) _$4');
  return shape(a) === shape(b);
}

// ---------------------------------------------------------------------------------------------
// What goes into the back-pointer class's dispose method

/**
 * Clearing a back-pointer whose type admits no empty value is the one place this transform has
 * to choose between honesty and type-checking. It widens the declared type only when the entry
 * says so (`widen`: `weakify apply` tries that first and keeps it if every use site still
 * type-checks; this transform sees one file and cannot know). Otherwise it keeps the declared type (it is true for every object that is not disposed) and
 * states the contract where the lie is told: a comment that disposed objects must not be used,
 * and `undefined!` (type `never`, assignable to any type), which the checker accepts under strict
 * mode and which a reader can grep for. A disposed object that is used anyway fails fast on
 * `undefined`, which is the behaviour the contract promises.
 */
function clearBackPointer(j: JSCodeshift, body: ClassBody, entry: DisposeEntry, api: API, laxNulls: boolean): string[] {
  const member = findMember(body, entry.field) ?? setterAsField(body, entry.field);
  if (!member) {
    api.report(`${entry.class}.${entry.field}: field not found; back-pointer not cleared (entry ${entry.id}).`);
    return [];
  }
  const info = describeField(member);
  if (info.readonly) {
    api.report(`${entry.class}.${entry.field}: the back-pointer is readonly, so dispose cannot clear it; make it writable or use the weakref strategy (entry ${entry.id}).`);
    return [];
  }
  const access = `this.${entry.field}`;
  // Without null checking, `parent: Parent` admits undefined as written: no contract to state.
  // Both conditions, because a tsconfig without any `strict` compiles lax under TypeScript 5 but
  // strict under 6, which verifies: the analysis keeps such fields' written types.
  const laxBoth = laxNulls && entry.nullable === 'both';
  const nullable = info.annotated && !laxBoth ? info.nullable : entry.nullable;
  switch (nullable) {
    case 'undefined':
      return [`${access} = undefined;`];
    case 'both':
      // Either would type-check: the project's own empty value, where its initializer shows it
      // (`parent: Node = null`, and code that tests `parent === null`).
      return [`${access} = ${(member as AnyNode).value?.type === 'NullLiteral' ? 'null' : 'undefined'};`];
    case 'null':
      return [`${access} = null;`];
    case 'none':
      if (entry.widen && widenToUndefined(j, member)) {
        // What apply reports as widened: only what was (not every entry that asked).
        api.stats(`${WIDENED_STAT}${entry.id}`);
        return [`${access} = undefined;`];
      }
      return [`//${CONTRACT_COMMENT.replace('{{field}}', entry.field)}\n${access} = undefined!;`];
  }
}

/**
 * `parent: Parent` -> `parent: Parent | undefined`, for a declared type that is a plain type
 * reference (a class, possibly generic): the honest type once dispose can clear it. `weakify
 * apply` asks for this only when it can verify that every use site still type-checks.
 */
function widenToUndefined(j: JSCodeshift, member: Member): boolean {
  const raw = member as AnyNode;
  // A parameter property is also the constructor's parameter: widened, the public constructor
  // would accept undefined from every caller. It is cleared as declared (`undefined!`) instead.
  if (raw.type === 'TSParameterProperty') return false;
  const field: AnyNode = raw;
  const annotation: AnyNode | undefined = field.typeAnnotation;
  if (!annotation || annotation.typeAnnotation?.type !== 'TSTypeReference') return false;
  annotation.typeAnnotation = j.tsUnionType([annotation.typeAnnotation, j.tsUndefinedKeyword()]);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Fields

type Member = ClassBody['body'][number];

function memberName(member: Member): string | undefined {
  const node = member as { key?: { type: string; name?: string; id?: { name: string } }; computed?: boolean };
  if (!node.key || node.computed) return undefined;
  if (node.key.type === 'Identifier') return node.key.name;
  if (node.key.type === 'PrivateName') return `#${node.key.id!.name}`;
  return undefined;
}

function isProperty(member: Member): boolean {
  return member.type === 'ClassProperty' || member.type === 'ClassPrivateProperty' || (member.type as string) === 'ClassAccessorProperty';
}

function findMember(body: ClassBody, name: string): Member | undefined {
  const direct = body.body.find((member) => isProperty(member) && memberName(member) === name);
  if (direct) return direct;
  // A constructor parameter property (`constructor(public parent: Parent)`) declares the field too.
  const ctor = body.body.find((member) => member.type === 'ClassMethod' && member.kind === 'constructor');
  if (ctor && ctor.type === 'ClassMethod') {
    for (const param of ctor.params) {
      const binding = param.type === 'TSParameterProperty' ? parameterBinding(param as AnyNode) : undefined;
      if (binding?.type === 'Identifier' && binding.name === name) {
        return param as unknown as Member;
      }
    }
  }
  return undefined;
}

/** The name a parameter property binds: `parent` in `public parent: Parent`, also with a default (`= new Parent()`). */
function parameterBinding(parameterProperty: AnyNode): AnyNode {
  const parameter: AnyNode = parameterProperty.parameter;
  return parameter.type === 'AssignmentPattern' ? parameter.left : parameter;
}

/**
 * A back-pointer written as a set accessor (a `get #owner()`/`set #owner()` pair, which
 * weakref-accessor writes, or a hand-written one): cleared through the setter, typed by its
 * parameter, as a field of that type would be.
 */
function setterAsField(body: ClassBody, name: string): Member | undefined {
  const setter = body.body.find((member) => (member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod') && member.kind === 'set' && memberName(member) === name) as AnyNode | undefined;
  if (!setter) return undefined;
  return { type: 'ClassProperty', key: setter.key, typeAnnotation: setter.params[0]?.typeAnnotation } as unknown as Member;
}

interface FieldInfo {
  annotated: boolean;
  /** The field itself is `readonly`: it cannot be reassigned. */
  readonly: boolean;
  /** The declared type is a read-only view (`readonly T[]`, `ReadonlyArray`, `ReadonlySet`, `ReadonlyMap`). */
  readonlyType: boolean;
  admitsUndefined: boolean;
  admitsNull: boolean;
  mayBeEmpty: boolean;
  nullable: DisposeEntry['nullable'];
  /** The collection's element (or Map/Record value) type admits undefined or null. */
  elementMayBeEmpty: boolean;
  /**
   * The element type written as a class or interface name (possibly with null/undefined), so each
   * element is an object the plan gives a dispose method; not a union with functions or a type
   * computed by a utility (`Exclude<TeardownLogic, void>`). Undefined when there is no annotation.
   */
  elementPlain?: boolean;
}

// Loosely typed AST walking: the babel-ts node shapes are stable, and the jscodeshift typings
// for TS type nodes are a union too wide to narrow usefully here.
type AnyNode = { type: string; [key: string]: any };

function describeField(member: Member): FieldInfo {
  const raw = member as AnyNode;
  const field: AnyNode = raw.type === 'TSParameterProperty' ? { ...parameterBinding(raw), readonly: raw.readonly } : raw;
  const type: AnyNode | undefined = field.typeAnnotation?.typeAnnotation;
  const optional = field.optional === true;
  const parts = type ? unionParts(type) : [];
  const admitsUndefined = optional || parts.some((part) => part.type === 'TSUndefinedKeyword');
  const admitsNull = parts.some((part) => part.type === 'TSNullKeyword');
  const nonEmpty = parts.filter((part) => part.type !== 'TSUndefinedKeyword' && part.type !== 'TSNullKeyword');
  const main = nonEmpty.length === 1 ? nonEmpty[0] : undefined;
  const element = main ? elementType(main) : undefined;
  return {
    annotated: type !== undefined,
    readonly: field.readonly === true,
    readonlyType: main ? isReadonlyType(main) : false,
    admitsUndefined,
    admitsNull,
    mayBeEmpty: admitsUndefined || admitsNull,
    nullable: admitsUndefined && admitsNull ? 'both' : admitsUndefined ? 'undefined' : admitsNull ? 'null' : 'none',
    elementMayBeEmpty: element
      ? element.type === 'TSOptionalType' ||
        unionParts(element).some((part) => part.type === 'TSUndefinedKeyword' || part.type === 'TSNullKeyword')
      : false,
    ...(element ? { elementPlain: isPlainElement(element) } : {}),
  };
}

function unionParts(type: AnyNode): AnyNode[] {
  if (type.type === 'TSParenthesizedType') return unionParts(type.typeAnnotation);
  if (type.type === 'TSUnionType') return type.types.flatMap(unionParts);
  return [type];
}

function typeName(type: AnyNode): string | undefined {
  return type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' ? type.typeName.name : undefined;
}

function typeArgs(type: AnyNode): AnyNode[] {
  return type.typeParameters?.params ?? type.typeArguments?.params ?? [];
}

function isReadonlyType(type: AnyNode): boolean {
  if (type.type === 'TSTypeOperator' && type.operator === 'readonly') return true;
  const name = typeName(type);
  return name === 'ReadonlyArray' || name === 'ReadonlySet' || name === 'ReadonlyMap';
}

/** The type a loop over the collection binds: the element, or the value of a Map or Record. */
const TYPE_UTILITIES = new Set(['Exclude', 'Extract', 'Partial', 'Pick', 'Omit', 'ReturnType', 'InstanceType', 'Parameters', 'Awaited', 'NonNullable', 'Record']);

function isPlainElement(element: AnyNode): boolean {
  const parts = unionParts(element.type === 'TSOptionalType' ? element.typeAnnotation : element).filter(
    (part) => part.type !== 'TSUndefinedKeyword' && part.type !== 'TSNullKeyword',
  );
  return parts.length > 0 && parts.every((part) => part.type === 'TSTypeReference' && !TYPE_UTILITIES.has(typeName(part) ?? ''));
}

function elementType(type: AnyNode): AnyNode | undefined {
  if (type.type === 'TSTypeOperator') return elementType(type.typeAnnotation);
  if (type.type === 'TSParenthesizedType') return elementType(type.typeAnnotation);
  if (type.type === 'TSArrayType') return type.elementType;
  if (type.type === 'TSTupleType') {
    const members: AnyNode[] = type.elementTypes.map((member: AnyNode) => (member.type === 'TSNamedTupleMember' ? member.elementType : member));
    // One binding for every element: it may be empty if any element may be.
    return members.find((member) => member.type === 'TSOptionalType' || unionParts(member).some((part) => part.type === 'TSUndefinedKeyword' || part.type === 'TSNullKeyword')) ?? members[0];
  }
  if (type.type === 'TSTypeLiteral') {
    const index = type.members.find((member: AnyNode) => member.type === 'TSIndexSignature');
    return index?.typeAnnotation?.typeAnnotation;
  }
  // `{ readonly [K in string]?: ShapeUtil }` (tldraw's Editor.shapeUtils): with `?` a value may be
  // undefined, which `Object.values` keeps.
  if (type.type === 'TSMappedType') {
    const value: AnyNode | undefined = type.typeAnnotation;
    if (!value) return undefined;
    return type.optional && type.optional !== '-' ? { type: 'TSOptionalType', typeAnnotation: value } : value;
  }
  const name = typeName(type);
  const args = typeArgs(type);
  if (name === 'Array' || name === 'ReadonlyArray' || name === 'Set' || name === 'ReadonlySet') return args[0];
  if (name === 'Map' || name === 'ReadonlyMap' || name === 'Record') return args[1];
  return undefined;
}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval')
    .split(' '),
);

/** `Child` -> `child`: the loop variable reads as what it holds. */
function loopVariable(className: string): string {
  // A leading acronym is lowered whole: `USDObject` -> `usdObject` (not `uSDObject`), `UI` -> `ui`.
  const run = /^[A-Z]+/.exec(className)?.[0].length ?? 0;
  const upper = run > 1 && /[a-z]/.test(className.charAt(run)) ? run - 1 : Math.max(run, 1);
  const name = className.slice(0, upper).toLowerCase() + className.slice(upper);
  return RESERVED.has(name) || !/^[A-Za-z_$][\w$]*$/.test(name) ? 'item' : name;
}

// ---------------------------------------------------------------------------------------------
// The dispose method itself

function isMethodNamed(member: Member, name: string): boolean {
  return (member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod') && member.kind === 'method' && memberName(member) === name;
}

function isSymbolDispose(member: Member): boolean {
  const node = member as AnyNode;
  return (
    node.computed === true &&
    node.key?.type === 'MemberExpression' &&
    node.key.object?.type === 'Identifier' &&
    node.key.object.name === 'Symbol' &&
    node.key.property?.type === 'Identifier' &&
    node.key.property.name === 'dispose'
  );
}

/** Whitespace- and comment-insensitive text of a statement, to recognise statements already there. */
function normalise(code: string): string {
  return code
    .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, '')
    .replace(/;$/, '');
}

/** Parse statements in a class-method context, so `this`, `super` and `#private` names are accepted. */
function parseStatements(j: JSCodeshift, code: string, privateNames: string[]): any[] {
  // Once each: a private accessor pair (`get #x()` and `set #x()`) names `#x` twice.
  const declared = [...new Set(privateNames)].map((name) => `${name};`).join(' ');
  const program = j(`class __Weakify { ${declared} __m() {\n${code}\n} }`).get().node.program;
  const method = program.body[0].body.body.find((member: AnyNode) => member.type === 'ClassMethod');
  return method.body.body;
}

/** Parse one class member from source text. */
/**
 * Append a member to a class body. Comments after the last member on lines of their own (a
 * retired method's JSDoc, a TODO) belong to no member; appended after them, the new member would
 * read as the one they document (editors show such a JSDoc as its documentation). They move
 * behind the new member, so they still end the class.
 */
function appendMember(j: JSCodeshift, body: ClassBody, member: AnyNode): void {
  const last = body.body.at(-1) as AnyNode | undefined;
  if (last) {
    const comments: AnyNode[] = last.comments ?? [];
    // A member this transform added has no position: its trailing comments are orphans it was given.
    const orphans = comments.filter((comment) => comment.trailing && (!last.loc || (comment.loc && comment.loc.start.line > last.loc.end.line)));
    if (orphans.length > 0) {
      last.comments = comments.filter((comment) => !orphans.includes(comment));
      member.comments = [...(member.comments ?? []), ...orphans];
    }
  }
  // Recast separates a new multi-line member by a blank line, a one-line one (`dispose(): void
  // {}`) by none.
  if (last) member.comments = [blankLineBeforeMark(j), ...(member.comments ?? [])];
  body.body.push(member as Member);
}

function parseMember(j: JSCodeshift, code: string): any {
  // A subclass context, so that `override` and `super.method()` parse.
  return fresh(j(`class __Weakify extends __WeakifyBase { ${code} }`).get().node.program.body[0].body.body.at(-1));
}

/**
 * Forget where a parsed member came from, so recast lays it out as a new member of the class
 * (reusing the snippet's own text for it loses the line break between members). Its statements
 * keep their snippet text, which recast reindents: that keeps `if (x) return;` on one line.
 */
function fresh<T>(node: T): T {
  const record = node as Record<string, unknown>;
  for (const key of ['loc', 'start', 'end', 'range']) delete record[key];
  if ('original' in record) record.original = undefined;
  return node;
}

/**
 * Make sure `method` exists with a guard and contains the statements (those already there are not
 * added again; an existing method that gets nothing and is not called by the owners' new code is
 * left as it is). Returns whether anything changed.
 */
function ensureDispose(
  j: JSCodeshift,
  body: ClassBody,
  method: string,
  statements: { owned: Owned[]; clears: string[]; calls: ReadonlySet<string> },
  disposable: boolean,
  api: API,
  className: string,
  /** Undefined: the new method gets no once-only guard (it overrides the project's own). */
  addGuard: Guard | undefined,
  callSuper: boolean,
  /** A mixin's base parameter whose method the new method runs (`Base.prototype.dispose?.call(this)`). */
  viaBase?: string,
  /**
   * The base method returns something (fabric's `dispose(): Promise<boolean>`): a new override
   * returns what it returns, with no `: void` that TS2416 would reject.
   */
  returnsSuper = false,
): boolean {
  const sameName = body.body.filter((member) => memberName(member) === method);
  const existing = sameName.find((member) => isMethodNamed(member, method));
  if (sameName.length > 0 && (!existing || sameName.length > 1)) {
    api.report(`${className}: a member named ${method} exists but is not a plain method (or is overloaded); dispose not injected.`);
    return false;
  }
  const privateNames = body.body.map(memberName).filter((name): name is string => name?.startsWith('#') === true);
  // An existing method may already let an owner field go. If it disposes what the field holds
  // (`this._layout.dispose(); this._layout = null`), that part is done. If it only empties or
  // resets the field (`this._menus.length = 0`), what the field held must be disposed before
  // that (right before it, see below): appended after it, the loop would find nothing, and a
  // dispose call would not type-check where the method narrowed the field (`this._layout?.dispose()` on `null`).
  const released = existing ? fieldsReleasedIn(existing as AnyNode, statements.calls, body) : new Map<string, Release>();
  const early = statements.owned.filter((statement) => released.get(statement.field) === 'emptied' && isDisposal(statement, statements.calls));
  const late = [...statements.owned.filter((statement) => !released.has(statement.field)).map((statement) => statement.code), ...statements.clears];
  const existingBody: AnyNode[] = existing ? (existing as AnyNode).body.body : [];
  const emptyBefore = existing !== undefined && existingBody.length === 0;
  // A body written on one line (`dispose(): void { log.push('a'); log.push('b'); }`) becomes one
  // statement per line once something is added: recast would reuse the text between its
  // statements as it was, and without the spaces of the line they were on (`...;log.push('b');`).
  const oneLine = existing !== undefined && (existing as AnyNode).body.loc && (existing as AnyNode).body.loc.start.line === (existing as AnyNode).body.loc.end.line;
  const present = new Set<string>((existingBody as ASTNode[]).map((statement) => normalise(j(statement).toSource())));
  const absent = (code: string) => !present.has(normalise(code)) && !clearsAlready(code, existingBody);
  const missingEarly = early.map((statement) => statement.code).filter(absent);
  const missingLate = late.filter(absent);
  let changed = false;
  let target: AnyNode;
  if (existing) {
    target = existing as AnyNode;
  } else {
    // A new method that overrides the base class's must still run it (an existing one is the project's call).
    const baseCall = callSuper ? `${returnsSuper ? 'return ' : ''}super.${method}();` : viaBase !== undefined ? `${viaBase}.prototype.${method}?.call(this);` : undefined;
    const parsed = parseMember(j, `${callSuper ? 'override ' : ''}${method}()${returnsSuper ? '' : ': void'} {${baseCall ? `\n${baseCall}\n` : ''}}`);
    appendMember(j, body, parsed);
    target = parsed;
    changed = true;
  }

  // The guard goes into a method this transform writes. An existing method keeps its own
  // semantics: a guard there would turn every later call into a no-op, and code that calls it
  // again (deck.gl's LayerState.finalize() on each reset) would change behaviour unseen by
  // verification. What the transform adds to it (disposing, emptying, clearing) is safe to repeat.
  if (!existing && addGuard && !isGuarded(target)) {
    const guard = parseStatements(j, addGuard(body, privateNames), privateNames);
    target.body.body.unshift(...guard);
    changed = true;
  }

  if (missingEarly.length > 0) {
    // Right before the statement that lets the field go (`this.commandManager = null`), where the
    // project ends what it holds: earlier, the method's own teardown (tiptap's Editor.destroy()
    // emits `destroy` first, whose listeners use `editor.commands`) would find it disposed. Where
    // no statement of the method itself does (a helper it calls), after the guards at the top
    // (ours, and the method's own `if (this.isDisposed) return;`).
    const list: AnyNode[] = target.body.body;
    let top = 0;
    while (top < list.length && isGuardStatement(list[top]!)) top++;
    const placed = early
      .filter((statement) => missingEarly.includes(statement.code))
      .map((statement) => {
        const at = list.findIndex((item) => lets(item, statement.field));
        return { code: statement.code, at: at >= top ? at : top };
      });
    // From the last place up, so that each index still holds; in their own order at one place.
    for (const at of [...new Set(placed.map((item) => item.at))].sort((a, b) => b - a)) {
      const codes = placed.filter((item) => item.at === at).map((item) => item.code);
      list.splice(at, 0, ...parseStatements(j, codes.join('\n'), privateNames));
    }
    changed = true;
  }
  if (missingLate.length > 0) {
    const list: AnyNode[] = target.body.body;
    const last = list[list.length - 1];
    const endsWithOurSuper = existing === undefined && (callSuper || viaBase !== undefined) && last !== undefined && isSuperCall(last, method, viaBase === undefined ? undefined : { name: viaBase, j });
    // In a method we write that calls the base class's: what this class owns is disposed before
    // it, as a subclass's cleanup goes, but its own back-pointer is cleared after it. The base's
    // dispose may still run code of this class that reads it (lumino's Widget.dispose() detaches
    // and calls onBeforeDetach(), which a subclass overrides and may read its `_shell` in).
    const clearsAfterSuper = endsWithOurSuper ? missingLate.filter((code) => statements.clears.includes(code)) : [];
    const beforeEnd = missingLate.filter((code) => !clearsAfterSuper.includes(code));
    // Before a final `return` (statements after it would never run) or our own final `super` call.
    const at = last && (last.type === 'ReturnStatement' || endsWithOurSuper) ? list.length - 1 : list.length;
    if (beforeEnd.length > 0) list.splice(at, 0, ...parseStatements(j, beforeEnd.join('\n'), privateNames));
    if (clearsAfterSuper.length > 0) {
      if (list.at(-1)?.type === 'ReturnStatement') {
        // `return super.dispose();` becomes: keep what it returns, clear, then return it.
        // Our method's only other statements are loops (whose variables are their own) and clears of `this.` fields.
        const result = /\bresult\b/.test(clearsAfterSuper.join('\n')) ? 'returned' : 'result';
        list.splice(-1, 1, ...parseStatements(j, `const ${result} = super.${method}();\n${clearsAfterSuper.join('\n')}\nreturn ${result};`, privateNames));
      } else {
        list.push(...parseStatements(j, clearsAfterSuper.join('\n'), privateNames));
      }
    }
    changed = true;
  }

  // An existing method whose body held only a comment (`dispose() { // nothing to release yet }`):
  // the comment belonged to no statement, and recast drops it once the body has some. It goes
  // above the first one now.
  if (emptyBefore && target.body.body.length > 0) keepDanglingComments(target.body);
  if (changed && oneLine) for (const statement of existingBody) if (statement.loc) statement.loc = null;

  // `using` calls [Symbol.dispose]: it must reach the method that breaks the cycle. An existing
  // one that does not call it yet gets the call appended (the guard makes a double call harmless).
  // Not for a method that may work asynchronously (rxdb's `async close(): Promise<boolean>`): a
  // `[Symbol.dispose]()` would drop its promise, and the block would end before the teardown.
  if (disposable && method !== '[Symbol.dispose]' && !isAsynchronous(target)) {
    const call = `this.${method}();`;
    let symbol = body.body.find(isSymbolDispose) as AnyNode | undefined;
    if (!symbol) {
      const added: AnyNode = parseMember(j, `[Symbol.dispose](): void {}`);
      if (body.body.at(-1) === target) appendMember(j, body, added);
      else body.body.splice(body.body.indexOf(target as Member) + 1, 0, added as Member);
      symbol = added;
    }
    const symbolBody: AnyNode[] = symbol.body.body;
    const calls = (symbolBody as ASTNode[]).some((statement) => normalise(j(statement).toSource()) === normalise(call));
    if (!calls) {
      symbolBody.push(...parseStatements(j, call, privateNames));
      changed = true;
    }
  }
  return changed;
}

/**
 * Whether a method may work asynchronously, as far as its text tells (the transform has no types):
 * `async`; a declared return type other than `void`, `undefined` or another primitive (`Promise<T>`,
 * `Promise<void> | undefined`, `globalThis.Promise<T>`, an alias that may name a Promise); or,
 * without one, a `return` with a value (`return this.flush()`).
 */
function isAsynchronous(method: AnyNode): boolean {
  if (method.async) return true;
  const type = method.returnType?.typeAnnotation;
  if (type) return !SYNCHRONOUS_RETURN_TYPES.has(type.type);
  // (Not a return of a function or class nested in the method.)
  const returnsValue = (node: AnyNode): boolean =>
    node.type === 'ReturnStatement' ? node.argument != null : !/Function|Method|Class/.test(node.type) && childNodes(node).some(returnsValue);
  return method.body ? childNodes(method.body).some(returnsValue) : false;
}

const SYNCHRONOUS_RETURN_TYPES = new Set(['TSVoidKeyword', 'TSUndefinedKeyword', 'TSBooleanKeyword', 'TSNumberKeyword', 'TSStringKeyword', 'TSNullKeyword', 'TSNeverKeyword']);

/**
 * Ends the class's own `method` with `super.<method>()` (before a final `return`), and marks it
 * `override` where the project asks for that (noImplicitOverride). For a method written when its
 * base had none to call (G2's `Runtime.destroy()` once `Node` gets `destroy()`): without the call,
 * the base's new teardown never runs for its objects.
 */
function addSuperCall(j: JSCodeshift, root: Collection, className: string, method: string, markOverride: boolean): boolean {
  const cls = findClass(j, root, className);
  const member = cls?.get().node.body.body.find((candidate: Member) => isMethodNamed(candidate, method)) as AnyNode | undefined;
  if (!member?.body) return false;
  const list: AnyNode[] = member.body.body;
  if (list.some((statement) => isSuperCall(statement, method))) return false;
  const call = j.expressionStatement(j.callExpression(j.memberExpression(j.super(), j.identifier(method)), []));
  // A body on one line becomes one statement per line (see ensureDispose).
  if (member.body.loc && member.body.loc.start.line === member.body.loc.end.line) for (const statement of list) if (statement.loc) statement.loc = null;
  const last = list.at(-1);
  list.splice(last?.type === 'ReturnStatement' ? list.length - 1 : list.length, 0, call as AnyNode);
  if (list.length === 1) keepDanglingComments(member.body);
  if (markOverride) member.override = true;
  return true;
}

/** A block's comments that belong to no statement, moved to the front of its first statement. */
function keepDanglingComments(block: AnyNode): void {
  const dangling: AnyNode[] = (block.comments ?? []).filter((comment: AnyNode) => !comment.leading && !comment.trailing);
  if (dangling.length === 0) return;
  const first = block.body[0];
  // Without their place in the old text: the statement they now lead was parsed from another.
  first.comments = [...dangling.map((comment) => ({ type: comment.type, value: comment.value, leading: true, trailing: false })), ...(first.comments ?? [])];
  block.comments = (block.comments as AnyNode[]).filter((comment) => !dangling.includes(comment));
  delete block.innerComments;
}

/** How an existing dispose method lets an owner field go: disposes what it holds, or only drops it. */
type Release = 'disposed' | 'emptied';

/** Our release statements that dispose what a field holds (a call or a loop), not those emptying it. */
function isDisposal(statement: Owned, calls: ReadonlySet<string>): boolean {
  return statement.code.startsWith('for (') || [...calls].some((method) => statement.code.endsWith(`.${method}();`));
}

/** `if (...) return;` (or with a block holding only the return), and our own guard's assignment. */
function isGuardStatement(statement: AnyNode): boolean {
  return returnsEarly(statement) || isGuardAssignment(statement);
}

/** `if (...) return;` or `if (...) { return; }`, without an else. */
function returnsEarly(statement: AnyNode | undefined): boolean {
  if (statement?.type !== 'IfStatement' || statement.alternate) return false;
  const then = statement.consequent;
  return then.type === 'ReturnStatement' || (then.type === 'BlockStatement' && then.body.length === 1 && then.body[0].type === 'ReturnStatement');
}

/**
 * The fields `this.<field>` that a method lets go of anywhere in its body: assigned
 * (`this.layout = null`, `= []`), emptied (`.length = 0`, `.clear()`, `.splice(...)`) or disposed
 * (`this.layout.dispose()`, `this.layout?.dispose()`), also in the methods of its class it calls
 * (`dispose() { this.internalOnDestroy(); }`, which disposes `this.input`: a second
 * `this.input.dispose()` appended after it ran the input's dispose twice, needle-engine's Context).
 */
function fieldsReleasedIn(methodNode: AnyNode, calls: ReadonlySet<string>, body: ClassBody): Map<string, Release> {
  const released = new Map<string, Release>();
  const followed = new Set<AnyNode>([methodNode]);
  const add = (field: string | undefined, how: Release) => {
    if (field !== undefined && released.get(field) !== 'disposed') released.set(field, how);
  };
  const propertyOf = (node: AnyNode): string | undefined => {
    const member = withoutTypeAssertions(node);
    if ((member.type !== 'MemberExpression' && member.type !== 'OptionalMemberExpression') || member.computed || member.property.type !== 'Identifier') return undefined;
    return member.property.name;
  };
  const visit = (node: AnyNode): void => {
    if (!node || typeof node.type !== 'string') return;
    // A nested function runs some other time, if ever.
    if (!followed.has(node) && /Function|ClassMethod|ClassPrivateMethod|ObjectMethod/.test(node.type)) return;
    if (node.type === 'AssignmentExpression') {
      // `this.input = new Input(this)` after disposing the old one (a reset() that dispose() calls):
      // the field holds a live object again, which the method does not let go.
      const value = withoutTypeAssertions(node.right);
      const rebuilt = thisField(node.left);
      // (`this.kids = new Map()` holds nothing: emptied, as `= []` is, so a loop goes before it.)
      if (rebuilt !== undefined && value.type === 'NewExpression' && !isEmptyCollection(value)) {
        released.delete(rebuilt);
        childNodes(node).forEach(visit);
        return;
      }
      add(thisField(node.left), 'emptied');
      // `this.items.length = 0`
      if (propertyOf(node.left) === 'length') add(thisField(withoutTypeAssertions(node.left).object), 'emptied');
    }
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
      const name = propertyOf(node.callee);
      const receiver = thisField(withoutTypeAssertions(node.callee).object);
      if (name === 'clear' || name === 'splice') add(receiver, 'emptied');
      if (name !== undefined && calls.has(name)) add(receiver, 'disposed');
      // `this.menus.forEach((menu) => menu.dispose())`
      if (name === 'forEach' && callsMethod(node.arguments[0], calls)) add(receiver, 'disposed');
      // `this.internalOnDestroy()`: a method of this class, run here.
      const callee = thisField(node.callee);
      const called = callee !== undefined ? body.body.find((member) => member !== methodNode && isMethodNamed(member, callee)) : undefined;
      if (called && !followed.has(called as AnyNode)) {
        followed.add(called as AnyNode);
        visit(called as AnyNode);
      }
    }
    // `for (const menu of this.menus) menu.dispose();`, also over `.values()` or `Object.values(...)`.
    if (node.type === 'ForOfStatement' && callsMethod(node.body, calls)) add(thisField(iterated(node.right)), 'disposed');
    childNodes(node).forEach(visit);
  };
  visit(methodNode);
  return released;
}

/**
 * How a method calls one of `calls` on objects it takes from `this.<field>`, where that is not
 * already read as disposing them all (fieldsReleasedIn): `whole` for a form that still reaches
 * every one (a copy: `slice()`, `[...f]`, `Array.from(f)`, `values()`; an index loop over every
 * position; a `pop()`/`shift()` loop while the collection has any), `some` for a part of them (a
 * filter or a find, an element, an index loop from 1, `const [, ...rest] = f`), undefined when it
 * calls none on them. Values taken from the field are followed through `for...of` variables,
 * callback parameters and locals, each in its own scope, and into the class's methods it calls.
 */
function disposesSomeOf(methodNode: AnyNode, field: string, calls: ReadonlySet<string>, body: ClassBody): 'whole' | 'some' | undefined {
  if (fieldsReleasedIn(methodNode, calls, body).get(field) === 'disposed') return undefined;
  type How = 'whole' | 'some';
  // Names bound to values of the field; `[i]` marks an index variable running over every position,
  // `[drain]` the body of a loop that runs while the collection has any (neither is an identifier).
  type Scope = ReadonlyMap<string, How>;
  let found: How | undefined;
  const note = (how: How) => {
    if (found !== 'some') found = how;
  };
  // What a value is, taken from the field: all of it, a part, or nothing of it.
  const from = (node: AnyNode | undefined, scope: Scope): How | undefined => {
    if (!node) return undefined;
    const inner = withoutTypeAssertions(node);
    if (thisField(inner) === field) return 'whole';
    if (inner.type === 'Identifier') return scope.get(inner.name);
    if (inner.type === 'ArrayExpression') {
      // `[...this.f]`
      const [only] = inner.elements;
      return inner.elements.length === 1 && only?.type === 'SpreadElement' ? from(only.argument, scope) : undefined;
    }
    if (inner.type === 'MemberExpression' || inner.type === 'OptionalMemberExpression') {
      const of = from(inner.object, scope);
      if (!of) return undefined;
      // `this.f[i]` in a loop over every index is each of them; any other element is one of them.
      return inner.computed && inner.property.type === 'Identifier' && scope.get(`[${inner.property.name}]`) === 'whole' ? 'whole' : inner.computed ? 'some' : of;
    }
    if (inner.type === 'CallExpression' || inner.type === 'OptionalCallExpression') {
      const callee = withoutTypeAssertions(inner.callee);
      if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
        const name = callee.property?.name;
        // `Array.from(this.f)`, `Object.values(this.f)`: all of it.
        if (callee.object.type === 'Identifier' && (callee.object.name === 'Array' || callee.object.name === 'Object') && (name === 'from' || name === 'values')) {
          return inner.arguments.length === 1 ? from(inner.arguments[0], scope) : undefined;
        }
        const of = from(callee.object, scope);
        if (!of) return undefined;
        const copies = (name === 'slice' || name === 'concat') && inner.arguments.length === 0;
        // `while (this.f.length) this.f.pop()!.dispose()` takes each of them in turn.
        const drains = (name === 'pop' || name === 'shift') && scope.get('[drain]') === 'whole';
        return copies || name === 'values' || drains ? of : 'some';
      }
    }
    return undefined;
  };
  const names = (pattern: AnyNode | undefined, how: How, into: Map<string, How>) => {
    if (!pattern) return;
    if (pattern.type === 'Identifier') into.set(pattern.name, how);
    else if (pattern.type === 'VariableDeclaration') for (const declarator of pattern.declarations) names(declarator.id, how, into);
    else if (pattern.type === 'ArrayPattern') for (const element of pattern.elements) names(element, 'some', into);
    else if (pattern.type === 'RestElement') names(pattern.argument, 'some', into);
  };
  const followed = new Set<AnyNode>([methodNode]);
  // In a method of the class this one calls, only a part counts: whether it releases the whole
  // field is fieldsReleasedIn's to say (a reset() that disposes the object and builds a new one).
  let inHelper = false;
  const visit = (node: AnyNode, scope: Map<string, How>): void => {
    if (found === 'some' || !node || typeof node.type !== 'string') return;
    if (node.type === 'ForOfStatement') {
      const how = from(node.right, scope);
      if (how) {
        const inner = new Map(scope);
        names(node.left, how, inner);
        visit(node.body, inner);
        return;
      }
    }
    if (node.type === 'ForStatement') {
      // `for (let i = 0; i < this.f.length; i++)` or `for (let i = this.f.length - 1; i >= 0; i--)`: every index.
      const index = everyIndex(node, (value) => from(value, scope) === 'whole');
      if (index) {
        const inner = new Map(scope);
        inner.set(`[${index}]`, 'whole');
        visit(node.body, inner);
        return;
      }
    }
    if (node.type === 'WhileStatement' && whileAny(node.test, (value) => from(value, scope) === 'whole')) {
      const inner = new Map(scope);
      inner.set('[drain]', 'whole');
      visit(node.body, inner);
      return;
    }
    if (node.type === 'VariableDeclarator') {
      const how = from(node.init, scope);
      if (how) names(node.id, how, scope);
    }
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
      const callee = withoutTypeAssertions(node.callee);
      const isMember = callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression';
      const receiver = isMember ? from(callee.object, scope) : undefined;
      if (isMember && !callee.computed && callee.property.type === 'Identifier') {
        if (receiver && calls.has(callee.property.name) && !(inHelper && receiver === 'whole')) note(receiver);
        // `this.release()`: a method of this class, run here (values of the field are not followed in).
        const own = thisField(callee);
        const called = own !== undefined ? body.body.find((member) => isMethodNamed(member, own)) : undefined;
        if (called && !followed.has(called as AnyNode)) {
          followed.add(called as AnyNode);
          const outer = inHelper;
          inHelper = true;
          visit((called as AnyNode).body, new Map());
          inHelper = outer;
        }
      }
      if (receiver) {
        // `this.f.filter(...).forEach((c) => c.dispose())`: a callback's first parameter is one of them,
        // each of all of them where the receiver is all of it (`forEach`, `map`), else a part.
        const name = isMember ? callee.property?.name : undefined;
        const each: How = receiver === 'whole' && (name === 'forEach' || name === 'map' || name === 'flatMap') ? 'whole' : 'some';
        for (const argument of node.arguments) {
          if (!/Function/.test(argument.type)) continue;
          const inner = new Map(scope);
          names(argument.params[0], each, inner);
          visit(argument.body, inner);
        }
        visit(callee.object, scope);
        return;
      }
    }
    for (const child of childNodes(node)) visit(child, scope);
  };
  visit(methodNode.body, new Map());
  return found;
}

/** The index variable of `for (let i = 0; i < f.length; i++)` or `for (let i = f.length - 1; i >= 0; i--)` where `isAll(f)`. */
function everyIndex(loop: AnyNode, isAll: (node: AnyNode) => boolean): string | undefined {
  const declarator = loop.init?.type === 'VariableDeclaration' && loop.init.declarations.length === 1 ? loop.init.declarations[0] : undefined;
  const index = declarator?.id.type === 'Identifier' ? (declarator.id.name as string) : undefined;
  if (!index || !loop.test || !loop.update) return undefined;
  const lengthOf = (node: AnyNode) => node.type === 'MemberExpression' && !node.computed && node.property.name === 'length' && isAll(node.object);
  const isIndex = (node: AnyNode) => node.type === 'Identifier' && node.name === index;
  const step = (operator: string) => loop.update.type === 'UpdateExpression' && loop.update.operator === operator && isIndex(loop.update.argument);
  const init = declarator.init;
  const test = loop.test;
  const up = init?.type === 'NumericLiteral' && init.value === 0 && test.type === 'BinaryExpression' && test.operator === '<' && isIndex(test.left) && lengthOf(test.right) && step('++');
  const down =
    init?.type === 'BinaryExpression' && init.operator === '-' && lengthOf(init.left) && init.right.type === 'NumericLiteral' && init.right.value === 1 &&
    test.type === 'BinaryExpression' && test.operator === '>=' && isIndex(test.left) && test.right.type === 'NumericLiteral' && test.right.value === 0 && step('--');
  return up || down ? index : undefined;
}

/** `while (f.length)`, `while (f.length > 0)`, `while (f.length !== 0)` where `isAll(f)`. */
function whileAny(test: AnyNode, isAll: (node: AnyNode) => boolean): boolean {
  const lengthOf = (node: AnyNode) => node.type === 'MemberExpression' && !node.computed && node.property.name === 'length' && isAll(node.object);
  if (lengthOf(test)) return true;
  return test.type === 'BinaryExpression' && (test.operator === '>' || test.operator === '!==' || test.operator === '!=') && lengthOf(test.left) && test.right.type === 'NumericLiteral' && test.right.value === 0;
}

/** What a `for...of` walks: `this.f`, `this.f.values()`, `Object.values(this.f)`. */
function iterated(node: AnyNode): AnyNode {
  const inner = withoutTypeAssertions(node);
  if (inner.type !== 'CallExpression' || inner.arguments.length > 1) return inner;
  const callee = withoutTypeAssertions(inner.callee);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return inner;
  if (inner.arguments.length === 0 && callee.property.name === 'values') return callee.object;
  if (inner.arguments.length === 1 && callee.property.name === 'values' && callee.object.type === 'Identifier' && callee.object.name === 'Object') return inner.arguments[0];
  return inner;
}

/** Whether code (a loop body, a callback) calls `<something>.<one of calls>()` anywhere. */
function callsMethod(node: AnyNode | undefined, calls: ReadonlySet<string>): boolean {
  if (!node || typeof node.type !== 'string') return false;
  if ((node.type === 'CallExpression' || node.type === 'OptionalCallExpression') && node.callee) {
    const callee = withoutTypeAssertions(node.callee);
    if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier' && calls.has(callee.property.name)) return true;
  }
  return childNodes(node).some((child) => callsMethod(child, calls));
}

/** The AST nodes directly under a node (not its location, comments or recast's original). */
function childNodes(node: AnyNode): AnyNode[] {
  const children: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'comments' || key === 'original') continue;
    const value = node[key];
    for (const item of Array.isArray(value) ? value : [value]) if (item && typeof item === 'object' && typeof item.type === 'string') children.push(item);
  }
  return children;
}

/**
 * A back-pointer write already in the method counts as clearing it, whatever empty value the user
 * chose and however they got it past the field's type: `this.parent = null`, `= undefined!`,
 * `= null as any`, `(this as any).parent = null`, `(this.#parent as unknown) = undefined`,
 * `= <Node>(<unknown>null)`, `= void 0`.
 */
function clearsAlready(code: string, statements: AnyNode[]): boolean {
  const match = /^(?:\/\/[^\n]*\n)?this\.([#\w$]+)\s*=\s*(?:undefined!?|null);$/.exec(code);
  if (!match) return false;
  const field = match[1]!;
  return statements.some((statement) => {
    const expression = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
    if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=') return false;
    // A chain (`this.manager = this.view = null`, leafer) writes its last value to every target.
    const targets: AnyNode[] = [];
    let last: AnyNode = expression;
    while (last.type === 'AssignmentExpression' && last.operator === '=') {
      targets.push(last.left);
      last = withoutTypeAssertions(last.right);
    }
    // `(this as any).editor = null` too: the usual way past a readonly or non-nullable type.
    if (!targets.some((target) => thisField(target) === field)) return false;
    const value = last;
    return (
      value.type === 'NullLiteral' ||
      (value.type === 'Literal' && value.value === null) ||
      (value.type === 'Identifier' && value.name === 'undefined') ||
      (value.type === 'UnaryExpression' && value.operator === 'void')
    );
  });
}

/**
 * Whether a statement of the method itself lets `field` go: `this.f = <not new>`, `this.f.length = 0`,
 * `this.f.clear()`, `this.f.splice(...)`.
 */
function lets(statement: AnyNode, field: string): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  const expression = withoutTypeAssertions(statement.expression);
  if (expression.type === 'AssignmentExpression') {
    const left = withoutTypeAssertions(expression.left);
    if (thisField(left) === field) return withoutTypeAssertions(expression.right).type !== 'NewExpression';
    return left.type === 'MemberExpression' && !left.computed && left.property.name === 'length' && thisField(withoutTypeAssertions(left.object)) === field;
  }
  if (expression.type === 'CallExpression' || expression.type === 'OptionalCallExpression') {
    const callee = withoutTypeAssertions(expression.callee);
    return (
      (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
      !callee.computed &&
      (callee.property.name === 'clear' || callee.property.name === 'splice') &&
      thisField(withoutTypeAssertions(callee.object)) === field
    );
  }
  return false;
}

/** `this.editor`, `this.#editor`, `(this as any).editor`, `this.editor!`: the field's name (`#editor`). */
function thisField(node: AnyNode | undefined): string | undefined {
  const member = node && withoutTypeAssertions(node);
  if (!member || (member.type !== 'MemberExpression' && member.type !== 'OptionalMemberExpression') || member.computed) return undefined;
  if (withoutTypeAssertions(member.object).type !== 'ThisExpression') return undefined;
  if (member.property.type === 'PrivateName') return `#${member.property.id.name}`;
  return member.property.type === 'Identifier' ? member.property.name : undefined;
}

/** `x as T`, `<T>x`, `x!`, `x satisfies T`, `(x)`: the same value. */
function withoutTypeAssertions(node: AnyNode): AnyNode {
  let current = node;
  while (['TSAsExpression', 'TSTypeAssertion', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(current.type)) {
    current = current.expression;
  }
  return current;
}

function isSuperCall(statement: AnyNode, method: string, viaBase?: { name: string; j: JSCodeshift }): boolean {
  const call = statement.type === 'ExpressionStatement' ? statement.expression : statement.type === 'ReturnStatement' ? statement.argument : undefined;
  if (call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && call.callee.object.type === 'Super' && call.callee.property.name === method) return true;
  // `Base.prototype.dispose?.call(this)`, the mixin's way to it.
  return viaBase !== undefined && statement.type === 'ExpressionStatement' && normalise(viaBase.j(statement as ASTNode).toSource()) === normalise(`${viaBase.name}.prototype.${method}?.call(this);`);
}

/**
 * The base parameter a mixin's class extends (`function Connectable<T extends C>(Base: T) { return
 * class extends Base {...} }`): an identifier that is a parameter of the enclosing function.
 */
function mixinBase(cls: AnyNode): string | undefined {
  const node = cls.node;
  const superClass = node.superClass;
  if (!superClass || superClass.type !== 'Identifier') return undefined;
  for (let path = cls.parent; path; path = path.parent) {
    const fn = path.node;
    if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression') {
      return fn.params.some((param: AnyNode) => param.type === 'Identifier' && param.name === superClass.name) ? superClass.name : undefined;
    }
  }
  return undefined;
}

/**
 * Whether the base class, as far as this file shows it, has (or is getting) the method: a class
 * declared here, or a mixin function declared here whose class has it. `weakify apply` passes what
 * the whole program shows as `superDispose`; this covers the jscodeshift CLI on its own.
 */
function baseInFile(
  j: JSCodeshift,
  root: Collection,
  cls: AnyNode,
  method: string,
  gettingMethod: Set<string>,
  disposable: boolean,
): { method: boolean; existing: boolean; symbolDispose: boolean; returns: boolean } {
  const base = cls.superClass;
  // An instance method with a body: a static one is not `super.`'s, an abstract one is ours to implement.
  const concrete = (member: Member) => isMethodNamed(member, method) && !(member as AnyNode).static && !(member as AnyNode).abstract && Boolean((member as AnyNode).body);
  const facts = (candidate: AnyNode) => {
    const getting = gettingMethod.has(`${candidate.id?.name}\0${method}`);
    const own = candidate.body.body.filter(concrete);
    return {
      method: getting || own.length > 0,
      existing: own.length > 0,
      returns: own.some(returnsSomething),
      symbolDispose: (getting && disposable) || candidate.body.body.some(isSymbolDispose),
    };
  };
  let candidates: AnyNode[] = [];
  if (base?.type === 'Identifier') {
    const found = root.find(j.ClassDeclaration, { id: { name: base.name } });
    if (found.length === 1) candidates = [found.get().node];
  } else if (base?.type === 'CallExpression' && base.callee.type === 'Identifier') {
    const mixin = root.find(j.FunctionDeclaration, { id: { name: base.callee.name } });
    if (mixin.length === 1) candidates = mixin.find(j.ClassDeclaration).nodes();
  }
  const all = candidates.map(facts);
  return {
    method: all.some((fact) => fact.method),
    existing: all.some((fact) => fact.existing),
    symbolDispose: all.some((fact) => fact.method && fact.symbolDispose),
    returns: all.some((fact) => fact.returns),
  };
}

/**
 * Whether a method returns something, as its text shows: `async`, a return type other than
 * `void`/`undefined`/`never` (`void | Promise<void>` and `any` are others: a caller may use what
 * comes back), or without one a `return <value>` of its own (not of a function inside it).
 */
function returnsSomething(member: AnyNode): boolean {
  if (member.async) return true;
  const annotation = member.returnType?.typeAnnotation;
  if (annotation) return !['TSVoidKeyword', 'TSUndefinedKeyword', 'TSNeverKeyword'].includes(annotation.type);
  let found = false;
  const visit = (node: AnyNode): void => {
    if (found || !node || typeof node.type !== 'string') return;
    if (node.type === 'ReturnStatement' && node.argument) found = true;
    for (const child of childNodes(node)) if (!FUNCTION_TYPES.has(child.type)) visit(child);
  };
  visit(member.body);
  return found;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ClassPrivateMethod', 'ObjectMethod', 'ClassDeclaration', 'ClassExpression']);

/**
 * Whether the method is already guarded: it starts with `if (<something about disposal>) return`
 * (ours, `#disposed` or the WeakSet's `.has(this)`, or the project's own `if (this._isDisposed) { return; }`).
 */
/** The second statement of our guard: `this.#disposed = true;` or `disposedXObjects.add(this);`. */
function isGuardAssignment(statement: AnyNode): boolean {
  const expression = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
  if (!expression) return false;
  if (expression.type === 'AssignmentExpression') {
    const left = expression.left;
    return left.type === 'MemberExpression' && left.object.type === 'ThisExpression' && left.property.type === 'PrivateName' && left.property.id.name.startsWith(GUARD_FIELD);
  }
  return (
    expression.type === 'CallExpression' &&
    expression.callee.type === 'MemberExpression' &&
    expression.callee.object.type === 'Identifier' &&
    /^disposed\w*Objects\d*$/.test(expression.callee.object.name) &&
    expression.arguments.length === 1 &&
    expression.arguments[0].type === 'ThisExpression'
  );
}

function isGuarded(method: AnyNode): boolean {
  const first: AnyNode | undefined = method.body.body[0];
  return returnsEarly(first) && /dispos|destroy|closed/i.test(JSON.stringify(first!.test, ['type', 'name', 'id', 'property', 'object', 'argument', 'callee']));
}
