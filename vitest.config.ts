import { defineConfig } from 'vitest/config';

// One run covers unit, integration and e2e tests. Integration and e2e tests start real processes
// (sahel serve, Chromium, later anvil and the llama.cpp engine), so they get generous timeouts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
