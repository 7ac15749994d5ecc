/**
 * Every run lands where its environment is pinned (the environments file), on both bundles and
 * both back ends: the pin's region whatever AWS_REGION or the profile say, nothing when the
 * credentials are another account's, nothing when an explicit region or account disagrees with
 * the pin, nothing while the file still holds the shipped placeholders, and nothing (not even an
 * AWS call) when the file itself is wrong.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  environmentsFile,
  ROOT,
  runAction,
  runnerEnv,
  type ActionRun
} from '../../standin/runner.js'
import { describeEachBackend, type Backend, type LiveBackend } from './backends.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { ALL, CANARY, SECRETS_FILE, secretsInput } from './fixtures.js'
import { secretNames } from './harness.js'

const SHIPPED = join(ROOT, '.github/secrets-environments.json')
const OTHER_ACCOUNT = '999999999999'

/** The names of the secrets in `region` (moto keeps each region apart). */
async function namesIn(url: string, region: string): Promise<string[]> {
  const sm = new SecretsManagerClient({
    endpoint: url,
    region,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
    maxAttempts: 1
  })
  const out = await sm.send(new ListSecretsCommand({}))
  sm.destroy()
  return (out.SecretList ?? []).map((s) => s.Name ?? '').sort()
}

/** Nothing anywhere: no secret in the pin's region, nor in the ambient one. */
async function nothingWritten(backend: LiveBackend) {
  expect(await secretNames(backend.sm)).toEqual([])
  expect(await namesIn(backend.url, 'us-east-1')).toEqual([])
}

/** No secret in `region`: moto keeps regions apart (the stand-in has one; allCallsIn checks it). */
async function nothingIn(backend: Backend, region: string) {
  if (backend.name === 'moto') expect(await namesIn(backend.url, region)).toEqual([])
}

/** Every call the stand-in saw was signed for the pin's region (moto keeps regions apart). */
function allCallsIn(backend: Backend, region: string) {
  const regions = new Set(backend.standin?.log().map((c) => c.region))
  if (backend.standin) expect([...regions]).toEqual([region])
}

let dirs: string[] = []
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'imp-pin-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs = []
})

