import type { NewDiagnostic } from './verify-changes.js';

/**
 * Whether a new type error says an instance type lacks a `#` member the class now has
 * (`Property '#parent' is missing in type 'Readonly<SEdgeImpl>'`): what `#` storage costs where a
 * project uses an object literal or a mapped type such as `Readonly<T>` in place of an instance;
 * or that two classes of one shape, each given a `#` member of its own, no longer stand for each
 * other (`Property '#browser' in type 'DetachedContext' refers to a different member that cannot
 * be accessed from within type 'Context'`, happy-dom's `<BrowserContext[]>this.contexts`).
 */
export function losesPrivateMember(diagnostic: Pick<NewDiagnostic, 'message'>): boolean {
  return /Property '#[^']+' is missing in type/.test(diagnostic.message) || CLASH.test(diagnostic.message);
}

const CLASH = /Property '#[^']+' in type '([\w$]+)[^']*' refers to a different member that cannot be accessed from within type '([\w$]+)/;
const REQUIRED = /Property '#[^']+' is missing in type '[^']*' but required in type '([\w$]+)/g;

/**
 * The classes whose `#` members a loss names (see losesPrivateMember): both sides of a clash, and
 * each class a member is required in. The error may point at code no entry of the class edits (a
 * cast in another class's method, happy-dom's `<BrowserContext[]>this.contexts`), where blaming
 * by place finds other entries.
 */
export function classesLosingMembers(diagnostic: Pick<NewDiagnostic, 'message'>): string[] {
  const clash = CLASH.exec(diagnostic.message);
  return [...(clash ? [clash[1]!, clash[2]!] : []), ...[...diagnostic.message.matchAll(REQUIRED)].map((match) => match[1]!)];
}

/** The sentence that says which classes apply moved to WeakMap storage, and why. */
export function movedToWeakMaps(classes: ReadonlyArray<{ file: string; class: string }>, shownPath: (file: string) => string = (file) => file): string {
  const names = classes.map((moved) => `${moved.class} (${shownPath(moved.file)})`).join(', ');
  const one = classes.length === 1;
  return `${names} keep${one ? 's its' : ' their'} weak fields in module-level WeakMaps, not \`#\` fields: the project uses an object literal, a Readonly<T> or a class of the same shape in place of an instance, which lacks its \`#\` members (--storage private refuses instead).`;
}

/**
 * The sentence that says a class keeps its weak fields in WeakMaps because its base class's
 * constructor reaches them before `#` fields exist (see touchedBeforeStorage), with the reason.
 */
export function earlyTouchedNote(early: { file: string; class: string; reason: string }, shownPath: (file: string) => string = (file) => file): string {
  return `${early.class} (${shownPath(early.file)}) keeps its weak fields in module-level WeakMaps, not \`#\` fields: ${early.reason}.`;
}
