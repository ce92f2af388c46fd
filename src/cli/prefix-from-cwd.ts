import path from 'node:path';

/** Paths in results are relative to the tsconfig folder; show them from where the user stands. */
export function prefixFromCwd(cwd: string, rootDir: string): string {
  const relative = path.relative(cwd, rootDir).split(path.sep).join('/');
  return relative === '' ? '' : `${relative}/`;
}
