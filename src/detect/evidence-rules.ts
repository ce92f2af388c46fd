import type { EvidenceKind } from './analysis-result.js';

/**
 * The evidence that one field of a bidirectional pair is the back-pointer (the non-owning side)
 * and the other the owner, each with the weight it carries. In the style of typescript-eslint's
 * rule `meta`: an id, a one-line description, and a message template whose `{{placeholders}}`
 * are filled with names and `file:line`.
 *
 * Weights are probabilities that the evidence alone decides the direction; detection combines
 * them with a noisy-OR (independent pieces of evidence: 1 - Π(1 - w)) and subtracts half of the
 * opposite direction's score. Structural facts of the code weigh most; names weigh least,
 * because they are conventions, not behaviour.
 */
export interface EvidenceRule {
  id: EvidenceKind;
  description: string;
  weight: number;
  message: string;
}

export const EVIDENCE_RULES = {
  constructsAndStores: {
    id: 'owner-constructs-with-this',
    description: 'The owner constructs the other object passing itself and keeps it in its own field.',
    weight: 0.8,
    message: '{{owner}}.{{method}} constructs {{child}} passing `this` and stores it in `this.{{ownerField}}` ({{at}}).',
  },
  constructsAsAndStores: {
    id: 'owner-constructs-with-this',
    description: 'The owner constructs the other object passing itself as its back-pointer and keeps it in its own field.',
    weight: 0.8,
    message: '{{owner}}.{{method}} constructs {{child}} passing `this` as its `{{field}}` and stores it in `this.{{ownerField}}` ({{at}}).',
  },
  constructsReturnsAndStores: {
    id: 'owner-constructs-with-this',
    description:
      'The owner constructs the other object passing itself in a method that returns it, and its own code keeps what that method returns in its field (`this.renderer = this.createRenderer()`).',
    weight: 0.8,
    message: '{{owner}}.{{method}} constructs {{child}} passing `this`{{as}} and returns it ({{at}}) to {{keeper}}.{{keeperMethod}}, which stores it in `this.{{ownerField}}` ({{keptAt}}).',
  },
  constructsAs: {
    id: 'owner-constructs-with-this',
    description: 'Constructs the other object passing itself as its back-pointer, without keeping it there: weak evidence of ownership.',
    weight: 0.25,
    message: '{{owner}}.{{method}} constructs {{child}} passing `this` as its `{{field}}` ({{at}}), without keeping it in `this.{{ownerField}}` there.',
  },
  constructs: {
    id: 'owner-constructs-with-this',
    description: 'Constructs the other object passing itself, without keeping it there: a factory, weak evidence of ownership.',
    weight: 0.25,
    message: '{{owner}}.{{method}} constructs {{child}} passing `this` ({{at}}), without keeping it in `this.{{ownerField}}` there.',
  },
  keepsItsConstruction: {
    id: 'owner-keeps-its-construction',
    description:
      'The owner (or a subclass) fills the owning field with an object it constructs (`this.layout = new DockLayout()`): what an object creates and keeps, it owns, so that field is not the back-pointer.',
    weight: 0.4,
    message: '{{owner}}.{{method}} keeps an object it constructs in `this.{{ownerField}}`{{via}} ({{at}}): a field filled with new objects owns them.',
  },
  keepsConstructionGiven: {
    id: 'owner-keeps-its-construction',
    description: 'Code gives the owning field of an object a new object (`text.inner = new Transformable()`): a field filled with new objects owns them.',
    weight: 0.4,
    message: '{{by}}.{{method}} puts an object it constructs in `{{ownerField}}` of a {{holder}} ({{at}}): a field filled with new objects owns them.',
  },
  constructedUnderOwner: {
    id: 'constructed-under-owner',
    description:
      'The object is constructed with the owner passed to it as its back-pointer and kept under that owner (`view.input.mouseDown = new MouseDown(view)`, `p.children.push(new Child(p))`), wherever that code is.',
    weight: 0.8,
    message: '{{where}} constructs {{child}} passing `{{passed}}` as its `{{field}}` and keeps it in `{{passed}}.{{path}}` ({{at}}): the {{child}} points back at an object holding it.',
  },
  assignsBackPointer: {
    id: 'owner-assigns-back-pointer',
    description: 'The owner sets the back-pointer of an object to itself (`child.parent = this`).',
    weight: 0.7,
    message: '{{owner}}.{{method}} sets `{{field}}` of a {{child}} to `this`{{via}} ({{at}}).',
  },
  assignsBackPointerOnly: {
    id: 'owner-assigns-back-pointer',
    description: 'Sets `x.parent = this` without keeping x there: a factory handing out objects that point at it is not an owner.',
    weight: 0.3,
    message: '{{owner}}.{{method}} sets `{{field}}` of a {{child}} to `this`{{via}} ({{at}}), without keeping it in `this.{{ownerField}}` there.',
  },
  assignsViaMethod: {
    id: 'owner-assigns-back-pointer',
    description: 'The owner passes itself to a method of the object that stores it in the back-pointer (`child.setParent(this)`).',
    weight: 0.7,
    message: '{{owner}}.{{method}} passes `this` to {{child}}.{{called}}, which stores it in `{{field}}` ({{at}}).',
  },
  assignsViaMethodOnly: {
    id: 'owner-assigns-back-pointer',
    description: 'Passes itself to a method storing it in the back-pointer, without keeping the object: weak evidence.',
    weight: 0.3,
    message: '{{owner}}.{{method}} passes `this` to {{child}}.{{called}}, which stores it in `{{field}}` ({{at}}), without keeping the {{child}} in `this.{{ownerField}}` there.',
  },
  handsOnPointer: {
    id: 'owner-assigns-back-pointer',
    description: 'In a longer cycle, the holder creates the object, keeps it, and hands it its own pointer up the cycle as the back-pointer.',
    weight: 0.7,
    message:
      '{{holder}}.{{method}} constructs {{child}} handing it its own `{{passed}}` as `{{field}}`, and stores it in `this.{{holderField}}` ({{at}}): the {{child}} points back where its holder does.',
  },
  handsOnPointerOnly: {
    id: 'owner-assigns-back-pointer',
    description: 'Hands its own pointer up the cycle to an object it creates, without keeping the object there: weak evidence.',
    weight: 0.3,
    message: '{{holder}}.{{method}} constructs {{child}} handing it its own `{{passed}}` as `{{field}}` ({{at}}), without keeping it in `this.{{holderField}}` there.',
  },
  registersInCycle: {
    id: 'child-registers-with-owner',
    description:
      'In a longer cycle, the object hands itself to a method of the object holding it that keeps it there (`root._enableExtension(this)` into `Root._extensions`), and the object its back-pointer aims at is what constructs it passing itself (`new ctor(this)` in Document).',
    weight: 0.7,
    message:
      '{{child}}.{{method}} hands `this` to {{holder}}.{{called}}, which keeps it in `{{holderField}}` ({{at}}), and {{target}}.{{madeIn}} constructs {{child}} passing `this` as its `{{field}}` ({{madeAt}}).',
  },
  handsOnParameter: {
    id: 'owner-assigns-back-pointer',
    description:
      'In a longer cycle, the holder creates the object, keeps it, and hands it an object it was given as the back-pointer (`connect(pipeline) { this.ports.push(new Port(pipeline)) }`): code that closes the ring, if weakly (the caller chooses what it passes).',
    weight: 0.3,
    message:
      '{{holder}}.{{method}} constructs {{child}} handing it an object it is given as `{{field}}`, and keeps it in `this.{{holderField}}` ({{at}}): the ring closes when that is the {{target}} holding the {{holder}}.',
  },
  linksBothWays: {
    id: 'fields-linked-both-ways',
    description:
      'Code sets the two fields to point at each other (`node.prev = tail; tail.next = node`): the pair is wired, though no `this` is handed over (a list managed by another class). It says nothing about direction: it is added to the direction the rest of the evidence chose, and makes fields of one class a pair.',
    weight: 0.4,
    message: '{{by}} sets `{{ownerField}}` and `{{field}}` of two {{objects}} to point at each other ({{at}}).',
  },
  linksThroughMethod: {
    id: 'fields-linked-both-ways',
    description: 'As fields-linked-both-ways, where one side is handed to a method of the project that keeps it (`tree.root = root; root.add(tree)`).',
    weight: 0.4,
    message: '{{by}} sets `{{written}}` of one object to another and hands it to {{keeper}}, which keeps it in `{{kept}}` ({{at}}).',
  },
  registersWithOwner: {
    id: 'child-registers-with-owner',
    description: 'The object adds itself to the owner\'s collection (`owner.children.push(this)`).',
    weight: 0.6,
    message: '{{child}}.{{method}} adds `this` to `{{ownerField}}` of its {{owner}} ({{at}}).',
  },
  collectionSideLoose: {
    id: 'collection-side',
    description:
      'A collection holds many, but the types only loosely match (an interface, a base class of the object, or a back-pointer typed as a base of the owner): weaker.',
    weight: 0.25,
    message: '{{owner}}.{{ownerField}} holds {{child}} objects in {{container}} ({{at}}); {{child}}.{{field}} holds a single {{owner}}, but {{why}}.',
  },
  collectionSide: {
    id: 'collection-side',
    description: 'One side holds many objects in a collection, the other a single reference back.',
    weight: 0.5,
    message: '{{owner}}.{{ownerField}} holds {{child}} objects in {{container}} ({{at}}); {{child}}.{{field}} holds a single {{owner}}.',
  },
  collectionSideOfPlainObject: {
    id: 'collection-side',
    description:
      'A plain object (an interface no class implements) holds many, the other side a single reference back. Weaker than for a class: such shapes are data (an IR, a document, options), whose types often form rings while the objects, literals built and copied anywhere, form trees (a subquery holds the query it came from), so the shape alone stays below 0.5.',
    weight: 0.4,
    message: '{{owner}}.{{ownerField}} holds {{child}} objects in {{container}} ({{at}}); {{child}}.{{field}} holds a single {{owner}}.',
  },
  collectionSideInCycle: {
    id: 'collection-side',
    description:
      'In a longer cycle, the next link holds many objects and this one a single reference back. Weaker than in a pair: composites make rings of types that are trees of objects (a rack of blades, some blades holding racks of their own), so shapes alone stay below 0.5.',
    weight: 0.4,
    message: '{{owner}}.{{ownerField}} holds its objects in {{container}} ({{at}}); {{field}} is a single reference back to a {{owner}}.',
  },
  addsToCollection: {
    id: 'owner-adds-to-collection',
    description: 'The owner adds objects to its collection field.',
    weight: 0.2,
    message: '{{owner}}.{{method}} adds to `this.{{ownerField}}` ({{at}}).',
  },
  unlinkResets: {
    id: 'unlink-resets-back-pointer',
    description: 'An unlink method clears the back-pointer, as one clears a reference one does not own.',
    weight: 0.3,
    message: '{{by}}.{{method}} clears `{{field}}` of a {{child}}{{via}} ({{at}}).',
  },
  unlinkResetsOwn: {
    id: 'unlink-resets-back-pointer',
    description: 'An object clears its own field outside a method ending its life, as one clears a reference one does not own.',
    weight: 0.3,
    message: '{{by}}.{{method}} clears its own `{{field}}`{{via}} ({{at}}).',
  },
  listenerList: {
    id: 'listener-list',
    description:
      'Evidence against: the owning field is named like the list a subject keeps of those it notifies (`observers`, `listeners`, ...) and its class does not construct them. A listener comes and goes on its own and holds the subject it listens to (@tanstack/query-core: QueryObserver and Query.observers): such a pair shows no owner. Subtracted from the confidence in full.',
    weight: 0.15,
    message: '`{{ownerField}}` is named like the list a subject keeps of those it notifies, and {{owner}} does not construct them ({{at}}): a listener holds what it listens to, which says nothing of ownership.',
  },
  handsOut: {
    id: 'owner-hands-out',
    description:
      'Evidence against: the owner keeps one object it makes and hands out others that point at it too (`create() { return new Mark(this, attrs) }`). What points at it is not all held by it, and a WeakRef would let an object held alone lose it. Subtracted from the confidence in full.',
    weight: 0.5,
    message: '{{owner}}.{{method}} also makes {{child}} objects passing `this` and hands them out without keeping them ({{at}}): a {{child}} held alone would lose its {{owner}} to a WeakRef.',
  },
  backPointerName: {
    id: 'name-suggests-back-pointer',
    description: 'The field is named like a back-pointer (parent, owner, host, ...). Weak: a convention, not behaviour.',
    weight: 0.25,
    message: 'The name `{{field}}` is commonly used for back-pointers ({{at}}).',
  },
  ownershipName: {
    id: 'name-suggests-ownership',
    description: 'The other field is named like an owned collection (children, items, ...). Weak: a convention.',
    weight: 0.15,
    message: 'The name `{{ownerField}}` suggests {{owner}} owns what it holds ({{at}}).',
  },
} as const satisfies Record<string, EvidenceRule>;

