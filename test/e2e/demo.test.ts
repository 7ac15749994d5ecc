/** `npm start` is the first thing a newcomer runs: it must work from a fresh clone. */
import { expect, test } from '@jest/globals'
import { ROOT } from '../../standin/runner.js'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

test('npm start syncs secrets.json.example into the stand-in, shows a rerun changes nothing, a live key in dev and a rolled Stripe key stopped', () => {
  const demo = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'script/demo.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000
  })
  expect(demo.stderr).toBe('')
  expect(demo.status).toBe(0)
  expect(demo.stdout).toContain(
    'sync dev (impressionnistes/*, eu-west-3, account 123456789012): 4 created, 0 updated, 0 unchanged'
  )
  expect(demo.stdout).toContain(
    'sync dev (impressionnistes/*, eu-west-3, account 123456789012): 0 created, 0 updated, 4 unchanged'
  )
  expect(demo.stdout).toContain(
    'API calls of the second run: sts:GetCallerIdentity × 1, DescribeSecret × 4, BatchGetSecretValue × 1'
  )
  expect(demo.stdout).toContain('Error: STRIPE_SECRET_KEY_DEV is a LIVE-mode Stripe key')
  expect(demo.stdout).toContain('API calls of the third run: none')
  expect(demo.stdout).toContain(
    'Error: STRIPE_SECRET_KEY_DEV is a Stripe key that Stripe reports as expired (api_key_expired)'
  )
  expect(demo.stdout).toContain('Writes of the fourth run: none')
  expect(demo.stdout).not.toContain('API Key provided')
  expect(demo.stdout).not.toMatch(/(EXAMPLE|REHEARSAL)notARealKey/)
})
