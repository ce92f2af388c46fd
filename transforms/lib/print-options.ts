/**
 * How recast should print a file it reprints in part: recast re-indents the members of a class
 * body (or the statements of a block) it changed, and without these options it does so with
 * four spaces, also in a file indented with tabs (tldraw's editor came out with 1,000 lines
 * changed for 16 small edits). A tab-indented file keeps its tabs; a CRLF file its CRLF (recast
 * prints `\n` whatever the file used). Shared by the transforms that print with recast
 * (weakref-accessor edits text and follows the file's style itself).
 */
export interface PrintOptions {
  useTabs?: boolean;
  tabWidth?: number;
  lineTerminator?: string;
}

/** Options for `j(source, parseOptions)` and `root.toSource(printOptions)`, the same object for both. */
export function printOptionsFor(source: string): PrintOptions {
  const options: PrintOptions = {};
  if (source.includes('\r\n')) options.lineTerminator = '\r\n';
  const indents = codeLineIndents(source);
  if (indentedWithTabs(indents)) {
    // One tab per level: recast counts columns with this width when parsing and prints a tab for each.
    options.useTabs = true;
    options.tabWidth = 4;
  } else {
    // Recast indents a block it prints anew by two spaces unless told: a four-space file (zrender)
    // got dispose bodies indented by two.
    const unit = spaceIndentUnit(indents);
    if (unit !== undefined) options.tabWidth = unit;
  }
  return options;
}

/**
 * More lines of code indented with a tab than with spaces. Lines that start inside a template
 * literal, a string or a block comment are text, not indentation (a shader or SQL template indented
 * with tabs in a file of two-space code), and comment continuation lines (` * ...`) are aligned.
 */
function indentedWithTabs(indents: readonly string[]): boolean {
  let tabs = 0;
  let spaces = 0;
  for (const indent of indents) {
    if (indent.startsWith('\t')) tabs++;
    else if (indent !== '') spaces++;
  }
  return tabs > spaces;
}

