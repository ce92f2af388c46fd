#!/usr/bin/env node
/**
 * End-to-end run on real projects (`npm run e2e`): for each pinned npm package that ships its
 * TypeScript sources, do what a user does (analyze, write the plan, apply --write) and check
 * what must hold on code nobody wrote for weakify:
 *   - the type-check diagnostics are the same before and after (zero new errors), measured
 *     here with the TypeScript compiler API, independently of weakify's own verification;
 *   - every changed file still parses;
 *   - applying the same plan again changes nothing (idempotent);
 *   - precision and recall against the reviewed verdicts in test/e2e/verdicts.json.
 *
 * Options: --only mobx,rxjs (also narrows --scale)   --slice (only projects marked `slice`, for CI)   --scale (also the
 * declaration-only scale run)   --keep (leave the work folders)   --json <file> (write results).
 * Exit code 0 when every check passed, 1 otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, cpSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { projects, scaleProjects } from './projects.mjs';
import { projectDiagnostics, compareDiagnostics } from './diagnostics.mjs';
import { scoreVerdicts, verdictsFor } from './score-verdicts.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = path.join(repo, 'test/e2e/.cache');
const bin = path.join(repo, 'bin/weakify.js');

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    slice: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reviewed: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const log = (line) => process.stderr.write(`${line}\n`);

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/** Unpack `name@version` once into the cache and install the packages its sources need. */
function prepare(project) {
  const id = `${project.name.replace('/', '__')}-${project.version}`;
  const dir = path.join(cacheRoot, id);
  const pristine = path.join(dir, 'pristine');
  if (!existsSync(pristine)) {
    mkdirSync(dir, { recursive: true });
    log(`fetching ${project.name}@${project.version}`);
    const tarball = run('npm', ['pack', `${project.name}@${project.version}`, '--silent', '--pack-destination', dir], dir).trim().split('\n').pop();
    run('tar', ['xzf', tarball, '-C', dir], dir);
    renameSync(path.join(dir, 'package'), pristine);
    rmSync(path.join(dir, tarball));
  }
  // Written on every run (not only on first fetch) so a changed setup reaches an existing cache.
  for (const [file, text] of Object.entries(project.files ?? {})) writeFileSync(path.join(pristine, file), text);
  const depsMarker = path.join(dir, 'node_modules/.weakify-e2e');
  // The marker records what was installed, so a changed `deps` list reinstalls.
  const wanted = JSON.stringify(project.deps);
  if (Object.keys(project.deps).length > 0 && (!existsSync(depsMarker) || readFileSync(depsMarker, 'utf8') !== wanted)) {
    log(`installing ${Object.entries(project.deps).map(([n, v]) => `${n}@${v}`).join(' ')}`);
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, dependencies: project.deps }, null, 2)}\n`);
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
    writeFileSync(depsMarker, wanted);
  }
  return { dir, pristine };
}

/** A fresh git checkout of the pristine sources, so `apply --write` runs as on a user's clean tree. */
function freshWorkTree(dir, pristine) {
  const work = path.join(dir, 'work');
  rmSync(work, { recursive: true, force: true });
  cpSync(pristine, work, { recursive: true });
  const git = (...args) => run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], work);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'pristine');
  return { work, git };
}

function weakify(args, cwd) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, seconds };
}

function check(results, name, ok, detail) {
  results.checks.push({ name, ok, detail });
  log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

function runProject(project) {
  log(`\n== ${project.name}@${project.version}`);
  const { dir, pristine } = prepare(project);
  const { work, git } = freshWorkTree(dir, pristine);
  const results = { project: project.name, version: project.version, reviewed: opts.reviewed, checks: [] };
  const projectArgs = ['-p', project.tsconfig, ...project.args];

  const analyze = weakify(['analyze', ...projectArgs, '--format', 'json', '--output', '../analysis.json', '--plan', '../plan.json'], work);
  check(results, 'analyze exits 0', analyze.code === 0, analyze.code === 0 ? `${analyze.seconds.toFixed(1)} s` : analyze.stderr.trim());
  if (analyze.code !== 0) return results;
  const analysis = JSON.parse(readFileSync(path.join(dir, 'analysis.json'), 'utf8'));
  const plan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'));
  if (opts.reviewed) {
    // What a reviewer of the plan does: skip the entries that are not back-pointers, and accept
    // the confirmed ones that start as `skip` for review (below confidence 0.8) with the
    // recommended fix.
    const verdicts = new Map(verdictsFor(project.name).map((v) => [`${v.class}.${v.field}`, v.verdict]));
    const recommended = new Map(analysis.candidates.map((c) => [`${c.class}.${c.field}`, c.strategy]));
    for (const entry of plan.entries) {
      const key = `${entry.class}.${entry.field}`;
      if (verdicts.get(key) === 'not-back-pointer') entry.action = 'skip';
      else if (verdicts.get(key) === 'back-pointer' && entry.action === 'skip' && recommended.has(key) && /^Review first/.test(entry.reason ?? '')) entry.action = recommended.get(key);
    }
    writeFileSync(path.join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  }
  results.analysis = {
    seconds: analyze.seconds,
    files: analysis.project.files,
    classes: analysis.project.classes,
    candidates: analysis.candidates.length,
    cycles: analysis.cycles.length,
    unlinkBugs: analysis.unlinkBugs.length,
    skipped: analysis.skipped.length,
    warnings: analysis.warnings.length,
    byStrategy: countBy(analysis.candidates, (c) => c.strategy),
    actions: countBy(plan.entries, (e) => e.action),
  };
  results.candidates = analysis.candidates.map((c) => ({ class: c.class, field: c.field, file: c.file, line: c.line, kind: c.kind, confidence: c.confidence, strategy: c.strategy }));
  log(`  ${results.analysis.candidates} candidate(s), ${results.analysis.cycles} cycle(s), ${results.analysis.unlinkBugs} unlink bug(s) in ${results.analysis.classes} classes`);

  const tsconfigPath = path.join(work, project.tsconfig);
  const tscStarted = process.hrtime.bigint();
  const before = projectDiagnostics(tsconfigPath, project.args);
  const tscSeconds = Number(process.hrtime.bigint() - tscStarted) / 1e9;
  // The project's other build configurations over the same sources (weakify verifies only the one it is given).
  const otherBefore = (project.alsoCheck ?? []).map((config) => projectDiagnostics(path.join(work, config), project.args));

  const apply = weakify(['apply', '--plan', '../plan.json', ...projectArgs.slice(2), ...(project.applyArgs ?? []), '--write'], work);
  check(results, 'apply --write exits 0', apply.code === 0, apply.code === 0 ? `${apply.seconds.toFixed(1)} s` : apply.stderr.trim().split('\n').slice(0, 8).join(' | '));
  const changed = git('diff', '--name-only').trim().split('\n').filter(Boolean);
  // Entries the transforms (or apply) refused, one line each: what a reviewer reads next.
  const skippedLines = apply.stderr.split('\n').filter((line) => line.startsWith('weakify: skipped'));
  results.apply = { seconds: apply.seconds, changedFiles: changed.length, summary: apply.stderr.trim().split('\n').pop(), skipped: [...new Set(skippedLines)] };
  if (skippedLines.length > 0) log(`  apply skipped ${results.apply.skipped.length} entr${results.apply.skipped.length === 1 ? 'y' : 'ies'} (see --json)`);

  const after = projectDiagnostics(tsconfigPath, project.args);
  const comparison = compareDiagnostics(before.semantic, after.semantic);
  results.diagnostics = { before: before.semantic.length, after: after.semantic.length, new: comparison.added.length, tscSeconds };
  check(results, 'no new type errors', comparison.added.length === 0, `${before.semantic.length} before, ${after.semantic.length} after${comparison.added.length ? `; new: ${comparison.added.slice(0, 5).join(' | ')}` : ''}`);
  (project.alsoCheck ?? []).forEach((config, i) => {
    const otherAfter = projectDiagnostics(path.join(work, config), project.args);
    const added = compareDiagnostics(otherBefore[i].semantic, otherAfter.semantic).added;
    results.diagnostics[config] = { before: otherBefore[i].semantic.length, after: otherAfter.semantic.length, new: added.length };
    check(results, `no new type errors with ${config}`, added.length === 0, `${otherBefore[i].semantic.length} before, ${otherAfter.semantic.length} after${added.length ? `; new: ${added.slice(0, 3).join(' | ')}` : ''}`);
  });
  // A line removed and added again with only its indentation changed is churn a reviewer has to
  // wade through (recast re-indented tab-indented class bodies with spaces until this was checked).
  const reindented = reindentedLines(git('diff', '-U0', '--no-color'));
  check(results, 'no line only re-indented', reindented.length === 0, reindented.slice(0, 3).join(' | '));
  const syntaxErrors = after.syntactic.filter((d) => changed.includes(d.file));
  check(results, 'changed files parse', syntaxErrors.length === 0, syntaxErrors.slice(0, 3).map((d) => `${d.file}: ${d.message}`).join(' | '));

  // What a user sees on the next run: a back-pointer whose fix was written is no longer a
  // candidate (a weakref's field is weak, a dispose fix's cycle breaks on dispose), so
  // `--fail-on-candidates` goes green after the migration.
  const reanalyze = weakify(['analyze', ...projectArgs, '--format', 'json'], work);
  if (reanalyze.code !== 0) check(results, 'analyze after apply exits 0', false, reanalyze.stderr.trim());
  else {
    const left = new Set(JSON.parse(reanalyze.stdout).candidates.map((c) => `${c.class}.${c.field}`));
    const refused = skippedLines.join('\n');
    const isRefused = (entry) => refused.includes(`(${entry.id})`) || refused.includes(`entry ${entry.id}`);
    const applied = plan.entries.filter((entry) => (entry.action === 'weakref' || entry.action === 'dispose') && !isRefused(entry));
    // A dispose fix may need another entry's part on the same class: tldraw's StateNode.editor is
    // cleared by StateNode.dispose(), which reaches the nodes below the root only through the
    // children loop of the StateNode.parent entry; refused, those nodes keep `editor`. Listed, not failed.
    const classesRefused = new Set(plan.entries.filter(isRefused).flatMap((entry) => [entry, ...entry.owners].map((side) => `${side.file}#${side.class}`)));
    const reported = applied.filter((entry) => left.has(`${entry.class}.${entry.field}`));
    const dependent = reported.filter((entry) => entry.action === 'dispose' && classesRefused.has(`${entry.file}#${entry.class}`));
    const stillReported = reported.filter((entry) => !dependent.includes(entry)).map((entry) => `${entry.class}.${entry.field} (${entry.action})`);
    const waiting = dependent.map((entry) => `${entry.class}.${entry.field}`);
    results.reanalysis = { applied: applied.length, stillReported, ...(waiting.length ? { waitingOnRefused: waiting } : {}) };
    check(
      results,
      'fixed back-pointers are no longer reported',
      stillReported.length === 0,
      `${applied.length} applied${stillReported.length ? `; still reported: ${stillReported.join(', ')}` : ''}${waiting.length ? `; still reported as a refused entry on the same class leaves part of the fix out: ${waiting.join(', ')}` : ''}`,
    );
  }

  if (project.smoke) {
    const before = smokeTest(project, pristine, path.join(dir, 'smoke-before'));
    const after = smokeTest(project, work, path.join(dir, 'smoke-after'));
    results.smoke = { before: before.summary, after: after.summary, failures: after.failures };
    if (!before.ok) check(results, 'runtime smoke test runs on the original', false, before.summary);
    else check(results, 'runtime smoke test passes after the migration', after.ok, after.ok ? after.summary : after.failures.join(' | '));
  }

  // Idempotency means something only once the first apply wrote: after a refusal, an unverified
  // second apply would write the refused change and report it as a difference.
  if (apply.code === 0) {
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', 'weakify');
    const again = weakify(['apply', '--plan', '../plan.json', ...projectArgs.slice(2), ...(project.applyArgs ?? []), '--write', '--no-verify'], work);
    const secondChange = git('status', '--porcelain').trim();
    check(results, 'second apply changes nothing', again.code === 0 && secondChange === '', again.code !== 0 ? again.stderr.trim() : secondChange.split('\n').slice(0, 5).join(', '));
  }

  // A back-pointer whose cycle the project's dispose methods already break is found all the same:
  // listed under skipped as `disposed`, not as a candidate to fix.
  results.verdicts = scoreVerdicts(project.name, [...analysis.candidates, ...analysis.skipped.filter((s) => s.reason === 'disposed')]);
  const v = results.verdicts;
  log(`  verdicts: precision ${fmt(v.precision)} (${v.truePositives}/${v.reviewedReported}), recall ${fmt(v.recall)} (${v.truePositives}/${v.labelledBackPointers}), ${v.unreviewed.length} unreviewed`);
  for (const miss of v.missed) log(`    missed: ${miss.class}.${miss.field} (${miss.why})`);
  for (const fp of v.falsePositives) log(`    false positive: ${fp.class}.${fp.field} (${fp.why})`);
  for (const u of v.unreviewed) log(`    unreviewed: ${u.class}.${u.field} ${u.file}:${u.line}`);
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
  return results;
}

