/**
 * The operator CLI, end to end: the committed dist/cli/index.js on Node 24, one subprocess per
 * command, against the stand-in and (when importable) moto's server. Every output but
 * `show --reveal` is searched for the canary; state is checked through the real SDK.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand
} from '@aws-sdk/client-secrets-manager'
import { client, inspect, secretNames } from './harness.js'
import { describeEachBackend } from './backends.js'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { environmentsFile } from '../../standin/runner.js'
import { laptopEnv, runCli, secretsFolder, type CliRun } from './cli-harness.js'
import { CANARY, NAMES, SECRETS_FILE, SOURCES } from './fixtures.js'

const NEW_KEY = 'sk_test_CANARYrotatedKey0002'

const noLeak = (run: CliRun) => expect(run.all).not.toContain(CANARY)

describeEachBackend('CLI against %s', (backend) => {
  let folder: string
  const cli = (args: string[], extra: Record<string, string> = {}, input?: string) =>
    runCli(args, {
      env: laptopEnv(backend.url, extra),
      cwd: folder,
      ...(input === undefined ? {} : { input })
    })
  const deployed = async () => expect((await cli(['deploy', '--env', 'dev'])).code).toBe(0)

  beforeAll(async () => {
    folder = secretsFolder(SECRETS_FILE)
  }, 30_000)
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true })
  })

  test('deploy --env dev: today’s secrets.json lands as today’s JSON shapes; a rerun writes nothing', async () => {
    const run = await cli(['deploy', '--env', 'dev'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('4 created')
    expect(run.stderr).toContain('AWS account 123456789012')
    noLeak(run)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: SOURCES.STRIPE_SECRET_KEY_DEV
    })
    expect((await inspect(backend.sm, NAMES.admin)).json).toEqual({
      webhook_url: SOURCES.SLACK_WEBHOOK_ADMIN
    })
    backend.standin?.resetCalls()
    const again = await cli(['deploy', '--env', 'dev'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('0 created, 0 updated, 4 unchanged')
    if (backend.standin) {
      const calls = backend.standin.calls()
      expect(calls.PutSecretValue ?? 0).toBe(0)
      expect(calls.CreateSecret ?? 0).toBe(0)
    }
    expect((await inspect(backend.sm, NAMES.api)).versions).toBe(1)
  })

  test('deploy --plan and plan write nothing; --json is the report, without values', async () => {
    // A secrets.json others can read is worth a warning (it holds live keys).
    chmodSync(join(folder, 'secrets.json'), 0o644)
    const readable = await cli(['plan', '--env', 'dev'])
    chmodSync(join(folder, 'secrets.json'), 0o600)
    expect(readable.stderr).toContain(
      'secrets.json can be read by other users of this computer; it holds live keys: chmod 600'
    )
    expect((await cli(['plan', '--env', 'dev'])).stderr).not.toContain('can be read by other')
    for (const args of [['deploy', '--plan'], ['plan'], ['plan', '--json']]) {
      const run = await cli([...args, '--env', 'prod'])
      expect(run.code).toBe(0)
      noLeak(run)
    }
    const json = await cli(['plan', '--env', 'prod', '--json'])
    const report = JSON.parse(json.stdout) as { mode: string; rows: { action: string }[] }
    expect(report.mode).toBe('plan')
    expect(report.rows.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create'])
    expect(await secretNames(backend.sm)).toEqual([])
  })

  test('verify: 0 when in sync, 3 naming the secret when someone changed it by hand', async () => {
    await deployed()
    expect((await cli(['verify', '--env', 'dev'])).code).toBe(0)
    await backend.sm.send(
      new PutSecretValueCommand({
        SecretId: NAMES.webhook,
        SecretString: JSON.stringify({ webhook_secret: 'whsec_CANARYchangedByHand1' })
      })
    )
    const run = await cli(['verify', '--env', 'dev'])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(`${NAMES.webhook} differs from stripe_webhook_secret_dev`)
    noLeak(run)
  })

  test('list: grouped, with versions, writer and what needs a human; no value read', async () => {
    await deployed()
    await backend.sm.send(
      new CreateSecretCommand({
        Name: 'impressionnistes/legacy/token',
        SecretString: '{"token":"CANARYlegacy00001"}'
      })
    )
    await backend.sm.send(
      new CreateSecretCommand({
        Name: 'impressionnistes/old/gone',
        SecretString: '{"x":"CANARYgone0000001"}'
      })
    )
    await backend.sm.send(
      new DeleteSecretCommand({ SecretId: 'impressionnistes/old/gone', RecoveryWindowInDays: 7 })
    )
    backend.standin?.resetCalls()
    const run = await cli(['list', '--env', 'dev'])
    expect(run.code).toBe(0)
    noLeak(run)
    const lines = run.stdout.split('\n')
    const groups = lines.filter((l) => /^\S/.test(l)).slice(1)
    expect(groups).toEqual(['Legacy', 'Old', 'Slack', 'Stripe'])
    const api = lines.find((l) => l.includes(NAMES.api)) ?? ''
    expect(api).toMatch(
      /changed \d{4}-\d\d-\d\d \d\d:\d\d UTC · 1 version\(s\) · by aws:arn:aws:sts::/
    )
    expect(run.stdout).toContain('⚠ not managed by impressionnistes-secrets')
    expect(run.stdout).toContain('⚠ not in the catalogue')
    expect(run.stdout).toMatch(
      /⚠ scheduled for deletion since .* restore-secret --secret-id impressionnistes\/old\/gone/
    )
    if (backend.standin) {
      const calls = backend.standin.calls()
      expect(calls.GetSecretValue ?? 0).toBe(0)
      expect(calls.BatchGetSecretValue ?? 0).toBe(0)
      expect(calls.ListSecrets).toBe(1)
    }
    const json = JSON.parse((await cli(['list', '--env', 'dev', '--json'])).stdout) as {
      groups: { title: string; rows: { name: string; versions?: number }[] }[]
    }
    const stripe = json.groups.find((g) => g.title === 'Stripe')
    expect(stripe?.rows.map((r) => [r.name, r.versions])).toEqual([
      [NAMES.api, 1],
      [NAMES.webhook, 1]
    ])
  })

  test('a secret another environment wrote: list flags it, deploy refuses it; a missing one is listed', async () => {
    expect((await cli(['deploy', '--env', 'prod'])).code).toBe(0)
    await backend.sm.send(
      new DeleteSecretCommand({ SecretId: NAMES.devops, ForceDeleteWithoutRecovery: true })
    )
    const run = await cli(['list', '--env', 'dev'])
    expect(run.stdout).toContain('⚠ tagged for environment "prod", not "dev"')
    // A dev deploy with these (prod) credentials is stopped before any write.
    backend.standin?.resetCalls()
    const deploy = await cli(['deploy', '--env', 'dev'])
    expect(deploy.code).toBe(1)
    expect(deploy.stderr).toContain(`${NAMES.api} was written for environment "prod"`)
    expect(deploy.stderr).toContain('these AWS credentials are probably the prod account')
    noLeak(deploy)
    if (backend.standin) expect(backend.standin.calls().PutSecretValue ?? 0).toBe(0)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: SOURCES.STRIPE_SECRET_KEY_PROD
    })
    expect(run.stdout).toMatch(new RegExp(`${NAMES.devops}\\s+missing`))
    expect(run.stdout).toContain('3 secret(s) in Secrets Manager, 1 of the catalogue missing')
  })

  test('show --stripe: type prefix, last 4 and a short hash; never the key', async () => {
    await deployed()
    const run = await cli(['show', '--stripe', '--env', 'dev'])
    expect(run.code).toBe(0)
    noLeak(run)
    const hash = (v: string) => createHash('sha256').update(v).digest('hex').slice(0, 8)
    const key = SOURCES.STRIPE_SECRET_KEY_DEV
    expect(run.stdout).toContain(`api_key: sk_test_…${key.slice(-4)} (sha256 ${hash(key)})`)
    const whsec = SOURCES.STRIPE_WEBHOOK_SECRET_DEV
    expect(run.stdout).toContain(
      `webhook_secret: whsec_…${whsec.slice(-4)} (sha256 ${hash(whsec)})`
    )
    expect(run.stdout).not.toContain('slack')
  })

  test('update-stripe: from STRIPE_API_KEY, writes only the API key; a live key in dev writes nothing', async () => {
    await deployed()
    backend.standin?.resetCalls()
    const run = await cli(['update-stripe', '--env', 'dev'], { STRIPE_API_KEY: NEW_KEY })
    expect(run.code).toBe(0)
    noLeak(run)
    expect(run.stdout).toMatch(/^update-stripe dev \(.*\): 0 created, 1 updated, 0 unchanged/)
    expect(run.stdout).toContain(`${NAMES.api}  🔄 updated`)
    expect(run.stdout).not.toContain(NAMES.webhook)
    if (backend.standin) expect(backend.standin.calls().PutSecretValue).toBe(1)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({ api_key: NEW_KEY })
    expect((await inspect(backend.sm, NAMES.webhook)).versions).toBe(1)

    backend.standin?.resetCalls()
    const live = await cli([
      'update-stripe',
      '--env',
      'dev',
      '--api-key',
      'sk_live_CANARYwrongEnv00001'
    ])
    expect(live.code).toBe(1)
    expect(live.stdout).toMatch(/^update-stripe stopped before any write: dev \(/)
    expect(live.stderr).toContain('--api-key is a LIVE-mode Stripe key')
    noLeak(live)
    if (backend.standin) expect(backend.standin.calls().PutSecretValue ?? 0).toBe(0)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({ api_key: NEW_KEY })
  })

  test('rollback: AWSCURRENT goes back to the previous value, with before/after ids', async () => {
    await deployed()
    const first = await inspect(backend.sm, NAMES.api)
    expect((await cli(['update-stripe', '--env', 'dev'], { STRIPE_API_KEY: NEW_KEY })).code).toBe(0)
    const rotated = await inspect(backend.sm, NAMES.api)
    const run = await cli(['rollback', 'stripe/api_key', '--env', 'dev'])
    expect(run.code).toBe(0)
    noLeak(run)
    expect(run.stdout).toContain(
      `⏪ rolled back version ${first.versionId ?? ''} (was ${rotated.versionId ?? ''})`
    )
    const after = await inspect(backend.sm, NAMES.api)
    expect(after.json).toEqual({ api_key: SOURCES.STRIPE_SECRET_KEY_DEV })
    expect(after.versionId).toBe(first.versionId)
    expect(after.previous).toBe(JSON.stringify({ api_key: NEW_KEY }))
    expect(after.versions).toBe(2)
    // Run again (a retried command): AWSPREVIOUS is now the bad version, and it stays put.
    const again = await cli(['rollback', 'stripe/api_key', '--env', 'dev'])
    expect(again.code).toBe(0)
    expect(again.stderr).toContain(
      `was already rolled back from version ${rotated.versionId ?? ''}`
    )
    expect((await inspect(backend.sm, NAMES.api)).versionId).toBe(first.versionId)
    // And forward again, to a version named by id.
    const forward = await cli([
      'rollback',
      'impressionnistes/stripe/api_key',
      '--env',
      'dev',
      '--to-version',
      rotated.versionId ?? ''
    ])
    expect(forward.code).toBe(0)
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({ api_key: NEW_KEY })
  })

  test('rollback refuses, writing nothing, when there is nothing to go back to', async () => {
    await deployed()
    const run = await cli(['rollback', 'slack/admin_webhook', '--env', 'dev'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${NAMES.admin} has no AWSPREVIOUS version to go back to`)
    const unknown = await cli([
      'rollback',
      'stripe/api_key',
      '--env',
      'dev',
      '--to-version',
      'not-a-version'
    ])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('has no labelled version not-a-version')
    expect((await inspect(backend.sm, NAMES.api)).versions).toBe(1)
  })

  test('the pin guards every command; show refuses another environment’s secrets', async () => {
    await deployed()
    const elsewhere = environmentsFile({ dev: { account: '999999999999' } })
    for (const args of [
      ['list'],
      ['show', '--stripe'],
      ['deploy'],
      ['rollback', 'stripe/api_key'],
      ['update-stripe', '--api-key', NEW_KEY]
    ]) {
      backend.standin?.resetCalls()
      // An account to confirm that differs from the pin: refused before any AWS call.
      const run = await cli([...args, '--env', 'dev', '--expected-account-id', '999999999999'])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        'The account to confirm (--expected-account-id 999999999999) differs from the account the environments file'
      )
      noLeak(run)
      if (backend.standin) expect(backend.standin.calls()).toEqual({})
      // Credentials of another account than the pin's: one STS call, nothing else.
      const other = await cli([...args, '--env', 'dev', '--environments', elsewhere])
      expect(other.code).toBe(1)
      expect(other.stderr).toContain(
        `The AWS credentials are for account 123456789012, but the environments file ${elsewhere} pins dev to account 999999999999`
      )
      noLeak(other)
      if (backend.standin) expect(backend.standin.calls()).toEqual({ 'sts:GetCallerIdentity': 1 })
    }
    rmSync(dirname(dirname(elsewhere)), { recursive: true, force: true })
    // A new connection: the commands took long enough for the stand-in to close an idle one.
    const sm = client(backend.url)
    expect((await inspect(sm, NAMES.api)).versions).toBe(1)
    sm.destroy()
    // These dev-tagged secrets are not prod's: no fingerprint is shown as prod's.
    const prod = await cli(['show', '--stripe', '--env', 'prod'])
    expect(prod.code).toBe(1)
    expect(prod.stdout).toMatch(
      new RegExp(`${NAMES.api} +api_key: ${NAMES.api} was written for environment "dev"`)
    )
    expect(prod.stdout).not.toContain('sha256')
  })

  test('update-stripe: options say exactly what to write, whatever the shell exports', async () => {
    await deployed()
    const whsec = 'whsec_CANARYnewWebhook00001'
    const run = await cli(['update-stripe', '--env', 'dev', '--webhook-secret', whsec], {
      STRIPE_API_KEY: NEW_KEY
    })
    expect(run.code).toBe(0)
    noLeak(run)
    expect(run.stdout).toContain('0 created, 1 updated')
    expect((await inspect(backend.sm, NAMES.webhook)).json).toEqual({ webhook_secret: whsec })
    expect((await inspect(backend.sm, NAMES.api)).json).toEqual({
      api_key: SOURCES.STRIPE_SECRET_KEY_DEV
    })
    expect(run.stderr).toContain('note: put the same value in the GitHub secret')
    const empty = await cli(['update-stripe', '--env', 'dev', '--api-key='], {
      STRIPE_API_KEY: NEW_KEY
    })
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining('--api-key is empty')])
  })

  test('show --reveal: full values only on a terminal, after "yes"; refused under CI before any call', async () => {
    await deployed()
    const tty = (extra: Record<string, string>, input: string, args: string[] = []) =>
      runCli(['show', '--reveal', '--env', 'dev', ...args], {
        env: laptopEnv(backend.url, extra),
        cwd: folder,
        tty: true,
        input
      })
    const shown = await tty({}, 'yes\n')
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('WARNING: This displays full secret values!')
    for (const value of [
      SOURCES.STRIPE_SECRET_KEY_DEV,
      SOURCES.STRIPE_WEBHOOK_SECRET_DEV,
      SOURCES.SLACK_WEBHOOK_ADMIN,
      SOURCES.SLACK_WEBHOOK_DEVOPS
    ])
      expect(shown.stdout).toContain(value)

    const declined = await tty({}, 'no\n')
    expect(declined.code).toBe(0)
    expect(declined.stdout).toContain('Nothing shown.')
    noLeak(declined)

    for (const ci of [{ CI: 'true' }, { GITHUB_ACTIONS: 'true' }] as Record<string, string>[]) {
      backend.standin?.resetCalls()
      const refused = await tty(ci, 'yes\n', ['--yes'])
      expect(refused.code).toBe(1)
      expect(refused.stdout).toContain('show --reveal is refused when CI or GITHUB_ACTIONS is set')
      noLeak(refused)
      if (backend.standin) expect(backend.standin.calls()).toEqual({})
    }
    const piped = await cli(['show', '--reveal', '--env', 'dev', '--yes'])
    expect(piped.code).toBe(1)
    expect(piped.stderr).toContain('only runs with its output on a terminal')
    noLeak(piped)
  })
})

describe('CLI usage, without AWS', () => {
  const env = laptopEnv('http://127.0.0.1:9')
  const cli = (args: string[], cwd?: string) => runCli(args, { env, ...(cwd ? { cwd } : {}) })

  test('every command has --help, exit 0; mistakes are usage errors, exit 2', async () => {
    const main = await cli(['--help'])
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(
      'Exit codes: 0 ok, 1 failure, 2 usage error, 3 verify found drift or audit a finding.'
    )
    for (const command of [
      'deploy',
      'plan',
      'verify',
      'list',
      'show',
      'update-stripe',
      'rollback',
      'audit'
    ]) {
      const help = await cli([command, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toContain(`Usage: impressionnistes-secrets ${command}`)
    }
    for (const [args, said] of [
      [['deploy'], '--env is required'],
      [['launch', '--env', 'dev'], 'Unknown command "launch"'],
      [['deploy', '--env', 'dev', '--force'], 'unknown option --force.'],
      [['show', '--env', 'dev'], 'show needs exactly one of --stripe or --reveal'],
      [['rollback', '--env', 'dev'], 'rollback takes 1 argument(s)'],
      [['list', '--env', 'staging'], '--env must be one of dev, prod; got "staging"'],
      [['update-stripe', '--env', 'dev'], 'Give the new value: STRIPE_API_KEY=sk_'],
      [
        ['rollback', 'stripe/nope', '--env', 'dev'],
        '"stripe/nope" is not in the catalogue; roll back one of:'
      ],
      [['list', '--env', 'dev', '--prefix', 'imp*'], '--prefix may hold only letters'],
      [['list', '--env', 'dev', '--region', 'eu_west_3'], '--region is not an AWS region name'],
      [
        ['list', '--env', 'dev', '--expected-account-id', 'abc'],
        '--expected-account-id must be a 12-digit'
      ]
    ] as const) {
      const run = await cli([...args])
      expect([run.code, run.stderr]).toEqual([2, expect.stringContaining(said)])
    }
    // A key pasted where a word was expected is never echoed back.
    for (const args of [
      ['deploy', '--env', 'dev', 'sk_live_CANARYpastedHere0001'],
      ['list', '--env', 'sk_live_CANARYpastedHere0001'],
      ['sk_live_CANARYpastedHere0001', '--env', 'dev'],
      ['rollback', 'sk_live_CANARYpastedHere0001', '--env', 'dev']
    ]) {
      const run = await cli(args)
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(
        /\(not shown: it could be a secret\)|That target is not in the catalogue/
      )
      noLeak(run)
    }
  })

  test('deploy without secrets.json gives today’s hint and touches nothing', async () => {
    const empty = secretsFolder({})
    rmSync(`${empty}/secrets.json`)
    const run = await cli(['deploy', '--env', 'dev'], empty)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('secrets.json not found. Create it from the example')
    // The command it gives works from here: it names this repository's example file.
    const example = /cp (\S+) secrets\.json/.exec(run.stderr)?.[1] ?? ''
    expect(existsSync(resolve(empty, example))).toBe(true)
    expect(run.stderr).not.toContain('AWS account')
    // --json readers get a document on stdout.
    const json = await cli(['deploy', '--env', 'dev', '--json'], empty)
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      error: expect.stringContaining('not found')
    })
    rmSync(empty, { recursive: true, force: true })
  })
})
