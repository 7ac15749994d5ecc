import { describe, expect, test } from '@jest/globals'
import type { Report } from '../../src/engine/model/report.js'
import {
  outputsOf,
  redactReport,
  summaryMarkdown,
  textLines
} from '../../src/engine/report/render.js'
import { nextAlert } from '../../src/engine/report/alert-issue.js'
import { Redactor, secretForms } from '../../src/engine/report/redact.js'
import { parseTags, RESERVED_TAGS } from '../../src/engine/model/tags.js'
import { clientRequestToken } from '../../src/engine/apply/token.js'
import { creationTags, descriptionOf, MAX_DESCRIPTION } from '../../src/engine/apply/provenance.js'
import { parseOnly } from '../../src/action/inputs.js'

const base: Report = {
  mode: 'sync',
  environment: 'dev',
  prefix: 'impressionnistes',
  region: 'eu-west-3',
  stage: 'done',
  rows: [
    {
      name: 'impressionnistes/a',
      target: 'a',
      sourceKey: 'a',
      action: 'created',
      changedFields: ['f'],
      versionId: 'v1'
    },
    {
      name: 'impressionnistes/b',
      target: 'b',
      sourceKey: 'b',
      action: 'updated',
      changedFields: ['g'],
      versionId: 'v2'
    },
    {
      name: 'impressionnistes/c',
      target: 'c',
      sourceKey: 'c',
      action: 'unchanged',
      changedFields: [],
      versionId: 'v3'
    }
  ],
  problems: [],
  warnings: [],
  drift: [],
  ok: true
}

describe('report', () => {
  test('outputs list names per action; result holds no values', () => {
    expect(outputsOf(base)).toEqual({
      created: '["impressionnistes/a"]',
      updated: '["impressionnistes/b"]',
      unchanged: '["impressionnistes/c"]',
      changed: 'true',
      result: JSON.stringify([
        { name: 'impressionnistes/a', action: 'created', versionId: 'v1' },
        { name: 'impressionnistes/b', action: 'updated', versionId: 'v2' },
        { name: 'impressionnistes/c', action: 'unchanged', versionId: 'v3' }
      ]),
      refreshed: '[]',
      paused: 'false'
    })
    const quiet = { ...base, rows: [base.rows[2]!] }
    expect(outputsOf(quiet).changed).toBe('false')
  })

  test('plan outputs say what sync would do', () => {
    const planned: Report = {
      ...base,
      mode: 'plan',
      rows: base.rows.map((r) => ({
        ...r,
        action: r.action === 'created' ? 'create' : r.action === 'updated' ? 'update' : r.action
      }))
    }
    expect(outputsOf(planned).created).toBe('["impressionnistes/a"]')
    expect(summaryMarkdown(planned)).toContain('would create')
    expect(textLines(planned)[0]).toContain(
      '1 to create, 1 to update, 1 unchanged; nothing written'
    )
  })

  test('summary and alert issue: each problem links to its heading when the page is known', () => {
    const failing: Report = {
      ...base,
      ok: false,
      stage: 'apply',
      problems: [{ code: 'rule-refused', source: 'X', message: 'is odd.' }]
    }
    const page = 'https://github.com/o/r/blob/v1.1.0/docs/troubleshooting.md'
    const link = `- X is odd. ([how to fix](${page}#a-value-your-catalogues-rule-refuses))`
    expect(summaryMarkdown(failing, page)).toContain(link)
    const alert = nextAlert(undefined, failing, undefined, new Date(0), page)
    expect(alert.kind === 'write' ? alert.body : '').toContain(link)
    expect(summaryMarkdown(failing)).toContain('- X is odd.\n')
  })

  test('summary: table, cost line, errors', () => {
    const md = summaryMarkdown({
      ...base,
      ok: false,
      stage: 'apply',
      problems: [{ source: 'X', code: 'rule-refused', message: 'is | odd' }]
    })
    expect(md).toContain('| `impressionnistes/a` | 🆕 created | f | `v1` | — |')
    expect(md).toContain('3 secret(s) × $0.40/month ≈ **$1.20/month**')
    expect(md).toContain('- X is \\| odd')
  })

  test('verify labels drift', () => {
    const md = summaryMarkdown({
      ...base,
      mode: 'verify',
      rows: [{ ...base.rows[1]!, action: 'update' }],
      drift: ['impressionnistes/b'],
      ok: false
    })
    expect(md).toContain('⚠️ drift')
    expect(md).toContain('1 secret(s) differ')
  })
})

