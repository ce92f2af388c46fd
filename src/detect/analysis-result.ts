/**
 * The analysis result: the versioned JSON that `weakify analyze --format json` prints and that
 * the plan, the reporters and the pre-merge mode consume. Paths relative to the tsconfig's
 * folder with `/`; lines and columns 1-based. Arrays are sorted stably before they leave detect.
 */
export const ANALYSIS_SCHEMA_VERSION = 1;

export type CandidateKind = 'one-to-many' | 'one-to-one' | 'self-tree' | 'cycle';
export type Strategy = 'weakref' | 'dispose';

export type EvidenceKind =
  | 'owner-constructs-with-this'
  | 'owner-keeps-its-construction'
  | 'constructed-under-owner'
  | 'owner-assigns-back-pointer'
  | 'child-registers-with-owner'
  | 'fields-linked-both-ways'
  | 'owner-adds-to-collection'
  | 'collection-side'
  | 'unlink-resets-back-pointer'
  | 'name-suggests-back-pointer'
  | 'name-suggests-ownership'
  /** Against: the owner also hands out objects pointing at it that it does not keep. */
  | 'owner-hands-out'
  /** Against: the owning field is a subject's list of listeners, which it does not construct. */
  | 'listener-list'
  | 'opposite-evidence';

export interface Evidence {
  kind: EvidenceKind;
  file: string;
  line: number;
  /** A full sentence naming the code it saw, e.g. "Tree.add constructs Node passing `this` (src/tree.ts:12)." */
  message: string;
}

export type RiskKind =
  | 'read-in-loop'
  | 'serialised'
  | 'no-weakref-lib'
  | 'non-nullable-reset'
  /** The recommended fix is dispose but the back-pointer is readonly: nothing may clear it. */
  | 'readonly-reset'
  | 'external-inverse'
  | 'low-confidence-direction'
  /** The back-pointer is assigned an object created right there: held by a WeakRef alone, it would be collected. */
  | 'fresh-value'
  /**
   * The back-pointer's class hands out objects that hold it (`create() { return new Node(this) }`):
   * a caller keeping one, and not the owner, would lose the owner to a WeakRef.
   */
  | 'handed-out-holder'
  /** The back-pointer holds its owners in a collection: a WeakRef to the collection would let it go. */
  | 'collection-back-pointer'
  /** A `declare` field of a subclass: the base class may set it before an accessor's storage exists (weakref-accessor refuses it). */
  | 'declare-in-subclass'
  /**
   * A subclass redeclares the back-pointer as type information only (`declare`, or no initializer
   * where classes do not define their fields), or the back-pointer is such a redeclaration: one
   * field at run time, which a weakref accessor would split or be overridden on (apply refuses it).
   */
  | 'type-only-redeclaration'
  /** Held only by properties of plain objects: there is no class for a dispose method, whatever --strategy asks. */
  | 'plain-object-owner'
  /**
   * Code of the project builds an object the back-pointer points at, keeps only a part of it and
   * drops the rest (`const browser = new Browser(); this.frame = browser.pages[0].mainFrame`): the
   * part's back-pointers alone keep it alive, which a WeakRef would not.
   */
  | 'owner-dropped'
  /**
   * The recommended fix is dispose, but the back-pointer's class links to objects of its own kind
   * past what the owners hold (`next`, `children`, `parentTree`), so the analysis will not read the
   * fix as breaking every cycle and keeps reporting the field after apply.
   */
  | 'linked-past-owners';

export interface Risk {
  kind: RiskKind;
  message: string;
  file?: string;
  line?: number;
}

export interface InverseRef {
  file: string;
  line: number;
  class: string;
  field: string;
  /**
   * How the owner holds this side: `array`, `set`, `map`, ... or `single`; `generic` when it is
   * held inside another project object (`box: Box<Child>`, Box keeping its T in a field).
   */
  container: 'single' | 'array' | 'set' | 'map' | 'record' | 'tuple' | 'generic';
  /**
   * Set when nothing in the code links this side to the back-pointer and their types only
   * loosely fit (the back-pointer is typed as a base class this owner merely extends, ...): why.
   * Such a side is listed, but the migration plan does not make it dispose the objects.
   */
  loose?: string;
}

/** The sides a dispose fix goes through: those the code or the types tie to the back-pointer (not `loose`). */
export function firmOwners(candidate: Pick<Candidate, 'inverse'>): InverseRef[] {
  return candidate.inverse.filter((inverse) => inverse.loose === undefined);
}

