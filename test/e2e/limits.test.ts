/**
 * AWS's limits, on the committed bundles, against the stand-in and moto: a name Secrets
 * Manager would refuse (over 512 characters with its prefix) and "." or ".." between the
 * prefix's slashes are validation problems: nothing is written, so no partial sync can follow.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { secretNames } from './harness.js'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { describeEachBackend } from './backends.js'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { expectNothingLeaked } from './expect-no-leak.js'
import { CANARY, SECRETS_FILE, secretsInput } from './fixtures.js'

const LONG = `stripe/${'k'.repeat(500)}`

describeEachBackend('AWS limits checked before any write, against %s', (backend) => {
  let dir: string
  let folder: string
  let catalogue: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imp-limits-'))
    folder = secretsFolder(SECRETS_FILE)
    // Two targets that fit, and one whose full name does not: the good ones are not written either.
    const doc = {
      environments: ['dev', 'prod'],
      secrets: [
        {
          target: 'stripe/api_key',
          field: 'api_key',
          source: { dev: 'STRIPE_SECRET_KEY_DEV', prod: 'STRIPE_SECRET_KEY_PROD' },
          rule: { dev: 'stripe-test-key', prod: 'stripe-live-key' }
        },
        { target: 'slack/admin_webhook', field: 'webhook_url', source: 'SLACK_WEBHOOK_ADMIN' },
        { target: LONG, field: 'webhook_url', source: 'SLACK_WEBHOOK_DEVOPS' }
      ]
    }
    catalogue = join(dir, 'catalogue.json')
    writeFileSync(catalogue, JSON.stringify(doc))
  }, 30_000)
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    rmSync(folder, { recursive: true, force: true })
  })

  const act = (inputs: Record<string, string>) =>
    runAction({ environment: 'dev', secrets: secretsInput(), ...inputs }, runnerEnv(backend.url))

  test.each(['impressionnistes/..', 'impressionnistes/./dev', '../impressionnistes'])(
    'the action, prefix %j: refused, nothing written',
    async (prefix) => {
      const run = await act({ prefix })
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toContain('Input "prefix" must not hold "//", nor "." or ".."')
      expectNothingLeaked(run, CANARY)
      expect(await secretNames(backend.sm)).toEqual([])
    }
  )

  test('the action, a full name over 512 characters: refused with the others, nothing written', async () => {
    const run = await act({ catalogue })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `has ${'impressionnistes/'.length + LONG.length} characters; Secrets Manager allows at most 512.`
    )
    expectNothingLeaked(run, CANARY)
    expect(await secretNames(backend.sm)).toEqual([])
  })

  test('the CLI: the same, before any write', async () => {
    const cli = (args: string[]) => runCli(args, { env: laptopEnv(backend.url), cwd: folder })
    const prefix = await cli(['deploy', '--env', 'dev', '--prefix', 'impressionnistes/..'])
    expect(prefix.code).toBe(2)
    expect(prefix.stderr).toContain('--prefix must not hold "//", nor "." or ".."')
    const long = await cli(['deploy', '--env', 'dev', '--catalogue', catalogue])
    expect(long.code).toBe(1)
    expect(long.stderr).toContain('Secrets Manager allows at most 512.')
    for (const run of [prefix, long]) expect(run.all).not.toContain(CANARY)
    expect(await secretNames(backend.sm)).toEqual([])
  })
})
