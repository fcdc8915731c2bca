/**
 * Prints the closing line CI reads: `tests: N passed, M failed`.
 * A test file that fails to run at all counts as one failure, so a broken
 * suite can never look green.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
