/**
 * script/read-pin, the step every role-assuming workflow job runs first: executed as the runner
 * runs it (bash, jq) against environments files, and checked by shellcheck. It agrees with the
 * engine's reading of the same file: the shipped file is "set-up not finished" for both.
 */
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEnvironments, pinFor } from '../../src/engine/environments/environments.js'
import { setUpUnfinished } from '../../src/engine/environments/pin.js'
import { missingMessage, runsWith, SHELLCHECK } from '../tools.js'
import { ROOT } from './workflows.js'

const SCRIPT = join(ROOT, 'script/read-pin')
const SHIPPED = readFileSync(join(ROOT, '.github/secrets-environments.json'), 'utf8')
const DEV = '111122223333'
const PROD = '444455556666'
const FILLED = SHIPPED.replace(/REPLACE_ME/g, 'x')
  .replace(/"acct_x"/g, '"acct_1AbC"')
  .replace(/"T_x"/g, '"T0123ABCD"')
  .replace(/000000000000/, DEV)
  .replace(/000000000000/, DEV)
  .replace(/000000000000/, DEV)
  .replace(/000000000000/g, PROD)
  .replace(/role\/x/g, 'role/impressionnistes-secrets')

interface Run {
  status: number | null
  stdout: string
  outputs: Record<string, string>
}

/** The step, in a workspace holding `text` as the environments file. */
function readPin(text: string | undefined, env: Record<string, string>): Run {
  const dir = mkdtempSync(join(tmpdir(), 'read-pin-'))
  if (text !== undefined) writeFileSync(join(dir, 'envs.json'), text)
  const output = join(dir, 'output')
  writeFileSync(output, '')
  const result = spawnSync('bash', [SCRIPT], {
    cwd: dir,
    env: { PATH: process.env.PATH, FILE: 'envs.json', GITHUB_OUTPUT: output, ...env },
    encoding: 'utf8'
  })
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
  return { status: result.status, stdout: result.stdout + result.stderr, outputs }
}

const NOT_FINISHED = '::error title=Set-up not finished::'

describe('script/read-pin', () => {
  test('a filled-in file gives account, region, role and consumers as step outputs', () => {
    const text = FILLED.replace(
      `"region": "eu-west-3",`,
      `"region": "eu-west-3",\n    "consumers": ["stripe/api_key: fn-a, fn-b", "slack/admin_webhook: fn-c"],`
    )
    const run = readPin(text, { ENVIRONMENT: 'dev', ROLE_KEY: 'deployRole' })
    expect([run.status, run.outputs]).toEqual([
      0,
      {
        account: DEV,
        region: 'eu-west-3',
        role: `arn:aws:iam::${DEV}:role/impressionnistes-secrets`,
        consumers: 'stripe/api_key: fn-a, fn-b; slack/admin_webhook: fn-c'
      }
    ])
    const audit = readPin(FILLED, { ENVIRONMENT: 'prod', ROLE_KEY: 'auditRole' })
    expect([audit.status, audit.outputs.account, audit.outputs.consumers]).toEqual([0, PROD, ''])
  })

  test.each([
    ['dev', 'deployRole'],
    ['prod', 'deployRole'],
    ['prod', 'auditRole']
  ])('the shipped file stops %s (%s) with "Set-up not finished", naming each key', (env, key) => {
    const run = readPin(SHIPPED, { ENVIRONMENT: env, ROLE_KEY: key })
    expect([run.status, run.outputs]).toEqual([1, {}])
    expect(run.stdout).toBe(
      `${NOT_FINISHED}The environments file envs.json still lacks a real value for ${env}.account ${env}.${key}, so this job cannot reach AWS. Finish the set-up: README "Set up AWS and GitHub" (docs/setup.md says where each value comes from).\n`
    )
    // The engine says the same of the same file.
    expect(setUpUnfinished(pinFor(parseEnvironments(SHIPPED, 'envs.json'), env))).toBeDefined()
  })

  test.each([
    ['no file', undefined, 'The environments file envs.json cannot be read'],
    ['not JSON', '{', 'The environments file envs.json is not a JSON object.'],
    [
      'no entry',
      FILLED,
      "The environments file envs.json has no entry for the 'staging' environment."
    ],
    [
      'a role of another account',
      FILLED.replace(`${DEV}:role`, `${PROD}:role`),
      "dev.deployRole is a role of account 444455556666, not of dev's account 111122223333"
    ],
    [
      'a malformed region',
      FILLED.replace('"eu-west-3"', '"eu-west3"'),
      'still lacks a real value for dev.region'
    ],
    [
      'consumers that could break the step output',
      FILLED.replace(
        `"region": "eu-west-3",`,
        `"region": "eu-west-3",\n "consumers": ["a: b\\nrole=x"],`
      ),
      'still lacks a real value for dev.consumers'
    ]
  ])('%s: stopped with a message naming the file', (_what, text, message) => {
    const env = message.includes('staging') ? 'staging' : 'dev'
    const run = readPin(text, { ENVIRONMENT: env, ROLE_KEY: 'deployRole' })
    expect([run.status, run.outputs]).toEqual([1, {}])
    expect(run.stdout).toContain(NOT_FINISHED)
    expect(run.stdout).toContain(message)
  })

  test("sync.yml's confirmations must agree with the file, else the job stops, naming the file's values only", () => {
    const base = { ENVIRONMENT: 'prod', ROLE_KEY: 'deployRole' }
    const agree = readPin(FILLED, { ...base, CONFIRM_ACCOUNT: PROD, CONFIRM_REGION: 'eu-west-3' })
    expect(agree.status).toBe(0)
    const differ = readPin(FILLED, {
      ...base,
      CONFIRM_ACCOUNT: DEV,
      CONFIRM_REGION: 'us-east-1',
      CONFIRM_ROLE: 'sk_live_CANARY'
    })
    expect([differ.status, differ.outputs]).toEqual([1, {}])
    expect(differ.stdout).toContain(
      `::error title=Differs from the environments file::The account (the file: ${PROD}), region (the file: eu-west-3), role (the file: arn:aws:iam::${PROD}:role/impressionnistes-secrets) given to this workflow differs from what the environments file envs.json pins for 'prod': refused.`
    )
    expect(differ.stdout).not.toContain('CANARY')
  })

  test('a file path that could start a workflow command is refused without being printed', () => {
    const run = readPin(FILLED, {
      ENVIRONMENT: 'dev',
      ROLE_KEY: 'deployRole',
      FILE: 'envs.json\n::warning::x'
    })
    expect(run.status).toBe(1)
    expect(run.stdout).not.toContain('::warning::')
  })
})

const withShellcheck = runsWith(SHELLCHECK) ? test : test.skip
withShellcheck('shellcheck finds nothing in script/read-pin', () => {
  const result = spawnSync(SHELLCHECK.command(), ['--severity=style', SCRIPT], {
    encoding: 'utf8'
  })
  if (result.error) throw new Error(missingMessage(SHELLCHECK, result.error.message))
  expect([result.status, result.stdout]).toEqual([0, ''])
})
