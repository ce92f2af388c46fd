import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Vitest global setup: every test run gets its own temporary folder (TMPDIR, which os.tmpdir()
 * and the CLI processes the tests spawn read), removed when the run ends. Tests copy fixtures,
 * create git repositories and write plans there; without this they would accumulate in the
 * machine's /tmp over runs.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), 'weakify-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  };
}
