import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import jscodeshift, { type API, type Options } from 'jscodeshift';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import transform from '../../transforms/weakref-accessor.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/weakref-accessor');

/**
 * Each case: input/ and output/ (a small project with its own strict tsconfig.json), options.json
 * (the transform's options) and, when the transform refuses something, reports.json (the exact
 * messages). Files are compared byte for byte; output/ must type-check.
 */
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  // `basic` first, as the convention says; the rest alphabetically.
  .sort((a, b) => (a === 'basic' ? -1 : b === 'basic' ? 1 : a.localeCompare(b)));

function run(source: string, filePath: string, options: Options) {
  const j = jscodeshift.withParser('ts');
  const reports: string[] = [];
  const api: API = { j, jscodeshift: j, stats: () => {}, report: (message: string) => reports.push(message) };
  const output = transform({ path: filePath, source }, api, options);
  return { output: output ?? source, changed: output !== undefined, reports };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort();
}

function typeErrors(projectDir: string): string[] {
  const configPath = path.join(projectDir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, projectDir);
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return `${path.relative(projectDir, diagnostic.file.fileName)}:${line + 1}: ${message}`;
  });
}

describe('weakref-accessor fixtures', () => {
  it('has a basic case first', () => {
    expect(cases[0]).toBe('basic');
  });

  for (const name of cases) {
    describe(name, () => {
      const dir = path.join(FIXTURES, name);
      const options = JSON.parse(readFileSync(path.join(dir, 'options.json'), 'utf8')) as Options;
      const expectedReports = existsSync(path.join(dir, 'reports.json'))
        ? (JSON.parse(readFileSync(path.join(dir, 'reports.json'), 'utf8')) as string[])
        : [];
      const inputs = sourceFiles(path.join(dir, 'input'));

      it('input and output hold the same files', () => {
        expect(sourceFiles(path.join(dir, 'output'))).toEqual(inputs);
      });

      for (const file of inputs) {
        it(`${file}: output matches byte for byte`, () => {
          const source = readFileSync(path.join(dir, 'input', file), 'utf8');
          const expected = readFileSync(path.join(dir, 'output', file), 'utf8');
          const { output } = run(source, path.join(dir, 'input', file), options);
          expect(output).toBe(expected);
        });

        it(`${file}: a second run changes nothing`, () => {
          const once = readFileSync(path.join(dir, 'output', file), 'utf8');
          const { changed, output } = run(once, path.join(dir, 'output', file), options);
          expect(output).toBe(once);
          expect(changed).toBe(false);
        });
      }

      it('reports exactly the refusals expected', () => {
        const reports = inputs.flatMap((file) =>
          run(readFileSync(path.join(dir, 'input', file), 'utf8'), path.join(dir, 'input', file), options).reports,
        );
        expect(reports).toEqual(expectedReports);
      });

      it('input and output type-check under strict mode', () => {
        expect(typeErrors(path.join(dir, 'input'))).toEqual([]);
        expect(typeErrors(path.join(dir, 'output'))).toEqual([]);
      });
    });
  }
});
