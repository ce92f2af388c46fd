import { diffLines } from 'diff';

/**
 * Lines a transform added keep the file's semicolon style when prettier does not format the file.
 * recast ends every statement it prints with `;`; in a file written without them (standard style,
 * prosemirror, tiptap) the added `#disposed = false;` stands out in review. Only lines the change
 * added lose their final `;`, and only where no automatic semicolon insertion hazard follows: a
 * next line starting with `(`, `[`, a template, a regular expression, `+`, `-`, `*` (a generator
 * method after a field), `<` (a type assertion) or `.`/`,` would join the two lines. Verification type-checks the result
 * like any other change.
 */
export function followSemicolonStyle(before: string, after: string): string {
  if (!omitsSemicolons(before)) return after;
  const lines: string[] = [];
  const added: boolean[] = [];
  for (const part of diffLines(before, after)) {
    if (part.removed) continue;
    const partLines = part.value.split('\n');
    if (partLines.at(-1) === '') partLines.pop();
    for (const line of partLines) {
      lines.push(line);
      added.push(part.added === true);
    }
  }
  for (let at = 0; at < lines.length; at++) {
    if (!added[at]) continue;
    const line = lines[at]!;
    if (!/;\s*$/.test(line) || forHeaderOpen(line) || /^\s*;\s*$/.test(line) || emptyBody(line)) continue;
    const next = nextCodeLine(lines, at + 1);
    if (next !== undefined && HAZARD.test(next)) continue;
    lines[at] = line.replace(/;(\s*)$/, '$1');
  }
  const text = lines.join('\n');
  return after.endsWith('\n') ? `${text}\n` : text;
}

/** The next line holding code: blank lines and comments (a JSDoc block before a member) are skipped. */
function nextCodeLine(lines: readonly string[], from: number): string | undefined {
  let inComment = false;
  for (let at = from; at < lines.length; at++) {
    const trimmed = lines[at]!.trim();
    if (inComment) {
      if (trimmed.includes('*/')) inComment = false;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('//')) continue;
    if (trimmed.startsWith('/*')) {
      inComment = !trimmed.includes('*/', 2);
      continue;
    }
    return lines[at];
  }
  return undefined;
}

/**
 * A `for` line whose header is still open at its end (`for (let i = 0;`): that `;` belongs to the
 * header. One whose header closes on the line (`for (const shape of this.shapes) shape.dispose();`)
 * ends with its body's statement.
 */
function forHeaderOpen(line: string): boolean {
  if (!/^\s*for\b/.test(line)) return false;
  let depth = 0;
  let closed = false;
  for (const char of line) {
    if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) closed = true;
    }
  }
  return !closed || depth > 0;
}

/**
 * `while (queue.shift());`, `if (done);`: the `;` is the statement's body, not its end. Not
 * `for (const x of xs) x.dispose();`, whose `;` ends the body's statement.
 */
function emptyBody(line: string): boolean {
  const keyword = /^\s*(?:(?:else\s+)?if|while|for(?:\s+await)?)\s*\(/.exec(line);
  if (!keyword) return false;
  let depth = 0;
  for (let at = keyword[0].length - 1; at < line.length; at++) {
    if (line[at] === '(') depth += 1;
    else if (line[at] === ')' && --depth === 0) return /^\s*;\s*$/.test(line.slice(at + 1));
  }
  return false;
}

/** A line that would continue the previous statement if that one lost its `;`. */
const HAZARD = /^\s*[([`+\-*/.,<]/;

/**
 * Whether a file is written without statement semicolons: of the lines that end a statement-like
 * construct (in an identifier, a literal, `)` or `]`), or in `;`, nearly none end in `;`. A file
 * with fewer than five such lines is too short to tell, and keeps them.
 */
function omitsSemicolons(text: string): boolean {
  let withSemicolon = 0;
  let without = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trimEnd();
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('*') || trimmed.startsWith('/*') || /^for\s*\(/.test(trimmed)) continue;
    if (line.endsWith(';')) withSemicolon++;
    else if (/[\w$'"`)\]]$/.test(line)) without++;
  }
  // A stray `;` or two (a copied line) does not make a style; in a small file, none at all on two
  // or more statements does (@tanstack/form-core's three-line modules got `;` on every added line).
  return (without >= 5 && withSemicolon <= Math.max(1, without * 0.05)) || (without >= 2 && withSemicolon === 0);
}
