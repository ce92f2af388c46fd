/**
 * reset-back-pointer: fix an unlink bug. A removal method (entry.method, in the owner class
 * entry.owners[0]) takes an object out of the owner's collection but leaves the object's
 * back-pointer (entry.field) pointing at the old owner, so the removed object still pins it.
 * After the removal statement this transform inserts
 *
 *     if (child.parent === this) child.parent = undefined;
 *
 * The `=== this` test keeps the fix safe when the object was not in this owner at all (a
 * `set.delete(x)` of a non-member must not clear a back-pointer to another owner). The removed
 * object must be identifiable: the argument of `set.delete(x)`, the value looked up before
 * `map.delete(key)` (or a lookup the transform inserts), the argument of the `indexOf` that
 * feeds `splice(i, 1)`, what `splice` returns, or the `x` of `this.f = this.f.filter(c => c !== x)`.
 * The collection may be named through a `const` of the method holding it (`const children =
 * this.children as Child[]; children.splice(i, 1)`). A method that empties the whole collection
 * (`this.children.length = 0`, `clear()` of a Set or Map, `this.children = []`) gets, just before that, a loop resetting
 * every object in it that still points here.
 * A `readonly` back-pointer (which the project itself sets through a cast, as sprotty's `(child as
 * { parent: ... }).parent = this`) is reset through one too: `(child as { parent: unknown }).parent
 * = undefined`. `options.readonlyPointers` names those declared in other files (`file#Class.field`).
 * Anything else is refused through `api.report`, never guessed.
 *
 * Self-contained (jscodeshift and node builtins only): the `jscodeshift` CLI loads it directly,
 * with `--plan <file>` instead of `entries`.
 */
import path from 'node:path';
import { classesNamed } from './lib/class-name.js';
import { isEmptyCollection } from './lib/empty-collection.js';
import { printOptionsFor, printWithStyle } from './lib/print-options.js';
import { readPlanFile } from './lib/plan-file.js';
import type { API, ASTNode, ASTPath, Collection, FileInfo, JSCodeshift, Options } from 'jscodeshift';

export const parser = 'ts';

interface UnlinkEntry {
  id: string;
  action: string;
  file: string;
  class: string;
  field: string;
  nullable: 'undefined' | 'null' | 'both' | 'none';
  owners: Array<{ file: string; class: string; field: string; container: string }>;
  method?: string;
}

// Loosely typed AST walking: babel-ts node shapes are stable, the jscodeshift unions are too wide to narrow usefully.
type AnyNode = { type: string; [key: string]: any };

