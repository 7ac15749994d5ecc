/**
 * Text from AWS tags that would mention someone or open a link, end to end through the action's
 * bundle against the stand-in and moto (and GitHub's API stand-in): tag values within AWS's
 * characters (`@octocat https://evil.example/x`, `www.evil.example @impressionnistes/admins`) and
 * an environment named like a domain reach the job summary and the alert issue's title and body
 * as text, never as a live mention, an autolink or a bare domain.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GitHubStandin } from '../../standin/github.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { NAMES, secretsInput } from './fixtures.js'
import { seedSecret } from './seed.js'

const TOKEN = 'ghs_standinWriteToken000000000000000000'
const MANAGER = '@octocat https://evil.example/x'
const ELSEWHERE = 'www.evil.example @impressionnistes/admins'
const apiDoc = JSON.stringify({ api_key: 'sk_test_CANARYseeded000001' })

/** The outside text is there, but nothing in it mentions or links (our run link aside). */
function expectNeutral(markdown: string) {
  const outside = markdown.replace(/\]\(https:\/\/github\.com\/[^)\s]*\)/g, '](run)')
  expect(outside).not.toMatch(/@[A-Za-z0-9]/)
  expect(outside).not.toContain('://')
  expect(outside).not.toMatch(/www\./i)
  expect(outside).not.toMatch(/evil\.example/)
}

describeEachBackend('outside text in Markdown, against %s', (backend) => {
  let sm: SecretsManagerClient
  let github: GitHubStandin
  let dir: string
  const act = (inputs: Record<string, string>) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(), only: 'stripe/api_key', ...inputs },
      runnerEnv(backend.url, { GITHUB_API_URL: github.url })
    )
  const alerting = { 'alert-issue': 'true', 'github-token': TOKEN }

  beforeAll(async () => {
    sm = backend.sm
    github = await GitHubStandin.start()
    dir = mkdtempSync(join(tmpdir(), 'imp-neutral-'))
  }, 30_000)
  afterAll(async () => {
    await github?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    github.reset()
    github.allow(TOKEN, 'write')
  })

  describe('the job summary', () => {
    test('a managed-by tag with a mention and a link', async () => {
      await seedSecret(backend, sm, {
        name: NAMES.api,
        doc: apiDoc,
        tags: { 'managed-by': MANAGER }
      })
      const run = await act({})
      expect(run.code).toBe(1)
      expect(run.summary).toContain('its managed-by tag')
      expect(run.summary).toContain('octocat')
      expectNeutral(run.summary)
    })

    test('an environment tag with a bare domain and a team mention', async () => {
      const tags = { 'managed-by': 'impressionnistes-secrets', environment: ELSEWHERE }
      await seedSecret(backend, sm, { name: NAMES.api, doc: apiDoc, tags })
      const run = await act({ mode: 'plan' })
      expect(run.code).toBe(1)
      expect(run.summary).toContain('its environment tag')
      expect(run.summary).toContain('impressionnistes/admins')
      expectNeutral(run.summary)
    })
  })

  describe('the alert issue', () => {
    test('its body, when a failing verify quotes the tags', async () => {
      const tags = { 'managed-by': MANAGER, environment: ELSEWHERE }
      await seedSecret(backend, sm, { name: NAMES.api, doc: apiDoc, tags })
      const run = await act({ mode: 'verify', ...alerting })
      expect(run.code).toBe(1)
      const [issue] = github.list()
      expect(issue?.body).toContain('its managed-by tag')
      expect(issue?.body).toContain('octocat')
      expectNeutral(issue?.body ?? '')
      expectNeutral(run.summary)
    })

    test('its title and body, for an environment named like a domain', async () => {
      const catalogue = join(dir, 'catalogue.json')
      const entry = {
        target: 'stripe/api_key',
        field: 'api_key',
        source: 'STRIPE_SECRET_KEY_DEV',
        rule: 'stripe-test-key'
      }
      writeFileSync(
        catalogue,
        JSON.stringify({ environments: ['www.evil.example'], secrets: [entry] })
      )
      const run = await act({
        mode: 'verify',
        environment: 'www.evil.example',
        catalogue,
        ...alerting
      })
      expect(run.code).toBe(1)
      const [issue] = github.list()
      expect(issue?.title).toMatch(/^impressionnistes-secrets: www.*: verify failing$/)
      expectNeutral(`${issue?.title}\n${issue?.body}`.replace(/<!--.*?-->/g, ''))
      expectNeutral(run.summary)
    })
  })
})
