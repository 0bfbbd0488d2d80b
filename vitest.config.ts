import { defineConfig } from 'vitest/config';

/** Each folder of test/ that holds tests is a project: `vitest run --project unit` runs test/unit only. */
const TEST_PROJECTS = ['unit', 'integration', 'e2e'] as const;

// One run covers unit, integration and e2e tests. Integration and e2e tests start real processes
// (sahel serve, Chromium, later anvil and the llama.cpp engine), so they get generous timeouts.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: TEST_PROJECTS.map((name) => ({
      extends: true,
      test: { name, include: [`test/${name}/**/*.test.ts`] },
    })),
  },
});
