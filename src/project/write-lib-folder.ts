/**
 * Run by `npm run build` after tsc: writes the bundled TypeScript's lib .d.ts files to
 * dist/typescript-lib, where programs read them (see lib-files.ts).
 */
import { writeLibFolder } from './lib-files.js';

writeLibFolder();
