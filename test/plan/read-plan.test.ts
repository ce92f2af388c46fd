import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MigrationPlan, PlanEntry } from '../../src/plan/migration-plan.js';
import { parsePlan, readPlanFile, serializePlan } from '../../src/plan/read-plan.js';
import { TOOL } from '../../src/version.js';
import { WeakifyError } from '../../src/weakify-error.js';

const entry: PlanEntry = {
  id: '0123456789abcdef',
  action: 'weakref',
  file: 'src/child.ts',
  class: 'Child',
  field: 'parent',
  typeText: 'Parent | undefined',
  nullable: 'undefined',
  owners: [{ file: 'src/parent.ts', class: 'Parent', field: 'children', container: 'array' }],
  confidence: 0.85,
  reason: 'Parent.add constructs Child passing `this` (src/parent.ts:7).',
  disposeMethod: 'dispose',
};

const plan: MigrationPlan = {
  schemaVersion: 1,
  tool: { name: 'weakify', version: '0.1.0' },
  project: { tsconfig: 'tsconfig.json' },
  entries: [entry, { ...entry, id: 'fedcba9876543210', action: 'unlink-fix', method: 'remove', disposeMethod: undefined }],
};

function planWith(change: (json: any) => void): string {
  const json = JSON.parse(serializePlan(plan));
  change(json);
  return JSON.stringify(json, null, 2);
}

function errorOf(run: () => unknown): WeakifyError {
  try {
    run();
  } catch (error) {
    if (error instanceof WeakifyError) return error;
    throw error;
  }
  throw new Error('expected a WeakifyError');
}

describe('serializePlan', () => {
  it('writes 2-space JSON with a trailing newline and keys in a fixed order', () => {
    // Keys deliberately in a scrambled order: the output order must not depend on it.
    const scrambled = {
      entries: [
        {
          reason: 'r',
          owners: [{ container: 'set', field: 'kids', class: 'P', file: 'p.ts' }],
          method: 'remove',
          confidence: 1,
          id: 'x',
          nullable: 'null',
          typeText: 'P | null',
          field: 'up',
          class: 'C',
          file: 'c.ts',
          action: 'unlink-fix',
        },
      ],
      project: { tsconfig: 't.json' },
      tool: { version: '1.2.3', name: 'weakify' },
      schemaVersion: 1,
    } as unknown as MigrationPlan;
    expect(serializePlan(scrambled)).toBe(`{
  "schemaVersion": 1,
  "tool": {
    "name": "weakify",
    "version": "1.2.3"
  },
  "project": {
    "tsconfig": "t.json"
  },
  "entries": [
    {
      "id": "x",
      "action": "unlink-fix",
      "file": "c.ts",
      "class": "C",
      "field": "up",
      "typeText": "P | null",
      "nullable": "null",
      "owners": [
        {
          "file": "p.ts",
          "class": "P",
          "field": "kids",
          "container": "set"
        }
      ],
      "confidence": 1,
      "reason": "r",
      "method": "remove"
    }
  ]
}
`);
  });

  it('round-trips through parsePlan', () => {
    const text = serializePlan(plan);
    const parsed = parsePlan(text, 'plan.json');
    expect(parsed.entries[1]).not.toHaveProperty('disposeMethod');
    expect(serializePlan(parsed)).toBe(text);
    expect(parsed).toEqual(JSON.parse(text));
  });
});

