// `npm run test:interop`: the interop suite alone (it also runs in the default `vitest run`), with a
// summary table of every server and profile at the end (test/interop/setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/interop/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/setup/global.ts', 'test/interop/setup.ts'],
  },
});