/** Names people give back-pointers; compared after dropping `#`/`_` prefixes and case. */
export const BACK_POINTER_NAMES = new Set([
  'parent', 'parentnode', 'parentelement', 'owner', 'host', 'scene', 'container', 'context', 'ctx', 'root', 'manager',
  'editor', 'document', 'doc', 'world', 'app', 'application', 'game', 'engine', 'canvas', 'stage', 'layer', 'group',
  'controller', 'registry', 'pool', 'session', 'server', 'client', 'window', 'list', 'tree',
  'graph', 'collection', 'emitter', 'outer', 'back', 'prev', 'previous', 'creator', 'board', 'layout', 'renderer',
  'prevsibling', 'previoussibling',
]);

/**
 * Names people give owned collections. Not the lists a subject keeps of those who listen to it
 * (`observers`, `listeners`, `subscribers`, `handlers`, `watchers`): a listener comes and goes on
 * its own, holding the subject it listens to (@tanstack/query-core's QueryObserver and
 * Query.observers), so the name says nothing about who owns whom.
 */
export const OWNERSHIP_NAMES = new Set([
  'children', 'childnodes', 'items', 'nodes', 'elements', 'entries', 'members', 'components', 'parts', 'objects', 'widgets',
  'views', 'layers', 'shapes', 'pages', 'tabs', 'panels', 'rows', 'cells', 'columns', 'slots',
  'subscriptions', 'workers', 'connections', 'sessions', 'plugins', 'modules', 'entities',
  'next', 'nextsibling', 'child', 'content', 'contents',
]);

