/**
 * Found by the catalogue property (test/property/catalogue-file.test.ts): a catalogue's JSON
 * field name went into the job summary's table unescaped, so a field holding "|" or a line break
 * split its row.
 */
import { expect, test } from '@jest/globals'
import { summaryMarkdown, type Report } from '../../src/engine/report/report.js'

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
