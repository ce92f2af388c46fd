import { END_OF_LIFE_METHOD_NAMES } from '../graph/dispose-method-names.js';
import type { ClassFact, FieldGraph, FieldNode, FieldTarget } from '../graph/field-graph.js';
import type { AnalysisResult, AnalysisWarning, Candidate, CandidateKind, Cycle, Evidence, EvidenceKind, InverseRef, Risk, RiskKind, SkippedField, Strategy } from './analysis-result.js';
import { EVIDENCE_RULES, BACK_POINTER_NAMES, OWNERSHIP_NAMES, RELEASE_METHOD, combine, format, normaliseName, round2, withArticles } from './evidence-rules.js';
import { findCycles, type Edge } from './find-cycles.js';
import { findUnlinkBugs } from './find-unlink-bugs.js';
import { disposedInPlace, linkedPastOwners } from './disposed-in-place.js';
import { fingerprint } from './fingerprint.js';
import { indexGraph, type GraphIndex } from './graph-index.js';
import { CONTAINER_WORDS, constructionFills, containerOf, keptUnderOwner, keptUnderValues, matchingTarget, weighDirection, withMutualLink, type Direction, type WeighedEvidence } from './weigh-direction.js';

export interface DetectOptions {
  minConfidence: number;
  /** `auto` picks per candidate; `weakref` / `dispose` force one. */
  strategy?: 'auto' | 'weakref' | 'dispose';
}

export type Detection = Pick<AnalysisResult, 'candidates' | 'unlinkBugs' | 'skipped' | 'cycles'> & { warnings: AnalysisWarning[] };

// Evidence for the other direction above this makes the chosen direction worth a second look.
const DOUBTFUL_OPPOSITE = 0.3;
// Bidirectional pairs beyond this many expanded edges per field are left to the declared types.
const MAX_EDGE_EXPANSION = 4096;

/** A back-pointer and every owner side it was paired with. */
interface Finding {
  back: FieldNode;
  kind: CandidateKind;
  directions: Direction[];
  opposite: Direction[];
  cycles: number[];
}

/**
 * Find back-pointers: fields of bidirectional pairs (`Parent.children` / `Child.parent`,
 * including trees of one class and pairs through base classes and interfaces) and of longer
 * cycles, decide which side owns from the evidence in the code, and recommend a fix.
 * Pure: works on the graph data alone.
 */
