import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { analyze } from '../../src/index.js';
import { createTempProject, TSCONFIG, type TempProject } from '../apply/temp-project.js';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/analyze', name, 'tsconfig.json');

// The fixture projection compares findings; these check the evidence behind them, which decides
// confidence (and so whether a plan applies a fix without review).
describe('evidence', () => {
  let project: TempProject | undefined;
  afterEach(() => {
    project?.remove();
    project = undefined;
  });

  test('a back-pointer name counts only on a field holding one object its class does not construct itself', async () => {
    const result = await analyze({ tsconfig: fixture('owner-named-like-pointer') });
    const confidence = (className: string) => result.candidates.find((candidate) => candidate.class === className)!.confidence;
    // Regression (leafer, ninth sweep): `layout`, filled with new LeafLayout(this), counted as the
    // other direction's back-pointer name (0.68 against LeafData's 0.80); so did the array `list` (0.78).
    expect(confidence('LeafLayout')).toBe(confidence('LeafData'));
    expect(confidence('LeafLayout')).toBe(0.8);
    for (const candidate of result.candidates) expect(candidate.evidence.map((evidence) => evidence.message).join('\n')).not.toContain('other direction');
    expect(result.candidates.find((candidate) => candidate.class === 'Task')!.evidence.map((evidence) => evidence.kind)).toEqual([
      'owner-assigns-back-pointer',
      'collection-side',
      'name-suggests-back-pointer',
      'owner-adds-to-collection',
    ]);
  });

  test('a back-pointer written on the object an owning field holds counts as kept there', async () => {
    // Regression (needle-engine, eleventh sweep): `this.emission.system = this` read "without
    // keeping it in `this.emission` there", and its particle modules' `system` scored 0.30.
    const result = await analyze({ tsconfig: fixture('written-on-held') });
    const emission = result.candidates.find((candidate) => candidate.class === 'EmissionModule')!;
    expect(emission.evidence[0]!.message).toBe('ParticleSystem.awake sets `system` of an EmissionModule to `this` (src/particles.ts:33).');
    expect(emission.confidence).toBe(0.82);
  });

  test('a construction kept through a local in two fields counts as kept in each', async () => {
    // An owner keeping each child in a list and in an index by key: the index's pair read "without
    // keeping it in `this.byKey` there", a false sentence, since line 6 keeps it there.
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/cache.ts': [
        'export class Cache {',
        '  items: Item[] = [];',
        '  byKey = new Map<string, Item>();',
        '  add(key: string): Item {',
        '    const item = new Item(this, key);',
        '    this.items.push(item);',
        '    this.byKey.set(key, item);',
        '    return item;',
        '  }',
        '}',
        'export class Item {',
        '  constructor(public cache: Cache, public key: string) {}',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    const messages = result.candidates.find((candidate) => candidate.class === 'Item')!.evidence.map((evidence) => evidence.message);
    expect(messages.filter((message) => message.startsWith('Cache.add constructs Item'))).toEqual([
      'Cache.add constructs Item passing `this` as its `cache` and stores it in `this.items` (src/cache.ts:5).',
      'Cache.add constructs Item passing `this` as its `cache` and stores it in `this.byKey` (src/cache.ts:5).',
    ]);
  });

  test('a field filled with an object of a base class does not own the subclass objects its type admits', async () => {
    // Regression (matrix-js-sdk, sixteenth sweep): `private eventEmitter = new TypedEventEmitter()`
    // in a MatrixClient subclass was read as owning every Thread, Room and call (subclasses of the
    // emitter), lifting seven `client` back-pointers paired by type only to 0.55.
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/emitter.ts': 'export class Emitter {\n  emit(): void {}\n}\n',
      'src/client.ts': [
        "import { Emitter } from './emitter.js';",
        'export class Client extends Emitter {}',
        'export class WidgetClient extends Client {',
        '  private bus = new Emitter();',
        '  notify(): void { this.bus.emit(); }',
        '}',
        '',
      ].join('\n'),
      'src/thread.ts': [
        "import { Emitter } from './emitter.js';",
        "import type { Client } from './client.js';",
        'export class Thread extends Emitter {',
        '  constructor(public readonly client: Client) { super(); }',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json'), minConfidence: 0 });
    const thread = result.candidates.find((candidate) => candidate.class === 'Thread');
    expect(thread?.evidence.map((evidence) => evidence.kind)).not.toContain('owner-keeps-its-construction');
    expect(thread?.confidence ?? 0).toBeLessThan(0.5);
    // Built as what the back-pointer's class is, it still owns it.
    project.write({
      'src/client.ts': [
        "import { Emitter } from './emitter.js';",
        "import { Thread } from './thread.js';",
        'export class Client extends Emitter {}',
        'export class WidgetClient extends Client {',
        '  private bus: Emitter = new Thread(undefined!);',
        '  notify(): void { this.bus.emit(); }',
        '}',
        '',
      ].join('\n'),
    });
    const kept = (await analyze({ tsconfig: project.path('tsconfig.json'), minConfidence: 0 })).candidates.find((candidate) => candidate.class === 'Thread');
    expect(kept?.evidence.map((evidence) => evidence.kind)).toContain('owner-keeps-its-construction');
    // So as another subclass of the field's type, made for it (e2e: lumino's `this.layout = new
    // SingletonLayout()` keeps Widget._layout an owner beside PanelLayout._widgets).
    project.write({
      'src/client.ts': [
        "import { Emitter } from './emitter.js';",
        'export class Client extends Emitter {}',
        'export class Relay extends Emitter {}',
        'export class WidgetClient extends Client {',
        '  private bus: Emitter = new Relay();',
        '  notify(): void { this.bus.emit(); }',
        '}',
        '',
      ].join('\n'),
    });
    const sibling = (await analyze({ tsconfig: project.path('tsconfig.json'), minConfidence: 0 })).candidates.find((candidate) => candidate.class === 'Thread');
    expect(sibling?.evidence.map((evidence) => evidence.kind)).toContain('owner-keeps-its-construction');
  });

  test('an owner the project builds and drops, keeping only a part, is a risk of the weakref fix for the back-pointers on the way', async () => {
    // Regression (happy-dom's `new Window()`, sixteenth sweep): the migrated library threw "Cannot
    // read properties of undefined" after a garbage collection, its browser held by WeakRefs alone.
    const result = await analyze({ tsconfig: fixture('owner-dropped') });
    const risk = (name: string) => result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!.risks.find((item) => item.kind === 'owner-dropped');
    expect(risk('Context.browser')).toEqual({
      kind: 'owner-dropped',
      message:
        'Window.constructor builds a Browser, keeps an object it reaches through it and drops the Browser (src/browser.ts:42): what it dropped is then held by back-pointers such as Context.browser alone, and behind a WeakRef it could be collected while that object is in use, so dispose is the safer fix.',
      file: 'src/browser.ts',
      line: 42,
    });
    expect(risk('Page.context')?.line).toBe(42);
    expect(risk('Frame.page')?.line).toBe(42);
    // Not a back-pointer off the way to the part kept (the browser's settings), nor the cases of
    // tabs.ts: a chained call returning the object, a method that may keep it, a closure.
    expect(risk('Settings.browser')).toBeUndefined();
    expect(risk('Tab.panel')).toBeUndefined();
  });

  test('a dispose fix the analysis would not count, its class linking past the owners, is said as a risk', async () => {
    // Regression (colyseus' ChangeTree.root, sixteenth sweep): apply wrote Root.dispose() and
    // Tree.dispose(), verified, and a new analysis still reported Tree.root, with apply's note
    // naming only conditions and early returns.
    const tree = (links: string, dispose: string) => ({
      'tsconfig.json': TSCONFIG,
      'src/root.ts': [
        "import { Tree } from './tree.js';",
        'export class Root {',
        '  trees: Tree[] = [];',
        '  add(tree: Tree): void {',
        '    tree.root = this;',
        '    this.trees.push(tree);',
        '  }',
        '  remove(tree: Tree): void {',
        '    tree.root = undefined;',
        '    this.trees.splice(this.trees.indexOf(tree), 1);',
        '  }',
        '}',
        '',
      ].join('\n'),
      'src/tree.ts': ["import type { Root } from './root.js';", 'export class Tree {', '  root?: Root;', `  ${links}`, `  ${dispose}`, '}', ''].join('\n'),
    });
    const riskOf = async () =>
      (await analyze({ tsconfig: project!.path('tsconfig.json'), strategy: 'dispose' })).candidates.find((candidate) => candidate.class === 'Tree')!.risks.find((risk) => risk.kind === 'linked-past-owners');
    project = createTempProject(tree('parentTree?: Tree;', 'dispose(): void { this.root = undefined; }'));
    expect(await riskOf()).toEqual({
      kind: 'linked-past-owners',
      message:
        'Tree objects also hold others of their kind in `parentTree`, which Root.trees may not hold: a dispose fix clears `root` on the objects the owners hold, so the analysis cannot tell that it breaks every cycle and keeps reporting Tree.root after it. Check that every Tree pointing back is held there, or use the weakref fix.',
      file: 'src/tree.ts',
      line: 4,
    });
    // A dispose that goes on through the link is read as reaching them all.
    project.write(tree('children: Tree[] = [];', 'dispose(): void { this.root = undefined; for (const child of this.children) child.dispose(); }'));
    expect(await riskOf()).toBeUndefined();
  });

  test('an object clearing its own field in a release method marked private or as a hook is releasing it', async () => {
    // Regression (loaders.gl, eleventh sweep): Tileset3D._destroy() clearing `root` counted as
    // evidence for the other direction where destroy() did not (Tile3D.tileset 0.80 -> 0.65).
    const confidenceWith = async (method: string) => {
      project?.remove();
      project = createTempProject({
        'tsconfig.json': TSCONFIG,
        'src/tiles.ts': [
          'export class Tile { tileset: Tileset; children: Tile[] = []; constructor(tileset: Tileset) { this.tileset = tileset; } }',
          `export class Tileset { root: Tile | null = null; load(): void { this.root = new Tile(this); } ${method}(): void { this.root = null; } }`,
          '',
        ].join('\n'),
      });
      const result = await analyze({ tsconfig: project.path('tsconfig.json'), minConfidence: 0 });
      return result.candidates.find((candidate) => candidate.class === 'Tile')!;
    };
    const plain = await confidenceWith('destroy');
    for (const method of ['_destroy', 'onDestroy', 'ngOnDestroy', 'doDispose']) expect((await confidenceWith(method)).confidence).toBe(plain.confidence);
    // Handlers of other events are no end of life (a second reading: they had become release methods).
    const unload = await confidenceWith('unload');
    for (const method of ['onClose', 'onRelease', 'onComplete', 'doClear']) expect((await confidenceWith(method)).confidence).toBe(unload.confidence);
    expect(unload.confidence).toBeLessThan(plain.confidence);
    // Elsewhere it still counts, said as what it is.
    expect((await confidenceWith('unload')).evidence.find((evidence) => evidence.kind === 'opposite-evidence')?.message).toBe(
      'Evidence for the other direction: Tileset.unload clears its own `root` (src/tiles.ts:2).',
    );
  });

  test('a collection of collections holds its objects one level down, where dispose cannot reach them', async () => {
    // Regression (needle-engine, eleventh sweep): `Array<Array<Track>>` was an array of tracks, and
    // the dispose fix looped `track.dispose()` over arrays (TS2339; the entry was left out).
    const result = await analyze({ tsconfig: fixture('nested-collections') });
    expect(result.candidates[0]!.inverse.map((side) => `${side.field}:${side.container}`)).toEqual(['audio:array', 'all:generic', 'byKind:generic']);
  });

  test('a method written as an arrow-function property is named as the method, and runs later', async () => {
    // Regression (@tanstack/form-core, eleventh sweep): evidence said `Form.<initializer>`, and a
    // clear in such a body counted as the object setting itself up.
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/form.ts': [
        'export class Group { form: Form | undefined; constructor(form: Form) { this.form = form; } }',
        'export class Form {',
        '  groups: Group[] = [];',
        '  mount = (): void => {',
        '    this.groups.push(new Group(this));',
        '  };',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    const group = result.candidates.find((candidate) => candidate.class === 'Group')!;
    expect(group.evidence[0]!.message).toBe('Form.mount constructs Group passing `this` as its `form` and stores it in `this.groups` (src/form.ts:5).');
  });

  test('a write through a union of classes is evidence for the field of each', async () => {
    const result = await analyze({ tsconfig: fixture('union-receiver') });
    const text = result.candidates.find((candidate) => candidate.class === 'LiteText')!;
    // Regression (mathjax-full, ninth sweep): only LiteElement.parent got it; LiteText.parent scored 0.75.
    expect(text.evidence[0]!.message).toBe('LiteElement.constructor sets `parent` of a LiteText to `this` (src/dom.ts:12).');
    expect(text.confidence).toBe(result.candidates.find((candidate) => candidate.class === 'LiteElement')!.confidence);
  });

  test('objects reached through a project class that keeps the owner itself are that class\'s, not the owner\'s', async () => {
    const result = await analyze({ tsconfig: fixture('service-holder'), minConfidence: 0 });
    const wrapper = result.candidates.find((candidate) => candidate.class === 'Wrapper')!;
    // Regression (mathjax-full, ninth sweep): CHTMLWrapper.factory and three more scored 0.50 on this alone.
    expect(wrapper.confidence).toBe(0.25);
    expect(wrapper.evidence.map((evidence) => evidence.message)).toEqual([
      'WrapperFactory.jax holds Wrapper objects in a Map (src/output.ts:26); Wrapper.factory holds a single WrapperFactory, but `jax` reaches them through an OutputJax, which keeps WrapperFactory objects itself (`factory`): the OutputJax holds them, not WrapperFactory.',
    ]);
  });

  test('a link through a method of the project says which method keeps which side', async () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      // colyseus's setRoot (ninth sweep), reduced.
      'src/tree.ts': [
        'export class Tree { root: Root | null = null; }',
        'export class Root { trees: Record<number, Tree> = {}; add(tree: Tree): void { this.trees[1] = tree; } }',
        'export function setRoot(tree: Tree, root: Root): void { tree.root = root; root.add(tree); }',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json'), minConfidence: 0 });
    const tree = result.candidates.find((candidate) => candidate.class === 'Tree')!;
    expect(tree.evidence.find((evidence) => evidence.kind === 'fields-linked-both-ways')?.message).toBe(
      'The function `setRoot` sets `root` of one object to another and hands it to Root.add, which keeps it in `trees` (src/tree.ts:3).',
    );
  });

  test('a back-pointer reset in its own dispose() is a release, not unlink evidence', async () => {
    const result = await analyze({ tsconfig: fixture('release-on-unsubscribe') });
    const sink = result.candidates.find((candidate) => candidate.field === 'source')!;
    expect(sink.evidence.map((evidence) => evidence.kind)).toEqual(['collection-side', 'owner-adds-to-collection']);
    // collection-side 0.5 and adds-to-collection 0.2, combined: 1 - 0.5 * 0.8.
    expect(sink.confidence).toBe(0.6);
  });

  test('an owner that also hands out objects pointing at it loses the whole weight of that, and the skip says why', async () => {
    const result = await analyze({ tsconfig: fixture('factory-hands-out'), minConfidence: 0 });
    const token = result.candidates.find((candidate) => candidate.field === 'kind')!;
    expect(token.evidence.map((evidence) => evidence.kind)).toEqual(['owner-constructs-with-this', 'owner-hands-out']);
    // constructs-with-this and stores 0.8, less hands-out 0.5.
    expect(token.confidence).toBe(0.3);
    const skipped = (await analyze({ tsconfig: fixture('factory-hands-out') })).skipped.find((field) => field.field === 'kind')!;
    expect(skipped.message).toBe(
      'The evidence that Token.kind is a back-pointer is weak (confidence 0.3, below 0.5): TokenKind.create also makes Token objects passing `this` and hands them out without keeping them (src/tokens.ts:14): a Token held alone would lose its TokenKind to a WeakRef.',
    );
  });

  test('a construction its own code keeps through a factory method of its own is the owner keeping it, with both places named', async () => {
    const result = await analyze({ tsconfig: fixture('own-factory-method'), minConfidence: 0 });
    const view = result.candidates.find((candidate) => candidate.class === 'Controller')!;
    expect(view.evidence[0]!.message).toBe(
      'ListView.createController constructs ListController passing `this` as its `view` and returns it (src/view.ts:24) to View.constructor, which stores it in `this.controller` (src/view.ts:6).',
    );
    // Not "hands out" (the risk that a caller keeps the ListController alone): the View keeps it.
    expect(view.risks.map((risk) => risk.kind)).toEqual([]);
    expect(result.candidates.find((candidate) => candidate.class === 'Toolbar')!.confidence).toBe(0.85);
  });

  test('a collection holding the objects only inside generic holders (an index of edges) is loose evidence, and says so', async () => {
    const result = await analyze({ tsconfig: fixture('relation-index') });
    const node = result.candidates.find((candidate) => candidate.class === 'GraphNode')!;
    expect(node.evidence[0]!.message).toBe(
      'Graph.edges holds GraphNode objects in a Set (src/graph.ts:11); GraphNode.graph holds a single Graph, but `edges` holds them inside Edge objects, not directly.',
    );
    // Loose collection side 0.25, the name `graph` 0.25, adds to the Set 0.2: below the 0.8 a plan applies without review
    // (it was 0.70 with the Set read as holding GraphNodes; a WeakRef there lost the graph of an unlinked node).
    expect(node.confidence).toBe(0.55);
    // One holder that is a collection class of the project's own holds its objects itself: the
    // plain collection-side evidence (regression: tweakpane's NestedOrderedSet read as "inside").
    const blade = result.candidates.find((candidate) => candidate.class === 'Blade')!;
    expect(blade.evidence[1]!.message).toBe('Rack.blades holds Blade objects in an array (src/rack.ts:12); Blade.rack holds a single Rack.');
  });

  test('a `declare` field of a subclass names the risk that apply refuses its weakref fix; one of a class without a base does not', async () => {
    const result = await analyze({ tsconfig: fixture('declare-own-field') });
    const risks = (name: string) => result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!.risks.map((risk) => risk.kind);
    expect(risks('Pen.canvas')).toEqual(['declare-in-subclass']);
    expect(risks('Brush.canvas')).toEqual([]);
  });

  test('serialisation is a risk where it copies own properties, not where a toJSON names what it writes', async () => {
    const result = await analyze({ tsconfig: fixture('serialised') });
    const risks = (name: string) => result.candidates.find((candidate) => candidate.class === name)!.risks.map((risk) => risk.kind);
    expect(risks('Section')).toEqual([]);
    expect(risks('Note')).toEqual(['serialised']);
    expect(risks('Tag')).toEqual(['serialised']);
  });

  test('a longer cycle: shapes alone stay below 0.5; a holder handing the object it is given closes the ring', async () => {
    const bare = await analyze({ tsconfig: fixture('long-cycle'), minConfidence: 0 });
    // collection-side in a longer cycle weighs 0.4.
    expect(bare.candidates.map((candidate) => [candidate.field, candidate.confidence])).toEqual([['pipeline', 0.4]]);
    const wired = (await analyze({ tsconfig: fixture('long-cycle-wired') })).candidates[0]!;
    expect(wired.evidence.map((evidence) => evidence.kind)).toEqual(['collection-side', 'owner-assigns-back-pointer']);
    expect(wired.evidence[1]!.message).toBe(
      'Station.connect constructs Stop handing it an object it is given as `line`, and keeps it in `this.stops` (src/line.ts:12): the ring closes when that is the Line holding the Station.',
    );
    // 1 - 0.6 * 0.7
    expect(wired.confidence).toBe(0.58);
  });

  test('a class name after "a" that starts with a vowel gets "an"', async () => {
    const result = await analyze({ tsconfig: fixture('prototype-mixin') });
    const host = result.candidates.find((candidate) => candidate.field === 'host')!;
    expect(host.evidence[0]!.message).toBe('Element.add sets `host` of an Element to `this` (src/element.ts:24).');
  });

  test('an owner clearing a field right after disposing what it holds is a release, not evidence for the other direction', async () => {
    const result = await analyze({ tsconfig: fixture('dispose-then-clear') });
    const kinds = (name: string) => result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!.evidence.map((evidence) => evidence.kind);
    // Disposed through a local holding the field, through the field itself, and through a local
    // taken from a chained assignment inside a constructor callback.
    expect(kinds('Pane.frame')).toEqual(['owner-assigns-back-pointer', 'name-suggests-ownership']);
    expect(kinds('View.window')).toEqual(['owner-assigns-back-pointer', 'name-suggests-back-pointer']);
    expect(kinds('Body.shell')).toEqual(['owner-assigns-back-pointer']);
    // Closing is not disposing: the button closing its dialog and letting go of it unlinks.
    expect(kinds('CloseButton.dialog')).toContain('unlink-resets-back-pointer');
    // Stopping what it runs is (matrix-js-sdk's stopClient(), sixteenth sweep: 0.85 became 0.70).
    expect(kinds('Handler.client')).not.toContain('opposite-evidence');
    expect(result.candidates.find((candidate) => candidate.class === 'Handler')!.confidence).toBe(0.85);
  });

  test('a write through an abstract base declaration of the field is evidence for the subclasses that implement it', async () => {
    // Group.add(child: TreeNode) sets `child.parent = this`: the checker names TreeNode.parent
    // (abstract), the object is a Leaf or a Group, and their own `parent` is what is written.
    const result = await analyze({ tsconfig: fixture('abstract-field') });
    for (const name of ['Group.parent', 'Leaf.parent']) {
      const candidate = result.candidates.find((found) => `${found.class}.${found.field}` === name)!;
      expect(candidate.evidence.filter((evidence) => evidence.kind === 'owner-assigns-back-pointer').map((evidence) => `${evidence.file}:${evidence.line}`)).toEqual([
        'src/tree.ts:12',
      ]);
    }
  });

  test('a child node of a subclass that registers with its creator is not a wrapper: the construction counts', async () => {
    const result = await analyze({ tsconfig: fixture('wrapper-of-itself') });
    const up = result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === 'Region.up')!;
    expect(up.evidence.map((evidence) => evidence.kind)).toEqual(['child-registers-with-owner', 'collection-side', 'owner-constructs-with-this']);
  });

  test('a construction kept in the owner\'s field through a larger expression is stored there', async () => {
    const result = await analyze({ tsconfig: fixture('kept-in-collection') });
    const byField = (name: string) => result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!;
    const construction = (name: string) => byField(name).evidence.find((evidence) => evidence.kind === 'owner-constructs-with-this')!.message;
    // Before, each of these read as a construction "without keeping it in" the field (the weak
    // 0.25 of a factory); `this.outline ??= new Outline(this)` left the pair below 0.5.
    expect(construction('Sheet.workbook')).toBe('Workbook.addSheet constructs Sheet passing `this` as its `workbook` and stores it in `this.sheets` (src/registry.ts:10).');
    expect(construction('Clip.track')).toBe('Track.placeClip constructs Clip passing `this` as its `track` and stores it in `this.clips` (src/registry.ts:22).');
    expect(construction('MenuItem.menu')).toBe('Menu.setLabels constructs MenuItem passing `this` as its `menu` and stores it in `this.items` (src/registry.ts:34).');
    expect(construction('Song.playlist')).toBe('Playlist.append constructs Song passing `this` as its `playlist` and stores it in `this.songs` (src/registry.ts:49).');
    expect(construction('Button.toolbar')).toBe('Toolbar.insertButton constructs Button passing `this` as its `toolbar` and stores it in `this.buttons` (src/registry.ts:61).');
    expect(construction('Job.queue')).toBe('Queue.enqueue constructs Job passing `this` as its `queue` and stores it in `this.jobs` (src/registry.ts:73).');
    expect(construction('Outline.document')).toBe('Document.getOutline constructs Outline passing `this` as its `document` and stores it in `this.outline` (src/registry.ts:87).');
    // Regression (fifteenth sweep, uppy): `(this.#plugins[type] ??= []).push(plugin)` read as not kept, 0.76.
    expect(construction('Plugin.host')).toBe('Host.use constructs Plugin passing `this` as its `host` and stores it in `this.#plugins` (src/registry.ts:102).');
    expect(byField('Plugin.host').confidence).toBe(0.95);
    // Regression (fifteenth sweep, pdf-lib): gathered in a local array, then `this.pages.push(...embedded)`.
    expect(construction('PdfPage.pdf')).toBe('Pdf.embedPages constructs PdfPage passing `this` as its `pdf` and stores it in `this.pages` (src/registry.ts:119).');
    // owner-constructs-with-this 0.8, collection-side 0.5, adds-to-collection 0.2: 1 - 0.2 * 0.5 * 0.8.
    expect(byField('Sheet.workbook').confidence).toBe(0.92);
    // Handed to a function first: it may keep it or not, so only a factory's weak evidence.
    expect(construction('Pin.board')).toBe('Board.pin constructs Pin passing `this` as its `board` (src/wiring.ts:9), without keeping it in `this.pins` there.');
  });

  test('two fields another class sets to point at each other make a pair, in the direction the rest of the evidence gives', async () => {
    const result = await analyze({ tsconfig: fixture('linked-both-ways') });
    const prev = result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === 'ListNode.prev')!;
    expect(prev.evidence.map((evidence) => evidence.message)).toEqual([
      'LinkedList.push sets `next` and `prev` of two ListNode objects to point at each other (src/list.ts:21).',
      'The name `prev` is commonly used for back-pointers (src/list.ts:8).',
      'The name `next` suggests ListNode owns what it holds (src/list.ts:7).',
    ]);
    // Names alone choose the direction (0.25 and 0.15); the link then adds 0.4: 1 - 0.6 * 0.75 * 0.85.
    // Below 0.8, so a plan starts it as `skip`: a list held by its newest node owns through `prev`.
    expect(prev.confidence).toBe(0.62);
    // Before, nothing tied `next` to `prev` (no `this` handed or assigned): within one class that
    // is no pair, and the list was not reported at all. `left`/`right` and `partner` still are not.
    expect(result.candidates.map((candidate) => candidate.class)).not.toContain('Tile');
  });

  test('the link never decides the direction: code evidence does, and names cannot overturn it through the link', async () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      // Widget creates and keeps its layout; wiring code links the two both ways. `layout` is
      // named like a back-pointer, but the construction says Widget owns it (found by a second
      // reading: with the link weighed per direction, Widget.layout became the back-pointer).
      'src/widget.ts': [
        'export class Layout { widget: Widget | null = null; }',
        'export class Widget { layout: Layout | null = null; constructor() { this.layout = new Layout(); } }',
        'export function install(w: Widget, l: Layout): void { w.layout = l; l.widget = w; }',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json'), minConfidence: 0 });
    expect(result.candidates.map((candidate) => `${candidate.class}.${candidate.field}`)).toEqual(['Layout.widget']);
    expect(result.candidates[0]!.evidence.map((evidence) => evidence.kind)).toContain('fields-linked-both-ways');
  });

  test('an unlink method that resets the back-pointer counts (Tab.detach)', async () => {
    const result = await analyze({ tsconfig: fixture('unlink') });
    const strip = result.candidates.find((candidate) => candidate.field === 'strip')!;
    expect(strip.evidence.map((evidence) => evidence.kind)).toContain('unlink-resets-back-pointer');
  });

  test('evidence from a subclass names the subclass whose code it saw', async () => {
    const result = await analyze({ tsconfig: fixture('mixin') });
    const group = result.candidates.find((candidate) => candidate.field === 'group')!;
    expect(group.evidence.find((evidence) => evidence.kind === 'owner-assigns-back-pointer')?.message).toBe(
      'Group.join sets `group` of a Joinable(Base) to `this` (src/mixins.ts:7).',
    );
  });

  test('the constructor shows which field keeps the `this` passed to it', async () => {
    const result = await analyze({ tsconfig: fixture('constructed-as') });
    const byField = (name: string) => result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!;
    const construction = (name: string) => byField(name).evidence.find((evidence) => evidence.kind === 'owner-constructs-with-this')?.message;

    // A chain of one class: the construction counts for `before` (a parameter property) only.
    // Before the constructor was read it counted against `before` too, as a construction not kept
    // in `this.before` (0.25 of evidence for the other direction).
    expect(construction('Link.before')).toBe('Link.append constructs Link passing `this` as its `before` and stores it in `this.next` (src/list.ts:14).');
    expect(byField('Link.before').confidence).toBe(0.83);
    // Through `super(panel)` into `this.#panel = panel`, named as the subclass constructed.
    expect(construction('Widget.#panel')).toBe(
      'Panel.addButton constructs Button passing `this` as its `#panel` and stores it in `this.widgets` (src/panel.ts:7).',
    );
    // `new Tool(this)` fills `creator`: it is no evidence about `owner`.
    expect(construction('Tool.creator')).toBe('Panel.addTool constructs Tool passing `this` as its `creator` and stores it in `this.tools` (src/panel.ts:13).');
    expect(construction('Tool.owner')).toBeUndefined();
    // `this` in an options object, kept from `props.editor` or a destructured `{ editor }`: both
    // were below the confidence threshold when only `new X(this)` counted.
    expect(construction('CommandManager.editor')).toBe(
      'Editor.constructor constructs CommandManager passing `this` as its `editor` and stores it in `this.commands` (src/editor.ts:9).',
    );
    expect(construction('PluginHost.host')).toBe('Editor.constructor constructs PluginHost passing `this` as its `host` and stores it in `this.plugins` (src/editor.ts:10).');
    // Copied from the options without naming them: the key says `editor`, so nothing for `owner`.
    expect(construction('StatusLine.editor')).toBe('Editor.<initializer> constructs StatusLine passing `this` and stores it in `this.status` (src/editor.ts:5).');
    expect(result.skipped.find((skipped) => skipped.class === 'StatusLine')).toMatchObject({ field: 'owner', reason: 'below-confidence' });
    // The key names the field up to a leading underscore (kept via `options.editor ?? null`).
    expect(construction('Ruler._editor')).toBe('Editor.<initializer> constructs Ruler passing `this` and stores it in `this.ruler` (src/editor.ts:6).');
    // The constructor assigns through a setter `parent`, which is no field: the construction still counts for `_parent`.
    expect(construction('TreeItem._parent')).toBe('Tree.add constructs TreeItem passing `this` and stores it in `this.items` (src/tree.ts:22).');
  });

  test('in a longer cycle, the holder that creates an object and hands it its own pointer up the cycle tells the direction', async () => {
    const result = await analyze({ tsconfig: fixture('hands-on-pointer') });
    const target = result.candidates.find((candidate) => candidate.field === 'target')!;
    // `const { editor } = this` in ExtensionManager, then `new DecorationManager({ editor, ... })`,
    // whose constructor keeps `options.editor` in `target`.
    expect(target.evidence).toEqual([
      {
        kind: 'owner-assigns-back-pointer',
        file: 'src/editor.ts',
        line: 21,
        message:
          'ExtensionManager.createDecorations constructs DecorationManager handing it its own `editor` as `target`, and stores it in `this.decorations` (src/editor.ts:21): the DecorationManager points back where its holder does.',
      },
    ]);
    // 0.7 alone: the names say nothing here. And the direction is no longer "from shapes and names only".
    expect(target.confidence).toBe(0.7);
    expect(target.risks).toEqual([]);
    // The object created copies the pointer itself: `this.sheet = snapper.sheet` in its constructor.
    const sheet = result.candidates.find((candidate) => candidate.class === 'BoundsSnaps' && candidate.field === 'sheet')!;
    expect(sheet.evidence.map((evidence) => evidence.message)).toEqual([
      'Snapper.constructor constructs BoundsSnaps handing it its own `sheet` as `sheet`, and stores it in `this.bounds` (src/snaps.ts:13): the BoundsSnaps points back where its holder does.',
    ]);
    expect(sheet.confidence).toBe(0.7);
  });

  test('code anywhere that keeps a new object under the object it passes to it tells the back-pointer', async () => {
    const result = await analyze({ tsconfig: fixture('constructed-under') });
    const byField = (name: string) => result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!;
    // A factory function, through a local: `const profile = new Profile(account, bio); account.profile = profile`.
    expect(byField('Profile.account').evidence).toEqual([
      {
        kind: 'constructed-under-owner',
        file: 'src/account.ts',
        line: 19,
        message:
          'The function `openProfile` constructs Profile passing `account` as its `account` and keeps it in `account.profile` (src/account.ts:19): the Profile points back at an object holding it.',
      },
    ]);
    expect(byField('Profile.account').confidence).toBe(0.8);
    // A longer cycle wired in an event handler assigned to an object's property, two fields down.
    const view = byField('MouseDown.view');
    expect(view.evidence.map((evidence) => evidence.message)).toEqual([
      'The function `handlers.mousedown` constructs MouseDown passing `view` as its `view` and keeps it in `view.input.mouseDown` (src/input.ts:31): the MouseDown points back at an object holding it.',
    ]);
    // The code settles the cycle's direction: no "shapes and names only" risk.
    expect(view.risks).toEqual([]);
    // `to.captain = new Player(from)`: kept under another Club than the one passed.
    expect(result.skipped.find((skipped) => skipped.class === 'Player')).toMatchObject({ field: 'club', reason: 'below-confidence' });
  });

  test('risks: without strictNullChecks a back-pointer admits null, so clearing it is no risk', async () => {
    // `parent: Folder = null` in a project with strict: false (before: nullable "none" and a
    // non-nullable-reset risk, as if the type ruled null out).
    const result = await analyze({ tsconfig: fixture('lax-null-checks') });
    const parent = result.candidates.find((candidate) => candidate.field === 'parent')!;
    expect(parent.nullable).toBe('both');
    expect(parent.risks.map((risk) => risk.kind)).toEqual(['read-in-loop']);
  });

  // Regression (@tweakpane/core's RackController.rack, tldraw's FontManager.editor): read in a loop
  // favoured dispose, which cannot clear a readonly field; the plan then held a fix that could not
  // be carried out, with a risk saying so.
  test('a readonly back-pointer read in a loop still gets the weakref fix', async () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/tree.ts': [
        'export class Folder {',
        '  readonly files: File[] = [];',
        '  add(name: string): File { const file = new File(this, name); this.files.push(file); return file; }',
        '}',
        'export class File {',
        '  constructor(readonly folder: Folder, readonly name: string) {}',
        '  count(names: string[]): number { let found = 0; for (const name of names) if (this.folder.files.some((file) => file.name === name)) found++; return found; }',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    expect(result.candidates.map((candidate) => `${candidate.class}.${candidate.field} ${candidate.strategy} ${candidate.risks.map((risk) => risk.kind).join(',')}`)).toEqual([
      'File.folder weakref read-in-loop',
    ]);
  });

  // `scene.add(shape)`, `group.add(child)`: `add` was read as a collection's, keeping the shape in
  // `this.scene` itself, so the longer cycle got no evidence from the construction (0.25).
  test.each([
    // The evidence is at the add() call: line 5 after the local's line, line 4 when it is the first.
    ['through a local', 'const shape = new Shape(this); this.scene.add(shape); return shape;', 5],
    ['directly', 'this.scene.add(new Shape(this)); return this.scene.shapes[0]!;', 4],
  ])('a construction handed to a project class\'s own add() is kept where that method keeps it (%s)', async (_, body, line) => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/editor.ts': [
        'export class Editor {',
        '  readonly scene = new Scene();',
        `  draw(): Shape {`,
        `    ${body.replace('; this.', ';\n    this.').replace('; return', ';\n    return')}`,
        '  }',
        '}',
        'export class Scene {',
        '  readonly shapes: Shape[] = [];',
        '  add(shape: Shape): void { this.shapes.push(shape); }',
        '}',
        'export class Shape {',
        '  constructor(readonly editor: Editor) {}',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    const editor = result.candidates.find((candidate) => candidate.field === 'editor')!;
    expect(editor.kind).toBe('cycle');
    expect(editor.evidence.map((evidence) => `${evidence.kind} ${evidence.line}`)).toContain(`constructed-under-owner ${line}`);
  });

  test('risks: a dispose fix for a readonly back-pointer says it cannot clear it', async () => {
    const result = await analyze({ tsconfig: fixture('constructed-as'), strategy: 'dispose' });
    const risks = (name: string) => result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!.risks;
    expect(risks('PluginHost.host')).toEqual([
      { kind: 'readonly-reset', message: 'PluginHost.host is readonly: a dispose method cannot clear it. Make it writable, or use the weakref fix.', file: 'src/editor.ts', line: 25 },
      {
        kind: 'non-nullable-reset',
        message: 'PluginHost.host is typed without undefined/null: dispose can only clear it under a "disposed objects must not be used" contract.',
        file: 'src/editor.ts',
        line: 25,
      },
    ]);
    expect(risks('CommandManager.editor').map((risk) => risk.kind)).toEqual(['non-nullable-reset']);
    // With the weakref fix (the default here) readonly is no obstacle: the accessor replaces the field.
    const weak = await analyze({ tsconfig: fixture('constructed-as') });
    expect(weak.candidates.find((candidate) => candidate.field === 'host')!.risks).toEqual([]);
  });

  test('risks: a back-pointer assigned a placeholder nothing else holds gets dispose, with the reason', async () => {
    const result = await analyze({ tsconfig: fixture('fresh-placeholder') });
    const parent = result.candidates.find((candidate) => candidate.field === 'parent')!;
    expect(parent.risks[0]).toEqual({
      kind: 'fresh-value',
      message:
        'StateNode.parent is assigned an object created right there in StateNode.constructor (src/state.ts:11), which nothing else may hold: held by a WeakRef alone it could be collected at once, so dispose is the safer fix.',
      file: 'src/state.ts',
      line: 11,
    });
    expect(parent.strategy).toBe('dispose');
  });

  test('risks: a back-pointer whose constructor parameter defaults to a new object gets dispose', async () => {
    // Regression (deepkit, eleventh sweep): weakref was applied at 0.80, and `new Registry()`
    // lost its serializer at the next collection.
    const result = await analyze({ tsconfig: fixture('fresh-default') });
    const risk = (field: string) => result.candidates.find((candidate) => candidate.field === field)!.risks.find((item) => item.kind === 'fresh-value');
    expect(risk('serializer')).toMatchObject({ file: 'src/serializer.ts', line: 9 });
    expect(risk('host')).toMatchObject({ file: 'src/serializer.ts', line: 21 });
    // A fallback, not how the field is filled as a rule: no evidence for the other direction.
    expect(result.candidates.find((candidate) => candidate.field === 'serializer')!.confidence).toBe(0.8);
  });

  test('a construction wrapped in a function of the project counts as the owner constructing passing `this` (mongodb)', async () => {
    const result = await analyze({ tsconfig: fixture('factory-function') });
    const topology = result.candidates.find((candidate) => candidate.field === 'topology')!;
    expect(topology.evidence[0]).toEqual({
      kind: 'owner-constructs-with-this',
      file: 'src/topology.ts',
      line: 20,
      message: 'Topology.connect constructs Server through `createServer` passing `this` as its `topology` and stores it in `this.servers` (src/topology.ts:20).',
    });
    expect(topology.confidence).toBeGreaterThanOrEqual(0.9);
  });

  test('risks: a back-pointer filled by a factory of the project that may return a new object gets dispose, naming the factory', async () => {
    const result = await analyze({ tsconfig: fixture('fresh-factory') });
    const risk = (field: string) => result.candidates.find((candidate) => candidate.field === field)!.risks.find((item) => item.kind === 'fresh-value');
    // Through a factory returning another one's result, across files, and a static method.
    expect(risk('pool')).toEqual({
      kind: 'fresh-value',
      message:
        'Connection.pool is assigned an object `createPool` may create for it in Connection.constructor (src/pool.ts:20), which nothing else may hold: held by a WeakRef alone it could be collected at once, so dispose is the safer fix.',
      file: 'src/pool.ts',
      line: 20,
    });
    expect(risk('client')?.message).toContain('an object `Client.local` may create for it in Session.constructor (src/pool.ts:43)');
    // A function handing out what a Map keeps creates nothing.
    expect(risk('registry')).toBeUndefined();
  });

  test('risks: a back-pointer whose class hands out objects that hold it gets dispose, with the reason', async () => {
    const result = await analyze({ tsconfig: fixture('handed-out-holder') });
    const schema = result.candidates.find((candidate) => candidate.field === 'schema')!;
    expect(schema.risks).toEqual([
      {
        kind: 'handed-out-holder',
        message:
          'NodeKind.create returns a new Item that holds its NodeKind in Item.kind (src/schema.ts:23): a caller that keeps the Item, and not the Schema, would find NodeKind.schema collected behind a WeakRef, so dispose is the safer fix.',
        file: 'src/schema.ts',
        line: 23,
      },
    ]);
    expect(schema.strategy).toBe('dispose');
    // PieceView reads its piece and keeps nothing of it: no risk there.
    expect(result.candidates.find((candidate) => candidate.field === 'board')!.risks).toEqual([]);
  });

  test('risks: a readonly back-pointer that a WeakRef could lose is not sent to the weakref fix', async () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/schema.ts': [
        'export class Schema {',
        '  readonly kinds: NodeKind[] = [];',
        '  define(): NodeKind { const kind = new NodeKind(this); this.kinds.push(kind); return kind; }',
        '}',
        'export class NodeKind {',
        '  constructor(readonly schema: Schema | undefined) {}',
        '  create(): Item { return new Item(this); }',
        '}',
        'export class Item {',
        '  constructor(readonly kind: NodeKind) {}',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    const schema = result.candidates.find((candidate) => candidate.field === 'schema')!;
    expect(schema.risks.map((risk) => risk.kind)).toEqual(['handed-out-holder', 'readonly-reset']);
    expect(schema.risks[1]!.message).toBe('NodeKind.schema is readonly: a dispose method cannot clear it. Make it writable (the weakref fix could lose it, as said above).');
  });

  // maplibre's Map._updateStyle: `delete this.style` when there is no style, else
  // `this.style = new Style(this, ...)`. The reset was read as an unlink for the other direction
  // (Style owning the Map), which brought Style.map from 0.80 to 0.65 with a doubt on it.
  test.each([
    ['delete this.style', 'delete this.style;'],
    ['this.style = undefined', 'this.style = undefined;'],
  ])('an owner clearing the field it fills with new objects in the same method is no unlink (%s)', async (_, clear) => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/map.ts': [
        'export class MapView {',
        '  style?: Style;',
        '  setStyle(spec: string | null): void {',
        '    this.style?.remove();',
        '    if (!spec) {',
        `      ${clear}`,
        '      return;',
        '    }',
        '    this.style = new Style(this, spec);',
        '  }',
        '}',
        'export class Style {',
        '  constructor(public map: MapView | undefined, readonly spec: string) {}',
        '  remove(): void {}',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    const map = result.candidates.find((candidate) => candidate.field === 'map')!;
    expect(map.evidence.map((evidence) => evidence.kind)).toEqual(['owner-constructs-with-this']);
    expect(map.confidence).toBe(0.8);
    expect(map.risks).toEqual([]);
  });

  // planck's World: `this.bodyList = null` in the constructor was read as an unlink for the other
  // direction (0.89 fell to 0.74, under --auto-confidence), and the construction kept through
  // addBody() was counted twice, once as "without keeping it".
  test('a constructor setting up its own field is no unlink, and a construction kept through a method counts once', async () => {
    project = createTempProject({
      'tsconfig.json': TSCONFIG,
      'src/world.ts': [
        'export class World {',
        '  bodyList: Body | null;',
        '  constructor() {',
        '    this.bodyList = null;',
        '  }',
        '  createBody(): Body {',
        '    const body = new Body(this);',
        '    this.addBody(body);',
        '    return body;',
        '  }',
        '  addBody(body: Body): void {',
        '    body.next = this.bodyList;',
        '    this.bodyList = body;',
        '  }',
        '}',
        'export class Body {',
        '  world: World;',
        '  next: Body | null = null;',
        '  constructor(world: World) {',
        '    this.world = world;',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const result = await analyze({ tsconfig: project.path('tsconfig.json') });
    const world = result.candidates.find((candidate) => candidate.field === 'world')!;
    expect(world.evidence.map((evidence) => `${evidence.kind} ${evidence.line}`)).toEqual(['constructed-under-owner 8', 'name-suggests-back-pointer 17']);
    // constructed-under-owner 0.8 and the name 0.25: 1 - 0.2 * 0.75.
    expect(world.confidence).toBe(0.85);
  });

  test('a setter method taking this links the pair (item.attachTo(this))', async () => {
    const result = await analyze({ tsconfig: fixture('set-parent-method') });
    const owner = result.candidates.find((candidate) => candidate.field === 'owner')!;
    expect(owner.evidence[0]).toEqual({
      kind: 'owner-assigns-back-pointer',
      file: 'src/tree.ts',
      line: 7,
      message: 'Tree.add passes `this` to TreeItem.attachTo, which stores it in `owner` (src/tree.ts:7).',
    });
  });
  test('writes through a setter count for the field the setter keeps its value in, named as the code names them', async () => {
    const result = await analyze({ tsconfig: fixture('setter-back-pointer') });
    const messages = (name: string) =>
      result.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === name)!.evidence.map((evidence) => [evidence.kind, evidence.message]);
    expect(messages('TreeNode.#parent')).toEqual([
      ['owner-assigns-back-pointer', 'TreeNode.add sets `parent` of a TreeNode to `this`, through a setter storing `#parent` (src/tree.ts:16).'],
      ['collection-side', 'TreeNode._children holds TreeNode objects in an array (src/tree.ts:4); TreeNode.#parent holds a single TreeNode.'],
      ['unlink-resets-back-pointer', 'TreeNode.remove clears `parent` of a TreeNode, through a setter storing `#parent` (src/tree.ts:22).'],
      ['name-suggests-back-pointer', 'The name `#parent` is commonly used for back-pointers (src/tree.ts:3).'],
      ['owner-adds-to-collection', 'TreeNode.add adds to `this._children` (src/tree.ts:15).'],
      ['name-suggests-ownership', 'The name `_children` suggests TreeNode owns what it holds (src/tree.ts:4).'],
    ]);
    // Widget keeps the Layout it is given and hands it `this` through Layout's `parent` setter.
    expect(messages('Layout._parent')[0]).toEqual([
      'owner-assigns-back-pointer',
      'Widget.set layout sets `parent` of a Layout to `this`, through a setter storing `_parent` (src/widget.ts:16).',
    ]);
    // `set owner` keeps something else than its value: Board.place's `slot.owner = this` is no evidence.
    expect(messages('Slot._owner').map(([kind]) => kind)).not.toContain('owner-assigns-back-pointer');
  });
  test('a field its class fills with objects it constructs owns them: evidence against it as a back-pointer, for it as an owner', async () => {
    // Regression (lumino's Widget._layout, 0.52): paired with PanelLayout._widgets through the base
    // class Layout, with names and the collection's shape for it; Panel creating its layout says it owns.
    const owning = await analyze({ tsconfig: fixture('owner-keeps-construction'), minConfidence: 0 });
    const layout = owning.candidates.find((candidate) => candidate.field === '_layout')!;
    expect(layout.confidence).toBe(0.42);
    expect(layout.evidence.at(-1)?.message).toBe(
      'Evidence for the other direction: Panel.constructor keeps an object it constructs in `this.layout`, through a setter storing `_layout` (src/panel.ts:30): a field filled with new objects owns them.',
    );
    // Written by other code (zrender's `textEl.innerTransformable = new Transformable()`): 0.49 without it.
    const inner = owning.candidates.find((candidate) => candidate.field === 'inner')!;
    expect(inner.confidence).toBe(0.29);
    expect(inner.evidence.at(-1)?.message).toBe(
      'Evidence for the other direction: Host.attach puts an object it constructs in `inner` of a Label (src/label.ts:24): a field filled with new objects owns them.',
    );
    // A default made only when none is given (`doc ?? new Document()`) weighs half: Page.doc,
    // which Document builds with `new Page(this)`, stays above the review threshold (second reading: 0.75).
    const doc = owning.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === 'Page.doc')!;
    expect(doc.confidence).toBe(0.85);
    expect(doc.evidence.at(-1)?.message).toBe(
      'Evidence for the other direction: Page.constructor keeps an object it constructs in `this.doc` when it is given none (src/page.ts:20): a field filled with new objects owns them.',
    );
    // And for the owner of a real pair: Panel keeps the Layout it creates in `_layout`, whose `_parent` points back.
    const setters = await analyze({ tsconfig: fixture('setter-back-pointer') });
    const parent = setters.candidates.find((candidate) => `${candidate.class}.${candidate.field}` === 'Layout._parent')!;
    expect(parent.evidence.map((evidence) => evidence.kind)).toEqual([
      'owner-assigns-back-pointer',
      'owner-keeps-its-construction',
      'name-suggests-back-pointer',
      'opposite-evidence',
    ]);
  });

  test('a Map or Set built from what the owner constructs keeps it', async () => {
    // Regression (mongodb, twelfth sweep): `this.servers = new Map(xs.map((x) => [x, createServer(this, x)]))`
    // read as constructing a Server "without keeping it in `this.servers`" (0.63).
    const result = await analyze({ tsconfig: fixture('built-collection') });
    const first = (className: string) => result.candidates.find((candidate) => candidate.class === className)!.evidence[0]!.message;
    expect(first('Server')).toBe('Topology.connect constructs Server through `createServer` passing `this` as its `topology` and stores it in `this.servers` (src/topology.ts:9).');
    expect(first('Connection')).toBe('Topology.connect constructs Connection passing `this` as its `topology` and stores it in `this.pool` (src/topology.ts:10).');
    expect(first('Entry')).toBe('Registry.register constructs Entry passing `this` as its `registry` and stores it in `this.entries` (src/topology.ts:33).');
    expect(result.candidates.map((candidate) => candidate.confidence)).toEqual([0.9, 0.9, 0.94]);
  });
});