export interface Candidate {
  /** Stable fingerprint of the back-pointer (file, class, field): survives edits that move lines. */
  id: string;
  file: string;
  line: number;
  column: number;
  class: string;
  /** `parent`, or `#editor` for ES private fields. */
  field: string;
  /** Names of the classes the back-pointer points to. */
  target: string[];
  /** The owning side(s) of the cycle. */
  inverse: InverseRef[];
  kind: CandidateKind;
  confidence: number;
  strategy: Strategy;
  evidence: Evidence[];
  risks: Risk[];
  /** The declared type text and which empty values it admits: the transforms need both. */
  typeText: string;
  nullable: 'undefined' | 'null' | 'both' | 'none';
  /** Indexes into `cycles` this back-pointer breaks. */
  cycles: number[];
}

export interface SkippedField {
  file: string;
  line: number;
  class: string;
  field: string;
  /**
   * `interface-property`: the back-pointer is a property of a plain object's interface (ClassNode.kind
   * `interface`), which no transform rewrites. `no-safe-fix`: held only by such properties (no class
   * for a dispose method) and a WeakRef could lose it (fresh objects stored in it, no WeakRef lib).
   * `abstract`: an abstract property, which its subclasses implement (they are the candidates).
   * `disposed`: a back-pointer whose cycle its owners' dispose methods already break (the fix
   * inject-dispose writes, applied, or the project's own teardown; see disposed-in-place.ts).
   */
  reason: 'decorated' | 'already-weak' | 'disposed' | 'external' | 'ignored' | 'static' | 'below-confidence' | 'declare' | 'abstract' | 'interface-property' | 'no-safe-fix' | 'mixin-source' | 'constructor-returns';
  /** A sentence, e.g. "Decorated with @ManyToOne: rewriting it would change ORM semantics." */
  message: string;
  /** Other places the message names (`disposed`: the dispose methods that break the cycle). */
  places?: Array<{ file: string; line: number }>;
  /**
   * The back-pointer's confidence, where the evidence was weighed: below the threshold
   * (`below-confidence`), or at or above it for a field no transform can fix (`interface-property`,
   * `mixin-source`, `constructor-returns`, `no-safe-fix`).
   */
  confidence?: number;
}

export interface Cycle {
  /** `Class.field` in cycle order, e.g. ["Parent.children", "Child.parent"]. */
  members: string[];
  /** Field ids, same order, for tools that need to disambiguate same-named classes. */
  fieldIds: string[];
}

/** A method that removes an object from its owner's collection but leaves its back-pointer set. */
export interface UnlinkBug {
  id: string;
  file: string;
  line: number;
  column: number;
  /** Last line of the removal method (optional; the pre-merge mode selects bugs whose method a change touches). */
  endLine?: number;
  /** Owner class and the removal method. */
  class: string;
  method: string;
  /** The owner's collection field the object is removed from. */
  collection: string;
  /**
   * The back-pointer left pointing at the old owner; `access` when it is declared `private` or
   * `protected` (TypeScript's keywords; an ES `#field` says so by its name).
   */
  backPointer: { file: string; class: string; field: string; nullable: 'undefined' | 'null' | 'both' | 'none'; access?: 'private' | 'protected' };
  /**
   * The method is the object's own and takes it out of its owner's collection through the
   * back-pointer (`remove() { this.parentNode.children.splice(i, 1) }`): `class` is then the
   * object's class, not the owner's. No transform fixes these yet.
   */
  selfRemoval?: true;
  /**
   * The removal takes the object out by a key (`this.map.delete(handle)`, `handle: number`, on a
   * holder class of the project): which object it was the call does not say, so no transform fixes it.
   */
  byKey?: true;
  message: string;
}

export interface AnalysisWarning {
  kind: 'syntax-error' | 'unresolved-type' | 'config' | 'other';
  file?: string;
  line?: number;
  message: string;
}

export interface AnalysisResult {
  schemaVersion: typeof ANALYSIS_SCHEMA_VERSION;
  tool: { name: string; version: string };
  project: { tsconfig: string; files: number; classes: number };
  candidates: Candidate[];
  unlinkBugs: UnlinkBug[];
  skipped: SkippedField[];
  cycles: Cycle[];
  warnings: AnalysisWarning[];
}
