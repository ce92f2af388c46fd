import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ts } from '../typescript.js';
import type { LineRange } from '../git/changed-lines.js';

const SOURCE_EXTENSIONS = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
// The removals the graph records as `removes-from-collection` (src/graph/collect-facts.ts), by syntax.
const REMOVAL = /\.\s*(?:splice|delete|pop|shift|clear|filter)\s*\(|\.length\s*=\s*0\b|\bdelete\s|\]\s*=\s*(?:null|undefined|void\b)/;

/**
 * Whether any changed line lies inside a class field (or constructor parameter property), or
 * inside a method that removes something from a collection: the only lines selectChanged can
 * match (a candidate's back-pointer and owner fields; an unlink bug's removal method). A change
 * to any other method body (the common case in a pull request) selects nothing. When none does, no
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
        const span = { start: line(member.getStart(source)), end: line(member.getEnd()) };
        if (ts.isPropertyDeclaration(member)) {
          spans.push(span);
          continue;
        }
        if (ts.isConstructorDeclaration(member)) {
          for (const parameter of member.parameters) {
            if (ts.isParameterPropertyDeclaration(parameter, member)) spans.push({ start: line(parameter.getStart(source)), end: line(parameter.getEnd()) });
          }
        }
        // A body can hold only an unlink bug, and only where it removes something from a collection.
        if ((ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member) || ts.isAccessor(member)) && REMOVAL.test(member.getText(source))) {
          spans.push(span);
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
