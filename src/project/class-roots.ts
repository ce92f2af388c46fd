/**
 * The root files of a `classRootsOnly` program (see load-project.ts): the files that can matter to
 * the class graph, told by their text, which is cheaper than a parse. A false "yes" (the word
 * `class` in a comment) only costs that file's parse; a false "no" would change the analysis, so
 * every test errs towards yes.
 */

// An import or export declaration at the start of a line makes the file a module (`import(` does
// not). Only unindented ones count: `export` inside a namespace of a global script is indented.
const MODULE_SYNTAX = /^(?:import[\s{*'"]|export[\s{*=])/m;
const GLOBAL_DECLARATION = /\bdeclare\s+(?:global|module)\b/;
// `/// <reference lib|types|path>` changes what the whole program sees (its lib, for one).
const REFERENCE_DIRECTIVE = /^\/\/\/\s*<reference\b/m;
// What a construction starts with: `new Profile(`, `new ui.View(` (the namespace's name); anything
// else after `new` (`new (`, `new /* c */ X`) counts as a construction of the project's.
const CONSTRUCTION = /\bnew\b\s*(?:([\p{L}_$][\p{L}\p{N}_$]*)|(?!\s))/gu;
const CLASS_NAME = /\bclass\s+([\p{L}_$][\p{L}\p{N}_$]*)/gu;
// The names an import declaration binds (`import Request from`, `import { X as Event } from`).
const IMPORT_CLAUSE = /^\s*import\s+(?!type\b)([^'"]*?)\s+from\s*['"]/gmu;
const IDENTIFIER = /[\p{L}_$][\p{L}\p{N}_$]*/gu;
// Constructors of the language and the platform: a file whose only constructions are these
// (`new Map()`, `new Error(...)`) builds no object of the project, unless the project declares a
// class of the same name.
const BUILT_IN_CONSTRUCTORS = new Set([
  'AbortController', 'AggregateError', 'Array', 'ArrayBuffer', 'Blob', 'Boolean', 'CustomEvent', 'DataView', 'Date',
  'Error', 'EvalError', 'Event', 'EventTarget', 'FinalizationRegistry', 'FormData', 'Function', 'Headers', 'Intl',
  'Map', 'MessageChannel', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'RegExp',
  'Request', 'Response', 'Set', 'SharedArrayBuffer', 'String', 'SyntaxError', 'TextDecoder', 'TextEncoder',
  'TypeError', 'URIError', 'URL', 'URLSearchParams', 'WeakMap', 'WeakRef', 'WeakSet', 'Worker',
]);
const TYPED_ARRAY = /^(?:Big)?(?:Int|Uint|Float)\d+(?:Clamped)?Array$/;

/**
 * Which of `fileNames` are roots, given their texts (undefined: unreadable, kept so the program
 * reports it). A root holds a class, declares globals (a script, `declare global`, `declare
 * module`, `/// <reference>`), or constructs something other than a built-in: wiring code, which
 * an entry point without a class often is (`const view = new View(app); app.view = view`), read
 * for evidence by collect-module-facts.ts. Every class, and every type a field can name, is
 * reachable from the roots through their imports.
 */
export function classRoots(fileNames: readonly string[], textOf: (fileName: string) => string | undefined): string[] {
  const roots = new Set<string>();
  const declaredClasses = new Set<string>();
  // Files that construct only built-ins, with the names they construct: roots after all if the
  // project declares a class of one of those names.
  const builtInsOnly = new Map<string, Set<string>>();
  for (const fileName of fileNames) {
    const text = textOf(fileName);
    if (text === undefined || /\bclass\b/.test(text)) {
      roots.add(fileName);
      if (text !== undefined) for (const [, name] of text.matchAll(CLASS_NAME)) declaredClasses.add(name!);
      continue;
    }
    if (!MODULE_SYNTAX.test(text) || GLOBAL_DECLARATION.test(text) || REFERENCE_DIRECTIVE.test(text)) {
      roots.add(fileName);
      continue;
    }
    const constructed = new Set<string>();
    let projectObject = false;
    for (const [, name] of text.matchAll(CONSTRUCTION)) {
      if (name === undefined || !(BUILT_IN_CONSTRUCTORS.has(name) || TYPED_ARRAY.test(name))) {
        projectObject = true;
        break;
      }
      constructed.add(name);
    }
    // A built-in's name the file imports is another binding (`import Request from './request'`).
    if (!projectObject && constructed.size > 0) projectObject = importedNames(text).some((name) => constructed.has(name));
    if (projectObject) roots.add(fileName);
    else if (constructed.size > 0) builtInsOnly.set(fileName, constructed);
  }
  for (const [fileName, names] of builtInsOnly) {
    if ([...names].some((name) => declaredClasses.has(name))) roots.add(fileName);
  }
  return fileNames.filter((fileName) => roots.has(fileName));
}

function importedNames(text: string): string[] {
  return [...text.matchAll(IMPORT_CLAUSE)].flatMap(([, clause]) => clause!.match(IDENTIFIER) ?? []);
}
