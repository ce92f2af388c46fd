// No TypeScript import here: the plan (and so the CLI, down to `--help`) reads these names
// without loading the compiler.

/**
 * Method names that end an object's life, in the order a convention is preferred when counts tie.
 * `close` is included because streams, sockets and windows use it for exactly this; `destroy`
 * is Pixi's, Konva's and Node streams'; `[Symbol.dispose]` is the TC39 explicit resource
 * management protocol that `using` calls.
 */
export const DISPOSE_METHOD_NAMES = ['dispose', 'destroy', 'close', '[Symbol.dispose]', '[Symbol.asyncDispose]'] as const;

export function isDisposeMethodName(name: string): boolean {
  return (DISPOSE_METHOD_NAMES as readonly string[]).includes(name);
}

/**
 * Of those, the ones that surely end the object's life: a `close()` may only hide it (a dialog's),
 * so the plan never puts a fix there and a closed object is not read as released.
 */
export const END_OF_LIFE_METHOD_NAMES: ReadonlySet<string> = new Set(['dispose', 'destroy']);
