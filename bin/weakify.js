#!/usr/bin/env node
// Thin shim: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('weakify: not built yet. Run `npm run build` (or `npm ci`) in the weakify folder first.\n');
  process.exit(3);
}
// `weakify analyze | head` closes the pipe early: that ends the output, it is not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
// Cache the compiled TypeScript bundle between runs (see src/cli/compile-cache.ts).
const { enableCompileCache } = await import(pathToFileURL(fileURLToPath(new URL('../dist/src/cli/compile-cache.js', import.meta.url))).href);
enableCompileCache();
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
