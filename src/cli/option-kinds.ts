/**
 * What each option of the commands holds, by its long name in camelCase (as the config file may
 * spell it), where yargs would not check it: it takes a config file's values as they are, reads
 * `--flag=yes` as false, and makes a file option given without a value ''. load-config.ts checks
 * the file's values against these, main.ts the command line's. (yargs checks `choices` itself.)
 */
export const STRING_OPTIONS = ['project', 'output', 'plan', 'config', 'disposeMethod', 'base', 'head', 'format', 'strategy', 'storage', 'failOn'];
export const STRING_LIST_OPTIONS = ['include', 'exclude', 'compilerOption', 'files'];
export const NUMBER_OPTIONS = ['minConfidence', 'autoConfidence'];
export const BOOLEAN_OPTIONS = ['failOnCandidates', 'write', 'allowDirty', 'verify', 'verbose', 'declarations', 'all', 'post'];
/** Options naming a file, a ref or a name, which must not be empty. */
export const VALUE_OPTIONS = ['project', 'plan', 'output', 'config', 'disposeMethod', 'base', 'head'];

/** `failOnCandidates` as the command line writes it: `fail-on-candidates`. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