/** Names of the lists a subject keeps of those it notifies (see OWNERSHIP_NAMES and the listener-list rule). */
export const LISTENER_LIST_NAMES = new Set(['observers', 'listeners', 'subscribers', 'handlers', 'watchers', 'callbacks']);

/** Methods that end an object's life: a field reset there is released, not unlinked. */
// The whole name (or with `All`): `dispose`, `unsubscribe`, `clearAll`. `clearParent` unlinks one
// field, and `closest` or `freeze` are other words. Marked private (`_destroy`, loaders.gl's
// Tileset3D) it is the same, and so is a hook for the end of life (`onDestroy`, `ngOnDestroy`,
// `doDispose`); not a handler of other events (`onClose`, `onRelease`, `onComplete`: a dialog
// closing, a pointer released, an animation done).
export const RELEASE_METHOD = /^[_$#]*(?:(?:ngOn|on|do)(?:Destroy|Dispose)|(?:dispose|destroy|close|unsubscribe|teardown|cleanup|clean|release|reset|clear|finali[sz]e|free|shutdown|terminate|complete))(?:$|All$|_|\d)/i;

export function normaliseName(name: string): string {
  return name.replace(/^[#_$]+/, '').replace(/_+$/, '').toLowerCase();
}

/** Fill `{{placeholders}}`; a missing value is left visible so a broken template shows in tests. */
export function format(template: string, values: Record<string, string | number>): string {
  return withArticles(template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole)));
}

/**
 * "an Element", "an IShape" where a sentence says "a" before a class name. By the letter only:
 * a name starting with U (a User, an Undo) keeps "a", which reads right more often.
 */
export function withArticles(sentence: string): string {
  return sentence.replace(/\b([Aa]) (?=[AEIO])/g, '$1n ');
}

/** Combine independent pieces of evidence (noisy-OR). */
export function combine(weights: readonly number[]): number {
  return 1 - weights.reduce((remaining, weight) => remaining * (1 - weight), 1);
}

export function round2(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
