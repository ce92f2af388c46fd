import path from 'node:path';
import type { ts as PublicTs } from '@ts-morph/common';
import { ts } from '../typescript.js';
import type { ChangeSet } from '../apply/change-set.js';
import { programOfPart, type LoadedProject } from '../project/load-project.js';
import { readReferencedSources } from '../project/referenced-sources.js';

/** A type-check diagnostic that the change introduced, framed where it is. */
export interface NewDiagnostic {
  /** Relative to the project root; '' for a diagnostic about the whole program. */
  file: string;
  /** 1-based; 0 when the diagnostic has no position. */
  line: number;
  column: number;
  code: number;
  message: string;
  /** The source line the diagnostic points at (after the change), without its line break. */
  sourceLine: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Pre-emit diagnostics, as the project is and with the changes applied, in the files checked. */
  before: number;
  after: number;
  newDiagnostics: NewDiagnostic[];
  /** How many project files were type-checked: those the change can affect (see affectedFiles), or all. */
  checkedFiles?: number;
}

/**
 * Type-check the project in memory, as it is and with the changes applied, and report the
 * diagnostics that are new: what `tsc --noEmit` would start complaining about. Nothing is
 * written and the loaded project is left untouched.
 *
 * Diagnostics are compared as a multiset of (file, code, message text), not by position:
 * positions shift in every changed file, and an error the project already had must not fail
 * the run. The "after" program is a fresh ts.Program over a host that serves the changed texts
 * and hands back the original program's SourceFile objects for everything else, with the
 * original as `oldProgram`: unchanged files are neither read nor parsed again.
 */