/**
 * Compile `tree` with the project's tsconfig (to CommonJS in `out`, type errors tolerated: they
 * were compared above) and run the project's smoke script on it with --expose-gc.
 */
function smokeTest(project, tree, out) {
  rmSync(out, { recursive: true, force: true });
  const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
  spawnSync(process.execPath, [tsc, '-p', project.tsconfig, '--outDir', out, ...project.smoke.compilerArgs], { cwd: tree, encoding: 'utf8' });
  const entry = path.join(out, 'index.js');
  if (!existsSync(entry)) return { ok: false, summary: `compiling ${tree} produced no ${entry}`, failures: [] };
  writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');
  // `out` sits in the cache folder: the compiled code finds the dependencies (tslib) by walking up.
  const child = spawnSync(process.execPath, ['--expose-gc', path.join(repo, 'test/e2e', project.smoke.script), out], { encoding: 'utf8', timeout: 120_000 });
  const lines = child.stdout.trim().split('\n');
  return { ok: child.status === 0, summary: lines.pop() ?? '', failures: lines.filter((line) => line.startsWith('FAIL')) };
}

function runScale(project) {
  log(`\n== scale: ${project.name}@${project.version} (declarations)`);
  const { dir, pristine } = prepare(project);
  const results = { project: project.name, version: project.version, checks: [] };
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'analyze', '-p', project.tsconfig, ...project.args, '--format', 'json', '--output', '../scale.json'], {
    cwd: pristine,
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  check(results, 'analyze exits 0', child.status === 0, child.status === 0 ? `${seconds.toFixed(1)} s` : child.stderr.trim().slice(0, 400));
  if (child.status !== 0) return results;
  const peakMb = Math.round(Number(child.stderr.trim().split('\n').pop()) / 1024);
  const analysis = JSON.parse(readFileSync(path.join(dir, 'scale.json'), 'utf8'));
  results.scale = { seconds, peakMb, files: analysis.project.files, classes: analysis.project.classes, candidates: analysis.candidates.length, cycles: analysis.cycles.length };
  log(`  ${analysis.project.files} files, ${analysis.project.classes} classes, ${analysis.candidates.length} candidates, ${analysis.cycles.length} cycles, ${seconds.toFixed(1)} s, ${peakMb} MB peak`);
  return results;
}

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const fmt = (x) => (x === null ? 'n/a' : x.toFixed(2));