describe('parsePlan', () => {
  it('names the file and the line and column of a JSON syntax error', () => {
    const error = errorOf(() => parsePlan('{\n  "schemaVersion": 1,\n  "tool" {}\n}\n', 'my-plan.json'));
    expect(error.code).toBe('PLAN_INVALID');
    expect(error.message).toBe("the plan my-plan.json is not valid JSON: Unexpected token '{' (line 3, column 10)");
  });

  // Regression: TypeScript's scanner stops at `n` (a `{` was expected), V8 at the `o` it names.
  it('puts the column at the character the message names', () => {
    expect(errorOf(() => parsePlan('not json', 'p.json')).message).toBe("the plan p.json is not valid JSON: Unexpected token 'o' (line 1, column 2)");
  });

  it('keeps the position V8 reports', () => {
    const error = errorOf(() => parsePlan('{}\n x', 'p.json'));
    expect(error.message).toBe('the plan p.json is not valid JSON: Unexpected non-whitespace character after JSON (line 2, column 2)');
  });

  it('reports a truncated file at its end', () => {
    const error = errorOf(() => parsePlan('{\n  "a": [', 'p.json'));
    expect(error.message).toBe('the plan p.json is not valid JSON: Unexpected end of JSON input (line 2, column 9)');
  });

  it('refuses an unknown schemaVersion with the exact advice', () => {
    const error = errorOf(() => parsePlan(planWith((j) => (j.schemaVersion = 7)), 'p.json'));
    expect(error.code).toBe('PLAN_VERSION');
    expect(error.message).toBe(
      `plan schemaVersion 7 is not supported by weakify ${TOOL.version} (supports 1): regenerate it with weakify analyze --plan`,
    );
    expect(error.exitCode).toBe(2);
  });

  it.each<[string, (json: any) => void, string]>([
    ['a non-object', (j) => (j.tool = 'weakify'), 'tool must be an object'],
    ['a missing schemaVersion', (j) => delete j.schemaVersion, 'schemaVersion must be the number 1'],
    ['an unknown top-level key', (j) => (j.extra = 1), 'extra is not a known field (allowed: schemaVersion, tool, project, entries)'],
    ['entries not an array', (j) => (j.entries = {}), 'entries must be an array'],
    ['an empty tsconfig', (j) => (j.project.tsconfig = ''), 'project.tsconfig must not be empty'],
    [
      'a bad action',
      (j) => (j.entries[1].action = 'weak'),
      'entries[1].action must be one of "weakref", "dispose", "unlink-fix", "skip", got "weak"',
    ],
    ['a missing action', (j) => delete j.entries[0].action, 'entries[0].action must be one of "weakref", "dispose", "unlink-fix", "skip", got nothing'],
    ['widen that is not a boolean', (j) => (j.entries[0].widen = 'yes'), 'entries[0].widen must be true or false, got "yes"'],
    ['a typo in a key', (j) => (j.entries[0].acton = 'skip'), 'entries[0].acton is not a known field (allowed: id, action, file, class, field, typeText, nullable, owners, confidence, reason, disposeMethod, backPointerMethod, method, widen)'],
    ['a bad nullable', (j) => (j.entries[0].nullable = 'maybe'), 'entries[0].nullable must be one of "undefined", "null", "both", "none", got "maybe"'],
    ['a confidence above 1', (j) => (j.entries[0].confidence = 85), 'entries[0].confidence must be a number from 0 to 1, got 85'],
    ['a string confidence', (j) => (j.entries[0].confidence = '0.8'), 'entries[0].confidence must be a number from 0 to 1, got "0.8"'],
    ['an empty field', (j) => (j.entries[0].field = ''), 'entries[0].field must not be empty'],
    ['a dispose method that is no identifier', (j) => (j.entries[0].disposeMethod = 'dispose()'), 'entries[0].disposeMethod must be an identifier, got "dispose()"'],
    ['a back-pointer method that is no identifier', (j) => (j.entries[0].backPointerMethod = 'x.dispose'), 'entries[0].backPointerMethod must be an identifier, got "x.dispose"'],
    ['an owner without class', (j) => delete j.entries[0].owners[0].class, 'entries[0].owners[0].class must be a string, got nothing'],
    ['a bad owner container', (j) => (j.entries[0].owners[0].container = 'list'), 'entries[0].owners[0].container must be one of "single", "array", "set", "map", "record", "tuple", "generic", got "list"'],
    ['owners not an array', (j) => (j.entries[0].owners = null), 'entries[0].owners must be an array'],
    ['an unlink fix without method', (j) => delete j.entries[1].method, 'entries[1].method is required when action is "unlink-fix"'],
    ['a numeric dispose method', (j) => (j.entries[0].disposeMethod = 3), 'entries[0].disposeMethod must be a string, got 3'],
    ['a repeated id', (j) => (j.entries[1].id = j.entries[0].id), 'entries[1].id "0123456789abcdef" repeats entries[0].id'],
  ])('names the place of %s', (_name, change, problem) => {
    const error = errorOf(() => parsePlan(planWith(change), 'p.json'));
    expect(error.code).toBe('PLAN_INVALID');
    expect(error.message).toBe(`the plan p.json is invalid: ${problem}`);
    expect(error.hint).toBe('fix it by hand, or regenerate the plan with `weakify analyze --plan`');
  });

  it('accepts ES private fields, graph labels of anonymous classes and an empty entry list', () => {
    expect(parsePlan(planWith((j) => (j.entries[0].field = '#editor')), 'p.json').entries[0]!.field).toBe('#editor');
    expect(parsePlan(planWith((j) => (j.entries[0].class = '<anonymous class>')), 'p.json').entries[0]!.class).toBe('<anonymous class>');
    expect(parsePlan(planWith((j) => (j.entries = [])), 'p.json').entries).toEqual([]);
  });
});

describe('readPlanFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weakify-plan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and validates a plan file', () => {
    const file = path.join(dir, 'plan.json');
    writeFileSync(file, serializePlan(plan));
    expect(readPlanFile(file)).toEqual(plan.entries.length === 2 ? JSON.parse(serializePlan(plan)) : undefined);
  });

  it('says when the file does not exist', () => {
    const file = path.join(dir, 'missing.json');
    const error = errorOf(() => readPlanFile(file));
    expect(error.code).toBe('PATH_NOT_FOUND');
    expect(error.message).toBe(`plan file not found: ${file}`);
  });

  it('names the file in validation errors', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, planWith((j) => (j.entries[0].action = 'nope')));
    expect(errorOf(() => readPlanFile(file)).message).toContain(`the plan ${file} is invalid: entries[0].action`);
  });
});
