/**
 * A JavaScript identifier: what a dispose method's name must be, since the transforms insert it as
 * code. In a module of its own so that the CLI can check `--dispose-method` without loading the
 * plan reader (which loads TypeScript).
 */
export const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
