import { ts } from '../typescript.js';

/**
 * A package of a monorepo imports another by its name (`@acme/core`, through the workspace link
 * and its package.json), which resolves to the .d.ts files of its build: absent before a build,
 * and another class than the source's after one, so a cycle across packages would go unseen. As
 * editors do (tsserver), a program with project references reads the referenced projects' sources
 * in their place; `commandLineOf` reads a referenced tsconfig. (useSourceOfProjectReferenceRedirect
 * is an internal member of CompilerHost, there since TypeScript 3.9; tsserver relies on it.)
 */
export function readReferencedSources(host: ts.CompilerHost, commandLineOf: (tsconfigPath: string) => ts.ParsedCommandLine | undefined): void {
  (host as ts.CompilerHost & { useSourceOfProjectReferenceRedirect?: () => boolean }).useSourceOfProjectReferenceRedirect = () => true;
  host.getParsedCommandLine = commandLineOf;
}
