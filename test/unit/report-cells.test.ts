/**
 * Found by the catalogue property (test/property/catalogue-file.test.ts): a catalogue's JSON
 * field name went into the job summary's table and the step log as it was, so a field holding
 * "|" or a line break split its row (and a line break could start a line of its own, even one
 * the runner reads as a command).
 */
import { expect, test } from '@jest/globals'
import type { Report } from '../../src/engine/model/report.js'
import { summaryMarkdown, textLines } from '../../src/engine/report/render.js'

const report = (field: string): Report => ({
  mode: 'sync',
  environment: 'dev',
  prefix: 'impressionnistes',
  region: 'eu-west-3',
  stage: 'done',
  rows: [
    {
      name: 'impressionnistes/mail/smtp',
      target: 'mail/smtp',
      sourceKey: 'SMTP',
      action: 'created',
      changedFields: [field],
      versionId: 'v1'
    }
  ],
  problems: [],
  warnings: [],
  drift: [],
  ok: true
})

test.each([
  ['a|b', 'a\\|b'],
  ['two\nlines', 'two lines'],
  ['two\r\nlines', 'two lines'],
  ['two\rlines', 'two lines']
])('a field named %j stays in its cell, as %j', (field, shown) => {
  const lines = summaryMarkdown(report(field)).split('\n')
  const row = lines.filter((l) => l.startsWith('| `impressionnistes/mail/smtp`'))
  expect(row).toEqual([`| \`impressionnistes/mail/smtp\` | 🆕 created | ${shown} | \`v1\` | — |`])
})

test.each(['two\nlines', 'x\r\n::error::injected', 'x\r::warning::injected'])(
  'a field named %j stays on its row of the step log',
  (field) => {
    const lines = textLines(report(field)).flatMap((l) => l.split(/\r\n|[\r\n]/))
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^ {2}impressionnistes\/mail\/smtp {2}🆕 created \[.+\] version v1$/)
  }
)
