// Ends every jest run with the plain closing line CI reads: "jest: N passed, N failed[, N skipped]".
// Written when the process exits, so that it comes after jest's own summary.
export default class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed`
    process.once('exit', () =>
      process.stderr.write(`\n${line}${skipped ? `, ${skipped} skipped` : ''}\n`)
    )
  }
}
