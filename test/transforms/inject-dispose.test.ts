import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { MigrationPlan, PlanEntry } from '../../src/plan/migration-plan.js';
import { writtenWithNullChecks } from '../../src/project/null-checks.js';
import transform from '../../transforms/inject-dispose.js';
import { fixtureCases, runTransform, sourceFiles, typeErrors } from './fixture-support.js';

const run = (file: string, source: string, options: Record<string, unknown>) => runTransform(transform, file, source, options);

const FIXTURES = fileURLToPath(new URL('../../fixtures/inject-dispose/', import.meta.url));

/**
 * Each case: plan.json (a real migration plan; its tsconfig is input/tsconfig.json), input/ and
 * output/ (small projects). Every input file is run through the transform with the entries that
 * concern it, as `weakify apply` does, and compared with output/ byte for byte.
 */
const cases = fixtureCases(FIXTURES);

function concerns(entry: PlanEntry, file: string): boolean {
  return entry.file === file || entry.owners.some((owner) => owner.file === file);
}


function usesDisposableLib(projectDir: string): boolean {
  const config = ts.readConfigFile(path.join(projectDir, 'tsconfig.json'), ts.sys.readFile).config;
  const lib: string[] = config?.compilerOptions?.lib ?? [];
  return lib.some((name) => /^esnext(\.disposable)?$/i.test(name));
}

/** As `weakify apply` chooses: WeakSet guards when the target predates ES private fields. */
function storageFor(projectDir: string): 'weakmap' | undefined {
  const config = ts.readConfigFile(path.join(projectDir, 'tsconfig.json'), ts.sys.readFile).config;
  return /^es(3|5)$/i.test(config?.compilerOptions?.target ?? '') ? 'weakmap' : undefined;
}

/** As `weakify apply` passes it: the null checking the project's code was written with. */
function strictNullChecksFor(projectDir: string): boolean {
  const config = ts.readConfigFile(path.join(projectDir, 'tsconfig.json'), ts.sys.readFile).config;
  return writtenWithNullChecks(ts.parseJsonConfigFileContent(config, ts.sys, projectDir).options);
}

/** As `weakify apply` passes it: whether the project's files are compiled with declaration emit. */
function declarationFor(projectDir: string): boolean {
  const options = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(projectDir, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, projectDir).options;
  return options.declaration === true || options.composite === true;
}

describe.each(cases)('inject-dispose: %s', (name) => {
  const caseDir = path.join(FIXTURES, name);
  const plan = JSON.parse(readFileSync(path.join(caseDir, 'plan.json'), 'utf8')) as MigrationPlan;
  const inputDir = path.join(caseDir, 'input');
  const outputDir = path.join(caseDir, 'output');
  const expectedReports = existsSync(path.join(caseDir, 'reports.json'))
    ? (JSON.parse(readFileSync(path.join(caseDir, 'reports.json'), 'utf8')) as string[])
    : [];
  const disposable = usesDisposableLib(inputDir);
  const storage = storageFor(inputDir);
  const strictNullChecks = strictNullChecksFor(inputDir);
  const declaration = declarationFor(inputDir);

  it('produces output/ byte for byte', () => {
    const reports: string[] = [];
    for (const file of sourceFiles(inputDir)) {
      const entries = plan.entries.filter((entry) => concerns(entry, file));
      const input = readFileSync(path.join(inputDir, file), 'utf8');
      const result = run(path.join(inputDir, file), input, { entries, disposable, storage, strictNullChecks, declaration });
      reports.push(...result.reports);
      expect(result.output ?? input).toBe(readFileSync(path.join(outputDir, file), 'utf8'));
    }
    expect(reports).toEqual(expectedReports);
  });

  it('output/ type-checks under strict mode', () => {
    expect(typeErrors(outputDir)).toEqual([]);
  });

  it('changes nothing the second time', () => {
    for (const file of sourceFiles(outputDir)) {
      const entries = plan.entries.filter((entry) => concerns(entry, file));
      const result = run(path.join(outputDir, file), readFileSync(path.join(outputDir, file), 'utf8'), { entries, disposable, storage, strictNullChecks, declaration });
      expect(result.output).toBeUndefined();
    }
  });
});