export function verifyChanges(loaded: Pick<LoadedProject, 'program' | 'relative'> & Partial<Pick<LoadedProject, 'parts'>>, changes: ChangeSet): VerifyResult {
  if (changes.files.length === 0) {
    return { ok: true, before: 0, after: 0, newDiagnostics: [], checkedFiles: 0 };
  }
  const parts = loaded.parts ?? [];
  if (parts.length <= 1) return verifyIn(loaded.program as unknown as ts.Program, loaded.relative, changes).result;
  // A solution: each project that holds a changed file (its own, or one it imports) is checked
  // with its own options, as `tsc -b` would; what two projects share is counted once.
  const results: VerifyResult[] = [];
  const checked = new Set<string>();
  // Only projects with a file the change can affect are built and checked (the one program knows
  // who imports what): a monorepo's other packages are not parsed again.
  const affected = affectedFiles(loaded.program, loaded.relative, changes);
  for (const part of parts) {
    if (affected && !part.fileNames.some((fileName) => affected.has(fileName))) continue;
    const program = programOfPart(part) as unknown as ts.Program;
    const inProgram = new Set(program.getSourceFiles().map((file) => loaded.relative(file.fileName)));
    const held = changes.files.filter((change) => inProgram.has(change.file));
    if (held.length === 0) continue;
    // Its own files only: another project's files are checked by their own program, with their
    // own options (here they stand where `tsc -b` would read their declarations).
    const { result, scope } = verifyIn(program, loaded.relative, { ...changes, files: held }, new Set(part.fileNames));
    results.push(result);
    for (const fileName of scope) checked.add(fileName);
  }
  const seen = new Set<string>();
  const newDiagnostics = results
    .flatMap((result) => result.newDiagnostics)
    .filter((diagnostic) => {
      const key = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}:${diagnostic.code}:${diagnostic.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(byPlace);
  const sum = (pick: (result: VerifyResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return { ok: newDiagnostics.length === 0, before: sum((result) => result.before), after: sum((result) => result.after), newDiagnostics, checkedFiles: checked.size };
}

function verifyIn(original: ts.Program, relative: (fileName: string) => string, changes: ChangeSet, own?: Set<string>): { result: VerifyResult; scope: Set<string> } {
  const affected = affectedFiles(original, relative, changes);
  const scope = own ? new Set([...(affected ?? own)].filter((fileName) => own.has(fileName))) : affected;
  // "Before" is checked by a fresh checker over the same files, as "after" is: the original's
  // checker may have been used by the analysis, and the order in which a checker first meets types
  // decides how it prints them (`"circle" | "path" | "ellipse"` against `"circle" | "ellipse" | "path"`
  // in the same error), so one warmed by other work makes old errors look new.
  const beforeDiagnostics = preEmitDiagnostics(programWithChanges(original, relative, { files: [], skipped: [] }), scope);
  const changed = programWithChanges(original, relative, changes);
  const afterDiagnostics = preEmitDiagnostics(changed, scope);
  const newDiagnostics = unmatched(afterDiagnostics, beforeDiagnostics, relative).sort(byPlace);
  const checkedFiles = scope ?? new Set(original.getSourceFiles().filter((file) => !original.isSourceFileDefaultLibrary(file)).map((file) => file.fileName));
  return {
    result: { ok: newDiagnostics.length === 0, before: beforeDiagnostics.length, after: afterDiagnostics.length, newDiagnostics, checkedFiles: checkedFiles.size },
    scope: checkedFiles,
  };
}

/**
 * The diagnostics of `after` that `before` does not have, as a multiset: first by file, code and
 * message; what is left, by file, code and the text of the line it points at (the same error on
 * the same line, printed differently: the types a message names can come out in another order
 * when the change makes the checker meet them in another order).
 */
function unmatched(after: readonly ts.Diagnostic[], before: readonly ts.Diagnostic[], relative: (fileName: string) => string): NewDiagnostic[] {
  const byMessage = (diagnostic: ts.Diagnostic) => diagnosticKey(diagnostic, relative);
  const byLine = (diagnostic: NewDiagnostic) => `${diagnostic.file}\0${diagnostic.code}\0${diagnostic.sourceLine.trim()}`;
  const leftBefore = takeMatches(before, after, byMessage);
  const leftAfter = takeMatches(after, before, byMessage);
  const located = (diagnostics: readonly ts.Diagnostic[]) => diagnostics.map((diagnostic) => describe(diagnostic, relative)).filter((diagnostic) => diagnostic.line > 0);
  const unplaced = leftAfter.map((diagnostic) => describe(diagnostic, relative)).filter((diagnostic) => diagnostic.line === 0);
  return [...takeMatches(located(leftAfter), located(leftBefore), byLine), ...unplaced];
}

/** The items of `items` left once each item of `others` has taken one item with its key. */
function takeMatches<T, U>(items: readonly T[], others: readonly U[], key: (item: T | U) => string): T[] {
  const available = new Map<string, number>();
  for (const other of others) available.set(key(other), (available.get(key(other)) ?? 0) + 1);
  return items.filter((item) => {
    const count = available.get(key(item)) ?? 0;
    if (count === 0) return true;
    available.set(key(item), count - 1);
    return false;
  });
}

function byPlace(a: NewDiagnostic, b: NewDiagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.code - b.code;
}

function programWithChanges(original: ts.Program, relative: (fileName: string) => string, changes: ChangeSet): ts.Program {
  const options = original.getCompilerOptions();
  const textByRelative = new Map(changes.files.map((change) => [change.file, change.after]));
  const changedText = (fileName: string) => textByRelative.get(relative(path.resolve(fileName)));
  const base = ts.createCompilerHost(options, true);
  // ts-morph serves the lib .d.ts files from memory under its own folder (/node_modules/typescript/lib),
  // not from disk: point the new program at the same folder and hand it the same SourceFiles.
  const libFile = original.getSourceFiles().find((file) => original.isSourceFileDefaultLibrary(file));
  const libLocation = libFile ? path.posix.dirname(libFile.fileName) : base.getDefaultLibLocation?.();
  const host: ts.CompilerHost = {
    ...base,
    getDefaultLibLocation: () => libLocation ?? '',
    getDefaultLibFileName: (compilerOptions) =>
      libLocation ? path.posix.join(libLocation, ts.getDefaultLibFileName(compilerOptions)) : base.getDefaultLibFileName(compilerOptions),
    getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) {
      const text = changedText(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersionOrOptions, true);
      return unredirected(original.getSourceFile(fileName)) ?? base.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    },
    fileExists: (fileName) => changedText(fileName) !== undefined || original.getSourceFile(fileName) !== undefined || base.fileExists(fileName),
    readFile: (fileName) => changedText(fileName) ?? unredirected(original.getSourceFile(fileName))?.text ?? base.readFile(fileName),
  };
  // Project references (load-project.ts reads their sources in place of their builds): the same
  // ones, read as the original program read them, which also lets it reuse its structure.
  const projectReferences = original.getProjectReferences();
  if (projectReferences) {
    const commandLines = referencedCommandLines(original);
    readReferencedSources(host, (fileName) => commandLines.get(fileName));
  }
  return ts.createProgram({ rootNames: original.getRootFileNames(), options, host, oldProgram: original, projectReferences });
}

/**
 * A package installed twice at one version (`a/node_modules/dup` and `b/node_modules/dup`, common
 * with npm) is one file to a program: the second path gets a redirect to the first's SourceFile.
 * A host must hand back the file parsed for the path itself (TypeScript asserts it when reusing
 * the old program's structure), and the program makes the redirect again.
 */
function unredirected(file: ts.SourceFile | undefined): ts.SourceFile | undefined {
  return (file as (ts.SourceFile & { redirectInfo?: { unredirected: ts.SourceFile } }) | undefined)?.redirectInfo?.unredirected ?? file;
}

/** Every tsconfig a program reached through references, at any depth, by path. */
function referencedCommandLines(program: ts.Program): Map<string, ts.ParsedCommandLine> {
  const found = new Map<string, ts.ParsedCommandLine>();
  const visit = (references: readonly (ts.ResolvedProjectReference | undefined)[] | undefined) => {
    for (const reference of references ?? []) {
      if (!reference || found.has(reference.sourceFile.fileName)) continue;
      found.set(reference.sourceFile.fileName, reference.commandLine);
      visit(reference.references);
    }
  };
  visit(program.getResolvedProjectReferences());
  return found;
}

/**
 * What `tsc --noEmit` reports (ts.getPreEmitDiagnostics), minus the semantic check of TypeScript's
 * own lib files: they are the same SourceFiles before and after, a change to the project cannot
 * make them wrong, and checking them costs more than checking a small project (skipDefaultLibCheck).
 */
function preEmitDiagnostics(program: ts.Program, scope?: Set<string>): ts.Diagnostic[] {
  const options = program.getCompilerOptions();
  const diagnostics: ts.Diagnostic[] = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const file of program.getSourceFiles()) {
    if (scope && !scope.has(file.fileName)) continue;
    diagnostics.push(...program.getSyntacticDiagnostics(file));
    if (program.isSourceFileDefaultLibrary(file)) continue;
    diagnostics.push(...program.getSemanticDiagnostics(file));
    if (options.declaration || options.composite) diagnostics.push(...program.getDeclarationDiagnostics(file));
  }
  return diagnostics;
}

/**
 * The files whose diagnostics a change can alter: the changed files and every file that imports
 * one of them, directly or through others (re-exporting barrels included). A file's diagnostics
 * depend only on what it imports and on global declarations, so the rest of the program cannot
 * gain an error; checking only these makes verification of a small change on a large project
 * cost a fraction of a full type-check. A changed file that declares globals (a script, or
 * `declare global` / module augmentation) can affect any file: then everything is checked.
 * Returns undefined for "everything".
 */
export function affectedFiles(program: PublicTs.Program, relative: (fileName: string) => string, changes: ChangeSet): Set<string> | undefined {
  const changedRelative = new Set(changes.files.map((change) => change.file));
  const changed = program.getSourceFiles().filter((file) => changedRelative.has(relative(file.fileName)));
  if (changed.length !== changedRelative.size) return undefined;
  for (const file of changed) {
    const augments = (file as ts.SourceFile & { moduleAugmentations?: readonly unknown[] }).moduleAugmentations ?? [];
    if (!ts.isExternalModule(file) || augments.length > 0) return undefined;
  }
  const checker = program.getTypeChecker();
  const importers = new Map<string, string[]>();
  for (const file of program.getSourceFiles()) {
    if (program.isSourceFileDefaultLibrary(file)) continue;
    for (const dependency of dependenciesOf(file, checker, program)) {
      const list = importers.get(dependency);
      if (list) list.push(file.fileName);
      else importers.set(dependency, [file.fileName]);
    }
  }
  const affected = new Set<string>();
  const pending = changed.map((file) => file.fileName);
  while (pending.length > 0) {
    const fileName = pending.pop()!;
    if (affected.has(fileName)) continue;
    affected.add(fileName);
    pending.push(...(importers.get(fileName) ?? []));
  }
  return affected;
}

/** Files a source file depends on: its imports, re-exports, import types, `import()` and references. */
function dependenciesOf(file: ts.SourceFile, checker: ts.TypeChecker, program: ts.Program): string[] {
  const found: string[] = [];
  // `imports` is the compiler's own list of every module specifier in the file (import types and
  // dynamic imports included); fall back to the top-level statements if it is ever missing.
  const specifiers = (file as ts.SourceFile & { imports?: readonly ts.StringLiteralLike[] }).imports ?? topLevelSpecifiers(file);
  for (const specifier of specifiers) {
    const declaration = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (declaration && ts.isSourceFile(declaration)) found.push(declaration.fileName);
  }
  for (const reference of file.referencedFiles) {
    const target = program.getSourceFile(path.resolve(path.dirname(file.fileName), reference.fileName));
    if (target) found.push(target.fileName);
  }
  return found;
}

function topLevelSpecifiers(file: ts.SourceFile): ts.StringLiteralLike[] {
  const specifiers: ts.StringLiteralLike[] = [];
  for (const statement of file.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteralLike(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier);
    }
  }
  return specifiers;
}

function messageText(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
}

function diagnosticKey(diagnostic: ts.Diagnostic, relative: (fileName: string) => string): string {
  const file = diagnostic.file ? relative(diagnostic.file.fileName) : '';
  return `${file}\0${diagnostic.code}\0${messageText(diagnostic)}`;
}

function describe(diagnostic: ts.Diagnostic, relative: (fileName: string) => string): NewDiagnostic {
  const message = messageText(diagnostic);
  if (!diagnostic.file || diagnostic.start === undefined) {
    return { file: diagnostic.file ? relative(diagnostic.file.fileName) : '', line: 0, column: 0, code: diagnostic.code, message, sourceLine: '' };
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const lineStarts = diagnostic.file.getLineStarts();
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! : diagnostic.file.text.length;
  const sourceLine = diagnostic.file.text.slice(lineStarts[line]!, end).replace(/\r?\n$/, '');
  return { file: relative(diagnostic.file.fileName), line: line + 1, column: character + 1, code: diagnostic.code, message, sourceLine };
}