/** Where the removed object can be named, and whether that name may hold `undefined`. */
interface Removed {
  name: string;
  mayBeUndefined: boolean;
  /** A statement to insert before the removal to capture the object (Map lookups). */
  capture?: string;
}

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const j = api.jscodeshift;
  const entries = entriesFor(file, options).filter((entry) => entry.action === 'unlink-fix');
  if (entries.length === 0) return undefined;
  // The file's tabs and line endings, for the parts recast reprints.
  const printOptions = printOptionsFor(file.source);
  const root = j(file.source, printOptions);
  let changed = false;

  for (const entry of entries) {
    const label = `${entry.class}.${entry.field}`;
    const refuse = (why: string) => api.report(`${label}: ${why}; unlink fix not applied (entry ${entry.id}).`);
    const owner = entry.owners.find((side) => sameFile(side.file, file.path)) ?? (entry.owners.length === 0 ? undefined : null);
    if (owner === null) continue; // another file's entry
    if (!owner || !entry.method) {
      refuse('the plan entry names no owner field or removal method');
      continue;
    }
    // The object's own method can reset its `#` field; another class's cannot reach it.
    if (entry.field.startsWith('#') && owner.class !== entry.class) {
      refuse(`the back-pointer is private to ${entry.class} (${entry.field}), so ${owner.class}.${entry.method} cannot reset it`);
      continue;
    }
    // A generic holder (`children: LinkedList<Blot>`): only its own removal methods given a typed
    // object are read (`this.children.remove(child)`, child: Blot); `this.layers.delete(id)` on a
    // Registry<Layer> takes out whatever `id` names, which is the holder's business.
    const holder = owner.container === 'generic';
    if (entry.nullable === 'none') {
      // In the plan that makes the back-pointer a WeakRef, "use the weakref strategy" would be advice already taken.
      const weakened = Array.isArray(options.weakened) && (options.weakened as unknown[]).includes(`${entry.file}#${label}`);
      refuse(
        weakened
          ? `the back-pointer's type admits neither undefined nor null, so a removed object has nothing honest to point at; the same plan makes it a WeakRef, which already stops a removed ${entry.class} from keeping its old ${owner.class} alive`
          : `the back-pointer's type admits neither undefined nor null, so a removed object has nothing honest to point at; widen its type or use the weakref strategy`,
      );
      continue;
    }
    const method = findMethod(j, root, owner.class, entry.method);
    if (!method) {
      refuse(`method ${owner.class}.${entry.method} not found in ${file.path}`);
      continue;
    }
    // Admitting both (no null checking): the project's own empty value, where the back-pointer's
    // initializer in this file shows it (`parentNode: Node = null`).
    const empty = entry.nullable === 'null' || (entry.nullable === 'both' && initializedWithNull(j, root, entry.class, entry.field)) ? 'null' : 'undefined';
    if (alreadyResets(j, method, entry.field)) continue;
    const readonlyPointers = Array.isArray(options.readonlyPointers) ? (options.readonlyPointers as unknown[]) : [];
    // A `#` field cannot be named in a type literal; its class writes it as it is.
    const readonly = !entry.field.startsWith('#') && (readonlyPointers.includes(`${entry.file}#${label}`) || writableOnlyInside(j, root, entry.class, entry.field));
    // `child.parent = undefined`, or `(child as { parent: unknown }).parent = undefined` for a readonly one.
    const write = (object: string) => `${readonly ? `(${object} as { ${entry.field}: unknown })` : object}.${entry.field} = ${empty};`;

    const holds = fieldHolder(j, method, owner.field);
    const removals = holder ? findHolderRemovals(j, method, holds) : findRemovals(j, method, holds, owner.field);
    // The whole collection emptied (`this.children.length = 0`, `clear()`, `this.children = []`):
    // in a tree of one class too, where a method without a removal of its own is otherwise the
    // object taking itself out through its back-pointer (below).
    const emptied = removals.length > 0 || holder ? [] : findEmptying(j, method, holds, owner.field);
    if (removals.length === 0 && emptied.length === 0 && owner.class === entry.class) {
      // The object's own method taking it out through its back-pointer (`remove() {
      // this.parentNode.children.splice(...) }`): it resets its own pointer after the removal.
      const own = resetOwnPointer(j, method, entry.field, owner.field, write('this'));
      if (typeof own === 'string') refuse(own);
      else if (own) changed = true;
      continue;
    }
    if (removals.length === 0 && holder) {
      refuse(`${owner.class}.${owner.field} holds ${entry.class} objects inside another object (a generic class or a plain object keeping them in its fields), so which one ${owner.class}.${entry.method} removes cannot be told from the call (only its own remove(x), removeChild(x), ... with x a parameter typed as the object are read); reset it by hand`);
      continue;
    }
    if (removals.length === 0) {
      // Emptied: every object in it is let go, so each one still pointing here is reset just
      // before. (A `splice` is a removal of its own, above.)
      const name = emptied.length > 0 ? freshName(j, method, lowerFirst(entry.class)) : undefined;
      // Only an emptying that is a statement of its own: in `force && (this.children = [])` a loop
      // before the statement would run whether or not the collection is emptied.
      const inExpression = emptied.find((at) => (at.path.parentPath.value as AnyNode).type !== 'ExpressionStatement');
      if (inExpression) {
        refuse(`this.${owner.field} is emptied inside a larger expression in ${owner.class}.${entry.method} (line ${(inExpression.path.node as AnyNode).loc?.start.line ?? '?'}), where a reset cannot be put beside it; reset it by hand`);
        continue;
      }
      if (emptied.length > 0 && name && (owner.container === 'array' || owner.container === 'set' || owner.container === 'map')) {
        // A field without an initializer may not hold a collection yet when it is given its
        // first one outside the constructor (`reset()` called from the constructor): looped over only if there.
        const mayBeUnset = !fieldInitialized(method, owner.field);
        for (const at of emptied) {
          const statement = enclosingStatement(at.path, j);
          if (!statement) continue;
          const collection = j(at.collection as ASTNode).toSource();
          const values = owner.container === 'map' ? `${collection}.values()` : collection;
          const loop = `for (const ${name} of ${values}) if (${name}.${entry.field} === this) ${write(name)}`;
          const container: AnyNode[] = statement.parent.node.body ?? statement.parent.node.consequent;
          container.splice(container.indexOf(statement.node), 0, ...parseStatements(j, at.reassigned && mayBeUnset ? `if (${collection}) ${loop}` : loop));
          changed = true;
        }
        continue;
      }
      refuse(`no removal from this.${owner.field} found in ${owner.class}.${entry.method}`);
      continue;
    }
    const plans: Array<{ at: ASTPath; removed: Removed }> = [];
    let unidentified = false;
    for (const removal of removals) {
      const removed = holder
        ? { name: ((removal.node as AnyNode).arguments[0] as AnyNode).name as string, mayBeUndefined: false }
        : identifyRemoved(j, method, removal, holds, owner.field, owner.container, entry.class);
      if (!removed) {
        unidentified = true;
        break;
      }
      plans.push({ at: removal, removed });
    }
    if (unidentified) {
      refuse(`the object removed from this.${owner.field} in ${owner.class}.${entry.method} cannot be identified (only set.delete(x), map.delete(key), delete record[key], splice after indexOf(x), a splice result, or filter(c => c !== x) are recognised)`);
      continue;
    }
    for (const { at, removed } of plans) {
      const statement = enclosingStatement(at, j);
      if (!statement) {
        refuse(`the removal in ${owner.class}.${entry.method} is not a statement of its own`);
        continue;
      }
      const access = `${removed.name}${removed.mayBeUndefined ? '?.' : '.'}${entry.field}`;
      const reset = `if (${access} === this) ${write(removed.name)}`;
      const container: AnyNode[] = statement.parent.node.body ?? statement.parent.node.consequent;
      let index = container.indexOf(statement.node);
      if (removed.capture) container.splice(index++, 0, ...parseStatements(j, removed.capture));
      // After the removal; a `return this.set.delete(x)` cannot be followed, so reset just before it.
      const after = statement.node.type !== 'ReturnStatement';
      container.splice(after ? index + 1 : index, 0, ...parseStatements(j, reset));
      changed = true;
    }
  }
  return changed ? printWithStyle(root, file.source, printOptions) : undefined;
}

