import { readFileSync } from 'node:fs';
import { ts } from '../typescript.js';
import { TOOL } from '../version.js';
import { WeakifyError } from '../weakify-error.js';
import { IDENTIFIER } from './identifier.js';
import { PLAN_SCHEMA_VERSION, type MigrationPlan, type PlanAction, type PlanEntry } from './migration-plan.js';

const ACTIONS: readonly PlanAction[] = ['weakref', 'dispose', 'unlink-fix', 'skip'];
const NULLABLE: readonly PlanEntry['nullable'][] = ['undefined', 'null', 'both', 'none'];
const CONTAINERS: readonly PlanEntry['owners'][number]['container'][] = ['single', 'array', 'set', 'map', 'record', 'tuple', 'generic'];

// Key order of the serialised plan (and the only keys a plan may hold: a typo such as `acton`
// in a hand-edited plan must fail loudly, not be ignored).
const PLAN_KEYS = ['schemaVersion', 'tool', 'project', 'entries'] as const;
const ENTRY_KEYS = [
  'id',
  'action',
  'file',
  'class',
  'field',
  'typeText',
  'nullable',
  'owners',
  'confidence',
  'reason',
  'disposeMethod',
  'backPointerMethod',
  'method',
  'widen',
] as const satisfies readonly (keyof PlanEntry)[];
const OWNER_KEYS = ['file', 'class', 'field', 'container'] as const;

// Only the dispose method names are checked as identifiers (IDENTIFIER): the transforms insert them
// as code. Class and field names are matched against the source as they are; the graph labels
// anonymous classes (`<anonymous class>`) and fields may have quoted names.

/** Reads and validates a plan file; see `parsePlan`. */
export function readPlanFile(file: string): MigrationPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WeakifyError('PATH_NOT_FOUND', `plan file not found: ${file}`, {
        hint: 'write one with `weakify analyze --plan <file>`',
        cause: error,
      });
    }
    throw error;
  }
  return parsePlan(text, file);
}

/**
 * Parses a plan that a person may have edited, checking every field by hand so that the error
 * names the exact place (`entries[3].action`) and the allowed values. `source` names the plan
 * in messages (usually its path).
 */
export function parsePlan(text: string, source: string): MigrationPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeakifyError('PLAN_INVALID', `the plan ${source} is not valid JSON: ${describeJsonError(error as Error, text)}`, {
      hint: 'fix the JSON by hand, or regenerate the plan with `weakify analyze --plan`',
      cause: error,
    });
  }

  const fail = (where: string, problem: string): never => {
    throw new WeakifyError('PLAN_INVALID', `the plan ${source} is invalid: ${where} ${problem}`, {
      hint: 'fix it by hand, or regenerate the plan with `weakify analyze --plan`',
    });
  };

  const root = expectObject(json, '(the top level)', fail);
  // The version first: a future plan may differ everywhere, and "regenerate it" is the useful answer.
  const version = root.schemaVersion;
  if (typeof version !== 'number') fail('schemaVersion', `must be the number ${PLAN_SCHEMA_VERSION}`);
  if (version !== PLAN_SCHEMA_VERSION) {
    throw new WeakifyError(
      'PLAN_VERSION',
      `plan schemaVersion ${String(version)} is not supported by weakify ${TOOL.version} (supports ${PLAN_SCHEMA_VERSION}): regenerate it with weakify analyze --plan`,
      { hint: `the plan is ${source}` },
    );
  }
  expectKeys(root, PLAN_KEYS, '', fail);

  const tool = expectObject(root.tool, 'tool', fail);
  expectKeys(tool, ['name', 'version'], 'tool.', fail);
  const toolName = expectString(tool.name, 'tool.name', fail);
  const toolVersion = expectString(tool.version, 'tool.version', fail);

  const project = expectObject(root.project, 'project', fail);
  expectKeys(project, ['tsconfig'], 'project.', fail);
  const tsconfig = expectString(project.tsconfig, 'project.tsconfig', fail, { nonEmpty: true });

  if (!Array.isArray(root.entries)) fail('entries', 'must be an array');
  const seen = new Map<string, number>();
  const entries = (root.entries as unknown[]).map((value, index) => {
    const entry = parseEntry(value, `entries[${index}]`, fail);
    const previous = seen.get(entry.id);
    if (previous !== undefined) fail(`entries[${index}].id`, `"${entry.id}" repeats entries[${previous}].id`);
    seen.set(entry.id, index);
    return entry;
  });

  return { schemaVersion: PLAN_SCHEMA_VERSION, tool: { name: toolName, version: toolVersion }, project: { tsconfig }, entries };
}

