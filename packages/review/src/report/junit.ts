import junitModule, { type Builder } from 'junit-report-builder';
import type { ReviewJournal } from '../journal.js';

// The package is CommonJS: module.exports is the builder itself (its types describe it as `.default`).
const junit = junitModule as unknown as Builder;

/** One JUnit test case per experiment (resilient side: the gate); the naive side's figures go in system-out. */
export function junitXml(review: ReviewJournal): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`reliability review (seed ${review.seed}, ${review.form})`);
  for (const { name, resilient, naive } of review.experiments) {
    const test = suite.testCase().className('reliability-review').name(name).time(resilient.duration);
    if (resilient.status === 'skipped') test.skipped();
    if (resilient.deviated) test.failure(`deviated: ${resilient.failed.join('; ')}`, 'deviation');
    const lines = [];
    if (resilient.skipped) lines.push(resilient.skipped);
    if (resilient.warnings.length > 0) lines.push(`warnings (do not fail the gate): ${resilient.warnings.join('; ')}`);
    if (naive) lines.push(`naive side: ${naive.deviated ? `deviated (${naive.failed.join('; ')})` : 'held'}`);
    if (lines.length > 0) test.standardOutput(lines.join('\n'));
  }
  return builder.build();
}