if (!existsSync(path.join(repo, 'dist/src/cli/main.js'))) {
  log('weakify is not built: run `npm run build` first (npm run e2e does).');
  process.exit(2);
}
const only = opts.only?.split(',');
const selected = projects.filter((p) => (!only || only.includes(p.name)) && (!opts.slice || p.slice));
const all = selected.map(runProject);
// --only narrows the scale run too: `--scale --only @babylonjs/core` runs the scale case alone.
if (opts.scale) all.push(...scaleProjects.filter((p) => !only || only.includes(p.name)).map(runScale));
if (opts.json) writeFileSync(opts.json, `${JSON.stringify(all, null, 2)}\n`);

const failed = all.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.project}: ${c.name}`));
log(`\n${failed.length === 0 ? 'all checks passed' : `${failed.length} check(s) failed:\n  ${failed.join('\n  ')}`}`);
process.exitCode = failed.length === 0 ? 0 : 1;

/** `file: line` for each line of a unified diff that reappears with other leading whitespace only. */
function reindentedLines(diff) {
  const found = [];
  for (const fileDiff of diff.split(/^diff --git /m).slice(1)) {
    const file = /^a\/(\S+)/.exec(fileDiff)?.[1] ?? '?';
    const lines = fileDiff.split('\n');
    const removed = new Set(lines.filter((line) => line.startsWith('-') && !line.startsWith('---')).map((line) => line.slice(1)));
    for (const line of lines) {
      if (!line.startsWith('+') || line.startsWith('+++')) continue;
      const text = line.slice(1);
      const content = text.trim();
      // Braces and short lines recur everywhere; a real line of code reappearing re-indented is the sign.
      if (content.length < 3 || /^[{}()[\];,]+$/.test(content) || removed.has(text)) continue;
      if ([...removed].some((old) => old.trim() === content)) found.push(`${file}: ${content.slice(0, 60)}`);
    }
  }
  return found;
}
