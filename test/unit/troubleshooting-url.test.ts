/**
 * The "How to fix" links name this project's troubleshooting page at the commit that ran: from
 * this repository (uses: ./), from another repository's workflow (uses: OWNER/REPO@REF), and
 * through sync.yml, where the action runs as a local path inside the caller's job.
 */
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { RELEASE_TAG, troubleshootingUrl } from '../../src/action/github-context.js'
import packageJson from '../../package.json' with { type: 'json' }

const SHA = 'a'.repeat(40)
const OURS = 'b'.repeat(40)
const CALLER = { GITHUB_REPOSITORY: 'club/registration-app', GITHUB_SHA: SHA }

describe('troubleshootingUrl', () => {
  test('uses: ./ in this repository: the job repository at its commit', () => {
    expect(
      troubleshootingUrl({ GITHUB_REPOSITORY: 'club/impressionnistes-secrets', GITHUB_SHA: SHA })
    ).toBe(`https://github.com/club/impressionnistes-secrets/blob/${SHA}/docs/troubleshooting.md`)
  })

  test('uses: OWNER/REPO@REF from an app: the action repository at that ref', () => {
    expect(
      troubleshootingUrl({
        ...CALLER,
        GITHUB_ACTION_REPOSITORY: 'club/impressionnistes-secrets',
        GITHUB_ACTION_REF: 'v1.1.0'
      })
    ).toBe('https://github.com/club/impressionnistes-secrets/blob/v1.1.0/docs/troubleshooting.md')
  })

  test("through sync.yml: this project's repository at the commit sync.yml ran, not the caller's", () => {
    expect(
      troubleshootingUrl({
        ...CALLER,
        GITHUB_ACTION_REPOSITORY: '',
        IMPRESSIONNISTES_SECRETS_SOURCE: `club/impressionnistes-secrets@${OURS}`
      })
    ).toBe(`https://github.com/club/impressionnistes-secrets/blob/${OURS}/docs/troubleshooting.md`)
  })

  test("uses: OWNER/REPO with no ref known: the action repository at this version's release tag", () => {
    expect(RELEASE_TAG).toBe(`v${packageJson.version}`)
    expect(
      troubleshootingUrl({ ...CALLER, GITHUB_ACTION_REPOSITORY: 'club/impressionnistes-secrets' })
    ).toBe(
      `https://github.com/club/impressionnistes-secrets/blob/${RELEASE_TAG}/docs/troubleshooting.md`
    )
  })

  test("uses: ./ with no commit known: this version's release tag, never a branch", () => {
    expect(troubleshootingUrl({ GITHUB_REPOSITORY: 'club/impressionnistes-secrets' })).toBe(
      `https://github.com/club/impressionnistes-secrets/blob/${RELEASE_TAG}/docs/troubleshooting.md`
    )
  })

  test('outside GitHub: the page relative to the repository', () => {
    expect(troubleshootingUrl({})).toBe('docs/troubleshooting.md')
  })

  test("the release tag is the CHANGELOG's latest version", () => {
    const changelog = readFileSync(join(import.meta.dirname, '../../CHANGELOG.md'), 'utf8')
    const latest = /^## \[?(\d+\.\d+\.\d+)/m.exec(changelog)?.[1]
    expect(RELEASE_TAG).toBe(`v${latest ?? ''}`)
  })

  test('a ref or repository that is not plainly one is not put in the link (it goes into Markdown)', () => {
    expect(
      troubleshootingUrl({
        GITHUB_ACTION_REPOSITORY: 'club/impressionnistes-secrets',
        GITHUB_ACTION_REF: 'v1)[x](https://evil.example'
      })
    ).toBe(
      `https://github.com/club/impressionnistes-secrets/blob/${RELEASE_TAG}/docs/troubleshooting.md`
    )
    expect(troubleshootingUrl({ GITHUB_REPOSITORY: 'a b/c', GITHUB_SHA: SHA })).toBe(
      'docs/troubleshooting.md'
    )
  })

  test('a source that is not OWNER/REPO@SHA is ignored', () => {
    expect(
      troubleshootingUrl({ ...CALLER, IMPRESSIONNISTES_SECRETS_SOURCE: 'evil.example/x@main' })
    ).toBe(`https://github.com/club/registration-app/blob/${SHA}/docs/troubleshooting.md`)
  })

  test('sync.yml hands its own repository and commit to the action', () => {
    const text = readFileSync(join(import.meta.dirname, '../../.github/workflows/sync.yml'), 'utf8')
    const steps = (parse(text) as { jobs: { sync: { steps: { uses?: string; env?: object }[] } } })
      .jobs.sync.steps
    const action = steps.find((s) => s.uses === './.impressionnistes-secrets')
    expect(action?.env).toEqual({
      IMPRESSIONNISTES_SECRETS_SOURCE:
        '${{ steps.self.outputs.repository }}@${{ steps.self.outputs.sha }}'
    })
  })
})
