import { describe, expect, it } from 'vitest';
import { factTextGate } from '../../src/graph/collect-facts.js';

// The gate decides which member bodies are walked for facts. A wrong "no" loses evidence, so
// every shape a consumed fact can take must pass; a wrong "yes" only costs a walk.
describe('factTextGate', () => {
  const gate = factTextGate(new Set(['parent', 'children', '#owner', '$scope']));
  // Each text with its answer, so a failure names the text.
  const answers = (texts: string[], expected: boolean) => expect(texts.map((text) => [text, gate(text)])).toEqual(texts.map((text) => [text, expected]));

  it('passes members that use a field on a cycle by name, however it is written', () => {
    answers(
      [
        'detach() { this.parent = undefined; }',
        'add(c: Child) { this.children.push(c); }',
        'clear() { this.children.length = 0; }',
        'remove(c) { delete c.parent; }',
        'walk() { for (let n = this; n; n = n.parent!) count++; }',
        'get owner() { return this.#owner; }',
        'bind() { this.$scope.x = 1; }',
        "swap() { this['children'] = []; }",
      ],
      true,
    );
  });

  it('passes members that use `this` as a value', () => {
    answers(
      [
        'constructor() { this.toolbar = new Toolbar(this); }',
        'attach(o) { o.add(this); }',
        'attach(o) { o.register((this as any)); }',
        'attach(o) { o.register(this!); }',
        'save() { return JSON.stringify(this); }',
        'self() { return this; }',
        'is(o) { return o === this; }',
        'spread() { return [...this]; }',
      ],
      true,
    );
  });

  it('rules out members that only read other fields of `this`, or name a cycle field only inside another word', () => {
    answers(
      [
        'get size() { return this.items.length; }',
        'toString() { return `${this.name}: ${this?.kind} ${this[0]}`; }',
        'render() { this.parentNode.append(this.childrenCount); }',
        'find() { return this.grandparent ?? this.parentage; }',
        'run() { this.scope.x = this.$scopes; }',
      ],
      false,
    );
  });

  it('with no field on any cycle, only `this` as a value counts', () => {
    const none = factTextGate(new Set());
    expect(none('add(c) { this.children.push(c); }')).toBe(false);
    expect(none('constructor() { new Toolbar(this); }')).toBe(true);
  });

  it('treats names as text, not as patterns', () => {
    const odd = factTextGate(new Set(['[Symbol.dispose]', 'a.b']));
    expect(odd('x() { return this.aXb; }')).toBe(false);
    expect(odd('x() { return this.a.b; }')).toBe(true);
  });
});