export function detectBackPointers(graph: FieldGraph, options: DetectOptions): Detection {
  const index = indexGraph(graph);
  const isEdge = (field: FieldNode) => !field.static && field.targets.length > 0 && !index.classes.get(field.classId)?.external && !onlyPlainObjects(index, field);
  const edgeFields = graph.fields.filter(isEdge);
  const fieldsByClass = new Map<string, FieldNode[]>();
  for (const field of edgeFields) {
    const list = fieldsByClass.get(field.classId);
    if (list) list.push(field);
    else fieldsByClass.set(field.classId, [field]);
  }

  // Bidirectional pairs: f holds instances that have g, and g points at instances that have f.
  const findings = new Map<string, Finding>();
  const cycles: Cycle[] = [];
  const seenPairs = new Set<string>();
  const pairedBy = new Map<string, Set<string>>();
  for (const f of edgeFields) {
    const holders = new Set<string>();
    for (const reached of index.reach(f)) for (const base of index.withBases(reached)) holders.add(base);
    for (const holder of [...holders].sort()) {
      for (const g of fieldsByClass.get(holder) ?? []) {
        if (g === f || !pointsAt(index, g, f) || redeclares(index, f, g) || onlyThroughInterfaces(index, f, g)) continue;
        const key = f.id < g.id ? `${f.id}\0${g.id}` : `${g.id}\0${f.id}`;
        if (seenPairs.has(key)) continue;
        seenPairs.add(key);
        const forward = weighDirection(index, f, g);
        const backward = weighDirection(index, g, f);
        const [decided, other] = choose(index, forward, backward);
        // Wired both ways (`node.prev = tail; tail.next = node`): the pair is linked, in the
        // direction the rest of the evidence gives; with none (`left`/`right`), no pair.
        const link = decided.score > other.score ? index.mutualLink(f.id, g.id) : undefined;
        const chosen = link ? withMutualLink(index, decided, link) : decided;
        // Within one class hierarchy every reference field fits the shape of a tree (firstChild,
        // nextSibling, a `this`-typed field next to `children`): there, only code that links the
        // two fields makes a pair, or a back-pointer's name facing a collection of its kind.
        const ownsMany = containerOf(index, chosen.owner, chosen.back) !== 'single';
        const named = ownsMany && chosen.evidence.some((item) => item.kind === 'name-suggests-back-pointer');
        if (kindOf(index, chosen) === 'self-tree' && !named && !chosen.evidence.some(isLinkingEvidence)) continue;
        // Two collections of one class hierarchy most often hold children both (a document's
        // `foreign` and `unused` documents, @jupyterlab/lsp): a pair only where code puts `this`
        // into the other one by name (rxjs's `teardown._addParent(this)` into `_parentage`, the
        // parents of a subscription), not on a construction whose `this` lands elsewhere.
        const namesBack = chosen.evidence.some((item) => item.kind === 'owner-assigns-back-pointer' || item.kind === 'fields-linked-both-ways');
        if (kindOf(index, chosen) === 'self-tree' && ownsMany && containerOf(index, chosen.back, chosen.owner) !== 'single' && !namesBack) continue;
        const finding = findingFor(findings, chosen.back, kindOf(index, chosen));
        finding.directions.push(chosen);
        if (other.score > 0) finding.opposite.push(other);
        const cycleIndex = cycles.push({
          members: [label(index, chosen.owner), label(index, chosen.back)],
          fieldIds: [chosen.owner.id, chosen.back.id],
        }) - 1;
        finding.cycles.push(cycleIndex);
        for (const [a, b] of [[f, g], [g, f]] as const) {
          const set = pairedBy.get(a.id);
          if (set) set.add(b.id);
          else pairedBy.set(a.id, new Set([b.id]));
        }
      }
    }
  }

  // Longer cycles with no bidirectional pair inside.
  const warnings: AnalysisWarning[] = [];
  const longCycles = findLongCycles(index, edgeFields);
  let listedLong = 0;
  const fieldById = new Map(graph.fields.map((field) => [field.id, field]));
  for (const cycleFields of longCycles.cycles) {
    const members = cycleFields.map((id) => fieldById.get(id)!);
    if (members.some((member, i) => pairedBy.get(member.id)?.has(members[(i + 1) % members.length]!.id))) continue;
    const broken = members.findIndex((member) => findings.has(member.id));
    const backIndex = broken >= 0 ? broken : weakestLink(index, members);
    const rotated = [...members.slice(backIndex + 1), ...members.slice(0, backIndex + 1)];
    const cycleIndex = cycles.push({ members: rotated.map((member) => label(index, member)), fieldIds: rotated.map((member) => member.id) }) - 1;
    listedLong += 1;
    const back = members[backIndex]!;
    if (broken >= 0) {
      findings.get(back.id)!.cycles.push(cycleIndex);
      continue;
    }
    const finding = findingFor(findings, back, 'cycle');
    finding.directions.push(weighCycleLink(index, members, backIndex));
    finding.cycles.push(cycleIndex);
  }
  if (longCycles.truncated) warnings.push({ kind: 'other', message: truncationWarning(longCycles.cycles.length, listedLong) });

  const accepted: Array<{ candidate: Candidate; finding: Finding }> = [];
  const skipped: SkippedField[] = [];
  for (const finding of findings.values()) {
    const { back } = finding;
    const reason = ineligibility(index, back);
    if (reason && !reason.advice) {
      skipped.push(skip(index, back, reason.reason, reason.message));
      continue;
    }
    const candidate = toCandidate(index, finding, options);
    // "Break the cycle by hand" is advice for a back-pointer: one the evidence does not make a
    // candidate is skipped as below the confidence, as any other is (a field its own class fills
    // with what it builds, in a class whose constructor may return another object: luma.gl).
    if (reason && candidate.confidence >= options.minConfidence) {
      skipped.push({ ...skip(index, back, reason.reason, reason.message), confidence: candidate.confidence });
      continue;
    }
    // Held only by plain objects, there is no class to give a dispose method to; where a WeakRef
    // could lose the object too, no fix is safe to apply (a `reset()` storing a fresh context).
    const losing = candidate.risks.find((risk) => WEAKREF_MAY_LOSE.has(risk.kind));
    if (candidate.confidence >= options.minConfidence && ownedByPlainObjectsOnly(index, finding) && (!index.graph.lib.weakRef || losing)) {
      const why = !index.graph.lib.weakRef
        ? 'the lib has no WeakRef'
        : losing!.kind === 'handed-out-holder'
          ? 'its class hands out objects that hold it, which callers may keep without the owner (a WeakRef would lose it)'
          : 'it is also assigned objects created right there, which a WeakRef alone could lose';
      skipped.push({
        ...skip(index, back, 'no-safe-fix', `Held only by properties of plain objects, so no class can get a dispose method, and ${why}: no automatic fix is safe; break the cycle by hand.`),
        confidence: candidate.confidence,
      });
      continue;
    }
    if (candidate.confidence < options.minConfidence) {
      // Evidence against it, when that is what brought it down, is worth a line of its own.
      const against = candidate.evidence.find((item) => item.kind === 'owner-hands-out' || item.kind === 'listener-list');
      skipped.push({
        ...skip(
          index,
          back,
          'below-confidence',
          `The evidence that ${label(index, back)} is a back-pointer is weak (confidence ${candidate.confidence}, below ${options.minConfidence})${against ? `: ${against.message.replace(/\.$/, '')}` : ''}.`,
        ),
        confidence: candidate.confidence,
      });
      continue;
    }
    accepted.push({ candidate, finding });
  }
  // A back-pointer whose cycle already breaks when its owners are disposed (inject-dispose's fix,
  // applied, or the project's own teardown) is reported as done, as a weakref fix's field is
  // (already weak). The owners are those the plan sends a dispose fix through: not a side that is
  // itself a back-pointer as surely (see create-plan.ts). Its unlink bugs still count: a removed
  // object keeps its old owner whether or not that is disposed later.
  const confidenceOf = new Map(accepted.map(({ candidate, finding }) => [finding.back.id, candidate.confidence]));
  const disposed: Finding[] = [];
  const remaining = accepted.filter(({ candidate, finding }) => {
    const { back } = finding;
    // Every side the types tie closely counts here, also one the code never ties (which the fix
    // leaves out): objects it holds may still point back, and "already broken" must be sure.
    const owners = finding.directions
      .filter((direction) => !looseByType(direction))
      .map((direction) => direction.owner)
      .filter((owner) => (confidenceOf.get(owner.id) ?? -1) < candidate.confidence);
    const isBackPointer = (field: FieldNode) => confidenceOf.has(field.id);
    const done = disposedInPlace(index, back, owners, (owner) => heldThroughHolder(index, owner, back), isBackPointer);
    if (!done) {
      // Said before apply writes a fix the analysis would not count (see linkedPastOwners). The
      // fix goes on through the owning fields themselves (a tree's `children` disposing its
      // children), so a link among them is gone through.
      const links = candidate.strategy === 'dispose' ? linkedPastOwners(index, back, isBackPointer) : [];
      if (owners.length > 0 && links.length > 0 && !links.some((link) => owners.some((owner) => owner.id === link.id))) {
        const kind = index.className(back.classId);
        const holders = [...new Set(owners.map((owner) => `${index.className(owner.classId)}.${owner.name}`))].join(', ');
        candidate.risks.push({
          kind: 'linked-past-owners',
          message: withArticles(
            `${kind} objects also hold others of their kind in ${[...new Set(links.map((link) => `\`${link.name}\``))].join(', ')}, which ${holders} may not hold: a dispose fix clears \`${back.name}\` on the objects the owners hold, so the analysis cannot tell that it breaks every cycle and keeps reporting ${label(index, back)} after it. Check that every ${kind} pointing back is held there, or use the weakref fix.`,
          ),
          file: links[0]!.file,
          line: links[0]!.line,
        });
      }
      return true;
    }
    skipped.push({
      ...skip(index, back, 'disposed', `Its cycle already breaks when the owner is disposed, as inject-dispose's fix does: ${done.message}`),
      places: done.places,
      confidence: candidate.confidence,
    });
    disposed.push(finding);
    return false;
  });
  accepted.splice(0, accepted.length, ...remaining);
  // Fields that are not part of any finding but that a reader would ask about.
  for (const field of graph.fields) {
    if (findings.has(field.id) || index.classes.get(field.classId)?.external) continue;
    if (field.static && field.targets.length > 0) {
      const held = field.targets.map((target) => index.className(target.classId)).join(', ');
      skipped.push(skip(index, field, 'static', `Static field: a root that keeps ${held} objects alive for the program's lifetime, not a back-pointer.`));
    } else if (field.targets.length === 0 && field.weakTargets.length > 0) {
      skipped.push(skip(index, field, 'already-weak', `Already weak: holds ${field.weakTargets.map((id) => index.className(id)).join(', ')} through WeakRef, WeakMap or WeakSet.`));
    } else if (field.ignored && field.targets.length > 0) {
      skipped.push(skip(index, field, 'ignored', 'Marked `// weakify-ignore`.'));
    }
  }

  accepted.sort((a, b) => byPlace(a.candidate, b.candidate));
  // Pairs only: a longer cycle's back-pointer points at another class than the one whose
  // collection the object leaves, so keeping it there is no unlink bug.
  const unlinkBugs = findUnlinkBugs(
    index,
    [...accepted.map(({ finding }) => finding), ...disposed].filter((finding) => finding.kind !== 'cycle').map((finding) => ({
      back: finding.back,
      owners: finding.directions.filter((direction) => direction.evidence.some(isLinkingEvidence)).map((direction) => direction.owner),
    })),
  );
  return { candidates: accepted.map(({ candidate }) => candidate), unlinkBugs, skipped: skipped.sort(byPlace), cycles, warnings };
}

/**
 * A field typed by an interface that project classes implement, which its class only ever fills
 * with object literals (`readonly props: NodeProps`, `this.props = { ...props, parent: null }`,
 * @lightningjs/renderer's CoreNode): it holds plain objects, none of those classes, though a class
 * implementing a sub-interface fits the type (it was a 0.83 back-pointer whose dispose fix would
 * have thrown every node's props away). Only where no other code may write the field.
 */
