/**
 * Secrets Manager's 65,536-byte limit on a document with other tools' fields kept, measured in
 * UTF-8 bytes (not characters), end to end through the action's bundle against the stand-in and
 * moto: a document of multi-byte characters that our field would push over the limit is refused
 * at plan, before any write (no other secret created either), though it is far under the limit
 * in characters.
 */
import { beforeAll, expect, test } from '@jest/globals'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { secretNames } from './harness.js'
import { describeEachBackend } from './backends.js'
import { NAMES, secretsInput } from './fixtures.js'
import { seedSecret, stateOf } from './seed.js'

const OURS = { 'managed-by': 'impressionnistes-secrets', environment: 'dev' }
/** 65,499 bytes in 32,756 characters: room for our field in characters, not in bytes. */
const DOC = `{"other": "${'é'.repeat(32_743)}"}`

describeEachBackend('the merged-size limit in bytes, against %s', (backend) => {
  let sm: SecretsManagerClient

  beforeAll(async () => {
    sm = backend.sm
  }, 30_000)

  test('a document of multi-byte characters our field would push over 65,536 bytes is refused before any write', async () => {
    expect(Buffer.byteLength(DOC)).toBe(65_499)
    await seedSecret(backend, sm, { name: NAMES.api, doc: DOC, tags: OURS })
    const run = await runAction(
      { environment: 'dev', secrets: secretsInput() },
      runnerEnv(backend.url)
    )
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      `${NAMES.api}: with its other fields kept, the new document would take 65540 bytes, over Secrets Manager's 65536.`
    )
    expect(await secretNames(sm)).toEqual([NAMES.api])
    expect((await stateOf(sm, NAMES.api)).doc).toBe(DOC)
  })
})