/**
 * In the object's own method, after each removal from `this.<field>.<collection>` (also through
 * `const` locals holding `this.<field>` or that collection), `reset` (`this.<field> = <empty>;`).
 * Returns the reason it cannot, true when it did, false when the method already resets the pointer.
 */
function resetOwnPointer(j: JSCodeshift, method: ASTPath, field: string, collection: string, reset: string): string | boolean {
  if (alreadyResets(j, method, field, true)) return false;
  // `const parent = this.parentNode` holds the owner; `const { children } = parent` or
  // `const children = parent.children` its collection.
  const isOwner = fieldHolder(j, method, field);
  const collections = new Set<string>();
  const isCollection = (node: AnyNode | undefined): boolean => {
    const inner = node && unwrapped(node);
    if ((inner?.type === 'MemberExpression' || inner?.type === 'OptionalMemberExpression') && !inner.computed && inner.property.name === collection) return isOwner(inner.object);
    return inner?.type === 'Identifier' && collections.has(inner.name);
  };
  j(method)
    .find(j.VariableDeclarator)
    .forEach((p) => {
      const node = p.node as AnyNode;
      if ((p.parent?.node as AnyNode)?.kind !== 'const' || !node.init) return;
      if (node.id.type === 'Identifier' && isCollection(node.init)) collections.add(node.id.name);
      if (node.id.type === 'ObjectPattern' && isOwner(node.init)) {
        for (const property of node.id.properties) {
          if (property.type === 'ObjectProperty' && property.key.name === collection && property.value.type === 'Identifier') collections.add(property.value.name);
        }
      }
    });
  // `this.owner?.kids.splice(...)` is an optional call.
  const removals = j(method)
    .find(j.Node, (node: AnyNode) => node.type === 'CallExpression' || node.type === 'OptionalCallExpression')
    .filter((p) => {
      const call = p.node as AnyNode;
      const callee = call.callee as AnyNode;
      const name = callee.property?.name;
      const inserts = name === 'splice' && call.arguments[1]?.type === 'NumericLiteral' && call.arguments[1].value === 0;
      return (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && (name === 'splice' || name === 'delete') && !inserts && isCollection(callee.object);
    })
    .paths() as ASTPath[];
  if (removals.length === 0) return `no removal from this.${field}.${collection} found in the method`;
  for (const removal of removals) {
    const statement = enclosingStatement(removal);
    if (!statement || statement.node.type !== 'ExpressionStatement') return `the removal from ${collection} is not a statement of its own (it is returned or part of a larger one); reset this.${field} there by hand`;
  }
  // Read again after a removal (`splice(i, 1)` then `this.parent!.children.splice(i - 1, 0,
  // this)`, a move written as two steps, @opensumi's EditorGrid; or a second removal through the
  // pointer): a reset after the first would make the next read fail, past a `!` the type-check
  // does not catch. Also read through a get accessor that hands out the field.
  const firstRemoval = Math.min(...removals.map((removal) => (enclosingStatement(removal)!.node as AnyNode).end as number));
  const readers = [field, ...gettersReturning(method, field)];
  const readAfter = j(method)
    .find(j.MemberExpression)
    .filter((p) => readers.some((name) => isThisField(p.node as AnyNode, name)) && ((p.node as AnyNode).start as number) > firstRemoval)
    .paths()[0];
  if (readAfter) {
    const read = readers.find((name) => isThisField(readAfter.node as AnyNode, name))!;
    return `this.${read} is read again after the removal from ${collection} (line ${readAfter.node.loc?.start.line ?? '?'}): reset this.${field} by hand after its last use`;
  }
  for (const removal of removals) {
    const statement = enclosingStatement(removal, j)!;
    const container: AnyNode[] = statement.parent.node.body ?? statement.parent.node.consequent;
    container.splice(container.indexOf(statement.node) + 1, 0, ...parseStatements(j, reset));
  }
  return true;
}

/** Whether class `className`, declared once in this file, declares `field` with a `null` initializer. */
function initializedWithNull(j: JSCodeshift, root: Collection, className: string, field: string): boolean {
  const classes = classesNamed(j, root, className);
  const members: AnyNode[] = classes.length === 1 ? (classes[0]!.node as AnyNode).body.body : [];
  return members.some((member) => member.type === 'ClassProperty' && !member.computed && member.key?.name === field && member.value?.type === 'NullLiteral');
}

/**
 * Whether class `className`, declared once in this file, declares `field` so that only the class
 * itself may write it: `readonly` (also as a parameter property), or, once weakref-accessor has
 * made it an accessor pair, a private or protected setter.
 */
function writableOnlyInside(j: JSCodeshift, root: Collection, className: string, field: string): boolean {
  const classes = classesNamed(j, root, className);
  const members: AnyNode[] = classes.length === 1 ? (classes[0]!.node as AnyNode).body.body : [];
  const named = (key: AnyNode | undefined) => key?.type === 'Identifier' && key.name === field;
  return members.some((member) => {
    if (member.type === 'ClassProperty' && !member.computed && named(member.key)) return member.readonly === true;
    if (member.type === 'ClassMethod' && member.kind === 'set' && !member.computed && named(member.key)) return member.accessibility === 'private' || member.accessibility === 'protected';
    if (member.type === 'ClassMethod' && member.kind === 'constructor') {
      return member.params.some((param: AnyNode) => param.type === 'TSParameterProperty' && param.readonly === true && named(param.parameter?.type === 'AssignmentPattern' ? param.parameter.left : param.parameter));
    }
    return false;
  });
}

function findMethod(j: JSCodeshift, root: Collection, className: string, methodName: string): ASTPath | undefined {
  const classes = classesNamed(j, root, className);
  if (classes.length !== 1) return undefined;
  const body: AnyNode[] = (classes[0]!.node as AnyNode).body.body;
  const named = (member: AnyNode) =>
    !member.computed && (member.key.type === 'Identifier' ? member.key.name : member.key.type === 'PrivateName' ? `#${member.key.id.name}` : undefined) === methodName;
  const index = body.findIndex((member) => (member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod') && named(member));
  if (index >= 0) return classes[0]!.get('body', 'body', index) as ASTPath;
  // A method written as an arrow-function property (`remove = (child: Child) => { ... }`): its function.
  const property = body.findIndex(
    (member) =>
      (member.type === 'ClassProperty' || member.type === 'ClassPrivateProperty') &&
      named(member) &&
      (member.value?.type === 'ArrowFunctionExpression' || member.value?.type === 'FunctionExpression') &&
      member.value.body.type === 'BlockStatement',
  );
  return property >= 0 ? (classes[0]!.get('body', 'body', property, 'value') as ASTPath) : undefined;
}

/**
 * A write of an empty value to `<something>.<field>` in the method (`onThis`: to `this.<field>`, the
 * object's own pointer; otherwise to another object's): the project already resets it.
 */
function alreadyResets(j: JSCodeshift, method: ASTPath, field: string, onThis = false): boolean {
  return (
    j(method)
      .find(j.AssignmentExpression, { operator: '=' })
      .filter((p) => {
        const node = p.node as AnyNode;
        const left = node.left;
        const right = node.right.type === 'TSNonNullExpression' ? node.right.expression : node.right;
        return (
          left.type === 'MemberExpression' &&
          !left.computed &&
          propertyName(left.property) === field &&
          (unwrapped(left.object).type === 'ThisExpression') === onThis &&
          ((right.type === 'Identifier' && right.name === 'undefined') || right.type === 'NullLiteral')
        );
      }).length > 0
  );
}

/** `this.f`, or `this.#f` for a field named `#f`. */
function isThisField(node: AnyNode | undefined, field: string): boolean {
  return node?.type === 'MemberExpression' && !node.computed && node.object.type === 'ThisExpression' && propertyName(node.property) === field;
}

/** A member's name as plans write it: `parent`, or `#parent` for an ES private field. */
function propertyName(property: AnyNode): string | undefined {
  return property.type === 'PrivateName' ? `#${property.id.name}` : property.type === 'Identifier' ? property.name : undefined;
}

/** Whether an expression is the owner's collection: `this.f`, or a local holding it. */
type Holds = (node: AnyNode | undefined) => boolean;

/**
 * `this.f`, also cast (`this.f as Child[]`), and the `const` locals of the method that hold it
 * (sprotty's `const children = this.children as SChildElementImpl[]; children.splice(i, 1)`): the
 * same collection. A name declared more than once in the method (shadowed in a callback) is left out.
 */
function fieldHolder(j: JSCodeshift, method: ASTPath, field: string): Holds {
  const getters = gettersReturning(method, field);
  const declared = new Map<string, number>();
  const aliases = new Set<string>();
  j(method)
    .find(j.VariableDeclarator)
    .forEach((p) => {
      const node = p.node as AnyNode;
      if (node.id.type !== 'Identifier') return;
      declared.set(node.id.name, (declared.get(node.id.name) ?? 0) + 1);
      const declaration = p.parent?.node as AnyNode | undefined;
      if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const' && node.init && isThisField(unwrapped(node.init), field)) aliases.add(node.id.name);
    });
  return (node) => {
    const inner = node && unwrapped(node);
    if (isThisField(inner, field) || getters.some((getter) => isThisField(inner, getter))) return true;
    return inner?.type === 'Identifier' && aliases.has(inner.name) && declared.get(inner.name) === 1;
  };
}

/**
 * The get accessors of the method's class that hand out the field (`get children() { ...; return
 * this._children; }`, made on first use: @opensumi's FileTreeNode), which the analysis reads as
 * the field too: `this.children.delete(path)` takes out of `_children`.
 */
function gettersReturning(method: ASTPath, field: string): string[] {
  // The class body: the method's parent, or for an arrow-function property its property's.
  const up = method.parent?.node as AnyNode | undefined;
  const members: AnyNode[] = (up?.type === 'ClassProperty' || up?.type === 'ClassPrivateProperty' ? (method.parent?.parent?.node as AnyNode | undefined)?.body : up?.body) ?? [];
  return members.flatMap((member) => {
    if (member.type !== 'ClassMethod' || member.kind !== 'get' || member.static || member.key?.type !== 'Identifier' || member.computed) return [];
    const returned: AnyNode[] = [];
    const visit = (node: AnyNode): void => {
      if (!node || typeof node.type !== 'string' || /Function|ClassMethod|ObjectMethod|Class(?:Declaration|Expression)/.test(node.type)) return;
      if (node.type === 'ReturnStatement') returned.push(node.argument);
      for (const key of Object.keys(node)) {
        if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens') continue;
        const value = node[key];
        for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object' && typeof child.type === 'string') visit(child);
      }
    };
    for (const statement of member.body?.body ?? []) visit(statement);
    return returned.length > 0 && returned.every((value) => value && isThisField(unwrapped(value), field)) ? [member.key.name as string] : [];
  });
}

/** The value inside `( )`, `as T`, `<T>`, `!` and `satisfies T`. */
function unwrapped(node: AnyNode): AnyNode {
  let current = node;
  while (['TSAsExpression', 'TSTypeAssertion', 'TSNonNullExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(current.type)) current = current.expression;
  return current;
}

/** `this.f.splice(...)`, `this.f.delete(...)`, and `this.f = this.f.filter(...)`: the nodes that remove. */
function findRemovals(j: JSCodeshift, method: ASTPath, holds: Holds, field: string): ASTPath[] {
  const calls = j(method)
    .find(j.CallExpression)
    .filter((p) => {
      const callee = p.node.callee as AnyNode;
      return (
        callee.type === 'MemberExpression' &&
        !callee.computed &&
        holds(callee.object) &&
        (callee.property.name === 'splice' || callee.property.name === 'delete')
      );
    })
    .paths();
  const filters = j(method)
    .find(j.AssignmentExpression, { operator: '=' })
    .filter((p) => {
      const node = p.node as AnyNode;
      const right = node.right;
      return (
        isThisField(node.left, field) &&
        right.type === 'CallExpression' &&
        right.callee.type === 'MemberExpression' &&
        holds(right.callee.object) &&
        right.callee.property.name === 'filter'
      );
    })
    .paths();
  // `delete this.layers[id]`: a record's removal (maplibre's Style.removeSource).
  const deletes = j(method)
    .find(j.UnaryExpression, { operator: 'delete' })
    .filter((p) => {
      const argument = (p.node as AnyNode).argument;
      return argument.type === 'MemberExpression' && argument.computed && holds(argument.object);
    })
    .paths();
  return [...calls, ...filters, ...deletes];
}

// A holder's own removal methods that take the object: not `removeAt(i)` or `removeFirst()`.
const HOLDER_REMOVE = /^(?:remove|delete|detach|unlink)(?:Child|Node|Item|Element|Entry)?$/;

/**
 * `this.children.remove(child)` on a generic holder, where `child` is a parameter of the method
 * typed as an object (a type reference, not `string` or `number`: `layers.delete(id: string)`
 * removes by key).
 */
function findHolderRemovals(j: JSCodeshift, method: ASTPath, holds: Holds): ASTPath[] {
  const params: AnyNode[] = (method.node as AnyNode).value?.params ?? (method.node as AnyNode).params ?? [];
  const typedObject = (name: string) =>
    params.some((param) => param.type === 'Identifier' && param.name === name && param.typeAnnotation?.typeAnnotation?.type === 'TSTypeReference');
  return j(method)
    .find(j.CallExpression)
    .filter((p) => {
      const callee = p.node.callee as AnyNode;
      const argument = (p.node as AnyNode).arguments[0];
      return (
        callee.type === 'MemberExpression' &&
        !callee.computed &&
        holds(callee.object) &&
        HOLDER_REMOVE.test(callee.property.name) &&
        argument?.type === 'Identifier' &&
        typedObject(argument.name)
      );
    })
    .paths();
}

function identifyRemoved(j: JSCodeshift, method: ASTPath, removal: ASTPath, holds: Holds, field: string, container: string, className: string): Removed | undefined {
  const node = removal.node as AnyNode;
  if (node.type === 'AssignmentExpression') {
    // this.f = this.f.filter((c) => c !== x)
    const callback: AnyNode | undefined = node.right.arguments[0];
    if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) return undefined;
    const param = callback.params[0];
    const test: AnyNode | undefined = callback.body.type === 'BinaryExpression' ? callback.body : callback.body.body?.length === 1 && callback.body.body[0].type === 'ReturnStatement' ? callback.body.body[0].argument : undefined;
    if (!param || param.type !== 'Identifier' || !test || test.type !== 'BinaryExpression' || (test.operator !== '!==' && test.operator !== '!=')) return undefined;
    const other = isIdentifier(test.left, param.name) ? test.right : isIdentifier(test.right, param.name) ? test.left : undefined;
    return other?.type === 'Identifier' ? { name: other.name, mayBeUndefined: false } : undefined;
  }
  if (node.type === 'UnaryExpression') {
    // delete this.f[key]: the object is whatever the key held, read before it goes.
    const key: AnyNode = node.argument.property;
    if (key.type !== 'Identifier' && key.type !== 'StringLiteral') return undefined;
    const sameKey = (other: AnyNode) => (key.type === 'Identifier' ? isIdentifier(other, key.name) : other?.type === 'StringLiteral' && other.value === key.value);
    const lookup = findDeclarator(j, method, (init) => init.type === 'MemberExpression' && init.computed && holds(init.object) && sameKey(init.property));
    if (lookup) return { name: lookup, mayBeUndefined: true };
    const name = freshName(j, method, lowerFirst(className));
    if (!name) return undefined;
    const keyText = key.type === 'Identifier' ? key.name : JSON.stringify(key.value);
    // Read as the removal reads it: `this.f`, or the accessor or local it goes through.
    return { name, mayBeUndefined: true, capture: `const ${name} = ${j(node.argument.object).toSource()}[${keyText}];` };
  }
  const op: string = node.callee.property.name;
  const args: AnyNode[] = node.arguments;
  if (op === 'delete') {
    const arg = args[0];
    if (!arg || arg.type !== 'Identifier') return undefined;
    const lookup = findDeclarator(j, method, (init) => isCallOn(init, holds, 'get') && isIdentifier(init.arguments[0], arg.name));
    if (lookup) return { name: lookup, mayBeUndefined: true };
    // A Set deletes the object itself. A Map deletes by key: the object is whatever the key maps to.
    if (container !== 'map') return { name: arg.name, mayBeUndefined: false };
    const name = freshName(j, method, lowerFirst(className));
    if (!name) return undefined;
    // Read as the removal reads it (`this.children.delete(path)` through an accessor that makes the map on first use).
    return { name, mayBeUndefined: true, capture: `const ${name} = ${j(node.callee.object).toSource()}.get(${arg.name});` };
  }
  // splice
  const parent = removal.parent?.node as AnyNode | undefined;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'ArrayPattern' && parent.id.elements[0]?.type === 'Identifier') {
    return { name: parent.id.elements[0].name, mayBeUndefined: true };
  }
  const index = args[0];
  // `this.f.splice(this.f.indexOf(x), 1)`
  if (index && isCallOn(index, holds, 'indexOf') && index.arguments[0]?.type === 'Identifier') return { name: index.arguments[0].name, mayBeUndefined: false };
  if (!index || index.type !== 'Identifier') return undefined;
  let found: string | undefined;
  findDeclarator(j, method, (init, id) => {
    if (id === index.name && isCallOn(init, holds, 'indexOf') && init.arguments[0]?.type === 'Identifier') found = init.arguments[0].name;
    return false;
  });
  return found ? { name: found, mayBeUndefined: false } : undefined;
}

/**
 * `this.f.length = 0`, `this.f.clear()`, `this.f = []` (or a new empty Set or Map): the
 * expressions that empty the collection, each with the collection it empties (read before it).
 */
function findEmptying(j: JSCodeshift, method: ASTPath, holds: Holds, field: string): Array<{ path: ASTPath; collection: AnyNode; reassigned?: true }> {
  const found: Array<{ path: ASTPath; collection: AnyNode; reassigned?: true }> = [];
  j(method)
    .find(j.AssignmentExpression, { operator: '=' })
    .forEach((p) => {
      const node = p.node as AnyNode;
      if (node.left.type !== 'MemberExpression' || node.left.computed) return;
      if (node.left.property.type === 'Identifier' && node.left.property.name === 'length' && holds(node.left.object) && node.right.type === 'NumericLiteral' && node.right.value === 0) {
        found.push({ path: p, collection: node.left.object });
      } else if (
        node.left.object.type === 'ThisExpression' &&
        propertyName(node.left.property) === field &&
        isEmptyCollection(node.right) &&
        !inConstructorItself(p) &&
        !guardedByEmptyTest(p, field) &&
        !keptBefore(j, method, p, field)
      ) {
        // Only `this.f` itself: giving a local alias a new array empties nothing. As in the
        // analysis (collect-facts.ts, src/graph/emptying.ts): not the constructor's first value, nor made on first use,
        // nor after the old collection was kept (`const batch = this.pending; this.pending = []`).
        found.push({ path: p, collection: node.left, reassigned: true });
      }
    });
  j(method)
    .find(j.CallExpression)
    .forEach((p) => {
      const node = p.node as AnyNode;
      if (node.callee.type !== 'MemberExpression' || node.callee.computed || !holds(node.callee.object)) return;
      if (node.callee.property.name === 'clear' && node.arguments.length === 0) found.push({ path: p, collection: node.callee.object });
    });
  return found;
}

/**
 * Whether `this.f = []` runs only when a condition around it found the field empty (`if
 * (!this.f)`, `this.f == null`, `!this.f.length`, `this.f.size === 0`): made on first use, it lets
 * nothing go (and a loop over the field there would run over `undefined`). As in the analysis
 * (src/graph/emptying.ts): every operand of `||` must test it, one of `&&`.
 */
function guardedByEmptyTest(path: ASTPath, field: string): boolean {
  for (let current = path; current.parentPath; current = current.parentPath) {
    const parent = current.parentPath.node as AnyNode;
    if (/Function|Method|Class/.test(parent.type)) return false;
    // `if (this.f) return;` earlier in the same block: past it, the field is empty.
    if ((parent.type === 'BlockStatement' || parent.type === 'Program') && Array.isArray(parent.body) && parent.body.includes(current.node)) {
      const before = parent.body.slice(0, parent.body.indexOf(current.node));
      if (before.some((statement: AnyNode) => statement.type === 'IfStatement' && !statement.alternate && exits(statement.consequent) && testsFilled(statement.test, field))) return true;
    }
    if (parent.type === 'IfStatement' && parent.consequent === current.node) return testsEmpty(parent.test, field);
    if (parent.type === 'ConditionalExpression' && parent.consequent === current.node) return testsEmpty(parent.test, field);
    if (parent.type === 'LogicalExpression' && parent.operator === '&&' && parent.right === current.node) return testsEmpty(parent.left, field);
  }
  return false;
}

/**
 * Whether the class declaring `method` gives `field` a value before any of its methods can run:
 * where it declares it (`children: Child[] = []`), or in its constructor's own statements before
 * the first call of a method on `this` (`this.reset(); this.children = []` does not).
 */
function fieldInitialized(method: ASTPath, field: string): boolean {
  for (let current = method.parentPath; current; current = current.parentPath) {
    const node = current.value as AnyNode;
    if (!node || node.type !== 'ClassBody') continue;
    const declared = node.body.some((member: AnyNode) => /ClassProperty|ClassPrivateProperty|PropertyDefinition/.test(member.type) && !member.static && propertyName(member.key) === field && member.value != null);
    if (declared) return true;
    const constructor = node.body.find((member: AnyNode) => member.kind === 'constructor' && member.body);
    for (const statement of (constructor?.body.body ?? []) as AnyNode[]) {
      const expression = statement.type === 'ExpressionStatement' ? (statement.expression as AnyNode) : undefined;
      const assigned = expression?.type === 'AssignmentExpression' && expression.operator === '=' && expression.left.type === 'MemberExpression' && expression.left.object.type === 'ThisExpression';
      if (assigned && propertyName(expression.left.property) === field) return true;
      // Anything else that may call a method first (`this.reset()`, `super(...)` aside).
      if (!assigned && !(expression?.type === 'CallExpression' && expression.callee.type === 'Super') && usesThis(statement)) return false;
    }
    return false;
  }
  return false;
}

/** Whether a node's code names `this` (outside nested non-arrow functions, whose `this` is another). */
function usesThis(node: AnyNode): boolean {
  if (node.type === 'ThisExpression') return true;
  if (/^(FunctionExpression|FunctionDeclaration|ClassMethod|ObjectMethod|ClassExpression|ClassDeclaration)$/.test(node.type)) return false;
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'original' || key === 'tokens' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments') continue;
    const value = node[key];
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) if (child && typeof child === 'object' && typeof child.type === 'string' && usesThis(child)) return true;
  }
  return false;
}

/** Whether a path's nearest function is a constructor (not a callback inside it, which runs later). */
function inConstructorItself(path: ASTPath): boolean {
  for (let current = path.parentPath; current; current = current.parentPath) {
    const node = current.value as AnyNode;
    if (node && typeof node.type === 'string' && /Function|Method/.test(node.type)) return node.kind === 'constructor';
  }
  return false;
}

/**
 * Whether the method kept the collection `this.<field>` held before `path` empties it: in a
 * variable or another field, a copy, or an argument (see keptBeforeEmptying in src/graph/emptying.ts).
 */
function keptBefore(j: JSCodeshift, method: ASTPath, path: ASTPath, field: string): boolean {
  const at = (path.node as AnyNode).start as number;
  return (
    j(method)
      .find(j.MemberExpression)
      .filter((p) => {
        const node = p.node as AnyNode;
        if (node.start >= at || node.object.type !== 'ThisExpression' || node.computed || propertyName(node.property) !== field) return false;
        let use: ASTPath = p;
        while (['TSAsExpression', 'TSNonNullExpression', 'ParenthesizedExpression'].includes((use.parentPath.value as AnyNode).type)) use = use.parentPath;
        const parent = use.parentPath.value as AnyNode;
        const grand = use.parentPath.parentPath?.value as AnyNode | undefined;
        if (parent.type === 'VariableDeclarator' && parent.init === use.node) return true;
        if (parent.type === 'AssignmentExpression' && parent.right === use.node) return true;
        if (parent.type === 'SpreadElement') return true;
        // An argument: the path's parent is the arguments array.
        if (Array.isArray(parent) && grand && (grand.type === 'CallExpression' || grand.type === 'NewExpression') && grand.arguments === parent) return true;
        return parent.type === 'MemberExpression' && parent.object === use.node && ['slice', 'concat', 'values', 'entries'].includes(parent.property?.name) && grand?.type === 'CallExpression';
      })
      .size() > 0
  );
}

/** `return`, `throw`, or a block ending in one. */
function exits(statement: AnyNode): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  return statement.type === 'BlockStatement' && statement.body.length > 0 && exits(statement.body[statement.body.length - 1]);
}

