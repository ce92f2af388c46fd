import { describe, expect, it } from 'vitest';
import { oneLineUsageMessage } from '../../src/cli/one-line-usage-message.js';

describe('oneLineUsageMessage', () => {
  it('turns yargs "Invalid values" into one line per option, in kebab-case', () => {
    expect(
      oneLineUsageMessage('Invalid values:\n  Argument: minConfidence, Given: "x", Choices: "a", "b"\n  Argument: format, Given: "y", Choices: "text"'),
    ).toBe('--min-confidence must be one of a, b, got "x"; --format must be one of text, got "y"');
  });

  it('an unknown kebab-case flag is named once (yargs also lists its camelCase form)', () => {
    expect(oneLineUsageMessage('Unknown arguments: such-flag, suchFlag')).toBe('Unknown argument: such-flag');
    expect(oneLineUsageMessage('Unknown arguments: a-b, aB, zz')).toBe('Unknown arguments: a-b, zz');
  });

  it('joins any other multi-line message and leaves one-line messages alone', () => {
    expect(oneLineUsageMessage('Missing required argument: plan')).toBe('Missing required argument: plan');
    expect(oneLineUsageMessage('Implications failed:\n  write -> plan')).toBe('Implications failed: write -> plan');
  });
});