describe('redaction', () => {
  test('free texts are redacted before the summary escapes them', () => {
    const r = new Redactor()
    r.add('pa|ss|word-CANARY')
    const leaky: Report = {
      ...base,
      ok: false,
      problems: [{ code: 'aws-error', message: 'AWS said: bad value pa|ss|word-CANARY.' }],
      rows: [{ ...base.rows[0]!, action: 'failed', error: 'pa|ss|word-CANARY' }]
    }
    const md = summaryMarkdown(redactReport(leaky, (t) => r.redact(t)))
    expect(md).not.toContain('CANARY')
    expect(md).toContain('AWS said: bad value ***.')
  })

  test('every form of a value is covered', () => {
    expect(secretForms('a"b\\c\n  line two  ')).toEqual([
      'a"b\\c\n  line two  ',
      'a"b\\c\n  line two',
      'a\\"b\\\\c\\n  line two  ',
      'a\\"b\\\\c\\n  line two',
      'a"b\\c',
      'line two'
    ])
    const r = new Redactor()
    r.add('sk_live_SECRET"1')
    expect(r.redact('x sk_live_SECRET"1 y {"k":"sk_live_SECRET\\"1"}')).toBe('x *** y {"k":"***"}')
    r.add('ab')
    expect(r.redact('abc')).toBe('abc')
  })
})

describe('tags and tokens', () => {
  test.each<[string, Record<string, string>, string[]]>([
    [
      'team=registration\n\n# comment\ncost-center = 42',
      { team: 'registration', 'cost-center': '42' },
      []
    ],
    ['novalue', {}, ['tags line 1 must be key=value']],
    ['aws:x=1', {}, ['tag key "aws:x" uses the reserved aws: prefix']],
    ['a=b!', {}, ['tag "a" value must be at most 256 letters, digits, spaces or _ . : / = + - @']],
    ['a=1\na=2', { a: '1' }, ['tag "a" is given twice']],
    [
      'environment=qa',
      {},
      ['tag key "environment" is set by the action itself; choose another name']
    ]
  ])('parseTags(%j)', (text, tags, problems) => {
    expect(parseTags(text)).toEqual({ tags, problems })
  })

  test('a token is a UUID (v8, name-based), stable for one run, new for another run or attempt', () => {
    const p = { environment: 'dev', runId: '1', attempt: '1' }
    const t = clientRequestToken(p, 'n', 'doc')
    expect(t).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(clientRequestToken(p, 'n', 'doc')).toBe(t)
    expect(clientRequestToken({ ...p, runId: '2' }, 'n', 'doc')).not.toBe(t)
    expect(clientRequestToken({ ...p, attempt: '2' }, 'n', 'doc')).not.toBe(t)
    expect(clientRequestToken(p, 'm', 'doc')).not.toBe(t)
    expect(clientRequestToken(p, 'n', 'doc2')).not.toBe(t)
  })

  test('a token changes with the current version (A → B → A in one run still writes)', () => {
    const p = { environment: 'dev', runId: '1', attempt: '1' }
    expect(clientRequestToken(p, 'n', 'A', 'v1')).not.toBe(clientRequestToken(p, 'n', 'A', 'v2'))
  })

  test('descriptions stay within the 2048-character limit and name the source', () => {
    const change = {
      name: 'p/t',
      target: 't',
      field: 'f',
      sourceKey: 'SRC',
      rule: 'non-empty',
      action: 'create' as const,
      changedFields: ['f']
    }
    expect(descriptionOf(change)).toBe(
      'Managed by impressionnistes-secrets from SRC; edit the source, not this secret.'
    )
    const long = descriptionOf({ ...change, description: 'x'.repeat(5000) })
    expect(long).toHaveLength(MAX_DESCRIPTION)
    expect(long.endsWith('from SRC; edit the source, not this secret.')).toBe(true)
  })

  test('created secrets say who wrote them; ours win over user tags', () => {
    expect(
      creationTags(
        {
          environment: 'prod',
          runId: '7',
          attempt: '1',
          repository: 'o/r',
          commit: 'abc',
          runUrl: 'https://github.com/o/r/actions/runs/7'
        },
        { team: 't', environment: 'spoof' }
      )
    ).toEqual({
      team: 't',
      'managed-by': 'impressionnistes-secrets',
      environment: 'prod',
      repository: 'o/r',
      commit: 'abc',
      'run-url': 'https://github.com/o/r/actions/runs/7'
    })
  })

  test('the tags the action sets are exactly the ones users may not set', () => {
    const all = creationTags({
      environment: 'dev',
      runId: '1',
      attempt: '1',
      repository: 'o/r',
      commit: 'c',
      runUrl: 'u',
      writtenBy: 'github:octocat'
    })
    // …and the one rollback sets (engine/rollback), and the version every write records.
    expect([...Object.keys(all), 'rolled-back', 'written-version'].sort()).toEqual(
      [...RESERVED_TAGS].sort()
    )
  })

  test('only: newline or comma separated, prefix optional', () => {
    expect(
      parseOnly(
        'stripe/api_key,\n impressionnistes/slack/admin_webhook\n\nstripe/api_key',
        'impressionnistes'
      )
    ).toEqual(['stripe/api_key', 'slack/admin_webhook'])
  })
})