/** The step by which code lines indent most often (from one line to the next deeper one), in spaces. */
function spaceIndentUnit(indents: readonly string[]): number | undefined {
  const steps = new Map<number, number>();
  for (let at = 1; at < indents.length; at++) {
    const step = indents[at]!.length - indents[at - 1]!.length;
    if (step >= 2 && step <= 8 && !indents[at]!.includes('\t')) steps.set(step, (steps.get(step) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [step, count] of steps) if (best === undefined || count > steps.get(best)! || (count === steps.get(best)! && step < best)) best = step;
  return best;
}

/**
 * The leading whitespace of each line that starts in code (empty for an unindented one). A small lexer: strings,
 * template literals (with `${}` nesting), line and block comments. A regular expression literal
 * holding a quote could mislead it; that only sways the count of one line.
 */
function codeLineIndents(source: string): string[] {
  const indents: string[] = [];
  // Each entry: a template literal (`), or the brace depth of code inside a `${` of one.
  const stack: Array<'`' | number> = [];
  let inBlockComment = false;
  let lineStart = true;
  for (let at = 0; at < source.length; at++) {
    const top = stack[stack.length - 1];
    const inTemplate = top === '`';
    if (lineStart) {
      lineStart = false;
      if (!inTemplate && !inBlockComment) {
        const indent = /^[ \t]*(?=[^\s*])/.exec(source.slice(at, source.indexOf('\n', at) === -1 ? undefined : source.indexOf('\n', at)))?.[0];
        if (indent !== undefined) indents.push(indent);
      }
    }
    const character = source[at]!;
    if (character === '\n') {
      lineStart = true;
      continue;
    }
    if (inBlockComment) {
      if (character === '*' && source[at + 1] === '/') {
        inBlockComment = false;
        at++;
      }
      continue;
    }
    if (inTemplate) {
      if (character === '\\') at++;
      else if (character === '`') stack.pop();
      else if (character === '$' && source[at + 1] === '{') {
        stack.push(0);
        at++;
      }
      continue;
    }
    if (character === '/' && source[at + 1] === '/') {
      const end = source.indexOf('\n', at);
      at = (end === -1 ? source.length : end) - 1;
    } else if (character === '/' && source[at + 1] === '*') {
      inBlockComment = true;
      at++;
    } else if (character === "'" || character === '"') {
      // To the closing quote, or the end of the line (an unterminated string does not span lines).
      let end = at + 1;
      while (end < source.length && source[end] !== character && source[end] !== '\n') end += source[end] === '\\' ? 2 : 1;
      at = source[end] === '\n' ? end - 1 : end;
    } else if (character === '`') {
      stack.push('`');
    } else if (character === '{' && typeof top === 'number') {
      stack[stack.length - 1] = top + 1;
    } else if (character === '}' && typeof top === 'number') {
      if (top === 0) stack.pop();
      else stack[stack.length - 1] = top - 1;
    }
  }
  return indents;
}

/**
 * Print with the options, then give tabs to the lines recast still indented with spaces: even
 * with `useTabs` it indents the first line of a block it reprints with spaces. Only lines that are
 * not lines of the original file are touched (a template literal's own lines are kept as written).
 */
export function printWithStyle(root: { toSource(options?: object): string }, source: string, options: PrintOptions): string {
  const eol = options.lineTerminator ?? '\n';
  const printed = keepBlankLineAfterClassHeader(blankLinesAtMarks(root.toSource(options), eol), source, eol);
  if (!options.useTabs) return printed;
  const width = options.tabWidth ?? 4;
  const original = new Set(source.split(/\r?\n/));
  return printed
    .split(eol)
    .map((line) => {
      if (original.has(line)) return line;
      const indent = /^[ \t]*/.exec(line)![0];
      if (!indent.includes(' ')) return line;
      let columns = 0;
      for (const character of indent) columns = character === '\t' ? (Math.floor(columns / width) + 1) * width : columns + 1;
      return '\t'.repeat(Math.floor(columns / width)) + ' '.repeat(columns % width) + line.slice(indent.length);
    })
    .join(eol);
}

const BLANK_LINE_MARK = 'weakify:blank-line-after';

/**
 * A trailing comment for a new node whose line must be followed by a blank line, which recast
 * cannot be asked for (it separates one-line members by none); printWithStyle removes it.
 */
export function blankLineAfterMark(j: { commentBlock(value: string, leading?: boolean, trailing?: boolean): unknown }): any {
  return j.commentBlock(BLANK_LINE_MARK, false, true);
}

const BLANK_BEFORE_MARK = 'weakify:blank-line-before';

/**
 * A leading comment for a new member that must follow a blank line: a one-line method appended
 * after a one-line member (`constructor(readonly board: Board) {}`), which recast would print
 * right below it. printWithStyle removes it.
 */
export function blankLineBeforeMark(j: { commentBlock(value: string, leading?: boolean, trailing?: boolean): unknown }): any {
  return j.commentBlock(BLANK_BEFORE_MARK, true, false);
}

/**
 * Each line marked after loses its mark and gains a blank line after it, unless one is there;
 * a mark before (on a line of its own, or in front of the member) gives a blank line before it,
 * unless one is there or the line before opens the block.
 */
function blankLinesAtMarks(printed: string, eol: string): string {
  const mark = `/*${BLANK_LINE_MARK}*/`;
  const before = `/*${BLANK_BEFORE_MARK}*/`;
  if (!printed.includes(mark) && !printed.includes(before)) return printed;
  const lines = printed.split(eol);
  const out: string[] = [];
  for (let at = 0; at < lines.length; at++) {
    let line = lines[at]!;
    const leading = line.indexOf(before);
    if (leading !== -1) {
      line = (line.slice(0, leading) + line.slice(leading + before.length).replace(/^ /, '')).trimEnd();
      const previous = (out.at(-1) ?? '').trim();
      if (previous !== '' && !previous.endsWith('{')) out.push('');
      if (line.trim() === '') continue;
    }
    const found = line.indexOf(mark);
    if (found === -1) {
      out.push(line);
      continue;
    }
    const rest = (line.slice(0, found) + line.slice(found + mark.length)).trimEnd();
    if (rest.trim() !== '') out.push(rest);
    const nextIsBlank = at + 1 >= lines.length || lines[at + 1]!.trim() === '';
    if (!nextIsBlank && (out.at(-1) ?? '').trim() !== '') out.push('');
  }
  return out.join(eol);
}

/**
 * Recast drops the blank line after a class's opening brace when it reprints the class body
 * (zrender's `class Element {` followed by an empty line): put it back after each header line
 * that the original file follows with one.
 */
function keepBlankLineAfterClassHeader(printed: string, source: string, eol: string): string {
  const originalLines = source.split(/\r?\n/);
  const spaced = new Set<string>();
  // A header may span lines (mathjax's `export class CommonOutputJax<` ... `> extends Base<T> {`):
  // it ends at the first line ending in `{` after the line with `class`.
  let inHeader = false;
  for (let at = 0; at + 1 < originalLines.length; at++) {
    const line = originalLines[at]!;
    if (/\bclass\b/.test(line)) inHeader = true;
    if (!inHeader) continue;
    if (/\{\s*$/.test(line)) {
      if (originalLines[at + 1]!.trim() === '') spaced.add(line);
      inHeader = false;
    } else if (/[;}]\s*$/.test(line)) {
      inHeader = false;
    }
  }
  if (spaced.size === 0) return printed;
  const lines = printed.split(eol);
  const out: string[] = [];
  for (let at = 0; at < lines.length; at++) {
    out.push(lines[at]!);
    if (spaced.has(lines[at]!) && at + 1 < lines.length && lines[at + 1]!.trim() !== '') out.push('');
  }
  return out.join(eol);
}
