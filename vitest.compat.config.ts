// `npm run test:compat`: the compatibility smoke (test/compat), run by scripts/test-compat.sh under
// each newer Node; the default `vitest run` includes it on Node 20.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/compat/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/setup/global.ts'],
  },
});
