/**
 * The CLI's side of "nothing stale goes unseen": the committed dist/cli/index.js against the
 * stand-in, and GitHub's API stand-in (GITHUB_API_URL). `list` gives each value's age from its
 * current version's creation, which a tag write does not move; `audit` and `verify` flag a GitHub
 * secret edited after the value in AWS was written, with GITHUB_TOKEN or GH_TOKEN and
 * --repository; without a token they say once that the check was skipped. The token is never
 * printed. Stand-in only: moto 5.2.1 gives the listing time as every version's CreatedDate.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { TagResourceCommand } from '@aws-sdk/client-secrets-manager'
import { rmSync } from 'node:fs'
import { GitHubStandin } from '../../standin/github.js'
import { useBackend } from './backends.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { CANARY, NAMES, SECRETS_FILE } from './fixtures.js'

const TOKEN = 'github_pat_CANARYcliSecretsReader000000001'
const DAY = 24 * 60 * 60 * 1000
const REPOSITORY = 'course-impressionnistes/registration'

const backend = useBackend()
let github: GitHubStandin
let folder: string

const cli = (args: string[], extra: Record<string, string> = {}) =>
  runCli(args, {
    env: laptopEnv(backend.url, { GITHUB_API_URL: github.url, ...extra }),
    cwd: folder
  })

/** The value of `name` in AWS was written `days` ago. */
function writtenDaysAgo(name: string, days: number): void {
  const current = backend.standin?.secret(name)?.versions.at(-1)
  if (!current) throw new Error(`${name} has no version`)
  backend.standin?.setVersionCreated(name, current.versionId, new Date(Date.now() - days * DAY))
}

beforeAll(async () => {
  github = await GitHubStandin.start()
  folder = secretsFolder(SECRETS_FILE)
})
afterAll(async () => {
  await github.stop()
  rmSync(folder, { recursive: true, force: true })
})
beforeEach(async () => {
  github.reset()
  github.secrets.allowRead(TOKEN)
  expect((await cli(['deploy', '--env', 'dev'])).code).toBe(0)
  for (const name of Object.values(NAMES)) writtenDaysAgo(name, 12)
})

describe('list: the age of the value, not of the last tag write', () => {
  test('shows when the current version was written, unchanged by a tag write', async () => {
    await backend.sm.send(
      new TagResourceCommand({ SecretId: NAMES.api, Tags: [{ Key: 'team', Value: 'payments' }] })
    )
    backend.standin?.resetCalls()
    const run = await cli(['list', '--env', 'dev'])
    expect(run.code).toBe(0)
    const api = run.stdout.split('\n').find((l) => l.includes(NAMES.api)) ?? ''
    expect(api).toMatch(/written \d{4}-\d\d-\d\d \d\d:\d\d UTC \(12 days ago\)/)
    expect(api).toMatch(/\d+ version\(s\)/)
    // One listing of each secret's versions gives both its count and its date.
    const listed = Object.values(NAMES).filter((name) => run.stdout.includes(name)).length
    expect(listed).toBe(4)
    expect(backend.standin?.calls().ListSecretVersionIds).toBe(listed)
    expect(run.all).not.toContain(CANARY)
  })
})

describe('audit and verify with a token that may read secrets metadata', () => {
  beforeEach(() => {
    for (const name of ['STRIPE_SECRET_KEY_DEV', 'STRIPE_WEBHOOK_SECRET_DEV'])
      github.secrets.setRepositorySecret(name, new Date(Date.now() - 20 * DAY))
    for (const name of ['SLACK_WEBHOOK_ADMIN', 'SLACK_WEBHOOK_DEVOPS'])
      github.secrets.setRepositorySecret(name, new Date(Date.now() - 20 * DAY))
    github.secrets.setRepositorySecret('STRIPE_SECRET_KEY_PROD', new Date(Date.now() - 20 * DAY))
    github.secrets.setRepositorySecret(
      'STRIPE_WEBHOOK_SECRET_PROD',
      new Date(Date.now() - 20 * DAY)
    )
    github.secrets.setEnvironmentSecret(
      'dev',
      'STRIPE_WEBHOOK_SECRET_DEV',
      new Date(Date.now() - DAY)
    )
  })

  test.each([
    ['audit', 'GITHUB_TOKEN'],
    ['verify', 'GH_TOKEN']
  ])(
    '%s with %s flags an edit after the write, exit 3, no token printed',
    async (mode, variable) => {
      backend.standin?.resetCalls()
      const run = await cli([mode, '--env', 'dev', '--repository', REPOSITORY], {
        [variable]: TOKEN
      })
      expect(run.code).toBe(3)
      expect(run.stderr).toMatch(
        /STRIPE_WEBHOOK_SECRET_DEV was edited on GitHub at .*: run the deploy workflow "Deploy secrets \(dev\)"/
      )
      expect(run.all).not.toContain(TOKEN)
      expect(run.all).not.toContain(CANARY)
      if (mode === 'audit') expect(backend.standin?.calls().GetSecretValue ?? 0).toBe(0)
    }
  )

  test('without a token: one warning that the check was skipped, and the audit is clean', async () => {
    const run = await cli(['audit', '--env', 'dev', '--repository', REPOSITORY])
    expect(run.code).toBe(0)
    expect(run.stderr.match(/GitHub edits were not checked: no token/g)).toHaveLength(1)
  })

  test('a token but no repository: the check says which option is missing', async () => {
    const run = await cli(['audit', '--env', 'dev'], { GITHUB_TOKEN: TOKEN })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('GitHub edits were not checked: no repository was named')
    expect(run.all).not.toContain(TOKEN)
  })

  test('a --repository that is not owner/name is a usage error (exit 2), before any GitHub call', async () => {
    const run = await cli(['audit', '--env', 'dev', '--repository', 'not-a-repository'], {
      GITHUB_TOKEN: TOKEN
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      '--repository must be owner/name (e.g. my-org/my-app). (how to fix: docs/troubleshooting.md#a-repository-that-is-not-ownername)'
    )
    expect(github.calls()).toEqual([])
  })
})