describeEachBackend('the action lands where the pin says, on %s', (backend) => {
  const act = (inputs: Record<string, string>, extra: Record<string, string> = {}) =>
    runAction(
      { environment: 'dev', secrets: secretsInput(), ...inputs },
      runnerEnv(backend.url, extra)
    )
  const noLeak = (run: ActionRun) => expectNothingLeaked(run, CANARY)

  test('AWS_REGION elsewhere moves nothing: the secrets land in the pin’s region only, named first', async () => {
    backend.standin?.resetCalls()
    const run = await act({}, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' })
    expect(run.code).toBe(0)
    const first = run.stdout.split('\n').find((l) => l !== '' && !l.startsWith('::'))
    expect(first).toContain('eu-west-3')
    expect(run.visible).not.toContain('us-east-1')
    expect(await secretNames(backend.sm)).toEqual(ALL)
    await nothingIn(backend, 'us-east-1')
    allCallsIn(backend, 'eu-west-3')
    noLeak(run)
  })

  test('a region input other than the pin’s is refused, naming both and the file, before any AWS call', async () => {
    backend.standin?.resetCalls()
    const run = await act({ region: 'us-east-1' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toMatch(
      /The region asked for \(input region "us-east-1"\) differs from the region the environments file \/.*\/\.github\/secrets-environments\.json pins for dev \(eu-west-3, line \d+\)/
    )
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    await nothingWritten(backend)
    // The same region as the pin's is a confirmation that agrees.
    expect((await act({ region: 'eu-west-3' })).code).toBe(0)
  })

  test('prod pinned to another account than the credentials’: nothing is read or written', async () => {
    const file = environmentsFile({ dev: {}, prod: { account: OTHER_ACCOUNT } })
    dirs.push(join(file, '../..'))
    backend.standin?.resetCalls()
    const run = await act({ environment: 'prod', environments: file })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `The AWS credentials are for account 123456789012, but the environments file ${file} pins prod to account ${OTHER_ACCOUNT}`
    )
    if (backend.standin) expect(backend.standin.calls()).toEqual({ 'sts:GetCallerIdentity': 1 })
    await nothingWritten(backend)
    noLeak(run)
  })

  test('the shipped placeholders stop every mode with "Set-up not finished", before any AWS call', async () => {
    backend.standin?.resetCalls()
    for (const mode of ['sync', 'plan', 'verify', 'audit']) {
      const run = await act({ mode, environments: SHIPPED })
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toMatch(
        /Set-up not finished: the environments file .*secrets-environments\.json still holds a placeholder in dev\.account \(line \d+\)/
      )
    }
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    await nothingWritten(backend)
  })

  test('a wrong environments file is named with its line and key, before any AWS call', async () => {
    const dir = temp()
    const cases: [string | undefined, RegExp][] = [
      [undefined, /The environments file .*missing\.json cannot be read \(ENOENT\)/],
      ['{ "dev": ', /The environments file .*, line \d+, column \d+, \(text\): is not valid JSON/],
      [
        '{ "dev": { "account": "123456789012", "region": "eu-west-3", "account": "123456789012" } }',
        /The environments file .*, line 1, column \d+, dev\.account: is given twice; keep one/
      ],
      [
        '{\n  "dev": {\n    "account": "12345",\n    "region": "eu-west3"\n  }\n}',
        /line 3, column 5, dev\.account: must be the 12 digits of an AWS account id/
      ],
      [
        '{ "prod": { "account": "123456789012", "region": "eu-west-3" } }',
        /Environment "dev" is not in the environments file .*environments-4\.json\. It names: prod\./
      ]
    ]
    backend.standin?.resetCalls()
    for (const [i, [text, says]] of cases.entries()) {
      const file = join(dir, text === undefined ? 'missing.json' : `environments-${i}.json`)
      if (text !== undefined) writeFileSync(file, text)
      const run = await act({ environments: file })
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toMatch(says)
    }
    // A directory (or a device) is not read at all.
    const folder = await act({ environments: dir })
    expect(folder.code).toBe(1)
    expect(folder.errors.join('\n')).toContain(
      'is a directory, not a regular file, so it was not read'
    )
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    await nothingWritten(backend)
  })
})

describeEachBackend('the CLI lands where the pin says, on %s', (backend) => {
  let folder: string
  beforeAll(() => {
    folder = secretsFolder(SECRETS_FILE)
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))
  const cli = (args: string[], extra: Record<string, string> = {}, environments?: string | false) =>
    runCli(args, {
      env: laptopEnv(backend.url, extra),
      cwd: folder,
      ...(environments === undefined ? {} : { environments })
    })

  test('a profile’s region and AWS_REGION move nothing: the pin’s region is used, and said first', async () => {
    const dir = temp()
    const config = join(dir, 'config')
    writeFileSync(
      config,
      '[profile dev-admin]\nregion = us-east-1\n' +
        'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = test\n'
    )
    // The profile's own credentials: none in the environment.
    const env = laptopEnv(backend.url, { AWS_CONFIG_FILE: config, AWS_REGION: 'us-east-1' })
    delete env.AWS_ACCESS_KEY_ID
    delete env.AWS_SECRET_ACCESS_KEY
    backend.standin?.resetCalls()
    const run = await runCli(['deploy', '--env', 'dev', '--profile', 'dev-admin'], {
      env,
      cwd: folder
    })
    expect(run.code).toBe(0)
    expect(run.stderr.split('\n')[0]).toMatch(/^AWS account 123456789012 as .*, region eu-west-3$/)
    expect(run.stdout).toContain('eu-west-3')
    expect(run.all).not.toContain('us-east-1')
    expect(await secretNames(backend.sm)).toEqual(ALL)
    await nothingIn(backend, 'us-east-1')
    allCallsIn(backend, 'eu-west-3')
    expect(run.all).not.toContain(CANARY)
  })

  test('--region other than the pin’s is refused for every command, before any AWS call', async () => {
    backend.standin?.resetCalls()
    for (const args of [['deploy'], ['plan'], ['list'], ['show', '--stripe'], ['audit']]) {
      const run = await cli([...args, '--env', 'dev', '--region', 'us-east-1'])
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(
        /The region asked for \(--region "us-east-1"\) differs from the region the environments file .*standin\/environments\.json pins for dev \(eu-west-3, line \d+\)/
      )
    }
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    await nothingWritten(backend)
  })

  test('prod pinned to another account than the credentials’: nothing is read or written', async () => {
    const file = environmentsFile({ dev: {}, prod: { account: OTHER_ACCOUNT } })
    dirs.push(join(file, '../..'))
    backend.standin?.resetCalls()
    const run = await cli(['deploy', '--env', 'prod'], {}, file)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `The AWS credentials are for account 123456789012, but the environments file ${file} pins prod to account ${OTHER_ACCOUNT}`
    )
    if (backend.standin) expect(backend.standin.calls()).toEqual({ 'sts:GetCallerIdentity': 1 })
    await nothingWritten(backend)
  })

  test('the shipped placeholders stop every command with "Set-up not finished", before any AWS call', async () => {
    const dir = secretsFolder(SECRETS_FILE)
    dirs.push(dir)
    copyFileSync(SHIPPED, join(dir, '.github/secrets-environments.json'))
    backend.standin?.resetCalls()
    for (const args of [['deploy'], ['plan'], ['list'], ['audit'], ['update-stripe']]) {
      const run = await runCli([...args, '--env', 'dev'], {
        env: laptopEnv(backend.url, { STRIPE_API_KEY: 'sk_test_CANARYnotWritten0001' }),
        cwd: dir,
        environments: false
      })
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `Set-up not finished: the environments file ${dir}/.github/secrets-environments.json still holds a placeholder in dev.account (line 4).`
      )
      expect(run.all).not.toContain(CANARY)
    }
    if (backend.standin) expect(backend.standin.calls()).toEqual({})
    await nothingWritten(backend)
  })
})
