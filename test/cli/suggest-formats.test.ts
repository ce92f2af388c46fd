import { expect, test } from 'vitest';
import { SUGGEST_FORMATS } from '../../src/cli/suggest-command.js';
import { suggestFormats } from '../../src/suggest/index.js';

// The CLI lists the formats itself so that --help does not load the pre-merge code; keep the two in step.
test('suggest --format offers exactly the formats the library has', () => {
  expect([...SUGGEST_FORMATS].sort()).toEqual(Object.keys(suggestFormats).sort());
});
