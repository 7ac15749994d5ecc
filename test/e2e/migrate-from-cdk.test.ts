/**
 * docs/migrate-from-cdk.md, followed as written: every `make` and `node dist/cli/index.js`
 * command of the page, in its order, run for real (make → dist/cli/index.js on Node 24) against a
 * stand-in holding the four secrets as the CDK SecretsStack leaves them (its values, JSON shapes
 * and CloudFormation tags, no tag of ours), in an account with the page's example id. Then prod
 * through the action's bundle, as the page's "Then prod" says. The page's own commands to AWS
 * and CDK (get-template, cdk destroy) cannot run here: their effect on the secrets (none, with
 * DeletionPolicy Retain) is what the stand-in keeps.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { TagResourceCommand } from '@aws-sdk/client-secrets-manager'
import { Standin } from '../../standin/server.js'
import { client } from './harness.js'
import { ROOT, runAction, runnerEnv, writeEnvironments } from '../../standin/runner.js'
import { useBackend, startStandin } from './backends.js'
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { laptopEnv, runCli, secretsFolder, type CliRun } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, NAMES, SECRETS_FILE, SOURCES, secretsInput } from './fixtures.js'
import { cloudFormationTags, seedSecret, stateOf } from './seed.js'
import { MAKE, runsWith } from '../tools.js'

const PAGE = readFileSync(join(ROOT, 'docs/migrate-from-cdk.md'), 'utf8')
const DEV_ACCOUNT = '111122223333'
const PROD_ACCOUNT = '444455556666'

/** The page's commands this test runs: lines of its sh blocks calling make or the CLI. */
const documented = [...PAGE.matchAll(/^ *```sh\n([\s\S]*?)^ *```/gm)]
  .flatMap((m) => (m[1] ?? '').split('\n'))
  .map((line) => line.trim())
  .filter((line) => line.startsWith('make ') || line.startsWith('node dist/cli/index.js '))

