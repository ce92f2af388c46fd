import { defineConfig } from 'vitest/config';

// The main config excludes test/e2e (the cache holds other projects' node_modules and specs):
// the harness's own unit tests run with `npx vitest run --config test/e2e/vitest.config.mjs`.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/*.test.ts'],
  },
});