/** 2-space JSON with a trailing newline, keys in a fixed order: diffs of regenerated plans stay small. */
export function serializePlan(plan: MigrationPlan): string {
  const ordered = {
    schemaVersion: plan.schemaVersion,
    tool: { name: plan.tool.name, version: plan.tool.version },
    project: { tsconfig: plan.project.tsconfig },
    entries: plan.entries.map((entry) => {
      const out: Record<string, unknown> = {};
      for (const key of ENTRY_KEYS) {
        if (key === 'owners') {
          out.owners = entry.owners.map((owner) => pick(owner, OWNER_KEYS));
        } else if (entry[key] !== undefined) {
          out[key] = entry[key];
        }
      }
      return out;
    }),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

type Fail = (where: string, problem: string) => never;

function parseEntry(value: unknown, where: string, fail: Fail): PlanEntry {
  const raw = expectObject(value, where, fail);
  expectKeys(raw, ENTRY_KEYS, `${where}.`, fail);

  const id = expectString(raw.id, `${where}.id`, fail, { nonEmpty: true });
  const action = expectOneOf(raw.action, ACTIONS, `${where}.action`, fail);
  const file = expectString(raw.file, `${where}.file`, fail, { nonEmpty: true });
  const className = expectString(raw.class, `${where}.class`, fail, { nonEmpty: true });
  const field = expectString(raw.field, `${where}.field`, fail, { nonEmpty: true });
  const typeText = expectString(raw.typeText, `${where}.typeText`, fail);
  const nullable = expectOneOf(raw.nullable, NULLABLE, `${where}.nullable`, fail);

  if (!Array.isArray(raw.owners)) fail(`${where}.owners`, 'must be an array');
  const owners = (raw.owners as unknown[]).map((ownerValue, index) => {
    const at = `${where}.owners[${index}]`;
    const owner = expectObject(ownerValue, at, fail);
    expectKeys(owner, OWNER_KEYS, `${at}.`, fail);
    return {
      file: expectString(owner.file, `${at}.file`, fail, { nonEmpty: true }),
      class: expectString(owner.class, `${at}.class`, fail, { nonEmpty: true }),
      field: expectString(owner.field, `${at}.field`, fail, { nonEmpty: true }),
      container: expectOneOf(owner.container, CONTAINERS, `${at}.container`, fail),
    };
  });

  const confidence = raw.confidence;
  if (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    fail(`${where}.confidence`, `must be a number from 0 to 1, got ${JSON.stringify(confidence)}`);
  }
  const reason = expectString(raw.reason, `${where}.reason`, fail);

  const entry: PlanEntry = { id, action, file, class: className, field, typeText, nullable, owners, confidence: confidence as number, reason };
  if (raw.disposeMethod !== undefined) entry.disposeMethod = expectIdentifier(raw.disposeMethod, `${where}.disposeMethod`, fail);
  if (raw.backPointerMethod !== undefined) entry.backPointerMethod = expectIdentifier(raw.backPointerMethod, `${where}.backPointerMethod`, fail);
  if (raw.method !== undefined) entry.method = expectString(raw.method, `${where}.method`, fail, { nonEmpty: true });
  if (raw.widen !== undefined) {
    if (typeof raw.widen !== 'boolean') fail(`${where}.widen`, `must be true or false, got ${describe(raw.widen)}`);
    entry.widen = raw.widen as boolean;
  }
  // The fix goes into that method: without it there is nothing to transform.
  if (action === 'unlink-fix' && entry.method === undefined) fail(`${where}.method`, 'is required when action is "unlink-fix"');
  return entry;
}

function expectObject(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  return value as Record<string, unknown>;
}

function expectKeys(value: Record<string, unknown>, allowed: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${prefix}${key}`, `is not a known field (allowed: ${allowed.join(', ')})`);
  }
}

function expectString(value: unknown, where: string, fail: Fail, options: { nonEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') fail(where, `must be a string, got ${describe(value)}`);
  if (options.nonEmpty && (value as string).length === 0) fail(where, 'must not be empty');
  return value as string;
}

function expectIdentifier(value: unknown, where: string, fail: Fail): string {
  const text = expectString(value, where, fail);
  if (!IDENTIFIER.test(text)) fail(where, `must be an identifier, got ${JSON.stringify(text)}`);
  return text;
}

function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, fail: Fail): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    fail(where, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = value[key];
  return out;
}

/**
 * V8 gives a position for some JSON errors only (`Unexpected token` quotes the text instead, over
 * several lines); TypeScript's JSON scanner locates the others. A person editing the file needs
 * the line and column either way.
 */
function describeJsonError(error: Error, text: string): string {
  const message = error.message.replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '').replace(/ (?:in JSON )?at position \d+$/, '');
  const v8Position = /at position (\d+)/.exec(error.message);
  // V8 names the character it stopped at (`Unexpected token 'o'` in `not json`: `n` may begin
  // `null`), at or after where TypeScript's scanner gives up.
  const token = /^Unexpected token '(.)'/.exec(error.message)?.[1];
  const scanned = () => {
    const start = ts.parseConfigFileTextToJson('plan.json', text).error?.start;
    const at = token !== undefined && start !== undefined ? text.indexOf(token, start) : -1;
    return at >= 0 ? at : start;
  };
  const position = v8Position ? Number(v8Position[1]) : /end of JSON input/.test(error.message) ? text.length : scanned();
  if (position === undefined) return message;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
