// The stand-in's call log says how each call was answered (status, error code), so a benchmark can
// count the calls the write quota throttled. Real AWS SDK over HTTP, no mocks.

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import { Standin } from '../standin/server.js'

const credentials = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin-secret' }

describe('call log answers', () => {
  let standin: Standin
  let sm: SecretsManagerClient

  beforeAll(async () => {
    standin = await Standin.start({ writeRatePerSecond: 2 })
    sm = new SecretsManagerClient({
      endpoint: standin.url,
      region: 'eu-west-3',
      credentials,
      maxAttempts: 1
    })
  })
  afterAll(async () => {
    sm.destroy()
    await standin.stop()
  })

  it('records the status and error code of every answer, and none for a dropped connection', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'logged', SecretString: 'v0' }))
    await expect(sm.send(new DescribeSecretCommand({ SecretId: 'absent' }))).rejects.toThrow()
    standin.addFault({ operation: 'DescribeSecret', kind: 'unavailable' })
    await expect(sm.send(new DescribeSecretCommand({ SecretId: 'logged' }))).rejects.toThrow()
    standin.addFault({ operation: 'DescribeSecret', kind: 'drop' })
    await expect(sm.send(new DescribeSecretCommand({ SecretId: 'logged' }))).rejects.toThrow()
    const log = standin.log()
    expect(log.map((c) => [c.operation, c.status, c.errorCode])).toEqual([
      ['CreateSecret', 200, undefined],
      ['DescribeSecret', 400, 'ResourceNotFoundException'],
      ['DescribeSecret', 503, 'ServiceUnavailable'],
      ['DescribeSecret', undefined, undefined]
    ])
  })

  it('marks the calls the write quota refused as ThrottlingException', async () => {
    standin.resetCalls()
    // The bucket holds at most 2 tokens: of 6 writes at once, at least 3 are refused.
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        sm.send(new PutSecretValueCommand({ SecretId: 'logged', SecretString: `v${i + 1}` }))
      )
    )
    const refused = results.filter((r) => r.status === 'rejected').length
    expect(refused).toBeGreaterThanOrEqual(3)
    const throttled = standin.log().filter((c) => c.errorCode === 'ThrottlingException')
    expect(throttled).toHaveLength(refused)
    expect(throttled.every((c) => c.status === 400)).toBe(true)
    expect(standin.log().filter((c) => c.status === 200)).toHaveLength(6 - refused)
  })
})
