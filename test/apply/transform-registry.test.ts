import { describe, expect, it } from 'vitest';
import { actionForTransform, loadTransform, transformIdForAction } from '../../src/apply/transform-registry.js';

describe('transform registry', () => {
  it.each([
    ['weakref', 'weakref-accessor'],
    ['dispose', 'inject-dispose'],
    ['unlink-fix', 'reset-back-pointer'],
    ['skip', undefined],
  ] as const)('action %s -> transform %s', (action, id) => {
    expect(transformIdForAction(action)).toBe(id);
    if (id) expect(actionForTransform(id)).toBe(action);
  });

  it('prefers an injected function or module', async () => {
    const fake = () => 'x';
    expect(await loadTransform('weakref-accessor', { 'weakref-accessor': fake })).toBe(fake);
    expect(await loadTransform('inject-dispose', { 'inject-dispose': { default: fake } })).toBe(fake);
  });
});
