import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printError } from '../../src/cli/print-error.js';
import { WeakifyError } from '../../src/weakify-error.js';

function printed(error: unknown): { code: number; text: string } {
  const stream = new PassThrough();
  const code = printError(error, stream);
  return { code, text: String(stream.read() ?? '') };
}

describe('printError', () => {
  it('a known error: its line and hint, its exit code', () => {
    const { code, text } = printed(new WeakifyError('DIRTY_TREE', 'uncommitted changes', { hint: 'Commit them first.' }));
    expect(text).toBe('weakify: error: uncommitted changes\n  Commit them first.\n');
    expect(code).toBe(2);
  });

  it('an internal error keeps its stack and the causes that say what failed (exit 3)', () => {
    // Regression (fifth sweep): `transform inject-dispose failed on src/mutation.ts` was all it said.
    const cause = new SyntaxError('Duplicate private name #label. (1:38)');
    const { code, text } = printed(new Error('weakify: transform inject-dispose failed on src/mutation.ts', { cause }));
    expect(code).toBe(3);
    expect(text).toMatch(/^weakify: internal error \(please report it with the command you ran\):\nError: weakify: transform inject-dispose failed on src\/mutation\.ts\n {4}at /);
    expect(text).toMatch(/\nCaused by: SyntaxError: Duplicate private name #label\. \(1:38\)\n {4}at /);
  });
});
