/**
 * The CLI's `audit`: the committed dist/cli/index.js against the stand-in. Proven to read no
 * value from the stand-in's call log (DescribeSecret and STS only) for a clean run, an edited
 * secret, a missing one and one scheduled for deletion; exit 3 naming each finding.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { DeleteSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { useBackend } from './backends.js'
import { rmSync } from 'node:fs'
import { laptopEnv, runCli, secretsFolder, type CliRun } from './cli-harness.js'
import { CANARY, NAMES, SECRETS_FILE } from './fixtures.js'

const backend = useBackend()
let folder: string
const cli = (args: string[]) => runCli(args, { env: laptopEnv(backend.url), cwd: folder })

/** Audits dev; the run made metadata calls only and printed no canary. */
async function audit(extra: string[] = []): Promise<CliRun> {
  backend.standin?.resetCalls()
  const run = await cli(['audit', '--env', 'dev', ...extra])
  const ops = [...new Set(backend.standin?.log().map((c) => c.operation))].sort()
  expect(ops).toEqual(['DescribeSecret', 'ListSecretVersionIds', 'sts:GetCallerIdentity'])
  expect(run.all).not.toContain(CANARY)
  return run
}

beforeAll(() => {
  folder = secretsFolder(SECRETS_FILE)
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))
beforeEach(async () => {
  expect((await cli(['deploy', '--env', 'dev'])).code).toBe(0)
})

test('clean: exit 0, every secret as written, no value read', async () => {
  const run = await audit()
  expect(run.code).toBe(0)
  expect(run.stdout).toContain('all 4 secret(s) as this tool left them; no value read')
  expect(run.stdout).toMatch(new RegExp(`${NAMES.api}\\s+✔️ as written version `))
})

test('edited by hand: exit 3 naming it; --json says flagged, with its findings', async () => {
  await backend.sm.send(
    new PutSecretValueCommand({
      SecretId: NAMES.webhook,
      SecretString: JSON.stringify({ webhook_secret: 'whsec_CANARYchangedByHand1' })
    })
  )
  const run = await audit()
  expect(run.code).toBe(3)
  expect(run.stderr).toContain(`error: ${NAMES.webhook}: its current version (`)
  expect(run.stderr).toContain('someone changed it outside this tool')
  const json = await audit(['--json'])
  expect(json.code).toBe(3)
  const report = JSON.parse(json.stdout) as {
    mode: string
    rows: { name: string; action: string; findings?: string[] }[]
  }
  expect(report.mode).toBe('audit')
  expect(report.rows.filter((r) => r.action === 'flagged')).toEqual([
    expect.objectContaining({ name: NAMES.webhook, findings: ['changed outside'] })
  ])
})

test('missing and scheduled for deletion: exit 3, each named with its reason', async () => {
  await backend.sm.send(
    new DeleteSecretCommand({ SecretId: NAMES.admin, ForceDeleteWithoutRecovery: true })
  )
  await backend.sm.send(
    new DeleteSecretCommand({ SecretId: NAMES.devops, RecoveryWindowInDays: 7 })
  )
  const run = await audit()
  expect(run.code).toBe(3)
  expect(run.stderr).toContain(`error: ${NAMES.admin} does not exist in Secrets Manager`)
  expect(run.stderr).toContain(`error: ${NAMES.devops} is scheduled for deletion`)
  expect(run.stdout).toMatch(new RegExp(`${NAMES.admin}\\s+⚠️ missing`))
  expect(run.stdout).toMatch(new RegExp(`${NAMES.devops}\\s+⚠️ scheduled for deletion`))
})

test('rollback records the version it moved to: audit clean after it', async () => {
  const rotated = secretsFolder({
    ...SECRETS_FILE,
    stripe_secret_key_dev: 'sk_test_CANARYbadKey000001'
  })
  try {
    const deploy = await runCli(['deploy', '--env', 'dev'], {
      env: laptopEnv(backend.url),
      cwd: rotated
    })
    expect(deploy.code).toBe(0)
  } finally {
    rmSync(rotated, { recursive: true, force: true })
  }
  expect((await cli(['rollback', 'stripe/api_key', '--env', 'dev'])).code).toBe(0)
  expect((await audit()).code).toBe(0)
})
