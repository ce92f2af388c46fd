/**
 * A class whose constructor returns a value (`return new Proxy(this, ...)`, blocksuite's
 * GfxLocalElementModel): `new` gives that object, not `this`, and every read goes through it,
 * where a `#` field of the instance is missing ("Cannot read private member") and a WeakMap keyed
 * by `this` does not know it. Neither an accessor's storage nor a dispose guard can live there.
 * The analysis skips such fields (ClassNode.constructorReturns, which also sees base classes in
 * other files); the transforms check the classes they can see, for plans written by hand.
 */

type AnyNode = { type: string; [key: string]: any };

/**
 * The name of the class, `cls` or one of its base classes found by `baseNamed`, whose
 * constructor returns a value; undefined if none does.
 */
export function constructorReturning(cls: AnyNode, baseNamed: (name: string) => AnyNode | undefined): string | undefined {
  const visited = new Set<AnyNode>();
  for (let current: AnyNode | undefined = cls; current && !visited.has(current); ) {
    visited.add(current);
    const constructor = current.body.body.find((member: AnyNode) => member.kind === 'constructor' && member.body);
    if (constructor && returnsValue(constructor.body)) return current.id?.name ?? 'its class';
    current = current.superClass?.type === 'Identifier' ? baseNamed(current.superClass.name) : undefined;
  }
  return undefined;
}

/** Whether a function body has a `return <value>` of its own (nested functions and classes aside). */
function returnsValue(body: AnyNode): boolean {
  let found = false;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const current = node as AnyNode;
    if (typeof current.type !== 'string') return;
    if (current !== body && /Function|^Class(?:Declaration|Expression|Method|PrivateMethod)$|^ObjectMethod$/.test(current.type)) return;
    if (current.type === 'ReturnStatement') {
      found = current.argument != null;
      return;
    }
    for (const key of Object.keys(current)) {
      if (key !== 'loc' && !key.endsWith('omments')) visit(current[key]);
    }
  };
  visit(body);
  return found;
}
