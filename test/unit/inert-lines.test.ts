/**
 * A line made inert breaks every "##[" in it, not only the first: the runner acts on the older
 * command form wherever it appears in a line, so a second one would still run.
 */
import { expect, test } from '@jest/globals'
import { inert, printableLines } from '../../src/engine/model/lines.js'

test.each([
  'name ##[warning]one ##[add-mask]two',
  '##[group]a##[endgroup]',
  'x ##[error]1 ##[error]2 ##[error]3'
])('every "##[" of %j is broken', (line) => {
  const out = inert(line)
  expect(out).not.toContain('##[')
  expect(out.split('## [')).toHaveLength(line.split('##[').length)
})

test('in every line of a text', () => {
  const lines = printableLines('a ##[debug]x ##[debug]y\n::warning::z ##[x]1 ##[x]2')
  expect(lines.join('\n')).not.toContain('##[')
  expect(lines[1]?.startsWith('> ::warning::')).toBe(true)
})
