/**
 * A user's mistakes explained, on the committed bundles against the stand-in: deeply nested sources, a catalogue with a byte-order mark, a JSON syntax error, a
 * misspelt key, an endpoint that does not answer, a workflow whose set-up is not finished. Every
 * run is searched for the canary.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { ROOT, runAction, runnerEnv } from '../../standin/runner.js'
import { useBackend } from './backends.js'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, SECRETS_FILE, SOURCES, secretsInput } from './fixtures.js'

const backend = useBackend()
let dir: string
const calls = () => backend.standin?.calls() ?? {}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'imp-mistakes-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const act = (inputs: Record<string, string>, extra: Record<string, string> = {}) =>
  runAction(
    { environment: 'dev', secrets: secretsInput(), ...inputs },
    runnerEnv(backend.url, { RUNNER_DEBUG: '1', ...extra })
  )

/** A folder holding `secrets.json` with this exact text. */
const folderWith = (text: string): string => {
  const folder = secretsFolder({})
  writeFileSync(join(folder, 'secrets.json'), text, { mode: 0o600 })
  return folder
}
const cli = (args: string[], cwd: string, extra: Record<string, string> = {}) =>
  runCli(args, { env: laptopEnv(backend.url, extra), cwd })

/** 30 000 levels of arrays around a value: far past any stack, within an environment variable. */
const DEEP = `${'['.repeat(30_000)}"sk_test_${CANARY}deep0001"${']'.repeat(30_000)}`

describe('deeply nested sources', () => {
  test('the action: a clear error, not "Maximum call stack size exceeded"', async () => {
    const run = await act({ secrets: `{"STRIPE_SECRET_KEY_DEV": ${DEEP}}` })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'The `secrets` input nests values more than 32 levels deep'
    )
    expect(run.visible).not.toContain('Unexpected failure')
    expect(run.visible).not.toContain('call stack')
    expectNothingLeaked(run, CANARY)
    expect(calls()).toEqual({})
  })

  test('the CLI: the same for secrets.json', async () => {
    const folder = folderWith(`{"stripe_secret_key_dev": ${DEEP}}`)
    const run = await cli(['deploy', '--env', 'dev'], folder)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('secrets.json nests values more than 32 levels deep')
    expect(run.all).not.toContain('unexpected failure')
    expect(run.all).not.toContain(CANARY)
    rmSync(folder, { recursive: true, force: true })
  })
})

describe('a catalogue file that starts with a byte-order mark is read', () => {
  const bom = () => {
    const file = join(dir, 'bom-catalogue.json')
    const builtIn = readFileSync(join(ROOT, 'src/engine/catalogue/default-catalogue.json'), 'utf8')
    writeFileSync(file, `\ufeff${builtIn}`)
    return file
  }

  test('by the action', async () => {
    const run = await act({ catalogue: bom() })
    expect(run.code).toBe(0)
    expect(run.outputs.created).toContain('impressionnistes/stripe/api_key')
    expectNothingLeaked(run, CANARY)
  })

  test('by the CLI', async () => {
    const folder = secretsFolder(SECRETS_FILE)
    const run = await cli(['deploy', '--env', 'dev', '--catalogue', bom()], folder)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('4 created')
    expect(run.all).not.toContain(CANARY)
    rmSync(folder, { recursive: true, force: true })
  })
})

describe('a JSON syntax error: its line and column, never its content', () => {
  // A missing comma after the third value: line 4 of secrets.json.
  const broken = JSON.stringify(SECRETS_FILE, null, 2).replace(
    `"${SECRETS_FILE.stripe_secret_key_dev}",`,
    `"${SECRETS_FILE.stripe_secret_key_dev}"`
  )

  test('the CLI, secrets.json', async () => {
    const folder = folderWith(broken)
    const run = await cli(['deploy', '--env', 'dev'], folder)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('secrets.json is not valid JSON: line 5, column 3')
    expect(run.all).not.toContain(CANARY)
    rmSync(folder, { recursive: true, force: true })
  })

  test('the action, the `secrets` input', async () => {
    const run = await act({ secrets: '{\n  "STRIPE_SECRET_KEY_DEV": sk_test_CANARYunquoted01\n}' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'The `secrets` input is not valid JSON: line 2, column 28'
    )
    expectNothingLeaked(run, CANARY)
  })
})

describe('a misspelt key is named, by name only', () => {
  test('the CLI: stripe_secret_key_deb', async () => {
    const { stripe_secret_key_dev: value, ...rest } = SECRETS_FILE
    const folder = secretsFolder({ ...rest, stripe_secret_key_deb: value })
    const run = await cli(['deploy', '--env', 'dev'], folder)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'stripe_secret_key_dev is missing; add it. stripe_secret_key_deb is given but the catalogue expects no such key'
    )
    expect(run.all).not.toContain(CANARY)
    rmSync(folder, { recursive: true, force: true })
  })

  test('the action: STRIPE_SECRET_KEY_DEB', async () => {
    const { STRIPE_SECRET_KEY_DEV: value, ...rest } = SOURCES
    const run = await act({ secrets: JSON.stringify({ ...rest, STRIPE_SECRET_KEY_DEB: value }) })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'STRIPE_SECRET_KEY_DEV is missing; add it. STRIPE_SECRET_KEY_DEB is given'
    )
    expectNothingLeaked(run, CANARY)
  })
})

/** A port nothing listens on. */
const closedPort = () =>
  new Promise<number>((ok) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => ok(port))
    })
  })

describe('an endpoint that does not answer is named', () => {
  test('the CLI with AWS_ENDPOINT_URL: which address, and which variable sent it there', async () => {
    const port = await closedPort()
    const folder = secretsFolder(SECRETS_FILE)
    const run = await runCli(['deploy', '--env', 'dev'], {
      env: laptopEnv(`http://127.0.0.1:${port}`),
      cwd: folder
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`could not connect to 127.0.0.1:${port} (connection refused)`)
    expect(run.stderr).toContain(`AWS_ENDPOINT_URL is set (http://127.0.0.1:${port})`)
    expect(run.stderr).not.toContain('; rerun')
    expect(run.all).not.toContain(CANARY)
    rmSync(folder, { recursive: true, force: true })
  }, 60_000)
})

describe('a workflow run before set-up is finished says which step is missing', () => {
  test('the expected-account-id placeholder names the variable and where to set it', async () => {
    const run = await act({ 'expected-account-id': 'set-the-AWS_ACCOUNT_ID-variable' })
    expect(run.code).toBe(1)
    const errors = run.errors.join('\n')
    expect(errors).toContain('the AWS_ACCOUNT_ID variable is not set')
    expect(errors).toContain('Settings → Environments')
    expect(errors).toContain('README "Set up AWS and GitHub"')
    expect(calls()).toEqual({})
  })

  test('no credentials: the hint points at the set-up', async () => {
    const run = await act({}, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'set-up is not finished: README "Set up AWS and GitHub"'
    )
    expectNothingLeaked(run, CANARY)
  })
})