function onlyPlainObjects(index: GraphIndex, field: FieldNode): boolean {
  // Readonly: written only in its class's constructor, through `this`, where facts see it (a
  // private field may be written on another object of the class, `member.owner = owner`, which
  // leaves no fact).
  if (!field.targets.every((target) => target.via === 'interface') || field.parameterProperty || !field.readonly) return false;
  const stores = index.factsIn([field.classId]).filter((fact) => fact.kind === 'stores-in-field' && fact.classId === field.classId && fact.ownField === field.name);
  return stores.length > 0 && stores.every((fact) => fact.objectLiteral === true);
}

function findingFor(findings: Map<string, Finding>, back: FieldNode, kind: CandidateKind): Finding {
  let finding = findings.get(back.id);
  if (!finding) findings.set(back.id, (finding = { back, kind, directions: [], opposite: [], cycles: [] }));
  return finding;
}

/**
 * Evidence that code links the two fields (the owner's add site sets the back-pointer, or the
 * fields are set to point at each other): that owner is where objects are linked.
 */
function isLinkingEvidence(evidence: WeighedEvidence): boolean {
  if (evidence.kind === 'fields-linked-both-ways') return true;
  return (
    (evidence.kind === 'owner-assigns-back-pointer' ||
      evidence.kind === 'owner-constructs-with-this' ||
      evidence.kind === 'constructed-under-owner' ||
      evidence.kind === 'child-registers-with-owner') &&
    evidence.weight >= EVIDENCE_RULES.registersWithOwner.weight
  );
}

/**
 * Two fields that reach each other's class only through interfaces (`sub: IDisposable` in classes
 * that all implement IDisposable) are not a pair: any two implementers would be, and on a
 * VS Code-style code base that is quadratic in classes and meaningless (two classes holding
 * "some Disposable" are not a pair either). Unless each interface stands for one class hierarchy:
 * the "public interface, private Impl class" layout of langium's syntax tree, `container:
 * CompositeCstNode` and `content: CstNode[]`, implemented by AbstractCstNode and its subclasses.
 */
function onlyThroughInterfaces(index: GraphIndex, f: FieldNode, g: FieldNode): boolean {
  const via = (from: FieldNode, to: FieldNode) =>
    from.targets.filter((target) => index.withSubclasses(target.classId).has(to.classId) || index.withBases(to.classId).has(target.classId));
  const forward = via(f, g);
  const backward = via(g, f);
  const few = (field: FieldNode) => field.targets.filter((target) => target.via === 'interface').length <= 1;
  return forward.length > 0 && backward.length > 0 && [...forward, ...backward].every((target) => target.via === 'interface') && !(few(f) && few(g));
}

/**
 * A pairing by types alone that barely fit (lumino: every Widget has `_parent: Widget`, so
 * MenuBar._menus pairs with it) is no reason to dispose what that side holds. Nor is one the
 * code never ties to the back-pointer while it ties another side (zrender's `__clipPaths`, copies
 * of ancestors' clip paths, beside the `children` that `add()` fills and sets `parent` for):
 * the types fit, but what it holds belongs elsewhere. (The `disposed` check still counts such a
 * side: what the code does not show tying may still own, see looseByType's use there.)
 * Why the side is loose, if it is.
 */
function looseWhy(direction: Direction, finding: Finding): string | undefined {
  if (looseByType(direction)) return direction.loose;
  if (tiedByCode(direction)) return undefined;
  const tied = finding.directions.filter(tiedByCode);
  if (tied.length === 0) return undefined;
  const names = tied.map((other) => `\`${other.owner.name}\``);
  return `only the types pair \`${direction.owner.name}\` with \`${finding.back.name}\`: the code ties it to ${[...new Set(names)].join(' and ')}`;
}

/** InverseRef's `loose`, where the side is. */
function loosely(direction: Direction, finding: Finding): { loose?: string } {
  const loose = looseWhy(direction, finding);
  return loose === undefined ? {} : { loose };
}

/** Types that barely fit (see looseMatch), with no code linking the two. */
function looseByType(direction: Direction): direction is Direction & { loose: string } {
  return direction.loose !== undefined && !direction.evidence.some(isLinkingEvidence);
}

/**
 * Code that links the two fields through this side, or makes it an owner: a construction passing
 * `this`, an assignment or registration where the object is kept there, an add to it, objects the
 * owner constructs and keeps there. (A removal resetting the back-pointer names no side.)
 */
function tiedByCode(direction: Direction): boolean {
  return direction.evidence.some((evidence) => isLinkingEvidence(evidence) || TYING.has(evidence.kind));
}

const TYING = new Set<EvidenceKind>(['owner-adds-to-collection', 'owner-keeps-its-construction']);

/** Every owner is a property of a plain object's interface: there is no class to give a dispose method to. */
function ownedByPlainObjectsOnly(index: GraphIndex, finding: Finding): boolean {
  return finding.directions.length > 0 && finding.directions.every((direction) => index.plainObject(direction.owner.classId));
}

/** Whether the owner holds the back-pointer's objects inside another project object (`layers: Box<Layer>`). */
function heldThroughHolder(index: GraphIndex, owner: FieldNode, back: FieldNode): boolean {
  return matchingTarget(index, owner, back)?.throughHolder === true;
}

/**
 * Whether the owner holds the back-pointer's objects typed by an interface that may not have the
 * method a dispose fix would call on them (langium's `content: CstNode[]`, which has none), so that
 * apply could not write what the analysis recommends (TS2339). The plan calls the end-of-life
 * method the two classes declare (the project's convention, `dispose` by default, where they have
 * none): each must be one the interface declares, not optional.
 */
function heldThroughInterfaceWithoutDispose(index: GraphIndex, owner: FieldNode, back: FieldNode): boolean {
  const target = matchingTarget(index, owner, back);
  if (target?.via !== 'interface' || target.interfaceDisposes === undefined) return false;
  const callable = new Set(target.interfaceDisposes);
  const declared = [back.classId, owner.classId].flatMap((id) => (index.classes.get(id)?.disposeMethods ?? []).filter((name) => END_OF_LIFE_METHOD_NAMES.has(name)));
  return declared.length === 0 ? !callable.has('dispose') : !declared.every((name) => callable.has(name));
}

/** A subclass redeclaring its base's field (to narrow its type) holds the same slot: not a pair. */
function redeclares(index: GraphIndex, f: FieldNode, g: FieldNode): boolean {
  if (f.name !== g.name) return false;
  return index.withSubclasses(f.classId).has(g.classId) || index.withSubclasses(g.classId).has(f.classId);
}

/** Does g point at (a class that has) f? */
function pointsAt(index: GraphIndex, g: FieldNode, f: FieldNode): boolean {
  const reach = index.reach(g);
  if (reach.has(f.classId)) return true;
  for (const sub of index.withSubclasses(f.classId)) if (reach.has(sub)) return true;
  return false;
}

/**
 * The likelier direction. Ties (often: no evidence either way) fall to the single-valued side
 * as back-pointer, then to a stable order, so the result never depends on the input order.
 */
