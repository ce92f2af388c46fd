import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weakify-errors-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('CLI errors: one clear line, a hint, a documented exit code, no stack', () => {
  it('a missing tsconfig exits 2', () => {
    const run = runCli(['analyze', '-p', 'does/not/exist.json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'weakify: error: tsconfig not found: does/not/exist.json\n' +
        '  Pass the project with -p <path/to/tsconfig.json> (or a folder that contains one).\n',
    );
    expect(run.stdout).toBe('');
  });

  it('a folder without tsconfig.json exits 2', () => {
    const dir = tempProject({ 'src/a.ts': 'export class A {}\n' });
    const run = runCli(['analyze', '-p', '.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: no tsconfig.json in folder .');
  });

  it('an unparsable tsconfig exits 2 and names the file', () => {
    const dir = tempProject({ 'tsconfig.json': '{ "compilerOptions": { "strict": true, } ', 'a.ts': 'export {}\n' });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^weakify: error: cannot parse tsconfig\.json: .+\n  Fix the JSON of the tsconfig/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  // Regression (@tweakpane/core's shipped src/tsconfig.json extends ../tsconfig.json, which the
  // package does not ship): the run went on with a warning, without the options of the base.
  it('a tsconfig whose "extends" cannot be read exits 2, saying so and what to do', () => {
    const dir = tempProject({ 'tsconfig.json': '{ "extends": "@tsconfig/strictest/tsconfig.json", "include": ["*.ts"] }\n', 'a.ts': 'export {}\n' });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "weakify: error: cannot read tsconfig.json: the config it extends cannot be read: File '@tsconfig/strictest/tsconfig.json' not found.\n" +
        '  Install the dependencies that hold the config it extends (npm install), or fix the "extends" path.\n',
    );
  });

  it('says where in the tsconfig the JSON goes wrong', () => {
    const dir = tempProject({ 'tsconfig.json': '{\n  "compilerOptions": { "strict": true,, },\n  "include": ["*.ts"]\n}\n', 'a.ts': 'export {}\n' });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    // The second comma: line 2, column 39.
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: cannot parse tsconfig.json: Property assignment expected (line 2, column 39)');
  });

  it('a project without source files exits 2', () => {
    const dir = tempProject({ 'tsconfig.json': '{ "include": ["src"] }' });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: no TypeScript source files in tsconfig.json');
  });

  it('an unknown option exits 2 with the usage hint', () => {
    // --no-x is yargs' negation of --x: the unknown option is such-flag, named once.
    const run = runCli(['analyze', '--no-such-flag']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'weakify: error: Unknown argument: such-flag\n  Run `weakify --help` for the commands and options.\n',
    );
  });

  it('a plan given as a positional argument exits 2 and says how to give it', () => {
    const run = runCli(['apply', 'weakify-plan.json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'weakify: error: Unknown argument: weakify-plan.json (a migration plan is given as --plan weakify-plan.json)\n  Run `weakify --help` for the commands and options.\n',
    );
  });

  it('an unknown --format exits 2 with one line naming the option and its choices', () => {
    const run = runCli(['analyze', '-p', 'fixtures/example-app', '--format', 'yaml']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'weakify: error: --format must be one of text, json, markdown, sarif, github, mermaid, dot, got "yaml"\n' +
        '  Run `weakify --help` for the commands and options.\n',
    );
  });

  it('an unknown format in the config file is reported on one line too', () => {
    const dir = tempProject({ 'weakify.config.json': '{ "strategy": "gc" }', 'tsconfig.json': '{}', 'a.ts': 'export {}\n' });
    const run = runCli(['apply'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: --strategy must be one of auto, weakref, dispose, got "gc"');
  });

  it('no command exits 2', () => {
    const run = runCli([]);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: Name a command: analyze, apply or suggest (see --help).');
  });

  it('a malformed --compiler-option exits 2', () => {
    const run = runCli(['analyze', '-p', 'fixtures/example-app', '--compiler-option', 'types']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: --compiler-option expects name=value, got "types"');
  });

  it('an out-of-range --min-confidence exits 2', () => {
    const run = runCli(['analyze', '-p', 'fixtures/example-app', '--min-confidence', '7']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: --min-confidence must be between 0 and 1, got 7');
  });

  it('a solution tsconfig whose referenced projects have no files exits 2 naming them', () => {
    const dir = tempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./packages/ui" }, { "path": "./tsconfig.node.json" }] }',
      'tsconfig.node.json': '{ "compilerOptions": { "composite": true }, "include": ["vite.config.ts"] }',
      'packages/ui/tsconfig.json': '{ "compilerOptions": { "composite": true }, "include": ["src"] }',
    });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'weakify: error: tsconfig.json has no files of its own, and no project it references gives any: packages/ui/tsconfig.json, tsconfig.node.json list no files\n' +
        '  Check the references and the "include"/"files" of the referenced tsconfigs, or point -p at the project to analyse.\n',
    );
  });

  it('a solution tsconfig none of whose references can be read exits 2 saying why for each', () => {
    const dir = tempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./gone" }, { "path": "./broken" }] }',
      'broken/tsconfig.json': '{ "compilerOptions": ',
    });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^weakify: error: tsconfig\.json has no files of its own, and no project it references gives any: tsconfig\.json references gone\/tsconfig\.json, which does not exist; cannot parse broken\/tsconfig\.json: .+\n/,
    );
  });

  it('a solution tsconfig referencing a project that does not exist: a warning, and the others are analysed', () => {
    const dir = tempProject({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./packages/gone" }, { "path": "./packages/ui" }] }',
      'packages/ui/tsconfig.json': '{ "compilerOptions": { "strict": true, "types": [] }, "include": ["src"] }',
      'packages/ui/src/a.ts': 'export class A {}\n',
    });
    const run = runCli(['analyze', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { project: { files: number }; warnings: Array<{ message: string }> };
    expect(json.project.files).toBe(1);
    expect(json.warnings.map((warning) => warning.message)).toEqual([
      'tsconfig.json references packages/gone/tsconfig.json, which does not exist',
      'tsconfig.json has no files of its own: analysed the project it references (packages/ui/tsconfig.json)',
    ]);
  });

  it('a --min-confidence that is not a number says so', () => {
    const run = runCli(['analyze', '-p', 'fixtures/example-app', '--min-confidence', 'high']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('weakify: error: --min-confidence must be between 0 and 1, not a number');
  });

  // An option given without its value (`-p` at the end of a line, or `--plan "$PLAN"` with an empty
  // variable) was read as not given: `apply --plan --write` applied the candidates it chose itself.
  it('a file option given without a value exits 2 saying so, and writes nothing', () => {
    const dir = tempProject({ 'a.ts': 'export {}\n' });
    const empty = runCli(['analyze', '-p', ''], { cwd: dir });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe('weakify: error: --project needs a value\n  Give it after the flag, e.g. --project <value>.\n');
    const plan = runCli(['apply', '-p', 'fixtures/example-app', '--write', '--plan']);
    expect(plan.status).toBe(2);
    expect(plan.stderr).toBe('weakify: error: --plan needs a value\n  Give it after the flag, e.g. --plan plan.json.\n');
    expect(plan.stdout).toBe('');
  });

  it('a boolean flag given a value other than true or false exits 2 (CI would have stayed green)', () => {
    const run = runCli(['analyze', '-p', 'fixtures/example-app', '--fail-on-candidates=yes']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('weakify: error: --fail-on-candidates takes no value, or true or false; got "yes"\n  Write --fail-on-candidates (or --no-fail-on-candidates).\n');
    expect(runCli(['analyze', '-p', 'fixtures/example-app', '--fail-on-candidates=true', '-o', path.join(tempProject({}), 'r.txt')]).status).toBe(1);
  });

  it("apply's --auto-confidence and --dispose-method are checked before anything runs", () => {
    const confidence = runCli(['apply', '-p', 'fixtures/example-app', '--auto-confidence', 'abc']);
    expect(confidence.status).toBe(2);
    expect(confidence.stderr.split('\n')[0]).toBe('weakify: error: --auto-confidence must be between 0 and 1, not a number');
    const method = runCli(['analyze', '-p', 'fixtures/example-app', '--dispose-method', 'foo bar', '--plan', path.join(tempProject({}), 'p.json')]);
    expect(method.status).toBe(2);
    expect(method.stderr.split('\n')[0]).toBe('weakify: error: --dispose-method must be a method name, got "foo bar"');
  });

  it('a report and a plan are written both or neither, and not to one file', () => {
    const dir = tempProject({});
    const missing = runCli(['analyze', '-p', 'fixtures/example-app', '--output', path.join(dir, 'report.txt'), '--plan', path.join(dir, 'no/such/folder/p.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(`weakify: error: cannot write ${path.join(dir, 'no/such/folder/p.json')}: ENOENT`);
    expect(existsSync(path.join(dir, 'report.txt'))).toBe(false);
    // A folder where the plan should go fails only at its rename: found before the report is written.
    mkdirSync(path.join(dir, 'plans'));
    const folder = runCli(['analyze', '-p', 'fixtures/example-app', '--output', path.join(dir, 'report.txt'), '--plan', path.join(dir, 'plans')]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toBe(`weakify: error: cannot write ${path.join(dir, 'plans')}: EISDIR\n  That is a folder: name a file to write.\n`);
    expect(readdirSync(dir).sort()).toEqual(['plans']);
    const same = runCli(['analyze', '-p', 'fixtures/example-app', '--output', path.join(dir, 'same.json'), '--plan', path.join(dir, 'same.json')]);
    expect(same.status).toBe(2);
    expect(same.stderr.split('\n')[0]).toBe(`weakify: error: --output and --plan name the same file (${path.join(dir, 'same.json')}): the plan would replace the report`);
    expect(existsSync(path.join(dir, 'same.json'))).toBe(false);
  });

  it('an unknown key in the config file is named as the file\'s, not as a command-line argument', () => {
    const dir = tempProject({ 'weakify.config.json': '{ "projet": "tsconfig.json" }', 'tsconfig.json': '{}', 'a.ts': 'export {}\n' });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'weakify: error: weakify.config.json: unknown option "projet"\n  Options are the long command-line names (camelCase or kebab-case): see `weakify <command> --help`.\n',
    );
  });

  it('a config file value of the wrong type exits 2 naming the file and the key (it was an internal error)', () => {
    const cases: Array<[string, string]> = [
      ['{ "exclude": 5 }', 'weakify.config.json: "exclude" must be a string or a list of strings, got 5'],
      ['{ "project": 42 }', 'weakify.config.json: "project" must be a string, got 42'],
      ['{ "failOnCandidates": "yes" }', 'weakify.config.json: "failOnCandidates" must be true or false, got "yes"'],
      ['{ "compilerOptions": "types=node" }', 'weakify.config.json: "compilerOptions" must be an object of tsconfig compiler options (`{ "types": ["node"] }`), got "types=node"'],
    ];
    for (const [config, message] of cases) {
      const dir = tempProject({ 'weakify.config.json': config, 'tsconfig.json': '{}', 'a.ts': 'export {}\n' });
      const run = runCli(['analyze'], { cwd: dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`weakify: error: ${message}\n  Fix "${/"(\w+)"/.exec(message)![1]}" in weakify.config.json.\n`);
    }
  });

  it('a broken config file exits 2', () => {
    const dir = tempProject({ 'weakify.config.json': '{ nope', 'tsconfig.json': '{}', 'a.ts': 'export {}\n' });
    const run = runCli(['analyze'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^weakify: error: cannot read weakify configuration: .*weakify\.config\.json: .+ \(line 1, column 3\)$/);
  });
});

describe('a repeated option', () => {
  // A script's flags followed by the user's: this was an internal error (an array where a path was expected).
  it('takes the last value of a single-valued option', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weakify-repeated-'));
    const first = path.join(dir, 'first.json');
    const last = path.join(dir, 'last.json');
    const run = runCli(['analyze', '-p', 'fixtures/example-app', '--format', 'text', '--format', 'json', '-o', first, '--output', last, '--min-confidence', '0.99', '--min-confidence', '0.5']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(first)).toBe(false);
    const report = JSON.parse(readFileSync(last, 'utf8')) as { candidates: unknown[] };
    expect(report.candidates).toHaveLength(5);
  });

  it('keeps every value of a repeatable option', () => {
    const files = (args: string[]) => {
      const run = runCli(['analyze', '-p', 'fixtures/example-app', '--format', 'json', ...args]);
      expect(run.status).toBe(0);
      return (JSON.parse(run.stdout) as { project: { files: number } }).project.files;
    };
    const all = files([]);
    const withoutScene = files(['--exclude', 'src/scene/**']);
    const withoutEither = files(['--exclude', 'src/scene/**', '--exclude', 'src/editor/**']);
    expect(withoutScene).toBeLessThan(all);
    expect(withoutEither).toBeLessThan(withoutScene);
  });
});

describe('CLI help and version', () => {
  it('--help lists the commands and the exit codes, exit 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('weakify analyze [files..]');
    expect(run.stdout).toContain('weakify apply');
    expect(run.stdout).toContain('2  usage or configuration error');
  });

  it('analyze --help explains its options', () => {
    const run = runCli(['analyze', '--help']);
    expect(run.status).toBe(0);
    for (const flag of ['--project', '--format', '--plan', '--min-confidence', '--fail-on-candidates', '--compiler-option']) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('--version prints the package version', () => {
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('0.1.0\n');
  });
});

// Regression: `weakify analyze --format json | head -0` died with an EPIPE stack trace.
describe('a reader that closes the pipe early', () => {
  it('ends the run quietly: no stack trace, exit code 0', async () => {
    const { spawn } = await import('node:child_process');
    const { bin, repoRoot } = await import('./run-cli.js');
    const child = spawn(process.execPath, [bin, 'analyze', '-p', 'fixtures/example-app', '--format', 'json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    // What `head -0` does: close its end before reading anything.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
