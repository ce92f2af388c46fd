import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { LineRange } from '../git/changed-lines.js';

const SOURCE_EXTENSIONS = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;

/**
 * Whether any changed line lies inside a class field, constructor or method declaration: the
 * only lines selectChanged can match (a candidate's back-pointer and owner fields, including
 * constructor parameter properties; an unlink bug's removal method). When none does, no
 * finding can be selected, and the whole analysis of the project can be skipped: a syntax-only
 * parse of the changed files costs milliseconds where loading the program costs seconds.
 * Over-approximates (whole declarations, decorators included), never under.
 */
export async function touchesClassMembers(rootDir: string, changed: ReadonlyMap<string, readonly LineRange[]>): Promise<boolean> {
  for (const [file, ranges] of changed) {
    if (ranges.length === 0 || !SOURCE_EXTENSIONS.test(file) || file.endsWith('.d.ts')) continue;
    let text: string;
    try {
      text = await readFile(path.join(rootDir, file), 'utf8');
    } catch {
      // Unreadable here (e.g. a path git lists but the checkout lacks): let the analysis decide.
      return true;
    }
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
    if (memberSpans(source).some((span) => ranges.some((range) => range.start <= span.end && range.end >= span.start))) return true;
  }
  return false;
}

/** 1-based line spans of every class member that can hold a finding. */
export function memberSpans(source: ts.SourceFile): LineRange[] {
  const spans: LineRange[] = [];
  const line = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node)) {
      for (const member of node.members) {
        if (ts.isPropertyDeclaration(member) || ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member) || ts.isAccessor(member)) {
          spans.push({ start: line(member.getStart(source)), end: line(member.getEnd()) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

function scriptKind(file: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?jsx?$/.test(file)) return /x$/.test(file) ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