function choose(index: GraphIndex, a: Direction, b: Direction): [Direction, Direction] {
  if (a.score !== b.score) return a.score > b.score ? [a, b] : [b, a];
  const aSingle = containerOf(index, a.back, a.owner) === 'single';
  const bSingle = containerOf(index, b.back, b.owner) === 'single';
  if (aSingle !== bSingle) return aSingle ? [a, b] : [b, a];
  return a.back.id > b.back.id ? [a, b] : [b, a];
}

function kindOf(index: GraphIndex, direction: Direction): CandidateKind {
  const { owner, back } = direction;
  if (index.withSubclasses(owner.classId).has(back.classId) || index.withSubclasses(back.classId).has(owner.classId)) return 'self-tree';
  return containerOf(index, owner, back) === 'single' ? 'one-to-one' : 'one-to-many';
}

/**
 * The link of a longer cycle most likely to be a back-pointer: a single reference into a class
 * that holds the next link as a collection (it points back at an owner of many), named like a
 * back-pointer. Ties go to a single reference, then to the last in the cycle's stable order. A
 * link whose holder constructs the object it keeps there (`this.overlays = new
 * OverlayManager(this)`) owns it and is not chosen while another link is not such: tldraw's
 * Editor.overlays was picked over OverlayUtil.editor because its target holds a Map.
 */
