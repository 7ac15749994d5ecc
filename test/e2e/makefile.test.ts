/**
 * Today's runbook commands (make deploy-secrets, secrets-list, secrets-show-stripe, secrets-show,
 * secrets-update-stripe; ENV=dev|prod) still work, beside the new secrets-plan, secrets-verify,
 * secrets-audit and secrets-rollback: each target is one call to the CLI. Checked with `make -n`
 * (what it would run) and for real against the stand-in.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { client, inspect } from './harness.js'
import { ROOT } from '../../standin/runner.js'
import { startStandin, useBackend } from './backends.js'
import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLI, laptopEnv, secretsFolder } from './cli-harness.js'
import { CANARY, NAMES, SECRETS_FILE } from './fixtures.js'
import { MAKE, runsWith } from '../tools.js'

const MAKEFILE = join(ROOT, 'Makefile')

/** Asynchronous: the stand-in answers from this process, so it must not be blocked. */
const make = (args: string[], env: Record<string, string>, cwd = ROOT) =>
  new Promise<{ code: number; stdout: string; all: string }>((done) => {
    execFile(
      MAKE.command(),
      ['--no-print-directory', '-f', MAKEFILE, ...args],
      { env, cwd, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, all: stdout + stderr })
    )
  })

const withMake = runsWith(MAKE) ? describe : describe.skip

