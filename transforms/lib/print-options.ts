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
  if (indentedWithTabs(source)) {
    // One tab per level: recast counts columns with this width when parsing and prints a tab for each.
    options.useTabs = true;
    options.tabWidth = 4;
  }
  return options;
}

/** More lines indented with a tab than with spaces (comment continuation lines ` * ...` aside). */
function indentedWithTabs(source: string): boolean {
  let tabs = 0;
  let spaces = 0;
  for (const match of source.matchAll(/^([ \t]+)(?=[^\s*])/gm)) {
    if (match[1]!.startsWith('\t')) tabs++;
    else spaces++;
  }
  return tabs > spaces;
}

/**
 * Print with the options, then give tabs to the lines recast still indented with spaces: even
 * with `useTabs` it indents the first line of a block it reprints with spaces. Only lines that are
 * not lines of the original file are touched (a template literal's own lines are kept as written).
 */
export function printWithStyle(root: { toSource(options?: object): string }, source: string, options: PrintOptions): string {
  const printed = root.toSource(options);
  if (!options.useTabs) return printed;
  const width = options.tabWidth ?? 4;
  const original = new Set(source.split(/\r?\n/));
  const eol = options.lineTerminator ?? '\n';
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
