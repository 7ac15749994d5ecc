/**
 * secrets.json.example copied and never edited: both bundles refuse its placeholder values,
 * naming each key, before any write; the values never appear.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describeEachBackend } from './backends.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { ROOT, runAction, runnerEnv } from '../../standin/runner.js'
import { secretNames } from './harness.js'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

const example = JSON.parse(readFileSync(join(ROOT, 'secrets.json.example'), 'utf8')) as Record<
  string,
  string
>
const REFUSED = 'holds the placeholder value of secrets.json.example, not a real one'

describeEachBackend('the example values against %s', (backend) => {
  let sm: SecretsManagerClient
  let folder: string
  beforeAll(async () => {
    sm = backend.sm
    folder = secretsFolder(example)
  }, 30_000)
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true })
  })

  test('the CLI: deploy of the unedited copy writes nothing and names each dev key', async () => {
    const run = await runCli(['deploy', '--env', 'dev'], {
      env: laptopEnv(backend.url),
      cwd: folder
    })
    expect(run.code).toBe(1)
    for (const key of [
      'stripe_secret_key_dev',
      'stripe_webhook_secret_dev',
      'slack_webhook_admin',
      'slack_webhook_devops'
    ])
      expect(run.all).toContain(`${key} ${REFUSED}`)
    expect(run.all).not.toContain('EXAMPLE')
    expect(await secretNames(sm)).toEqual([])
  })

  test('the action: the example as GitHub secrets writes nothing and names each key', async () => {
    const secrets = JSON.stringify(
      Object.fromEntries(Object.entries(example).map(([k, v]) => [k.toUpperCase(), v]))
    )
    const run = await runAction({ environment: 'prod', secrets }, runnerEnv(backend.url))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`STRIPE_SECRET_KEY_PROD ${REFUSED}`)
    expect(run.stdout).toContain(`SLACK_WEBHOOK_DEVOPS ${REFUSED}`)
    // The runner is told to mask them (::add-mask::); nothing else may hold them.
    const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(`${shown.join('\n')}${run.summary}`).not.toContain('EXAMPLE')
    expect(await secretNames(sm)).toEqual([])
  })
})
