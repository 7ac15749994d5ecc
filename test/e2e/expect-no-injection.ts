/**
 * Jest-side checks that no text from outside took over a line of output: no line a runner would
 * run as a workflow command unless @actions/core wrote it for the action, and a job summary whose
 * table keeps its columns. The payloads the tests plant carry MARK right after their command.
 */
import { expect } from '@jest/globals'

export const MARK = 'PWNED'

/** The commands @actions/core writes for the action (src/action/log.ts); nothing else may be. */
const OURS = new Set(['add-mask', 'debug', 'warning', 'error'])

/** What .NET's TrimStart skips (every Unicode white space, NEL), and a few invisible characters. */
const LEADING = /^[\s\u0085\u180e\u200b\u2060\ufeff]*/

/**
 * Why a line of output would be run as a command the action did not write, or undefined. The
 * runner splits output at CR, LF and CR LF (.NET ReadLine) and runs a line as a command when,
 * past its leading white space, it starts "::name …::data" with a known name, else when it holds
 * "##[name …]" anywhere (actions/runner ActionCommand.TryParseV2, then TryParse): so a "##[" in
 * the data of a command @actions/core wrote is inert, and anywhere else it is not.
 */
export function injected(line: string): string | undefined {
  const trimmed = line.replace(LEADING, '')
  const end = trimmed.startsWith('::') ? trimmed.indexOf('::', 2) : -1
  if (end < 0) return line.includes('##[') ? 'holds "##[" (the old command form)' : undefined
  if (trimmed !== line) return 'is a command after white space (@actions/core writes none)'
  const name = (trimmed.slice(2, end).split(' ')[0] ?? '').toLowerCase()
  if (!OURS.has(name)) return `is a "${name}" command`
  if (trimmed.slice(end + 2).startsWith(MARK)) return 'carries a planted payload'
  return undefined
}

/** Every line of stdout and stderr, split as the runner splits them, passes `injected`. */
export function expectNoInjectedCommand(run: { stdout: string; stderr: string }): void {
  const bad = [run.stdout, run.stderr]
    .flatMap((stream) => stream.split(/\r\n|\r|\n/))
    .map((line) => [line, injected(line)] as const)
    .filter(([, why]) => why !== undefined)
  if (bad.length)
    throw new Error(
      `a line would run as a workflow command:\n${bad.map(([l, why]) => `  ${JSON.stringify(l)} ${why}`).join('\n')}`
    )
}

/** "|" that end a GFM table cell: not escaped by a backslash (which itself may be escaped). */
function unescapedPipes(line: string): number {
  let n = 0
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++
    else if (line[i] === '|') n++
  }
  return n
}

/**
 * The job summary keeps its shape whatever names it holds: a heading, then (when there are rows)
 * the table with five cells on every row, then the cost line and the sections of errors and
 * warnings as list items; no raw "<" (HTML) anywhere.
 */
export function expectSummaryIntact(summary: string, rows?: number): void {
  // CommonMark ends a line at LF, CR or CR LF.
  const lines = summary.split(/\r\n|\r|\n/).filter((l) => l !== '')
  if (lines.length === 0) return
  expect(lines[0]).toMatch(/^### impressionnistes-secrets: /)
  const header = lines.indexOf('| Secret | Action | Changed fields | Version | Value written |')
  const tableRows = header < 0 ? [] : lines.slice(header + 2).filter((l) => l.startsWith('|'))
  for (const row of tableRows) {
    if (unescapedPipes(row) !== 6) throw new Error(`a table row lost its columns: ${row}`)
  }
  if (rows !== undefined) expect(tableRows).toHaveLength(rows)
  lines.forEach((line, n) => {
    const shape = /^(\| |\|---|#### (Errors|Warnings)$|- |\d+ secret\(s\) × )/.test(line)
    if (n > 0 && !shape) throw new Error(`a summary line is outside the table and lists: ${line}`)
    for (let i = line.indexOf('<'); i >= 0; i = line.indexOf('<', i + 1)) {
      let slashes = 0
      for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) slashes++
      if (slashes % 2 === 0) throw new Error(`raw HTML in the summary: ${line}`)
    }
  })
}