function weakestLink(index: GraphIndex, members: FieldNode[]): number {
  const owning = members.map((member) => constructsWhatItKeeps(index, member));
  const allOwning = owning.every(Boolean);
  let best = 0;
  let bestScore = -1;
  // On a tie a single reference is likelier the back-pointer than a collection.
  const single = (member: FieldNode) => member.targets.every((target) => target.container === 'single');
  members.forEach((member, i) => {
    if (owning[i] && !allOwning) return;
    const score = weighCycleLink(index, members, i).score;
    if (score > bestScore || (score === bestScore && (single(member) || !single(members[best]!)))) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/**
 * In a longer cycle no field points straight back at its holder, so shapes and names speak:
 * `back` is a single reference to the class whose `next` field holds many objects. And the code
 * that wires it: the holder of `back`'s object (through `previous`) creates it and hands it its
 * own pointer up the cycle (tiptap: `this.decorationManager = new DecorationManager({ editor })`
 * in the ExtensionManager whose `editor` points at the Editor), or code anywhere creates it with
 * the object `back` will point at and keeps it under that object, along the cycle
 * (`view.input.mouseDown = new MouseDown(view)`).
 *
 * The owner reported is `previous`, the field that holds `back`'s objects: the one a dispose
 * method must go through to reach them (`next` holds another class), and the one whose container
 * risks and the plan describe.
 */
function weighCycleLink(index: GraphIndex, members: readonly FieldNode[], backIndex: number): Direction {
  const back = members[backIndex]!;
  // The way round from back's target to back's class: next first, previous last.
  const around = [...members.slice(backIndex + 1), ...members.slice(0, backIndex)];
  const next = around[0]!;
  const previous = around[around.length - 1]!;
  const evidence: WeighedEvidence[] = [];
  const keptUnder = keptUnderOwner(index, around, back);
  if (keptUnder) {
    const rule = EVIDENCE_RULES.constructedUnderOwner;
    const values = { ...keptUnderValues(index, keptUnder, around), field: back.name, at: `${keptUnder.file}:${keptUnder.line}` };
    evidence.push({ kind: rule.id, file: keptUnder.file, line: keptUnder.line, weight: rule.weight, message: format(rule.message, values) });
  }
  const handed = handsOnPointer(index, back, previous);
  if (handed) {
    const stored = handed.ownField === previous.name;
    const rule = stored ? EVIDENCE_RULES.handsOnPointer : EVIDENCE_RULES.handsOnPointerOnly;
    evidence.push({
      kind: rule.id,
      file: handed.file,
      line: handed.line,
      weight: rule.weight,
      message: format(rule.message, {
        holder: index.className(handed.classId),
        method: handed.method,
        child: index.className(handed.targetClassId!),
        passed: handed.field!,
        field: back.name,
        holderField: previous.name,
        at: `${handed.file}:${handed.line}`,
      }),
    });
  }
  const given = handed ? undefined : handsOnParameter(index, back, previous);
  if (given) {
    const rule = EVIDENCE_RULES.handsOnParameter;
    evidence.push({
      kind: rule.id,
      file: given.file,
      line: given.line,
      weight: rule.weight,
      message: format(rule.message, {
        holder: index.className(given.classId),
        method: given.method,
        child: index.className(given.targetClassId!),
        field: back.name,
        holderField: previous.name,
        target: index.className(next.classId),
        at: `${given.file}:${given.line}`,
      }),
    });
  }
  const registers = registersInCycle(index, back, next, previous);
  if (registers) {
    const rule = EVIDENCE_RULES.registersInCycle;
    const { call, made } = registers;
    evidence.push({
      kind: rule.id,
      file: call.file,
      line: call.line,
      weight: rule.weight,
      message: format(rule.message, {
        child: index.className(call.classId),
        method: call.method,
        holder: index.className(previous.classId),
        called: call.calledMethod!,
        holderField: previous.name,
        at: `${call.file}:${call.line}`,
        target: index.className(made.classId),
        madeIn: made.method,
        field: back.name,
        madeAt: `${made.file}:${made.line}`,
      }),
    });
  }
  const target = index.className(next.classId);
  const nextContainer = next.targets[0]?.container ?? 'single';
  if (nextContainer !== 'single' && back.targets.every((t) => t.container === 'single')) {
    const rule = EVIDENCE_RULES.collectionSideInCycle;
    evidence.push({
      kind: rule.id,
      file: next.file,
      line: next.line,
      weight: rule.weight,
      message: format(rule.message, { owner: target, ownerField: next.name, container: CONTAINER_WORDS[nextContainer], at: `${next.file}:${next.line}`, field: label(index, back) }),
    });
  }
  if (BACK_POINTER_NAMES.has(normaliseName(back.name))) {
    const rule = EVIDENCE_RULES.backPointerName;
    evidence.push({ kind: rule.id, file: back.file, line: back.line, weight: rule.weight, message: format(rule.message, { field: back.name, at: `${back.file}:${back.line}` }) });
  }
  if (OWNERSHIP_NAMES.has(normaliseName(next.name))) {
    const rule = EVIDENCE_RULES.ownershipName;
    evidence.push({ kind: rule.id, file: next.file, line: next.line, weight: rule.weight, message: format(rule.message, { owner: target, ownerField: next.name, at: `${next.file}:${next.line}` }) });
  }
  return { owner: previous, back, evidence, score: combine(evidence.map((item) => item.weight)) };
}

/**
 * gltf-transform's Extension: `Document.createExtension` builds it with `new ctor(this)`, its
 * constructor keeps that as `document` and registers itself with the document's root
 * (`document.getRoot()._enableExtension(this)`), whose method keeps it in `Root._extensions`.
 * In the cycle Document._root -> Root._extensions -> Extension.document, the object is kept by
 * the link before `back` through its own registration, and made by the class `back` aims at.
 */
function registersInCycle(index: GraphIndex, back: FieldNode, next: FieldNode, previous: FieldNode): { call: ClassFact; made: ClassFact } | undefined {
  const objectClasses = index.withSubclasses(back.classId);
  const made = index
    .factsIn([next.classId])
    .find((fact) => fact.kind === 'constructs-with-this' && fact.targetClassId !== undefined && objectClasses.has(fact.targetClassId) && fact.receivedBy?.includes(back.name) === true);
  if (!made) return undefined;
  const holderLine = new Set([...index.withBases(previous.classId), ...index.withSubclasses(previous.classId)]);
  // Methods of the holder that keep their parameter at a position in `previous`.
  const keeping = new Set(
    index
      .factsIn([previous.classId])
      .filter((fact) => (fact.kind === 'adds-to-collection' || fact.kind === 'stores-in-field') && fact.ownField === previous.name && fact.fromParameter !== undefined)
      .map((fact) => `${fact.method}\0${fact.fromParameter}`),
  );
  const call = index
    .factsIn([back.classId])
    .find(
      (fact) =>
        fact.kind === 'calls-method' &&
        fact.thisArgument !== undefined &&
        fact.thisArgumentKey === undefined &&
        fact.targetClassId !== undefined &&
        holderLine.has(fact.targetClassId) &&
        keeping.has(`${fact.calledMethod}\0${fact.thisArgument}`),
    );
  return call ? { call, made } : undefined;
}

/**
 * Whether the field's class (or its hierarchy) fills it only with objects it constructs there:
 * `this.overlays = new OverlayManager(this)`, `readonly overlays = new OverlayManager()`. A field
 * that also receives a value (a parameter property, `this.editor = editor` in some branch or
 * subclass) is not, whatever a fallback constructs; nor is a collection constructed empty
 * (`byId = new Map()`), which says nothing about the objects put in it.
 */
function constructsWhatItKeeps(index: GraphIndex, field: FieldNode): boolean {
  if (field.parameterProperty || field.targets.some((target) => target.container !== 'single')) return false;
  // A plain object's property has no code of its own: filled by others with new objects
  // (`this.context.behavior = new BehaviorController(this.context)`), it owns them.
  if (index.plainObject(field.classId)) return index.constructionInto(field) !== undefined;
  const reach = index.reach(field);
  const fills = index.factsIn([field.classId]).filter(
    (fact) =>
      fact.ownField === field.name &&
      (fact.kind === 'stores-in-field' || (fact.kind === 'constructs-with-this' && fact.targetClassId !== undefined && reach.has(fact.targetClassId))),
  );
  // A plain object's shape is constructed by an object literal: zrender's `this._i = { layers: [] }`
  // owns its CanvasPainterInternal as `new` would (as in weigh-direction's keepsItsConstruction).
  const plainObjects = field.targets.every((target) => index.plainObject(target.classId));
  const constructs = (fact: ClassFact) =>
    fact.kind === 'constructs-with-this' || fact.constructed === true || (plainObjects && fact.fresh === true && !RELEASE_METHOD.test(fact.method));
  return fills.length > 0 && fills.every(constructs);
}

/**
 * A `constructs-passing-field` fact in the class line of `previous` (the field before `back` in
 * the cycle): it creates `back`'s class, handing on a field of its own that points where `back`
 * does, and the constructor keeps it in `back` (or, not shown, under a key of that name).
 */
function handsOnPointer(index: GraphIndex, back: FieldNode, previous: FieldNode): ClassFact | undefined {
  const holders = [...index.withSubclasses(previous.classId)];
  // The field handed on is the constructing class's own (or inherited): a sibling subclass's does not count.
  const aimsWithBack = (fact: ClassFact) =>
    index
      .fieldsNamed(fact.field!)
      .some((field) => index.withBases(fact.classId).has(field.classId) && field.targets.some((target) => back.targets.some((other) => other.classId === target.classId)));
  const facts = index.factsIn(holders).filter(
    (fact) =>
      fact.kind === 'constructs-passing-field' &&
      fact.targetClassId !== undefined &&
      index.withSubclasses(back.classId).has(fact.targetClassId) &&
      aimsWithBack(fact) &&
      constructionFills(index, fact, back) === true,
  );
  return facts.find((fact) => fact.ownField === previous.name) ?? facts[0];
}

/**
 * A `constructs-passing-parameter` fact in the class line of `previous`: it creates `back`'s class,
 * hands it an object it was given, which the constructor keeps in `back`, and keeps the new object
 * in `previous` (`connect(pipeline) { this.ports.push(new Port(pipeline)) }`). Code that wires the
 * ring, if the caller passes the object holding the holder, as such a method is there for.
 */
function handsOnParameter(index: GraphIndex, back: FieldNode, previous: FieldNode): ClassFact | undefined {
  const children = index.withSubclasses(back.classId);
  return index
    .factsIn([...index.withSubclasses(previous.classId)])
    .find(
      (fact) =>
        fact.kind === 'constructs-passing-parameter' &&
        fact.ownField === previous.name &&
        children.has(fact.targetClassId!) &&
        constructionFills(index, fact, back) === true,
    );
}

/** `Node.prev` owned by `Node.next` alone, a single field of its own class: a chain, not a tree. */
function chainLink(index: GraphIndex, finding: Finding): boolean {
  const owners = uniqueBy(finding.directions.map((direction) => direction.owner), (owner) => owner.id);
  const owner = owners.length === 1 ? owners[0]! : undefined;
  return owner !== undefined && containerOf(index, owner, finding.back) === 'single' && index.withBases(finding.back.classId).has(owner.classId);
}

/** How many project classes a field may reach through interfaces for longer cycles to follow it. */
const MAX_INTERFACE_IMPLEMENTERS = 2;

/** Cycles of three or more classes, over instance fields expanded to the subclasses they can hold. */
function findLongCycles(index: GraphIndex, fields: FieldNode[]): { cycles: string[][]; truncated: boolean } {
  const edges: Edge[] = [];
  const nodes = new Set<string>();
  // Declared targets, and an interface's implementers only where they are few: through an
  // interface many classes implement every implementer reaches every other (any two classes
  // holding "some IDisposable"), which would list thousands of meaningless cycles; an interface
  // one or two classes implement stands for them (lumino's `_editorController:
  // ICellEditorController`, filled with the one CellEditorController).
  const followed = (field: FieldNode) => {
    const throughInterface = field.targets.filter((target) => target.via === 'interface');
    return field.targets.filter((target) => target.via === 'declared' || (target.via === 'interface' && throughInterface.length <= MAX_INTERFACE_IMPLEMENTERS));
  };
  const declaredReach = (field: FieldNode) => new Set(followed(field).flatMap((target) => [...index.withSubclasses(target.classId)]));
  const targeted = new Set<string>();
  for (const field of fields) for (const id of declaredReach(field)) targeted.add(id);
  for (const field of fields) {
    const to = [...declaredReach(field)];
    if (to.length === 0) continue;
    // Subclasses inherit the field: a cycle may enter the subclass and leave through it.
    const from = [...index.withSubclasses(field.classId)].filter((id) => id === field.classId || targeted.has(id));
    const pairs =
      from.length * to.length <= MAX_EDGE_EXPANSION
        ? from.flatMap((a) => to.map((b) => [a, b] as const))
        : followed(field).map((target) => [field.classId, target.classId] as const);
    for (const [a, b] of pairs) {
      edges.push({ id: field.id, from: a, to: b });
      nodes.add(a);
      nodes.add(b);
    }
  }
  const found = findCycles([...nodes], edges, { distinctIds: true });
  // Length-two cycles are the pairs, found above with their evidence.
  return { cycles: found.cycles.filter((cycle) => cycle.length >= 3 && new Set(cycle).size === cycle.length), truncated: found.truncated };
}

/**
 * Why a field is not a candidate whatever the evidence (decorated, ignored, ...), or, with
 * `advice`, why no transform can fix it, which is said only where it is a back-pointer by the
 * evidence (else it is below the confidence).
 */
function ineligibility(index: GraphIndex, field: FieldNode): { reason: SkippedField['reason']; message: string; advice?: true } | undefined {
  if (field.decorators.length > 0) {
    const names = field.decorators.map((name) => `@${name}`).join(', ');
    return { reason: 'decorated', message: `Decorated with ${names}: rewriting it would change what the framework does with the field.` };
  }
  if (field.ignored) return { reason: 'ignored', message: 'Marked `// weakify-ignore`.' };
  // `declare` only stops TypeScript emitting a field; it is still the object's storage unless it
  // re-declares a base class's field to narrow its type (fabric declares its own fields so).
  if (field.declare && index.graph.fields.some((other) => other.name === field.name && other !== field && index.withBases(field.classId).has(other.classId))) {
    return { reason: 'declare', message: "`declare` re-declaration of a base class's field: migrate the base class's field instead." };
  }
  // An abstract property only says that subclasses have the field: theirs hold the objects (each
  // implementation is a field of its own in the graph, or an accessor that is none).
  if (field.abstract) {
    return { reason: 'abstract', message: 'Abstract: no storage of its own; migrate the fields of the subclasses that implement it.' };
  }
  if (index.classes.get(field.classId)?.external) return { reason: 'external', message: 'Declared outside the project (a .d.ts file or node_modules).' };
  // A mixin copies the class's prototype by value: an accessor put there would be read on the
  // prototype itself, where the instance's storage is not (zrender's `mixin(Element, Transformable)`
  // threw "Cannot read private member" at import), and the value copied instead of the accessor.
  const copiedInto = index.classes.get(field.classId)?.copiedInto;
  if (copiedInto) {
    const names = copiedInto.map((id) => index.className(id)).join(', ');
    return {
      advice: true,
      reason: 'mixin-source',
      message: `${index.className(field.classId)} is mixed into ${names} (an interface of that name extends it), whose mixin copies its prototype: an accessor there would break; break the cycle by hand.`,
    };
  }
  // `return new Proxy(this, ...)` in a constructor (blocksuite's GfxLocalElementModel): every
  // read goes through the proxy, which has no `#` storage ("Cannot read private member"), and
  // a WeakMap keyed by `this` does not know the proxy either. Also for subclasses, whose `this`
  // is what the base constructor returned.
  const returning = [...index.withBases(field.classId)].find((id) => index.classes.get(id)?.constructorReturns);
  if (returning) {
    return {
      advice: true,
      reason: 'constructor-returns',
      message: `The constructor of ${index.className(returning)} may return another object in place of \`this\` (a Proxy, or an instance made before): weakify cannot tell that the accessor's storage would be found through it; break the cycle by hand.`,
    };
  }
  if (index.plainObject(field.classId)) {
    return {
      advice: true,
      reason: 'interface-property',
      message: `A property of the interface ${index.className(field.classId)}, which plain objects have, not a class field: no transform rewrites it. Clear it by hand when its owner is done, or keep it in a WeakRef there.`,
    };
  }
  return undefined;
}

function toCandidate(index: GraphIndex, finding: Finding, options: DetectOptions): Candidate {
  const { back } = finding;
  const best = Math.max(...finding.directions.map((direction) => direction.score));
  const opposite = Math.max(0, ...finding.opposite.map((direction) => direction.score));
  const doubts = finding.directions.flatMap((direction) => (direction.doubt ? [direction.doubt] : []));
  const doubt = Math.max(0, ...doubts.map((item) => item.weight));
  const confidence = round2(Math.max(0, best - opposite / 2 - doubt));
  const evidence = dedupe([...finding.directions.flatMap((direction) => direction.evidence), ...doubts]);
  const strongestOpposite = finding.opposite.flatMap((direction) => direction.evidence).sort((a, b) => b.weight - a.weight)[0];
  if (strongestOpposite) {
    evidence.push({
      kind: 'opposite-evidence',
      file: strongestOpposite.file,
      line: strongestOpposite.line,
      message: `Evidence for the other direction: ${strongestOpposite.message}`,
      weight: 0,
    });
  }
  const risks = risksOf(index, finding, opposite);
  const plainOwners = ownedByPlainObjectsOnly(index, finding);
  if (plainOwners && options.strategy === 'dispose') {
    risks.push({
      kind: 'plain-object-owner',
      message: `${label(index, back)} is held only by properties of plain objects: there is no class to give a dispose method to, so the fix is weakref even under --strategy dispose.`,
    });
  }
  const strategy: Strategy =
    options.strategy && options.strategy !== 'auto' && !(plainOwners && options.strategy === 'dispose')
      ? options.strategy
      : !index.graph.lib.weakRef ||
          // Owned only by plain objects: no class to give a dispose method to.
          (!plainOwners &&
            (risks.some((risk) => WEAKREF_MAY_LOSE.has(risk.kind) || risk.kind === 'type-only-redeclaration') ||
              // Reads in a loop favour dispose, which cannot reach what an owner keeps inside another
              // object (a Box<Child>), nor call a method an interface the owner holds them by lacks,
              // nor clear a readonly field: there the deref per read is the price of an automatic fix.
              (risks.some((risk) => risk.kind === 'read-in-loop') &&
                !back.readonly &&
                // Nor a link of a chain (`next` alone owning `prev`): a dispose would call itself
                // down the rest of the list (inject-dispose refuses it).
                !chainLink(index, finding) &&
                !finding.directions.some((direction) => heldThroughHolder(index, direction.owner, back) || heldThroughInterfaceWithoutDispose(index, direction.owner, back)))))
        ? 'dispose'
        : 'weakref';
  if (strategy === 'dispose' && back.readonly) {
    // inject-dispose refuses such an entry: say so where the fix is chosen, not only at apply.
    risks.push({
      kind: 'readonly-reset',
      message: `${label(index, back)} is readonly: a dispose method cannot clear it. ${
        !index.graph.lib.weakRef
          ? 'Make it writable (the weakref fix needs WeakRef in the lib: ES2021).'
          : risks.some((risk) => WEAKREF_MAY_LOSE.has(risk.kind))
            ? 'Make it writable (the weakref fix could lose it, as said above).'
            : 'Make it writable, or use the weakref fix.'
      }`,
      file: back.file,
      line: back.line,
    });
  }
  if (strategy === 'dispose' && back.nullable === 'none') {
    risks.push({
      kind: 'non-nullable-reset',
      message: `${label(index, back)} is typed without undefined/null: dispose can only clear it under a "disposed objects must not be used" contract.`,
      file: back.file,
      line: back.line,
    });
  }
  // An owner field a subclass redeclares as type information only (`handle: PanelHandle;` where
  // classes do not define their fields) is its base's field at run time: one owner, not two, or
  // the dispose fix disposes the one object twice (@jupyter-widgets' BoxView.luminoWidget).
  const owners = finding.directions.map((direction) => direction.owner);
  const sameSlotAbove = (owner: FieldNode) =>
    index.classes.get(owner.classId)?.typeOnlyFields?.includes(owner.name) === true &&
    owners.some((other) => other !== owner && other.name === owner.name && other.classId !== owner.classId && index.withBases(owner.classId).has(other.classId));
  const inverse = uniqueBy<InverseRef>(
    finding.directions.filter((direction) => !sameSlotAbove(direction.owner)).map((direction) => ({
      file: direction.owner.file,
      line: direction.owner.line,
      class: index.className(direction.owner.classId),
      field: direction.owner.name,
      container: heldThroughHolder(index, direction.owner, back) ? 'generic' : containerOf(index, direction.owner, back),
      ...loosely(direction, finding),
    })),
    (ref) => `${ref.file}#${ref.class}.${ref.field}`,
    // The owners first, then the sides paired by type only (a stable sort keeps each group's order).
  ).sort((a, b) => Number(a.loose !== undefined) - Number(b.loose !== undefined));
  const className = index.className(back.classId);
  return {
    // The field id (file#Class.field) keeps two same-named classes of one file apart.
    id: fingerprint(`back-pointer:${back.id}`),
    file: back.file,
    line: back.line,
    column: back.column,
    class: className,
    field: back.name,
    target: [...new Set(back.targets.map((target) => index.className(target.classId)))].sort(),
    inverse,
    kind: finding.kind,
    confidence,
    strategy,
    // Strongest first: the first line a reviewer reads should be the one that decides.
    evidence: evidence.sort((a, b) => b.weight - a.weight || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)).map(({ weight: _weight, ...rest }) => rest as Evidence),
    risks,
    typeText: back.typeText,
    nullable: back.nullable,
    cycles: [...new Set(finding.cycles)].sort((a, b) => a - b),
  };
}

function risksOf(index: GraphIndex, finding: Finding, opposite: number): Risk[] {
  const { back } = finding;
  const risks: Risk[] = [];
  const loopRead = index.loopReadOf(back);
  if (loopRead) {
    risks.push({
      kind: 'read-in-loop',
      message: `${label(index, back)} is read in a loop in ${index.className(loopRead.classId)}.${loopRead.method} (${loopRead.file}:${loopRead.line}): a WeakRef accessor would deref on every iteration.`,
      file: loopRead.file,
      line: loopRead.line,
    });
  }
  // A collection of its owners, not of some other class it reaches through a holder's type
  // argument (deck.gl's `Widget.deck: Deck<ViewsT>`, whose Deck keeps `views: ViewsT` in a props bag).
  const owners = finding.directions.map((direction) => direction.owner.classId);
  const holdsOwners = (target: FieldTarget) => owners.some((owner) => index.withSubclasses(target.classId).has(owner) || index.withSubclasses(owner).has(target.classId));
  // So is one that reaches its owner only inside another object (`owner: Box<Owner>`, filled with
  // `new Box(this)`): a WeakRef would hold the Box, which nothing else may.
  const direct = back.targets.some((target) => target.container === 'single' && !target.throughHolder && holdsOwners(target));
  const collection = back.targets.find((target) => (target.container !== 'single' || (target.throughHolder && !direct)) && holdsOwners(target));
  if (collection) {
    const holder = collection.container === 'single' ? back.targets.find((target) => !target.throughHolder && !holdsOwners(target)) : undefined;
    const container = collection.container !== 'single' ? CONTAINER_WORDS[collection.container] : holder ? `a ${index.className(holder.classId)}` : 'another object';
    risks.push({
      kind: 'collection-back-pointer',
      message: withArticles(`${label(index, back)} holds its owners in ${container} made for it: a WeakRef to that could be collected while in use, so dispose is the safer fix.`),
      file: back.file,
      line: back.line,
    });
  }
  // `this.parent = parent ?? ({} as any)` (tldraw's root StateNode): a placeholder nothing else
  // holds. Behind a WeakRef it could be gone at the next read; dispose keeps it strong.
  // (A collection made for the back-pointer is the risk above.)
  const fresh = collection
    ? undefined
    : index.factsIn([back.classId]).find((fact) => fact.kind === 'stores-in-field' && fact.ownField === back.name && fact.fresh === true);
  if (fresh) {
    risks.push({
      kind: 'fresh-value',
      message: `${label(index, back)} is assigned an object ${fresh.freshFrom === undefined ? 'created right there' : `\`${fresh.freshFrom}\` may create for it`} in ${index.className(fresh.classId)}.${fresh.method} (${fresh.file}:${fresh.line}), which nothing else may hold: held by a WeakRef alone it could be collected at once, so dispose is the safer fix.`,
      file: fresh.file,
      line: fresh.line,
    });
  }
  // prosemirror's NodeType hands out Nodes that hold it (`create() { return new Node(this, ...) }`,
  // kept in Node.type): callers keep Nodes, not the Schema that owns the NodeType, so behind a
  // WeakRef NodeType.schema could be gone while a Node still reaches the NodeType. Only a holder
  // other than the back-pointer itself (a tree node handing out children is the owner handing
  // out, weighed as evidence against the direction).
  const handedOut = collection || fresh ? undefined : handedOutHolder(index, back);
  if (handedOut) {
    const owner = index.className(finding.directions[0]!.owner.classId);
    const holder = index.className(handedOut.fact.targetClassId!);
    risks.push({
      kind: 'handed-out-holder',
      message: withArticles(
        `${index.className(handedOut.fact.classId)}.${handedOut.fact.method} returns a new ${holder} that holds its ${index.className(back.classId)} in ${holder}.${handedOut.field} (${handedOut.fact.file}:${handedOut.fact.line}): a caller that keeps the ${holder}, and not the ${owner}, would find ${label(index, back)} collected behind a WeakRef, so dispose is the safer fix.`,
      ),
      file: handedOut.fact.file,
      line: handedOut.fact.line,
    });
  }
  // happy-dom's `new Window()`: `const browser = new DetachedBrowser(); this.#browserFrame =
  // browser.defaultContext.pages[0].mainFrame`. The browser, its context and page are then held by
  // the frame's back-pointers alone; as WeakRefs they would be collected while the frame is in use.
  // Only for a back-pointer of an object on the way (the part kept, or one passed through), and
  // not where what is kept may be the object built itself (`menu.add('File')` returning `this`).
  const onTheWay = (fact: ClassFact) => {
    const heldBy = fact.heldByClasses ?? [];
    const built = new Set([...index.withBases(fact.targetClassId!), ...index.withSubclasses(fact.targetClassId!)]);
    return heldBy.some((id) => index.withSubclasses(id).has(back.classId) || index.withBases(id).has(back.classId)) && !heldBy.some((id) => built.has(id));
  };
  const dropped =
    collection || fresh || handedOut ? undefined : [...index.reach(back)].flatMap((id) => index.droppedAfterUse(id)).find(onTheWay);
  if (dropped) {
    const built = index.className(dropped.targetClassId!);
    risks.push({
      kind: 'owner-dropped',
      message: withArticles(
        `${index.className(dropped.classId)}.${dropped.method} builds a ${built}, keeps an object it reaches through it and drops the ${built} (${dropped.file}:${dropped.line}): what it dropped is then held by back-pointers such as ${label(index, back)} alone, and behind a WeakRef it could be collected while that object is in use, so dispose is the safer fix.`,
      ),
      file: dropped.file,
      line: dropped.line,
    });
  }
  // In a subclass, `declare` lets the base class's constructor set the property first (fabric's
  // setOptions), before an accessor's private storage in the subclass would exist. The fix stays
  // what the evidence says: a dispose method written for it is no safer a guess than by hand.
  if (back.declare && (index.classes.get(back.classId)?.extends.length ?? 0) > 0) {
    risks.push({
      kind: 'declare-in-subclass',
      message: `${label(index, back)} is a \`declare\` field of a subclass: its base class may set it before an accessor's storage exists, so apply refuses the weakref fix; migrate it by hand, or set the plan entry to dispose.`,
      file: back.file,
      line: back.line,
    });
  }
  // A redeclaration that is type information alone (`declare __leaf: IUI`, leafer; `parent:
  // MmlNode;` with classes compiled without defining their fields, mathjax's ES5 build) shares
  // the base class's field. An accessor on the base is then overridden by a property (TS2610), and
  // accessors on both would keep two values where the objects had one (mathjax's subclass read
  // undefined where the base initialiser gave null): dispose is the fix.
  const typeOnlyBelow = [...index.withSubclasses(back.classId)].filter((id) => id !== back.classId && index.classes.get(id)?.typeOnlyFields?.includes(back.name));
  if (typeOnlyBelow.length > 0) {
    const first = index.classes.get(typeOnlyBelow[0]!)!;
    const names = typeOnlyBelow.map((id) => index.className(id));
    risks.push({
      kind: 'type-only-redeclaration',
      message: `${names.join(', ')} ${names.length === 1 ? 'redeclares' : 'redeclare'} \`${back.name}\` as type information only (\`declare\`, or no initializer where the compiled classes do not define their fields), so ${names.length === 1 ? 'its' : 'their'} objects keep it in ${label(index, back)}: an accessor there would be overridden by that property, so apply refuses the weakref fix; dispose is the fix.`,
      file: first.file,
      line: first.line,
    });
  } else if (!back.declare && index.classes.get(back.classId)?.typeOnlyFields?.includes(back.name)) {
    const base = index.fieldsNamed(back.name).find((field) => field.classId !== back.classId && !field.static && index.withBases(back.classId).has(field.classId))?.classId;
    if (base) {
      risks.push({
        kind: 'type-only-redeclaration',
        message: `${label(index, back)} redeclares ${index.className(base)}.${back.name} as type information only (no initializer, and the compiled classes do not define their fields): the value lives in ${index.className(base)}'s field, which an accessor here would shadow with storage of its own, so apply refuses the weakref fix; dispose is the fix.`,
        file: back.file,
        line: back.line,
      });
    }
  }
  if (index.classes.get(back.classId)?.serialised) {
    risks.push({
      kind: 'serialised',
      message: `${index.className(back.classId)} is serialised from its own properties (a toJSON copying \`this\`, JSON.stringify(this) or structuredClone(this)): an accessor is not an own property, so the field leaves the serialised form.`,
      file: back.file,
      line: back.line,
    });
  }
  if (!index.graph.lib.weakRef) {
    risks.push({ kind: 'no-weakref-lib', message: "The project's lib does not include WeakRef (ES2021): add \"ES2021\" to compilerOptions.lib to use the weakref fix." });
  }
  // Only code that creates, keeps and wires the object (the 0.7 rule) settles a longer cycle's direction.
  const wired = (direction: Direction) =>
    direction.evidence.some(
      (item) =>
        (item.kind === 'owner-assigns-back-pointer' || item.kind === 'constructed-under-owner' || item.kind === 'child-registers-with-owner') &&
        item.weight >= EVIDENCE_RULES.handsOnPointer.weight,
    );
  if (finding.kind === 'cycle' && !finding.directions.every(wired)) {
    risks.push({
      kind: 'low-confidence-direction',
      message: 'Part of a longer cycle: no code was seen creating the object and handing it the one that holds it, so the direction rests on weaker evidence (shapes, names, an object passed in).',
    });
  } else if (opposite >= DOUBTFUL_OPPOSITE) {
    risks.push({ kind: 'low-confidence-direction', message: 'Some evidence points the other way: review which side owns before migrating.' });
  }
  return risks;
}

/**
 * A construction the back-pointer's class returns as it is, passing `this`, which the new
 * object's constructor keeps in a field of its own (one holding project objects, and not the
 * back-pointer itself). Not one the class's own code keeps (`this.controller = this.createController()`).
 */
function handedOutHolder(index: GraphIndex, back: FieldNode): { fact: ClassFact; field: string } | undefined {
  for (const fact of index.factsIn([back.classId])) {
    if (fact.kind !== 'constructs-with-this' || fact.returned !== true || fact.returnedTo !== undefined || fact.targetClassId === undefined) continue;
    const holders = index.withBases(fact.targetClassId);
    const field = fact.receivedBy?.find((name) =>
      index.fieldsNamed(name).some((node) => holders.has(node.classId) && node.id !== back.id && !node.static && node.targets.length > 0),
    );
    if (field !== undefined) return { fact, field };
  }
  return undefined;
}

/** Risks that say a WeakRef could lose what the back-pointer holds while it is still needed. */
export const WEAKREF_MAY_LOSE: ReadonlySet<RiskKind> = new Set(['fresh-value', 'collection-back-pointer', 'handed-out-holder', 'owner-dropped']);

function skip(index: GraphIndex, field: FieldNode, reason: SkippedField['reason'], message: string): SkippedField {
  return { file: field.file, line: field.line, class: index.className(field.classId), field: field.name, reason, message };
}

export function label(index: GraphIndex, field: FieldNode): string {
  return `${index.className(field.classId)}.${field.name}`;
}


function dedupe(evidence: WeighedEvidence[]): WeighedEvidence[] {
  return uniqueBy(evidence, (item) => item.message);
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function byPlace<T extends { file: string; line: number; field: string; column?: number }>(a: T, b: T): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0);
}

/**
 * The warning for a cycle listing cut short: `found` longer cycles met before it stopped or added
 * after (the shortest through each field it had not reached; see findCycles), `listed` of them in
 * the result (those through a bidirectional pair are that pair's, already listed).
 */
export function truncationWarning(found: number, listed: number): string {
  const stopped = 'Cycle listing stopped early (the class graph has very many cycles), then added the shortest cycle through each field it had not reached';
  const cycles = (count: number) => `${count} longer cycle${count === 1 ? '' : 's'}`;
  if (listed === found) return `${stopped}: ${cycles(found)} listed.`;
  if (listed === 0) return `${stopped}: the ${cycles(found)} found ${found === 1 ? 'runs' : 'each run'} through a bidirectional pair, listed as that pair.`;
  return `${stopped}: of the ${cycles(found)} found, ${listed} ${listed === 1 ? 'is' : 'are'} listed; the other ${found - listed} run through a bidirectional pair, listed as that pair.`;
}
