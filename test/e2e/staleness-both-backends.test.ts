/**
 * The staleness check on both back ends: with GitHub's edits older than the sync, audit and
 * verify run the check (no "not checked" warning) and find nothing. On moto 5.2.1 every
 * version's CreatedDate is the time of the listing (test/standin-version-dates.test.ts), so a
 * value there always looks just written: the findings themselves are proved against the stand-in
 * (staleness.test.ts); here, that moto's difference makes no false alarm and no failure.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { GitHubStandin } from '../../standin/github.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, secretsInput } from './fixtures.js'

const READER = 'github_pat_CANARYbothBackendsReader00000001'
const LONG_AGO = new Date('2020-01-01T00:00:00Z')

describeEachBackend('the staleness check against %s', (backend) => {
  let github: GitHubStandin
  const run = (inputs: Record<string, string>) =>
    runAction(
      { environment: 'dev', 'github-secrets-token': READER, ...inputs },
      runnerEnv(backend.url, { GITHUB_API_URL: github.url })
    )

  beforeAll(async () => {
    github = await GitHubStandin.start()
  }, 30_000)
  afterAll(async () => {
    await github?.stop()
  })
  beforeEach(async () => {
    github.reset()
    github.secrets.allowRead(READER)
    for (const name of [
      'STRIPE_SECRET_KEY_DEV',
      'STRIPE_WEBHOOK_SECRET_DEV',
      'STRIPE_SECRET_KEY_PROD',
      'STRIPE_WEBHOOK_SECRET_PROD',
      'SLACK_WEBHOOK_ADMIN',
      'SLACK_WEBHOOK_DEVOPS'
    ])
      github.secrets.setRepositorySecret(name, LONG_AGO)
    expect((await run({ secrets: secretsInput() })).code).toBe(0)
  })

  test.each(['audit', 'verify'])('%s: edits before the sync are not stale', async (mode) => {
    const r = await run({ mode, ...(mode === 'verify' ? { secrets: secretsInput() } : {}) })
    expect(r.code).toBe(0)
    expect(r.visible).not.toContain('GitHub edits were not checked')
    expect(r.visible).not.toContain('was edited on GitHub')
    expect(r.visible).not.toContain(READER)
    expectNothingLeaked(r, CANARY)
    expect(github.calls().some((c) => c.path.endsWith('/actions/secrets'))).toBe(true)
  })
})