withMake('Makefile', () => {
  const backend = useBackend(startStandin, { resetEachTest: false })
  let folder: string
  beforeAll(() => {
    folder = secretsFolder(SECRETS_FILE)
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  test('make -n: each of today’s five targets is one CLI call with ENV (and PROFILE, ACCOUNT)', async () => {
    const env = laptopEnv('http://127.0.0.1:9')
    const args = '--env prod --profile ops --expected-account-id 111122223333'
    const expected: [string, string][] = [
      ['deploy-secrets', `deploy ${args} --file secrets.json`],
      ['secrets-list', `list ${args}`],
      ['secrets-show-stripe', `show --stripe ${args}`],
      ['secrets-show', `show --reveal ${args}`],
      ['secrets-update-stripe', `update-stripe ${args}`],
      ['secrets-plan', `plan ${args} --file secrets.json`],
      ['secrets-verify', `verify ${args} --file secrets.json`],
      ['secrets-audit', `audit ${args}`],
      ['secrets-rollback', `rollback stripe/api_key ${args}`],
      ['secrets-probe', `probe ${args}`]
    ]
    for (const [target, line] of expected) {
      const run = await make(
        [
          '-n',
          target,
          'ENV=prod',
          'PROFILE=ops',
          'ACCOUNT=111122223333',
          'STRIPE_API_KEY=sk_test_x',
          'TARGET=stripe/api_key'
        ],
        env
      )
      expect(run.code).toBe(0)
      expect(run.stdout.trim()).toBe(`node ${CLI} ${line}`)
    }
    expect((await make(['-n', 'secrets-list'], env)).stdout.trim()).toBe(
      `node ${CLI} list --env dev`
    )
    // CONSUMERS (or CONSUMERS_FILE) reaches the CLI as --consumer: Lambdas refreshed after a change.
    const consumers =
      'stripe/api_key: registration-payment, registration-refund; slack/admin_webhook: x'
    const refreshing: [string, string][] = [
      ['deploy-secrets', 'deploy --env dev --file secrets.json'],
      ['secrets-update-stripe', 'update-stripe --env dev']
    ]
    for (const [target, line] of refreshing) {
      const run = await make(['-n', target, `CONSUMERS=${consumers}`, 'CONSUMERS_FILE=c.txt'], env)
      expect(run.stdout.trim()).toBe(
        `node ${CLI} ${line} --consumer '${consumers}' --consumers-file c.txt`
      )
    }
    const help = await make(['help'], env)
    expect(help.code).toBe(0)
    for (const [target] of expected) expect(help.stdout).toMatch(new RegExp(`^${target}\\s`, 'm'))
    expect(help.stdout).toContain('Variables: ENV=dev|prod (default dev)  PROFILE=aws-profile')
    // Make returns 2 for any failed command: help says so, rather than the CLI's codes.
    expect(help.stdout).toContain('make exits 0 when the command succeeded and 2 when it failed')
    const back = await make(['-n', 'secrets-rollback', 'TARGET=stripe/api_key', 'VERSION=v-1'], env)
    expect(back.stdout.trim().split('\n').at(-1)).toBe(
      `node ${CLI} rollback stripe/api_key --env dev --to-version v-1`
    )
  })

  test('REGION= and ENVIRONMENTS= are passed to the CLI; secrets-rollback without TARGET= says so', async () => {
    const env = laptopEnv('http://127.0.0.1:9')
    const list = await make(['-n', 'secrets-list', 'REGION=eu-west-1', 'ENVIRONMENTS=e.json'], env)
    expect(list.stdout.trim()).toBe(
      `node ${CLI} list --env dev --region eu-west-1 --environments e.json`
    )
    const back = await make(['secrets-rollback'], env)
    expect(back.code).toBe(2)
    expect(back.all).toContain('make secrets-rollback: TARGET= is missing')
    expect(back.stdout).not.toContain('rollback --env')
  })

  test('for real: deploy, list, show the Stripe fingerprints, update the Stripe key', async () => {
    // The fixtures' keys are no Stripe's: the probes are off (PROBE, a make variable).
    const env = laptopEnv(backend.url, { PROBE: 'off' })
    const deploy = await make(['deploy-secrets'], env, folder)
    expect(deploy.code).toBe(0)
    expect(deploy.stdout).toContain('4 created')
    const list = await make(['secrets-list'], env, folder)
    expect(list.code).toBe(0)
    expect(list.stdout).toContain(NAMES.devops)
    const show = await make(['secrets-show-stripe'], env, folder)
    expect(show.code).toBe(0)
    expect(show.stdout).toContain('api_key: sk_test_…')
    const newKey = 'sk_test_CANARYfromMake000001'
    const update = await make(['secrets-update-stripe', `STRIPE_API_KEY=${newKey}`], env, folder)
    expect(update.code).toBe(0)
    // make echoes the recipe line: the key is not on it, it reaches the CLI through the environment.
    for (const run of [deploy, list, show, update]) expect(run.all).not.toContain(CANARY)
    const sm = client(backend.url)
    expect((await inspect(sm, NAMES.api)).json).toEqual({ api_key: newKey })
    sm.destroy()
  })

  test('for real: plan, verify, audit and rollback', async () => {
    const env = laptopEnv(backend.url, { PROBE: 'off' })
    expect((await make(['deploy-secrets'], env, folder)).code).toBe(0)
    const newKey = 'sk_test_CANARYfromMake000002'
    expect(
      (await make(['secrets-update-stripe', `STRIPE_API_KEY=${newKey}`], env, folder)).code
    ).toBe(0)
    // secrets.json still holds the old key: plan would put it back, verify finds the difference.
    const plan = await make(['secrets-plan'], env, folder)
    expect([plan.code, plan.stdout]).toEqual([0, expect.stringContaining('1 to update')])
    const verify = await make(['secrets-verify'], env, folder)
    expect([verify.code, verify.all]).toEqual([2, expect.stringContaining(`${NAMES.api} differs`)])
    // The update was this tool's: audit is clean.
    const audit = await make(['secrets-audit'], env, folder)
    expect([audit.code, audit.stdout]).toEqual([
      0,
      expect.stringContaining('as this tool left them')
    ])
    const back = await make(['secrets-rollback', 'TARGET=stripe/api_key'], env, folder)
    expect([back.code, back.stdout]).toEqual([0, expect.stringContaining('1 rolled back')])
    expect((await make(['secrets-verify'], env, folder)).code).toBe(0)
    expect((await make(['secrets-audit'], env, folder)).code).toBe(0)
    for (const run of [plan, verify, audit, back]) expect(run.all).not.toContain(CANARY)
  })

  test('the shipped environments file stops the seed’s commands until it is filled in; then they work unchanged', async () => {
    await backend.reset()
    const dir = secretsFolder(SECRETS_FILE)
    const pins = join(dir, '.github/secrets-environments.json')
    const shipped = readFileSync(join(ROOT, '.github/secrets-environments.json'), 'utf8')
    writeFileSync(pins, shipped)
    // An ambient region elsewhere changes nothing: the pin's region is used.
    const env = laptopEnv(backend.url, { AWS_REGION: 'us-east-1' })
    const before = await make(['deploy-secrets', 'ENV=dev', 'ACCOUNT=123456789012'], env, dir)
    expect(before.code).toBe(2)
    expect(before.all).toContain('Set-up not finished: the environments file')
    expect(before.all).toContain('still holds a placeholder in dev.account (line 4)')
    // Set-up: dev's account is the stand-in's; prod's is another one.
    const [devEntry, prodEntry] = shipped.split('"prod"')
    writeFileSync(
      pins,
      `${devEntry?.replaceAll('000000000000', '123456789012')}"prod"${prodEntry?.replaceAll('000000000000', '210987654321')}`
    )
    const deploy = await make(['deploy-secrets', 'ENV=dev', 'ACCOUNT=123456789012'], env, dir)
    expect([deploy.code, deploy.stdout]).toEqual([
      0,
      expect.stringContaining(
        'sync dev (impressionnistes/*, eu-west-3, account 123456789012): 4 created'
      )
    ])
    expect(deploy.all).toContain('region eu-west-3')
    const list = await make(['secrets-list', 'ENV=dev'], env, dir)
    expect([list.code, list.stdout]).toEqual([0, expect.stringContaining(NAMES.devops)])
    const show = await make(['secrets-show-stripe', 'ENV=dev'], env, dir)
    expect([show.code, show.stdout]).toEqual([0, expect.stringContaining('api_key: sk_test_…')])
    for (const run of [before, deploy, list, show]) expect(run.all).not.toContain('us-east-1')
    // REGION= is a confirmation: another region than the pin's is refused, naming both.
    const region = await make(['secrets-list', 'ENV=dev', 'REGION=eu-west-1'], env, dir)
    expect(region.code).toBe(2)
    expect(region.all).toContain(
      'The region asked for (--region "eu-west-1") differs from the region the environments file'
    )
    // prod lives in another account than these credentials: nothing is written.
    const sm = client(backend.url)
    const versions = (await inspect(sm, NAMES.api)).versions
    const prod = await make(['deploy-secrets', 'ENV=prod'], env, dir)
    expect(prod.code).toBe(2)
    expect(prod.all).toContain('pins prod to account 210987654321')
    expect((await inspect(sm, NAMES.api)).versions).toBe(versions)
    sm.destroy()
    rmSync(dir, { recursive: true, force: true })
  })
})
