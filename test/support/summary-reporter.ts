import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST_SHOWN = 15;

// Prints the plain closing line CI reads ("N passed, N failed, N skipped"), counted from the run itself,
// and the slowest files above it: CI must stay under 30 minutes on two cores, and this says where it goes.
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed += 1;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    failed += unhandledErrors.length;
    process.stdout.write(slowest(testModules));
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

function slowest(testModules: ReadonlyArray<TestModule>): string {
  const timed = testModules
    .map((mod) => {
      const d = mod.diagnostic();
      return { file: mod.relativeModuleId, ms: d.duration + d.collectDuration + d.setupDuration };
    })
    .sort((a, b) => b.ms - a.ms);
  if (timed.length === 0) return '';
  const total = timed.reduce((sum, t) => sum + t.ms, 0);
  const rows = timed
    .slice(0, SLOWEST_SHOWN)
    .map((t) => `  ${(t.ms / 1000).toFixed(1).padStart(7)} s  ${t.file}`);
  return `\nslowest files (of ${timed.length}, ${(total / 1000).toFixed(0)} s in all):\n${rows.join('\n')}\n`;
}
