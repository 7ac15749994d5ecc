/**
 * A consumer whose environment Lambda rejects (it already holds a reserved variable, which every
 * update re-sends), end to end through both bundles against the stand-in: the secret is written,
 * and the warning says that Lambda rejected the function's variables, never which ones (Lambda's
 * answer quotes them, values included), in one sentence that ends once.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { startStandin, type Backend } from './backends.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, SECRETS_FILE, secretsInput } from './fixtures.js'
import type { Standin } from '../../standin/server.js'

const FN = 'registration-payment'
const HELD = { AWS_REGION: 'eu-west-3', DB_PASSWORD: 'CANARYdbPassword000001' }
const SAYS =
  `Lambda function ${FN} was not refreshed: Lambda rejected the function's environment ` +
  'variables (InvalidParameterValueException); the function keeps its previous configuration.'

let backend: Backend
let standin: Standin

beforeAll(async () => {
  backend = await startStandin()
  standin = backend.standin as Standin
})
afterAll(async () => backend?.stop())
beforeEach(async () => {
  await backend.reset()
  standin.setLambdaUpdateMs(0)
  standin.putFunction({ name: FN, variables: HELD })
})

test('the action: written, and a warning that Lambda rejected the variables', async () => {
  const run = await runAction(
    { environment: 'dev', secrets: secretsInput(), consumers: `stripe/api_key: ${FN}` },
    runnerEnv(backend.url)
  )
  expect(run.code).toBe(0)
  const warning = run.warnings.join('\n')
  expect(warning).toContain(SAYS)
  expect(warning).not.toMatch(/\.\.|failed\.|AWS_REGION|DB_PASSWORD/)
  expect(run.summary).toContain("Lambda rejected the function's environment variables")
  expectNothingLeaked(run, CANARY)
  expect(standin.lambdaFunction(FN)?.variables).toEqual(HELD)
})

test('the CLI: the same warning', async () => {
  const dir = secretsFolder(SECRETS_FILE)
  const run = await runCli(['deploy', '--env', 'dev', '--consumer', `stripe/api_key: ${FN}`], {
    env: laptopEnv(backend.url),
    cwd: dir
  })
  rmSync(dir, { recursive: true, force: true })
  expect(run.code).toBe(0)
  expect(run.stderr).toContain(`warning: ${SAYS}`)
  expect(run.all).not.toMatch(/\.\.|AWS_REGION|DB_PASSWORD|CANARY/)
})