/** The outputs the page shows (its text blocks), cut where it elides them. */
const shown = [...PAGE.matchAll(/^```text\n([\s\S]*?)^```/gm)].map((m) =>
  (m[1] ?? '').trim().replace(/,? …$/, '')
)

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchors = [...PAGE.matchAll(/^#+ (.+)$/gm)].map((m) =>
  (m[1] ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-')
)

/** As SecretsStack left them in dev: compact JSON, CloudFormation's tags, none of ours. */
const OLD_API_KEY = 'sk_test_CANARYoldCdkKey00001'
const OLD_ADMIN_URL = 'https://hooks.slack.com/services/T0OLD/B0OLD/oldCANARYadmin1'
const CDK_DEV = [
  { name: NAMES.api, doc: JSON.stringify({ api_key: OLD_API_KEY }), logical: 'StripeApiKey1' },
  {
    name: NAMES.webhook,
    doc: JSON.stringify({ webhook_secret: SOURCES.STRIPE_WEBHOOK_SECRET_DEV }),
    logical: 'StripeWebhookSecret2'
  },
  // Another tool keeps a field of its own here, written its own way.
  {
    name: NAMES.admin,
    doc: `{"webhook_url":"${OLD_ADMIN_URL}", "rate_limit": 1.50, "team_id": 12345678901234567890123}`,
    logical: 'SlackAdminWebhook3'
  },
  {
    name: NAMES.devops,
    doc: JSON.stringify({ webhook_url: SOURCES.SLACK_WEBHOOK_DEVOPS }),
    logical: 'SlackDevopsWebhook4'
  }
]

const make = (args: string[], env: Record<string, string>, cwd: string) =>
  new Promise<CliRun>((done) => {
    execFile(
      MAKE.command(),
      ['--no-print-directory', '-f', join(ROOT, 'Makefile'), ...args],
      { env, cwd, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        done({
          code: error ? Number(error.code ?? 1) : 0,
          stdout,
          stderr,
          all: `${stdout}\n${stderr}`
        })
    )
  })

/** The environments file as set-up leaves it: each environment in its own account. */
const PINS = { dev: { account: DEV_ACCOUNT }, prod: { account: PROD_ACCOUNT } }

const WRITES = ['CreateSecret', 'PutSecretValue', 'TagResource']
const withMake = runsWith(MAKE) ? describe : describe.skip

withMake('docs/migrate-from-cdk.md, followed step by step', () => {
  const backend = useBackend(() => startStandin({ accountId: DEV_ACCOUNT }), {
    resetEachTest: false
  })
  let standin: Standin
  let folder: string
  const writes = () => WRITES.reduce((n, op) => n + (standin.calls()[op] ?? 0), 0)

  /** Runs one of the page's command lines, as a user at the root of a clone would. */
  const run = (line: string): Promise<CliRun> => {
    const env = laptopEnv(standin.url)
    standin.resetCalls()
    if (line.startsWith('make ')) return make(line.split(' ').slice(1), env, folder)
    // At the root of a clone whose environments file set-up filled in (secretsFolder's, below).
    return runCli(line.split(' ').slice(2), { env, cwd: folder, environments: false })
  }

  beforeAll(async () => {
    standin = backend.standin as Standin
    folder = secretsFolder(SECRETS_FILE)
    writeEnvironments(folder, PINS)
    for (const s of CDK_DEV)
      await seedSecret(backend, backend.sm, {
        name: s.name,
        doc: s.doc,
        awsTags: cloudFormationTags('SecretsStack', s.logical)
      })
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  test('the page runs these commands, in this order; its retirement link resolves', () => {
    expect(shown).toHaveLength(2)
    expect(documented).toEqual([
      'node dist/cli/index.js plan --env dev',
      `node dist/cli/index.js plan --env dev --expected-account-id ${DEV_ACCOUNT}`,
      `make deploy-secrets ENV=dev ACCOUNT=${DEV_ACCOUNT}`,
      `make secrets-list ENV=dev ACCOUNT=${DEV_ACCOUNT}`,
      `make deploy-secrets ENV=dev ACCOUNT=${DEV_ACCOUNT}`
    ])
    // The anchor the stack warning prints (src/engine/plan/plan.ts) is a heading of the page.
    expect(anchors).toContain('4-retire-the-cdk-stack-keeping-its-secrets')
  })

  test('the walk-through, on the stand-in', async () => {
    const [planBare, planConfirmed, deploy, list, again] = documented as [
      string,
      string,
      string,
      string,
      string
    ]
    const before = await Promise.all(CDK_DEV.map((s) => stateOf(backend.sm, s.name)))

    // 2. First plan, without the account: every secret the stack made is refused, nothing written.
    const refused = await run(planBare)
    expect(refused.code).toBe(1)
    for (const { name } of CDK_DEV) {
      expect(refused.stderr).toContain(
        `error: ${name} already exists without this tool's managed-by tag (made by hand, or by the CDK SecretsStack).`
      )
    }
    expect(refused.stderr).toContain('Pass --expected-account-id <id> (make … ACCOUNT=<id>)')
    expect(refused.stderr).toContain(shown[0])
    expect(refused.all).not.toContain(CANARY)
    expect(writes()).toBe(0)

    // …with the account: the plan, and the warning about the stack for each secret.
    const planned = await run(planConfirmed)
    expect(planned.code).toBe(0)
    expect(planned.stdout).toContain('0 to create, 2 to update, 2 unchanged')
    for (const { name } of CDK_DEV) {
      expect(planned.stderr).toContain(
        `warning: ${name} was made by the CloudFormation stack "SecretsStack" (its aws:cloudformation tags). Once this tool writes it, a later deploy of that stack writes the stack's old value back over it. Retire the stack, keeping its secrets: docs/migrate-from-cdk.md#4-retire-the-cdk-stack-keeping-its-secrets`
      )
    }
    expect(planned.stderr).toContain(shown[1])
    expect(planned.all).not.toContain(CANARY)
    expect(writes()).toBe(0)
    expect(await Promise.all(CDK_DEV.map((s) => stateOf(backend.sm, s.name)))).toEqual(before)

    // 3. First sync: adopted (tagged), two values updated, two only tagged, other fields intact.
    const synced = await run(deploy)
    expect(synced.code).toBe(0)
    expect(synced.stdout).toContain('0 created, 2 updated, 2 unchanged')
    for (const { name } of CDK_DEV) {
      expect(synced.stderr).toContain(`warning: ${name} existed without this tool's tags`)
      expect(synced.stderr).toContain(`warning: ${name} was made by the CloudFormation stack`)
    }
    expect(synced.all).not.toContain(CANARY)
    const after = Object.fromEntries(
      await Promise.all(
        CDK_DEV.map(async (s) => [s.name, await stateOf(backend.sm, s.name)] as const)
      )
    )
    for (const { name } of CDK_DEV) {
      expect(after[name]?.tags).toMatchObject({
        'managed-by': 'impressionnistes-secrets',
        environment: 'dev',
        'aws:cloudformation:stack-name': 'SecretsStack'
      })
    }
    expect(after[NAMES.api]?.doc).toBe(JSON.stringify({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV }))
    expect(after[NAMES.admin]?.doc).toBe(
      `{"webhook_url":"${SOURCES.SLACK_WEBHOOK_ADMIN}", "rate_limit": 1.50, "team_id": 12345678901234567890123}`
    )
    expect([after[NAMES.api]?.versions, after[NAMES.webhook]?.versions]).toEqual([2, 1])
    expect(after[NAMES.webhook]?.doc).toBe(before[1]?.doc)

    // 4. The stack retired with DeletionPolicy Retain: the secrets stay, CloudFormation's tags too.
    const listed = await run(list)
    expect(listed.code).toBe(0)
    for (const { name } of CDK_DEV) expect(listed.stdout).toContain(name)
    expect(listed.stdout).not.toContain('not managed by impressionnistes-secrets')
    const rerun = await run(again)
    expect(rerun.code).toBe(0)
    expect(rerun.stdout).toContain('0 created, 0 updated, 4 unchanged')
    expect(rerun.stderr).not.toContain('warning:')
    expect(writes()).toBe(0)
  })

  test('5. then prod, through the workflow: a test key the stack left in prod is not adopted', async () => {
    const prod = await startStandin({ accountId: PROD_ACCOUNT })
    const psm = client(prod.url)
    try {
      const leftover = 'sk_test_CANARYtestKeyInProd1'
      await seedSecret(prod, psm, {
        name: NAMES.api,
        doc: JSON.stringify({ api_key: leftover }),
        awsTags: cloudFormationTags('SecretsStack', 'StripeApiKey1')
      })
      const act = (mode: string) =>
        runAction(
          {
            environment: 'prod',
            mode,
            'expected-account-id': PROD_ACCOUNT,
            environments: writeEnvironments(folder, PINS),
            secrets: secretsInput()
          },
          runnerEnv(prod.url)
        )
      const plan = await act('plan')
      expect(plan.code).toBe(1)
      expect(plan.errors.join('\n')).toContain(
        `${NAMES.api} already exists without this tool's managed-by tag, and its current api_key (sk_test_…`
      )
      expect(plan.errors.join('\n')).toContain('is a test-mode Stripe key')
      expectNothingLeaked(plan, CANARY)
      // The page's way out, having checked the secret is prod's: tag it as ours, then sync.
      await psm.send(
        new TagResourceCommand({
          SecretId: NAMES.api,
          Tags: [
            { Key: 'managed-by', Value: 'impressionnistes-secrets' },
            { Key: 'environment', Value: 'prod' }
          ]
        })
      )
      const sync = await act('sync')
      expect(sync.code).toBe(0)
      expectNothingLeaked(sync, CANARY)
      expect((await stateOf(psm, NAMES.api)).doc).toBe(
        JSON.stringify({ api_key: SOURCES.STRIPE_SECRET_KEY_PROD })
      )
    } finally {
      psm.destroy()
      await prod.stop()
    }
  })
})
