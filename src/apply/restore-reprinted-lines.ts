import { diffArrays } from 'diff';

/**
 * The transform's output with every line that differs from an original line only in spacing or
 * a trailing semicolon given its original text back.
 *
 * recast prints the parts of a class a transform touches anew, and its printer does not keep
 * everything a file's author wrote: `private _x; private _y;` came out as `private _x;private
 * _y;`, a whitespace-only line lost its spaces, and a `;` after a method (`get first() {...};`)
 * went away, and a blank line before a class's closing brace was dropped (needle-engine,
 * @tanstack/form-core), and a clause after `if (...)` went to a line of its own, and two blank lines
 * became one, or a blank line appeared where there was none (rxdb). Lines are matched in order (a Myers diff), so
 * the lines a transform adds, and the ones it changes in substance, stay as it wrote them.
 */
export function restoreReprintedLines(before: string, after: string): string {
  if (before === after) return after;
  const eol = after.includes('\r\n') ? '\r\n' : '\n';
  const oldLines = before.split(/\r?\n/);
  const newLines = after.split(/\r?\n/);
  const parts = diffArrays(oldLines, newLines, { comparator: (a: string, b: string) => sameCode(a, b) });
  const out: string[] = [];
  let oldAt = 0;
  for (const [at, part] of parts.entries()) {
    if (part.removed) {
      const count = part.count ?? part.value.length;
      // Blank lines recast dropped (before a class's closing brace, needle-engine's Context; one
      // of two after a class's opening brace, rxdb's RxCollectionBase) come back, as long as the
      // run of blank lines there stays as long as it was: not where the transform's own lines
      // bring a blank line that stands for this one.
      if (part.value.every((line) => line.trim() === '')) {
        const blankRun = trailingBlanks(out) + count + leadingBlanks(parts[at + 1]?.value ?? []);
        if (blankRun <= blankRunAround(oldLines, oldAt, count)) out.push(...oldLines.slice(oldAt, oldAt + count));
      }
      oldAt += count;
    } else if (part.added) {
      // Blank lines alone between two unchanged stretches are recast's, not the transform's (it
      // put one after `> {` of a function whose return type spans lines, rxdb's): a transform
      // adds a blank line with the code it separates.
      const unchangedAround = at > 0 && !parts[at - 1]!.removed && !parts[at - 1]!.added && parts[at + 1] !== undefined && !parts[at + 1]!.removed && !parts[at + 1]!.added;
      if (unchangedAround && part.value.every((line) => line.trim() === '')) continue;
      out.push(...rejoined(part.value, parts[at - 1]?.removed ? parts[at - 1]!.value : []));
    }
    else {
      const count = part.count ?? part.value.length;
      out.push(...oldLines.slice(oldAt, oldAt + count));
      oldAt += count;
    }
  }
  return out.join(eol);
}

function trailingBlanks(lines: readonly string[]): number {
  let count = 0;
  while (count < lines.length && lines[lines.length - 1 - count]!.trim() === '') count++;
  return count;
}

function leadingBlanks(lines: readonly string[]): number {
  let count = 0;
  while (count < lines.length && lines[count]!.trim() === '') count++;
  return count;
}

/** The length of the run of blank lines in `lines` that holds the `count` lines from `start`. */
function blankRunAround(lines: readonly string[], start: number, count: number): number {
  return trailingBlanks(lines.slice(0, start)) + count + leadingBlanks(lines.slice(start + count));
}

/**
 * Added lines with each pair that recast split out of one removed line put back as that line:
 * it prints a clause without braces on a line of its own once its `if` is printed anew (`if
 * (!this.tags) this.tags = new Map();` became two lines when its `else` got braces).
 */
function rejoined(added: string[], removed: readonly string[]): string[] {
  if (removed.length === 0) return added;
  const out: string[] = [];
  for (let at = 0; at < added.length; at++) {
    const line = added[at]!;
    const next = added[at + 1];
    const original = next === undefined || line.trim() === '' ? undefined : removed.find((old) => sameCode(old, `${line} ${next.trim()}`));
    if (original !== undefined) {
      out.push(original);
      at++;
    } else out.push(line);
  }
  return out;
}

const keys = new Map<string, string>();

/**
 * Whether two lines hold the same code: spacing aside (but between two words, and the indentation,
 * which tells a method's closing brace from its class's), and a trailing `;`. Blank lines are
 * alike whatever spaces they hold.
 */
function sameCode(a: string, b: string): boolean {
  return a === b || key(a) === key(b);
}

function key(line: string): string {
  let found = keys.get(line);
  if (found === undefined) {
    const indent = /^\s*/.exec(line)![0];
    const code = line.trim().replace(/\s+/g, ' ').replace(/ ?([^\w$ ]) ?/g, '$1').replace(/;+$/, '');
    found = code === '' ? '' : indent + code;
    if (keys.size > 10_000) keys.clear();
    keys.set(line, found);
  }
  return found;
}
