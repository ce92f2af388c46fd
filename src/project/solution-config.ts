import { existsSync } from 'node:fs';
import { ts } from '../typescript.js';

/**
 * A "solution" tsconfig has no files of its own, only `references` to the projects that do
 * (Vite's templates: tsconfig.app.json and tsconfig.node.json; Nx projects: tsconfig.lib.json
 * and tsconfig.spec.json; monorepos built with `tsc -b`). `tsc -b` on it builds every project it
 * reaches, so that is what weakify analyses when pointed at one: one program over the files of
 * every project reached through references, at any depth.
 *
 * One program, not one per project: every stage after loading (the graph, apply's transforms,
 * verification) works on one program, and a class of one project that holds a class of another
 * is one graph either way. It is checked with the compiler options of the project that has the
 * most files (the app, the library), which the other projects' files (a config script, tests)
 * mostly share; where the projects differ in an option that changes how imports resolve or
 * which files parse, the warning names it.
 */
export interface ReferencedProject {
  /** Absolute path of its tsconfig. */
  tsconfigPath: string;
  parsed: ts.ParsedCommandLine;
}

export interface SolutionProjects {
  /** Projects with files of their own, in the order references reach them. */
  projects: ReferencedProject[];
  /** References that could not be followed (missing, unreadable), as sentences. */
  problems: string[];
}

/** Whether a parsed tsconfig is a solution: no input files, and references to follow. */
export function isSolution(parsed: ts.ParsedCommandLine): boolean {
  return parsed.fileNames.length === 0 && (parsed.projectReferences?.length ?? 0) > 0;
}

/**
 * Every project with files reached from `solution` through references, depth first, each once.
 * `parse` reads one tsconfig the way the caller reads the solution's (same overrides); it
 * returns undefined, with a problem, when the file cannot be read.
 */
export function referencedProjects(
  solution: ts.ParsedCommandLine,
  solutionPath: string,
  parse: (tsconfigPath: string) => { parsed?: ts.ParsedCommandLine; problem?: string },
  shown: (tsconfigPath: string) => string,
): SolutionProjects {
  const projects: ReferencedProject[] = [];
  const problems: string[] = [];
  const seen = new Set<string>([solutionPath]);
  const visit = (parsed: ts.ParsedCommandLine, from: string) => {
    for (const reference of parsed.projectReferences ?? []) {
      const tsconfigPath = ts.resolveProjectReferencePath(reference);
      if (seen.has(tsconfigPath)) continue;
      seen.add(tsconfigPath);
      if (!existsSync(tsconfigPath)) {
        problems.push(`${shown(from)} references ${shown(tsconfigPath)}, which does not exist`);
        continue;
      }
      const { parsed: referenced, problem } = parse(tsconfigPath);
      if (!referenced) {
        problems.push(problem ?? `cannot read ${shown(tsconfigPath)}`);
        continue;
      }
      if (referenced.fileNames.length > 0) projects.push({ tsconfigPath, parsed: referenced });
      visit(referenced, tsconfigPath);
    }
  };
  visit(solution, solutionPath);
  return { projects, problems };
}

/** The project whose compiler options the program uses: the one with the most files, the first on a tie. */
export function mainProject(projects: readonly ReferencedProject[]): ReferencedProject {
  return projects.reduce((best, project) => (project.parsed.fileNames.length > best.parsed.fileNames.length ? project : best));
}

// Options under which the same file resolves its imports differently, or parses or is included
// differently: where the projects disagree on one, the others' files may lose edges.
const RESOLUTION_OPTIONS = ['module', 'moduleResolution', 'baseUrl', 'paths', 'rootDirs', 'jsx', 'allowJs', 'customConditions', 'moduleSuffixes'] as const;

/** The options in which `project` differs from `main`, among those that change resolution or parsing. */
export function differingOptions(main: ts.CompilerOptions, project: ts.CompilerOptions): string[] {
  return RESOLUTION_OPTIONS.filter((name) => JSON.stringify(main[name]) !== JSON.stringify(project[name]));
}

/** Compiler options for one program over all the projects' files. */
export function solutionOptions(projects: readonly ReferencedProject[]): ts.CompilerOptions {
  const main = mainProject(projects).parsed.options;
  // Without it, another project's JavaScript files would be dropped from the program.
  const allowJs = projects.some((project) => project.parsed.options.allowJs);
  return allowJs && !main.allowJs ? { ...main, allowJs } : main;
}

/** One sentence for the report's warnings: what was analysed, and with whose options (`shown` names a referenced tsconfig). */
export function solutionSummary(shownSolution: string, projects: readonly ReferencedProject[], shown: (tsconfigPath: string) => string): string {
  const main = mainProject(projects);
  const names = projects.map((project) => shown(project.tsconfigPath));
  const head = `${shownSolution} has no files of its own: analysed the ${projects.length === 1 ? 'project' : `${projects.length} projects`} it references (${names.join(', ')})`;
  if (projects.length === 1) return head;
  const differing = projects
    .filter((project) => project !== main)
    .map((project) => ({ project, options: differingOptions(main.parsed.options, project.parsed.options) }))
    .filter(({ options }) => options.length > 0)
    .map(({ project, options }) => `${shown(project.tsconfigPath)} sets ${options.join(', ')} otherwise`);
  return `${head} as one program with the compiler options of ${shown(main.tsconfigPath)}${differing.length > 0 ? `; ${differing.join('; ')}` : ''}`;
}
