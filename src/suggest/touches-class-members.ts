import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, type ParserPlugin } from '@babel/parser';
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
    const spans = memberSpans(text, file);
    // A file Babel cannot parse even with error recovery: let the analysis decide.
    if (spans === undefined) return true;
    if (spans.some((span) => ranges.some((range) => range.start <= span.end && range.end >= span.start))) return true;
  }
  return false;
}

/**
 * 1-based line spans of every class member that can hold a finding, or undefined when the file
 * does not parse. Parsed with Babel, not TypeScript: it loads in a tenth of the time, and this is
 * the check that decides whether TypeScript has to be loaded at all.
 */
export function memberSpans(text: string, fileName: string): LineRange[] | undefined {
  const plugins: ParserPlugin[] = [/\.[cm]?jsx?$/.test(fileName) ? 'flow' : 'typescript', 'decorators-legacy'];
  if (/x$/.test(fileName)) plugins.push('jsx');
  let program: Node;
  try {
    program = parse(text, { sourceType: 'unambiguous', plugins, errorRecovery: true }).program as unknown as Node;
  } catch {
    return undefined;
  }
  const spans: LineRange[] = [];
  const span = (node: Node): LineRange => {
    // Decorators belong to the member they decorate (`@Input()` on the line above a field).
    const starts = [node.loc.start.line, ...(node.decorators ?? []).map((decorator) => decorator.loc.start.line)];
    return { start: Math.min(...starts), end: node.loc.end.line };
  };
  const visit = (node: Node): void => {
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      for (const member of (node as unknown as { body: { body: Node[] } }).body.body) {
        if (['ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty'].includes(member.type)) {
          spans.push(span(member));
          continue;
        }
        if (member.type === 'ClassMethod' && member.kind === 'constructor') {
          for (const parameter of member.params as Node[]) if (parameter.type === 'TSParameterProperty') spans.push(span(parameter));
        }
        // A body can hold only an unlink bug, and only where it removes something from a collection.
        if ((member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod') && REMOVAL.test(text.slice(member.start, member.end))) {
          spans.push(span(member));
        }
      }
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key.endsWith('Comments')) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node);
      }
    }
  };
  visit(program);
  return spans;
}

/** The parts of a Babel AST node this file reads. */
interface Node {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number }; end: { line: number } };
  kind?: string;
  params?: unknown[];
  decorators?: Node[];
}
