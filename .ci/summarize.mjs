// Sums the JSON reports of Vitest and Playwright into the one closing line CI reads.
// A suite that did not run (an earlier step failed) counts as one failure, so the line never lies.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (the suite did not run)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // Vitest's JSON reporter (Jest format)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  } else {
    // Playwright's JSON reporter; a flaky test (passed on retry) counts as passed
    passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    failed += (report.stats.unexpected ?? 0);
    perProject(report);
  }
}
console.log(`${passed} passed, ${failed} failed`);

/** One line per Playwright project (chromium, engines-firefox…), so each engine's result shows. */
function perProject(report) {
  const counts = new Map();
  const walk = (suite) => {
    for (const child of suite.suites ?? []) walk(child);
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const count = counts.get(test.projectName) ?? { passed: 0, failed: 0, skipped: 0 };
        const outcome = { expected: 'passed', flaky: 'passed', unexpected: 'failed', skipped: 'skipped' }[test.status] ?? 'failed';
        count[outcome] += 1;
        counts.set(test.projectName, count);
      }
    }
  };
  for (const suite of report.suites ?? []) walk(suite);
  for (const [project, count] of counts) console.log(`  ${project}: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
}
