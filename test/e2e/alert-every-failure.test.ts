/**
 * Every failure alerts, and a pause is seen: the committed bundle against the stand-in, with
 * GitHub's API at its stand-in. With alert-issue: true, a failed sync and a failed consumer
 * refresh open the environment's one alert issue, and the first clean sync closes what it could
 * see; a paused sync plans, writes nothing, says so first and in its outputs, and the issue shows
 * the pause while it lasts. Never a value in the issue.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { GitHubStandin } from '../../standin/github.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SOURCES, secretsInput } from './fixtures.js'

const TOKEN = 'ghs_standinWriteToken000000000000000000'
const ROTATED = { STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYrotatedAndSynced01' }
const FUNCTION = 'registration-payment'

const backend = useBackend()
let github: GitHubStandin

const sync = (extra: Record<string, string> = {}, over: Record<string, unknown> = {}) =>
  runAction(
    {
      environment: 'dev',
      secrets: secretsInput(over),
      'alert-issue': 'true',
      'github-token': TOKEN,
      ...extra
    },
    runnerEnv(backend.url, { GITHUB_API_URL: github.url })
  )
const states = () => github.list().map((i) => [i.title, i.state])
const writes = () => {
  const calls = backend.standin?.calls() ?? {}
  return (calls.CreateSecret ?? 0) + (calls.PutSecretValue ?? 0) + (calls.TagResource ?? 0)
}
const expectNoValueInIssues = () => {
  const text = github
    .list()
    .map((i) => `${i.title}\n${i.body}`)
    .join('\n')
  expect(text).not.toContain(CANARY)
  for (const value of Object.values(SOURCES)) expect(text).not.toContain(value)
}

beforeAll(async () => {
  github = await GitHubStandin.start()
})
afterAll(async () => {
  await github.stop()
})
beforeEach(() => {
  github.reset()
  github.allow(TOKEN, 'write')
})

describe('a failed sync or refresh opens the environment’s alert issue', () => {
  test('a failed sync opens it, naming what failed and the workflow; the next clean sync closes it', async () => {
    backend.standin?.addFault({ operation: 'CreateSecret', kind: 'accessDenied', times: 100 })
    const failed = await sync()
    expect(failed.code).toBe(1)
    expect(failed.stdout).toContain('Opened alert issue #1.')
    const [issue] = github.list()
    expect(issue?.title).toBe('impressionnistes-secrets: dev: sync failing')
    expect(issue?.body).toContain('### The sync of dev is failing, since ')
    expect(issue?.body).toContain('secretsmanager:CreateSecret')
    expect(issue?.body).toContain('Deploy secrets (dev)')
    expectNoValueInIssues()
    expectNothingLeaked(failed, CANARY)

    backend.standin?.clearFaults()
    const clean = await sync()
    expect(clean.code).toBe(0)
    expect(clean.stdout).toContain('Closed alert issue #1: nothing is failing any more.')
    expect(states()).toEqual([['impressionnistes-secrets: dev: sync failing', 'closed']])
  })

  test('a consumer that could not be refreshed opens it; a sync that refreshes it closes it', async () => {
    expect((await sync()).code).toBe(0)
    const consumers = { consumers: `stripe/api_key: ${FUNCTION}` }
    const missing = await sync(consumers, ROTATED)
    expect(missing.stdout).toContain('Opened alert issue #1.')
    const [issue] = github.list()
    expect(issue?.body).toContain(`Lambda function \`${FUNCTION}\` was not refreshed`)
    expectNoValueInIssues()

    backend.standin?.putFunction({ name: FUNCTION, variables: {} })
    const refreshed = await sync(consumers, {
      STRIPE_SECRET_KEY_DEV: 'sk_test_CANARYrotatedAgain0002'
    })
    expect(refreshed.code).toBe(0)
    expect(refreshed.stdout).toContain('Closed alert issue #1')
    expect(github.list()[0]?.state).toBe('closed')
  })

  test('a clean sync does not close a failing verify’s section', async () => {
    expect((await sync()).code).toBe(0)
    const verify = await runAction(
      {
        environment: 'dev',
        mode: 'verify',
        secrets: secretsInput(ROTATED),
        'alert-issue': 'true',
        'github-token': TOKEN
      },
      runnerEnv(backend.url, { GITHUB_API_URL: github.url })
    )
    expect(verify.code).toBe(1)
    expect((await sync({}, {})).code).toBe(0)
    expect(states()).toEqual([['impressionnistes-secrets: dev: verify failing', 'open']])
  })
})

describe('the pause switch', () => {
  test('a paused sync plans and writes nothing, says so first, and the issue shows it while it lasts', async () => {
    expect((await sync()).code).toBe(0)
    backend.standin?.resetCalls()
    const paused = await sync({ pause: 'true' }, ROTATED)
    expect(paused.code).toBe(0)
    expect(writes()).toBe(0)
    expect(paused.outputs.paused).toBe('true')
    expect(paused.summary.split('\n')[0]).toContain('sync paused (SECRETS_SYNC_PAUSED) for dev')
    expect(paused.summary).toContain('would update')
    expect(paused.summary).toContain(NAMES.api)
    expect(states()).toEqual([['impressionnistes-secrets: dev: syncs paused', 'open']])
    expect(github.list()[0]?.body).toContain('SECRETS_SYNC_PAUSED')

    const resumed = await sync({ pause: 'false' }, ROTATED)
    expect(resumed.code).toBe(0)
    expect(resumed.outputs.paused).toBe('false')
    expect(writes()).toBeGreaterThan(0)
    expect(states()).toEqual([['impressionnistes-secrets: dev: syncs paused', 'closed']])
  })
})
