import picomatch from 'picomatch';

/**
 * Glob matching for --include/--exclude and the positional report filters, on `/`-separated
 * relative paths. A bare folder (`src/legacy`) matches everything under it.
 */
export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((glob) => matchesGlob(relativePath, glob));
}

function matchesGlob(relativePath: string, glob: string): boolean {
  const normalized = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  if (relativePath === normalized || relativePath.startsWith(`${normalized}/`)) return true;
  return picomatch.isMatch(relativePath, normalized, { dot: true });
}
