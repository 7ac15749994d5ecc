// Starts every jest run with the Node.js it runs on, and ends it with the plain closing line CI
// reads: "jest: N passed, N failed[, N skipped]", preceded by one line per outside tool that was
// missing (test/tools.ts writes them to the file named in TEST_TOOL_NOTES). The closing lines are
// written when the process exits, so that they come after jest's own summary.
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default class ClosingLineReporter {
  constructor() {
    // Set before jest starts its workers, which inherit it.
    this.notes = join(tmpdir(), `impressionnistes-tool-notes-${process.pid}-${Date.now()}`)
    process.env.TEST_TOOL_NOTES = this.notes
  }

  onRunStart() {
    process.stderr.write(`jest on Node.js ${process.versions.node} (${process.execPath})\n`)
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed`
    let notes = []
    try {
      notes = [...new Set(readFileSync(this.notes, 'utf8').split('\n').filter(Boolean))].sort()
    } catch {
      // no tool was missing
    }
    rmSync(this.notes, { force: true })
    process.once('exit', () =>
      process.stderr.write(
        `\n${notes.map((n) => `${n}\n`).join('')}${line}${skipped ? `, ${skipped} skipped` : ''}\n`
      )
    )
  }
}
