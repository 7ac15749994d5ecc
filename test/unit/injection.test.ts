/**
 * No injected workflow command, below the fronts: the helpers every printed line goes through (inert,
 * printableLines), the CLI's writer and its --json, and the job summary's escaping. The same
 * runner rules as test/e2e/expect-no-injection.ts (`injected`) judge the result.
 */
import { describe, expect, test } from '@jest/globals'
import { PassThrough } from 'node:stream'
import { inert, printableLines } from '../../src/engine/model/lines.js'
import { Redactor } from '../../src/engine/report/redact.js'
import { summaryMarkdown, textLines } from '../../src/engine/report/render.js'
import type { Report } from '../../src/engine/model/report.js'
import { print, printJson, type Output } from '../../src/cli/io.js'
import { expectSummaryIntact, injected } from '../e2e/expect-no-injection.js'

const BREAKS = ['\n', '\r\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029']
const LEADING = ['', ' ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', ' \t ']
const COMMANDS = [
  '::warning::PWNED',
  '::set-output name=x::PWNED',
  '::stop-commands::PWNED',
  '::add-mask::PWNED',
  '::ERROR::PWNED'
]

describe('inert: no line can be read as a workflow command', () => {
  test.each(COMMANDS.flatMap((c) => LEADING.map((l) => `${l}${c}`)))('%j', (line) => {
    expect(injected(line)).toBeDefined() // the payload as it is: a command
    expect(injected(inert(line))).toBeUndefined()
    expect(inert(line)).toContain('PWNED') // shown, not dropped
  })

  test.each(['x ##[set-output name=a;]PWNED', '##[warning]PWNED', '###[error]PWNED'])(
    'the old form anywhere in the line: %j',
    (line) => {
      expect(injected(line)).toBeDefined()
      expect(inert(line)).not.toContain('##[')
    }
  )

  test('ordinary lines are left as they are', () => {
    for (const line of ['sync dev (impressionnistes/*, eu-west-3)', 'a :: b', '  name  🆕 created'])
      expect(inert(line)).toBe(line)
  })

  test.each(BREAKS)('a text is split at %j, every line inert', (br) => {
    const lines = printableLines(`headline${br}::warning::PWNED${br}  ##[error]PWNED`)
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(injected(line)).toBeUndefined()
    for (const line of lines) expect(line).not.toMatch(/[\r\n\v\f\u0085\u2028\u2029]/)
  })
})

const capture = () => {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (d: Buffer) => (text += d.toString()))
  return { stream, text: () => text }
}

const output = () => {
  const out = capture()
  const err = capture()
  const o: Output = {
    io: {
      env: {},
      stdout: out.stream,
      stderr: err.stream,
      stdin: new PassThrough()
    },
    redactor: new Redactor()
  }
  return { o, stdout: out.text, stderr: err.text }
}

describe("the CLI's one writer", () => {
  test.each(BREAKS)('print: a message with %j and commands prints no command', (br) => {
    const { o, stderr } = output()
    print(o, 'stderr', `error: bad${br}::warning::PWNED${br}\t::stop-commands::PWNED`)
    for (const line of stderr().split(/\r\n|\r|\n/)) expect(injected(line)).toBeUndefined()
  })

  test('print redacts before it splits: a secret holding "##[" is still found', () => {
    const { o, stdout } = output()
    o.redactor.add('sk_live_ab##[cdefghijkl')
    print(o, 'stdout', 'x sk_live_ab##[cdefghijkl y')
    expect(stdout()).toBe('x *** y\n')
  })

  test('--json: line separators and "##[" are escaped inside strings; the data reads back the same', () => {
    const { o, stdout } = output()
    const value = { name: 'a\u2028::warning::PWNED', note: 'x##[set-output name=a;]PWNED\u0085' }
    printJson(o, 'stdout', value)
    expect(JSON.parse(stdout())).toEqual(value)
    for (const line of stdout().split(/\r\n|\r|\n/)) expect(injected(line)).toBeUndefined()
    expect(stdout()).not.toMatch(/[\u0085\u2028\u2029]/)
  })
})

const report = (over: Partial<Report> = {}, field = 'api_key'): Report => ({
  mode: 'sync',
  environment: 'dev',
  prefix: 'impressionnistes',
  region: 'eu-west-3',
  stage: 'done',
  rows: [
    {
      name: 'impressionnistes/app/key',
      target: 'app/key',
      sourceKey: 'APP_KEY',
      action: 'created',
      changedFields: [field],
      versionId: 'v1'
    }
  ],
  problems: [],
  warnings: [],
  drift: [],
  ok: true,
  ...over
})

describe('the job summary keeps its shape', () => {
  test.each([
    'a|b',
    'a\\|b',
    '`tick',
    '<!-- hides the rest',
    '<img src=x onerror=alert(1)>',
    '[click](https://evil.example)',
    'two\nlines\r\n| x | y | z | w | v |',
    'x\u2028### heading'
  ])('a field named %j stays in its cell', (field) => {
    expectSummaryIntact(summaryMarkdown(report({}, field)), 1)
  })

  test('a problem quoting HTML, pipes and line breaks stays one list item', () => {
    const summary = summaryMarkdown(
      report({
        ok: false,
        stage: 'apply',
        problems: [
          { code: 'aws-error', message: 'AWS said: <!-- | x\n- fake item\n::warning::PWNED' }
        ]
      })
    )
    expectSummaryIntact(summary, 1)
    expect(summary.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(1)
  })

  test('text lines: one per row whatever the names hold', () => {
    const lines = textLines(report({}, 'f\r\n::warning::PWNED')).flatMap((l) => printableLines(l))
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(injected(line)).toBeUndefined()
  })
})