describe('inject-dispose from the jscodeshift CLI (options.plan)', () => {
  it('reads the plan file and picks the entries for the file', () => {
    const caseDir = path.join(FIXTURES, 'basic');
    const file = path.join(caseDir, 'input', 'tree.ts');
    const { output } = run(file, readFileSync(file, 'utf8'), { plan: path.join(caseDir, 'plan.json') });
    expect(output).toBe(readFileSync(path.join(caseDir, 'output', 'tree.ts'), 'utf8'));
  });

  it('returns undefined for a file the plan does not mention', () => {
    const { output } = run('/elsewhere/other.ts', 'export class Parent { children: Child[] = []; }\nclass Child {}\n', {
      plan: path.join(FIXTURES, 'basic', 'plan.json'),
    });
    expect(output).toBeUndefined();
  });
});

// Regression: recast printed every line with `\n`, turning a CRLF file into LF.
describe('inject-dispose line endings', () => {
  for (const storage of ['private', 'weakmap'] as const) {
    it(`keeps a CRLF file CRLF, in the inserted code too (${storage} storage)`, () => {
      const caseDir = path.join(FIXTURES, storage === 'private' ? 'basic' : 'weakset-guard');
      const file = storage === 'private' ? 'tree.ts' : 'header.ts';
      const plan = JSON.parse(readFileSync(path.join(caseDir, 'plan.json'), 'utf8')) as MigrationPlan;
      const entries = plan.entries.filter((entry) => concerns(entry, file));
      const input = readFileSync(path.join(caseDir, 'input', file), 'utf8').replaceAll('\n', '\r\n');
      const { output } = run(path.join(caseDir, 'input', file), input, { entries, storage });
      expect(output).toBe(readFileSync(path.join(caseDir, 'output', file), 'utf8').replaceAll('\n', '\r\n'));
    });
  }
});

// blocksuite's GfxLocalElementModel returns `new Proxy(this, ...)` from its constructor: a
// `#disposed` guard read through the proxy throws "Cannot read private member". The analysis skips
// such fields; a plan written by hand gets the refusal. A WeakSet guard sees the proxy every time.
describe('inject-dispose on a class whose constructor returns a Proxy', () => {
  const source = [
    'export class Surface {',
    '  readonly locals: LocalElement[] = [];',
    '}',
    '',
    'export class LocalElement {',
    '  surface: Surface | undefined;',
    '',
    '  constructor(surface: Surface) {',
    '    this.surface = surface;',
    '    return new Proxy(this, {});',
    '  }',
    '}',
    '',
  ].join('\n');
  const entries: PlanEntry[] = [
    {
      id: 'LocalElement.surface',
      action: 'dispose',
      file: 'surface.ts',
      class: 'LocalElement',
      field: 'surface',
      typeText: 'Surface | undefined',
      nullable: 'undefined',
      owners: [{ file: 'surface.ts', class: 'Surface', field: 'locals', container: 'array' }],
      confidence: 0.9,
      reason: 'test',
      disposeMethod: 'dispose',
    },
  ];

  it('leaves that class alone with private storage, and says why', () => {
    const { output, reports } = run('/project/surface.ts', source, { entries });
    expect(reports).toEqual([
      'LocalElement.surface: the constructor of LocalElement returns another object (a Proxy, say) in place of `this`, which would not have a private `#disposed` member; use --storage weakmap or write dispose by hand; back-pointer not cleared (entry LocalElement.surface).',
    ]);
    expect(output!.slice(output!.indexOf('export class LocalElement'))).toBe(source.slice(source.indexOf('export class LocalElement')));
  });

  it('clears the back-pointer with a WeakSet guard', () => {
    const { output, reports } = run('/project/surface.ts', source, { entries, storage: 'weakmap' });
    expect(reports).toEqual([]);
    expect(output).toContain('    this.surface = undefined;');
  });
});