/** The opposite of testsEmpty: `this.f`, `this.f != null`, `this.f !== undefined`, `this.f.length`. */
function testsFilled(test: AnyNode, field: string): boolean {
  const t = unwrapped(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return testsEmpty(t.argument, field);
  if (t.type === 'BinaryExpression' && (t.operator === '!=' || t.operator === '!==')) return equalsNothing(t.left, t.right, field);
  return isThisField(t, field) || isCountOf(t, field);
}

function testsEmpty(test: AnyNode, field: string): boolean {
  const t = unwrapped(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return isThisField(unwrapped(t.argument), field) || isCountOf(t.argument, field);
  if (t.type === 'LogicalExpression' && t.operator === '||') return testsEmpty(t.left, field) && testsEmpty(t.right, field);
  if (t.type === 'LogicalExpression' && t.operator === '&&') return testsEmpty(t.left, field) || testsEmpty(t.right, field);
  return t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===') && equalsNothing(t.left, t.right, field);
}

/** `this.f == null`, `this.f.length === 0`, `typeof this.f === 'undefined'`, either way round (as equalsNothing in src/graph/emptying.ts). */
function equalsNothing(a: AnyNode, b: AnyNode, field: string): boolean {
  const [left, right] = [unwrapped(a), unwrapped(b)];
  const nothing = (n: AnyNode) =>
    n.type === 'NullLiteral' || (n.type === 'Identifier' && n.name === 'undefined') || (n.type === 'UnaryExpression' && n.operator === 'void') || (n.type === 'NumericLiteral' && n.value === 0);
  const undefinedText = (n: AnyNode) => n.type === 'StringLiteral' && n.value === 'undefined';
  const typeOfField = (n: AnyNode) => n.type === 'UnaryExpression' && n.operator === 'typeof' && isThisField(unwrapped(n.argument), field);
  const fieldOrCount = (n: AnyNode) => isThisField(n, field) || isCountOf(n, field);
  return (fieldOrCount(left) && nothing(right)) || (fieldOrCount(right) && nothing(left)) || (typeOfField(left) && undefinedText(right)) || (typeOfField(right) && undefinedText(left));
}

/** `this.<field>.length` or `.size`. */
function isCountOf(node: AnyNode, field: string): boolean {
  const n = unwrapped(node);
  return n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && (n.property.name === 'length' || n.property.name === 'size') && isThisField(unwrapped(n.object), field);
}

function findDeclarator(j: JSCodeshift, method: ASTPath, test: (init: AnyNode, id: string) => boolean): string | undefined {
  let found: string | undefined;
  j(method)
    .find(j.VariableDeclarator)
    .forEach((p) => {
      const node = p.node as AnyNode;
      if (!found && node.id.type === 'Identifier' && node.init && test(node.init, node.id.name)) found = node.id.name;
    });
  return found;
}

function isCallOn(node: AnyNode, holds: Holds, op: string): boolean {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    holds(node.callee.object) &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === op
  );
}

function isIdentifier(node: AnyNode | undefined, name: string): boolean {
  return node?.type === 'Identifier' && node.name === name;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `base`, unless the method already uses that name (then give up: the caller refuses). */
function freshName(j: JSCodeshift, method: ASTPath, base: string): string | undefined {
  const used = new Set(j(method).find(j.Identifier).nodes().map((node) => node.name));
  for (const name of [base, 'removed']) if (!used.has(name) && /^[A-Za-z_$][\w$]*$/.test(name)) return name;
  return undefined;
}

function enclosingStatement(p: ASTPath, braceWith?: JSCodeshift): ASTPath & { parent: ASTPath } | undefined {
  let current: ASTPath | null = p;
  let innermost: ASTPath | undefined;
  while (current && current.parent) {
    const parentNode = current.parent.node as AnyNode;
    if (!innermost && /Statement$|^VariableDeclaration$/.test((current.node as AnyNode).type)) innermost = current;
    if (Array.isArray(parentNode.body) && (parentNode.type === 'BlockStatement' || parentNode.type === 'Program')) {
      if (braceWith && innermost && innermost !== current) return braced(braceWith, innermost);
      return current as ASTPath & { parent: ASTPath };
    }
    if (parentNode.type === 'SwitchCase') {
      if (braceWith && innermost && innermost !== current) return braced(braceWith, innermost);
      return current as ASTPath & { parent: ASTPath };
    }
    // Stop at function boundaries: a removal inside a callback is not this method's statement.
    if (/Function|ClassMethod/.test(parentNode.type)) return undefined;
    current = current.parent;
  }
  return undefined;
}

/**
 * A statement that is the whole body of an `if`, an `else` or a loop (`if (force)
 * this.children.length = 0;`), put in braces of its own: what is inserted beside it then runs
 * only when it does, not before the whole `if`. Returns its path inside the new block.
 */
function braced(j: JSCodeshift, statement: ASTPath): ASTPath & { parent: ASTPath } {
  const [block] = statement.replace(j.blockStatement([statement.node as never])) as ASTPath[];
  return (block as ASTPath).get('body', 0) as ASTPath & { parent: ASTPath };
}

function parseStatements(j: JSCodeshift, code: string): ASTNode[] {
  // In a class declaring the private names the code uses (`this.#owner = undefined`), or it would not parse.
  const privateNames = [...new Set(code.match(/#[\p{L}_$][\p{L}\p{N}_$]*/gu) ?? [])];
  const program = j(`class __Weakify { ${privateNames.map((name) => `${name};`).join(' ')} __m() {\n${code}\n} }`).get().node.program;
  return program.body[0].body.body.find((member: AnyNode) => member.type === 'ClassMethod').body.body;
}

function entriesFor(file: FileInfo, options: Options): UnlinkEntry[] {
  if (Array.isArray(options.entries)) return options.entries as UnlinkEntry[];
  if (typeof options.plan !== 'string') return [];
  const plan = readPlanFile<UnlinkEntry>(options.plan, 'reset-back-pointer');
  const mine = (relative: string) => plan.names(relative, file.path);
  return plan.entries
    .filter((entry) => entry.owners.some((owner) => mine(owner.file)))
    .map((entry) => ({ ...entry, owners: entry.owners.map((owner) => ({ ...owner, file: mine(owner.file) ? file.path : owner.file })) }));
}

function sameFile(planPath: string, filePath: string): boolean {
  const a = planPath.split(path.sep).join('/');
  const b = filePath.split(path.sep).join('/');
  if (a === b) return true;
  if (path.isAbsolute(a)) return path.resolve(a) === path.resolve(b);
  return b.endsWith(`/${a.replace(/^\.\//, '')}`);
}
