/**
 * Type-check a project with the TypeScript compiler API, independently of weakify's own
 * verification, so the e2e run does not trust the code it checks. Narrowing flags
 * (--include/--exclude/--compiler-option) are read from the same arguments weakify gets.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import ts from 'typescript';

function narrowing(args) {
  const result = { include: [], exclude: [], compilerOptions: {} };
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === '--include') result.include.push(value);
    else if (args[i] === '--exclude') result.exclude.push(value);
    else if (args[i] === '--compiler-option') {
      const [name, raw] = value.split('=');
      result.compilerOptions[name] = name === 'types' || name === 'lib' ? raw.split(',') : raw;
    }
  }
  return result;
}

/** Semantic and syntactic diagnostics as `file: TSnnnn message` (no line: lines move when code is inserted). */
export function projectDiagnostics(tsconfigPath, args) {
  const { include, exclude, compilerOptions } = narrowing(args);
  const rootDir = path.dirname(tsconfigPath);
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const config = read.config;
  config.compilerOptions = { ignoreDeprecations: '6.0', ...config.compilerOptions, ...compilerOptions, noEmit: true };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, rootDir, undefined, tsconfigPath);
  const isIncluded = include.length ? picomatch(include) : () => true;
  const isExcluded = exclude.length ? picomatch(exclude) : () => false;
  const relative = (f) => path.relative(rootDir, f).split(path.sep).join('/');
  const rootNames = parsed.fileNames.filter((f) => isIncluded(relative(f)) && !isExcluded(relative(f)));
  const program = ts.createProgram({ rootNames, options: parsed.options, projectReferences: parsed.projectReferences });
  const render = (d) => ({
    file: d.file ? relative(d.file.fileName) : '',
    message: `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  });
  return {
    semantic: [...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics()].map(render),
    syntactic: program.getSyntacticDiagnostics().map(render),
  };
}

/** Diagnostics present after but not before, compared as a multiset of `file: message`. */
export function compareDiagnostics(before, after) {
  const counts = new Map();
  for (const d of before) counts.set(`${d.file}: ${d.message}`, (counts.get(`${d.file}: ${d.message}`) ?? 0) + 1);
  const added = [];
  for (const d of after) {
    const key = `${d.file}: ${d.message}`;
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else added.push(key);
  }
  return { added };
}
