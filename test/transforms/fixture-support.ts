import { readdirSync } from 'node:fs';
import path from 'node:path';
import jscodeshift, { type API, type Options } from 'jscodeshift';
import ts from 'typescript';
import type { TransformFunction } from '../../src/apply/transform-registry.js';

/** The case folders of a transform's fixtures: `basic` first, as the convention says, then alphabetically. */
export function fixtureCases(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a === 'basic' ? -1 : b === 'basic' ? 1 : a.localeCompare(b)));
}

/** The .ts files of a fixture folder, relative to it, sorted. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort();
}

/** Run a transform as jscodeshift would (ts parser), collecting what it reports. */
export function runTransform(transform: TransformFunction, file: string, source: string, options: Options) {
  const j = jscodeshift.withParser('ts');
  const reports: string[] = [];
  const api: API = { j, jscodeshift: j, stats: () => {}, report: (message: string) => reports.push(message) };
  const output = transform({ path: file, source }, api, options);
  return { output: typeof output === 'string' ? output : undefined, reports };
}

/** Type-check a fixture project with its own tsconfig, without emitting: `file:line: message` per error. */
export function typeErrors(projectDir: string): string[] {
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
