// The Secrets Manager stand-in, exercised over HTTP with the real AWS SDK clients (no mocks).

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClientConfig
} from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { Standin, roundTripDepth, type CallRecord } from '../standin/server.js'

const credentials = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'standin-secret' }
const TOKEN_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const TOKEN_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'

let standin: Standin
let sm: SecretsManagerClient
const clients: { destroy(): void }[] = []

/** A client of the stand-in; maxAttempts 1 unless told otherwise, so faults surface as they are. */
function client(config: Partial<SecretsManagerClientConfig> = {}): SecretsManagerClient {
  const created = new SecretsManagerClient({
    endpoint: standin.url,
    region: 'eu-west-3',
    credentials,
    maxAttempts: 1,
    ...config
  })
  clients.push(created)
  return created
}

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected the call to fail')
}

/** A raw JSON 1.1 request, for what the SDK would never send. */
async function raw(target: string, body: string): Promise<Response> {
  return fetch(standin.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body
  })
}

async function create(name: string, value: string, token?: string): Promise<string> {
  const out = await sm.send(
    new CreateSecretCommand({ Name: name, SecretString: value, ClientRequestToken: token })
  )
  return out.VersionId ?? ''
}

beforeAll(async () => {
  standin = await Standin.start()
  sm = client()
})

afterEach(() => {
  standin.clearFaults()
  standin.setLatency(0)
  standin.setPageSize(undefined)
  standin.reset()
  standin.resetCalls()
})

afterAll(async () => {
  for (const created of clients) created.destroy()
  await standin.stop()
})

describe('versions and staging labels', () => {
  it('creates, puts and gets, moving AWSCURRENT and AWSPREVIOUS', async () => {
    const created = await sm.send(
      new CreateSecretCommand({
        Name: 'impressionnistes/db',
        SecretString: 'v1',
        Description: 'database',
        Tags: [{ Key: 'team', Value: 'site' }]
      })
    )
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:eu-west-3:123456789012:secret:impressionnistes\/db-[A-Za-z0-9]{6}$/
    )
    const v1 = created.VersionId ?? ''

    const put = await sm.send(
      new PutSecretValueCommand({ SecretId: 'impressionnistes/db', SecretString: 'v2' })
    )
    expect(put.VersionStages).toEqual(['AWSCURRENT'])
    const v2 = put.VersionId ?? ''

    const current = await sm.send(new GetSecretValueCommand({ SecretId: created.ARN }))
    expect(current).toMatchObject({
      SecretString: 'v2',
      VersionId: v2,
      Name: 'impressionnistes/db'
    })
    expect(current.VersionStages).toEqual(['AWSCURRENT'])
    expect(current.CreatedDate).toBeInstanceOf(Date)

    const previous = await sm.send(
      new GetSecretValueCommand({ SecretId: 'impressionnistes/db', VersionStage: 'AWSPREVIOUS' })
    )
    expect(previous).toMatchObject({ SecretString: 'v1', VersionId: v1 })

    // A third value deprecates v1: it loses AWSPREVIOUS and is listed only on request.
    const v3 =
      (
        await sm.send(
          new PutSecretValueCommand({ SecretId: 'impressionnistes/db', SecretString: 'v3' })
        )
      ).VersionId ?? ''
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'impressionnistes/db' }))
    expect(described.VersionIdsToStages).toEqual({ [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] })
    expect(described).toMatchObject({
      Description: 'database',
      Tags: [{ Key: 'team', Value: 'site' }]
    })

    const listed = await sm.send(
      new ListSecretVersionIdsCommand({ SecretId: 'impressionnistes/db' })
    )
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([v2, v3])
    const all = await sm.send(
      new ListSecretVersionIdsCommand({ SecretId: 'impressionnistes/db', IncludeDeprecated: true })
    )
    expect(all.Versions?.map((v) => v.VersionId)).toEqual([v1, v2, v3])
    expect(standin.secret('impressionnistes/db')?.versions.map((v) => v.stages)).toEqual([
      [],
      ['AWSPREVIOUS'],
      ['AWSCURRENT']
    ])
  })

  it('keeps at most 100 versions, dropping the oldest deprecated ones', async () => {
    await create('busy', 'v0')
    for (let i = 1; i <= 104; i++) {
      await sm.send(new PutSecretValueCommand({ SecretId: 'busy', SecretString: `v${i}` }))
    }
    const versions = standin.secret('busy')?.versions ?? []
    expect(versions).toHaveLength(100)
    expect(versions[0]?.secretString).toBe('v5')
    expect(versions.slice(-2).map((v) => v.stages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']])
  })

  it('moves AWSCURRENT back, making the version it left AWSPREVIOUS', async () => {
    const v1 = await create('rollback', 'old')
    const v2 =
      (await sm.send(new PutSecretValueCommand({ SecretId: 'rollback', SecretString: 'new' })))
        .VersionId ?? ''

    const missingRemove = await failure(
      sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 'rollback',
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: v1
        })
      )
    )
    expect(missingRemove.name).toBe('InvalidParameterException')
    expect(missingRemove.message).toContain(`currently attached to version ${v2}`)

    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'rollback',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: v1,
        RemoveFromVersionId: v2
      })
    )
    const current = await sm.send(new GetSecretValueCommand({ SecretId: 'rollback' }))
    expect(current).toMatchObject({ SecretString: 'old', VersionId: v1 })
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'rollback' }))
    expect(described.VersionIdsToStages).toEqual({ [v1]: ['AWSCURRENT'], [v2]: ['AWSPREVIOUS'] })
  })

  it('rejects what AWS rejects on values and names', async () => {
    const tooLarge = await failure(
      sm.send(new CreateSecretCommand({ Name: 'big', SecretString: 'x'.repeat(65_537) }))
    )
    expect(tooLarge.name).toBe('ValidationException')
    expect(tooLarge.message).toBe(
      "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536"
    )
    await create('just-fits', 'x'.repeat(65_536))

    const badName = await failure(
      sm.send(new CreateSecretCommand({ Name: 'bad name', SecretString: 'x' }))
    )
    expect(badName.name).toBe('ValidationException')
    expect(badName.message).toMatch(/^Invalid name\./)

    await create('taken', 'x')
    const taken = await failure(
      sm.send(new CreateSecretCommand({ Name: 'taken', SecretString: 'y' }))
    )
    expect(taken.name).toBe('ResourceExistsException')
    expect(taken.message).toBe('The operation failed because the secret taken already exists.')
  })

  it('tags and untags within the tag limits', async () => {
    await create('tagged', 'x')
    await sm.send(
      new TagResourceCommand({
        SecretId: 'tagged',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' }
        ]
      })
    )
    await sm.send(new UntagResourceCommand({ SecretId: 'tagged', TagKeys: ['a', 'absent'] }))
    expect(standin.secret('tagged')?.tags).toEqual({ b: '2' })

    const tooMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    const overLimit = await failure(
      sm.send(new TagResourceCommand({ SecretId: 'tagged', Tags: tooMany }))
    )
    expect(overLimit.name).toBe('InvalidParameterException')

    const longKey = await failure(
      sm.send(
        new TagResourceCommand({ SecretId: 'tagged', Tags: [{ Key: 'k'.repeat(129), Value: '' }] })
      )
    )
    expect(longKey.name).toBe('ValidationException')
    expect(longKey.message).toContain(
      "at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128"
    )
  })

  it('records rotation settings without creating a version', async () => {
    await create('rotated', 'x')
    await sm.send(
      new RotateSecretCommand({
        SecretId: 'rotated',
        RotationLambdaARN: 'arn:aws:lambda:eu-west-3:123456789012:function:rotate',
        RotationRules: { AutomaticallyAfterDays: 30 }
      })
    )
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'rotated' }))
    expect(described).toMatchObject({
      RotationEnabled: true,
      RotationLambdaARN: 'arn:aws:lambda:eu-west-3:123456789012:function:rotate',
      RotationRules: { AutomaticallyAfterDays: 30 }
    })
    expect(standin.secret('rotated')?.versions).toHaveLength(1)
  })
})

describe('ClientRequestToken idempotency', () => {
  it('PutSecretValue: same token and value is the same version, another value is refused', async () => {
    await create('idem', 'v1')
    const first = await sm.send(
      new PutSecretValueCommand({
        SecretId: 'idem',
        SecretString: 'v2',
        ClientRequestToken: TOKEN_A
      })
    )
    const again = await sm.send(
      new PutSecretValueCommand({
        SecretId: 'idem',
        SecretString: 'v2',
        ClientRequestToken: TOKEN_A
      })
    )
    expect(first.VersionId).toBe(TOKEN_A)
    expect(again.VersionId).toBe(TOKEN_A)
    expect(again.VersionStages).toEqual(['AWSCURRENT'])
    expect(standin.secret('idem')?.versions).toHaveLength(2)

    const changed = await failure(
      sm.send(
        new PutSecretValueCommand({
          SecretId: 'idem',
          SecretString: 'v3',
          ClientRequestToken: TOKEN_A
        })
      )
    )
    expect(changed.name).toBe('ResourceExistsException')
    expect(changed.message).toContain(`You can't use ClientRequestToken ${TOKEN_A}`)
  })

  it('CreateSecret: a retry with the same token and value answers the same version', async () => {
    const first = await sm.send(
      new CreateSecretCommand({ Name: 'made', SecretString: 'v', ClientRequestToken: TOKEN_A })
    )
    const retry = await sm.send(
      new CreateSecretCommand({ Name: 'made', SecretString: 'v', ClientRequestToken: TOKEN_A })
    )
    expect(retry).toMatchObject({ ARN: first.ARN, Name: 'made', VersionId: TOKEN_A })

    const otherValue = await failure(
      sm.send(
        new CreateSecretCommand({ Name: 'made', SecretString: 'w', ClientRequestToken: TOKEN_A })
      )
    )
    expect(otherValue.name).toBe('ResourceExistsException')
    expect(otherValue.message).toContain('already in use for a version of secret')
    const otherToken = await failure(
      sm.send(
        new CreateSecretCommand({ Name: 'made', SecretString: 'v', ClientRequestToken: TOKEN_B })
      )
    )
    expect(otherToken.message).toBe('The operation failed because the secret made already exists.')
  })

  it('a lost PutSecretValue response retried by the SDK makes one version', async () => {
    await create('lost', 'v1')
    standin.addFault({ operation: 'PutSecretValue', kind: 'drop', applyBeforeEffect: false })
    const retrying = client({ maxAttempts: 3 })
    const put = await retrying.send(
      new PutSecretValueCommand({ SecretId: 'lost', SecretString: 'v2' })
    )
    expect(standin.calls()['PutSecretValue']).toBe(2)
    const versions = standin.secret('lost')?.versions ?? []
    expect(versions.map((v) => v.secretString)).toEqual(['v1', 'v2'])
    expect(versions[1]?.versionId).toBe(put.VersionId)
  })
})

describe('BatchGetSecretValue', () => {
  it('reads 20 secrets, refuses 21, reports missing and deleted ones in Errors', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `batch/${i}`)
    for (const name of names) await create(name, `value of ${name}`)

    const out = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: names }))
    expect(out.SecretValues?.map((v) => v.SecretString)).toEqual(names.map((n) => `value of ${n}`))
    expect(out.Errors).toEqual([])

    const tooMany = await failure(
      sm.send(new BatchGetSecretValueCommand({ SecretIdList: [...names, 'batch/20'] }))
    )
    expect(tooMany.name).toBe('ValidationException')
    expect(tooMany.message).toMatch(
      /^1 validation error detected: Value '\[batch\/0, .*, batch\/20\]' at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to 20$/
    )

    await sm.send(new DeleteSecretCommand({ SecretId: 'batch/1' }))
    const partial = await sm.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['batch/0', 'batch/1', 'missing'] })
    )
    expect(partial.SecretValues?.map((v) => v.Name)).toEqual(['batch/0'])
    expect(partial.Errors).toEqual([
      {
        SecretId: 'batch/1',
        ErrorCode: 'InvalidRequestException',
        Message:
          "You can't perform this operation on the secret because it was marked for deletion."
      },
      {
        SecretId: 'missing',
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret."
      }
    ])
  })

  it('selects by filters with pagination', async () => {
    for (const name of ['impressionnistes/a', 'impressionnistes/b', 'other/c'])
      await create(name, name)
    const first = await sm.send(
      new BatchGetSecretValueCommand({
        Filters: [{ Key: 'name', Values: ['impressionnistes/'] }],
        MaxResults: 1
      })
    )
    expect(first.SecretValues?.map((v) => v.Name)).toEqual(['impressionnistes/a'])
    const second = await sm.send(
      new BatchGetSecretValueCommand({
        Filters: [{ Key: 'name', Values: ['impressionnistes/'] }],
        MaxResults: 1,
        NextToken: first.NextToken
      })
    )
    expect(second.SecretValues?.map((v) => v.Name)).toEqual(['impressionnistes/b'])
    expect(second.NextToken).toBeUndefined()
  })
})

describe('a secret scheduled for deletion', () => {
  it('refuses reads, writes and re-creation until restored', async () => {
    await create('doomed', 'v1')
    const deleted = await sm.send(
      new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 })
    )
    const days = ((deleted.DeletionDate?.getTime() ?? 0) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.9)
    expect(days).toBeLessThanOrEqual(7)

    const get = await failure(sm.send(new GetSecretValueCommand({ SecretId: 'doomed' })))
    expect(get.name).toBe('InvalidRequestException')
    expect(get.message).toBe(
      "You can't perform this operation on the secret because it was marked for deletion."
    )
    const put = await failure(
      sm.send(new PutSecretValueCommand({ SecretId: 'doomed', SecretString: 'v2' }))
    )
    expect(put.name).toBe('InvalidRequestException')
    const again = await failure(
      sm.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'v' }))
    )
    expect(again.name).toBe('InvalidRequestException')
    expect(again.message).toBe(
      "You can't create this secret because a secret with this name is already scheduled for deletion."
    )

    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'doomed' }))
    expect(described.DeletedDate).toBeInstanceOf(Date)
    const listed = await sm.send(new ListSecretsCommand({}))
    expect(listed.SecretList?.map((s) => s.Name)).not.toContain('doomed')
    const withDeleted = await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))
    expect(withDeleted.SecretList?.map((s) => s.Name)).toContain('doomed')

    await sm.send(new RestoreSecretCommand({ SecretId: 'doomed' }))
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'doomed' }))).SecretString).toBe(
      'v1'
    )
    expect(standin.secret('doomed')?.deletedDate).toBeUndefined()
  })

  it('is gone at once when forced, and its name is free again', async () => {
    await create('forced', 'v1')
    await sm.send(new DeleteSecretCommand({ SecretId: 'forced', ForceDeleteWithoutRecovery: true }))
    const get = await failure(sm.send(new GetSecretValueCommand({ SecretId: 'forced' })))
    expect(get.name).toBe('ResourceNotFoundException')
    expect(get.$metadata).toMatchObject({ httpStatusCode: 400 })
    await create('forced', 'v2')
  })
})

describe('ListSecrets', () => {
  it('filters by name prefix and paginates', async () => {
    for (let i = 0; i < 5; i++) await create(`list/${i}`, 'x')
    await create('elsewhere', 'x')
    const names: string[] = []
    let nextToken: string | undefined
    do {
      const page = await sm.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'name', Values: ['list/'] }],
          MaxResults: 2,
          NextToken: nextToken
        })
      )
      expect(page.SecretList?.length).toBeLessThanOrEqual(2)
      names.push(...(page.SecretList ?? []).map((s) => s.Name ?? ''))
      nextToken = page.NextToken
    } while (nextToken !== undefined)
    expect(names).toEqual(['list/0', 'list/1', 'list/2', 'list/3', 'list/4'])
  })
})

describe('the page-size switch: every list call can page', () => {
  it('ListSecrets scans that many secrets a call: pages can be short or empty', async () => {
    for (let i = 0; i < 3; i++) await create(`elsewhere/${i}`, 'x')
    for (let i = 0; i < 4; i++) await create(`paged/${i}`, 'x')
    const all = await sm.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['paged/'] }] })
    )
    expect(all.SecretList).toHaveLength(4)
    expect(all.NextToken).toBeUndefined()

    standin.setPageSize(2)
    const pages: string[][] = []
    let nextToken: string | undefined
    do {
      const page = await sm.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'name', Values: ['paged/'] }],
          MaxResults: 100,
          NextToken: nextToken
        })
      )
      pages.push((page.SecretList ?? []).map((s) => s.Name ?? ''))
      nextToken = page.NextToken
    } while (nextToken !== undefined)
    expect(pages).toEqual([[], ['paged/0'], ['paged/1', 'paged/2'], ['paged/3']])
  })

  it('ListSecretVersionIds answers that many versions a call', async () => {
    await create('versions', 'v0', TOKEN_A)
    for (let i = 1; i < 5; i++)
      await sm.send(new PutSecretValueCommand({ SecretId: 'versions', SecretString: `v${i}` }))
    standin.setPageSize(2)
    const pages: number[] = []
    const ids: string[] = []
    let nextToken: string | undefined
    do {
      const page = await sm.send(
        new ListSecretVersionIdsCommand({
          SecretId: 'versions',
          IncludeDeprecated: true,
          NextToken: nextToken
        })
      )
      pages.push(page.Versions?.length ?? 0)
      ids.push(...(page.Versions ?? []).map((v) => v.VersionId ?? ''))
      nextToken = page.NextToken
    } while (nextToken !== undefined)
    expect(pages).toEqual([2, 2, 1])
    expect(ids[0]).toBe(TOKEN_A)
    expect(new Set(ids).size).toBe(5)
  })

  it('BatchGetSecretValue answers a SecretIdList that many ids a call, Errors with their page', async () => {
    for (let i = 0; i < 4; i++) await create(`ids/${i}`, `value ${i}`)
    const ids = ['ids/0', 'ids/1', 'missing', 'ids/2', 'ids/3']
    const whole = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ids }))
    expect(whole.SecretValues).toHaveLength(4)
    expect(whole.NextToken).toBeUndefined()

    standin.setPageSize(2)
    const pages: { values: string[]; errors: string[] }[] = []
    let nextToken: string | undefined
    do {
      const page = await sm.send(
        new BatchGetSecretValueCommand({ SecretIdList: ids, NextToken: nextToken })
      )
      pages.push({
        values: (page.SecretValues ?? []).map((v) => v.SecretString ?? ''),
        errors: (page.Errors ?? []).map((e) => `${e.SecretId} ${e.ErrorCode}`)
      })
      nextToken = page.NextToken
    } while (nextToken !== undefined)
    expect(pages).toEqual([
      { values: ['value 0', 'value 1'], errors: [] },
      { values: ['value 2'], errors: ['missing ResourceNotFoundException'] },
      { values: ['value 3'], errors: [] }
    ])

    // The caller still can't choose the size: MaxResults needs Filters.
    const sized = await failure(
      sm.send(new BatchGetSecretValueCommand({ SecretIdList: ids, MaxResults: 2 }))
    )
    expect(sized.name).toBe('InvalidParameterException')
    const badToken = await failure(
      sm.send(new BatchGetSecretValueCommand({ SecretIdList: ids, NextToken: 'not-a-token' }))
    )
    expect(badToken.name).toBe('InvalidNextTokenException')
  })

  it('refuses a page size that is not a whole number from 1', () => {
    expect(() => standin.setPageSize(0)).toThrow(RangeError)
    expect(() => standin.setPageSize(1.5)).toThrow(RangeError)
  })
})

describe('the JSON protocol', () => {
  it('answers errors as AWS does: HTTP 400, __type, x-amzn-errortype, x-amzn-RequestId', async () => {
    const notFound = await raw('secretsmanager.GetSecretValue', '{"SecretId":"nope"}')
    expect(notFound.status).toBe(400)
    expect(notFound.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    expect(notFound.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await notFound.json()).toEqual({
      __type: 'ResourceNotFoundException',
      Message: "Secrets Manager can't find the specified secret."
    })

    const unknown = await raw('secretsmanager.MakeCoffee', '{}')
    expect((await unknown.json()) as object).toMatchObject({ __type: 'UnknownOperationException' })
    const malformed = await raw('secretsmanager.GetSecretValue', '{"SecretId":')
    expect((await malformed.json()) as object).toMatchObject({ __type: 'SerializationException' })
    const missing = await raw('secretsmanager.GetSecretValue', '{}')
    expect(await missing.json()).toEqual({
      __type: 'ValidationException',
      Message:
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"
    })
    const noToken = await raw(
      'secretsmanager.PutSecretValue',
      '{"SecretId":"x","SecretString":"v"}'
    )
    expect((await noToken.json()) as object).toMatchObject({ __type: 'InvalidRequestException' })
  })
})

describe('STS GetCallerIdentity', () => {
  it('answers the configured identity to the real STS client, on the same port', async () => {
    const sts = new STSClient({
      endpoint: standin.url,
      region: 'eu-west-3',
      credentials,
      maxAttempts: 1
    })
    clients.push(sts)
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:sts::123456789012:assumed-role/impressionnistes-deploy/GitHubActions'
    })
    expect(identity.UserId).toMatch(/^AROA[0-9A-Z]+:GitHubActions$/)
    expect(standin.calls()).toEqual({ 'sts:GetCallerIdentity': 1 })

    standin.addFault({ operation: 'sts:GetCallerIdentity', kind: 'throttle' })
    const throttled = await failure(sts.send(new GetCallerIdentityCommand({})))
    expect(throttled.name).toBe('Throttling')
  })
})

describe('faults', () => {
  it('fires on the nth matching call for `times` calls', async () => {
    await create('f', 'x')
    standin.addFault({ operation: 'GetSecretValue', kind: 'internal', nth: 2, times: 2 })
    const outcomes: string[] = []
    for (let i = 0; i < 4; i++) {
      try {
        await sm.send(new GetSecretValueCommand({ SecretId: 'f' }))
        outcomes.push('ok')
      } catch (error) {
        outcomes.push((error as Error).name)
      }
    }
    expect(outcomes).toEqual(['ok', 'InternalServiceError', 'InternalServiceError', 'ok'])
    expect(standin.calls()['GetSecretValue']).toBe(4)
  })

  it.each([
    ['throttle', 'ThrottlingException', 400],
    ['internal', 'InternalServiceError', 500],
    ['unavailable', 'ServiceUnavailable', 503],
    ['accessDenied', 'AccessDeniedException', 400]
  ] as const)('%s answers %s (HTTP %i)', async (kind, name, status) => {
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'guarded', SecretString: 'x' }))).ARN
    standin.addFault({ operation: 'PutSecretValue', kind })
    const error = await failure(
      sm.send(new PutSecretValueCommand({ SecretId: 'guarded', SecretString: 'y' }))
    )
    expect(error.name).toBe(name)
    expect(error.$metadata).toMatchObject({ httpStatusCode: status })
    if (kind === 'accessDenied') {
      expect(error.message).toBe(
        `User: arn:aws:sts::123456789012:assumed-role/impressionnistes-deploy/GitHubActions is not authorized to perform: secretsmanager:PutSecretValue on resource: ${arn} because no identity-based policy allows the secretsmanager:PutSecretValue action`
      )
    }
    expect(standin.secret('guarded')?.versions).toHaveLength(1) // answered instead of the write
  })

  it('applyBeforeEffect=false performs the write, then answers with the fault', async () => {
    await create('lost-answer', 'v1')
    standin.addFault({ operation: 'PutSecretValue', kind: 'internal', applyBeforeEffect: false })
    const error = await failure(
      sm.send(new PutSecretValueCommand({ SecretId: 'lost-answer', SecretString: 'v2' }))
    )
    expect(error.name).toBe('InternalServiceError')
    expect(standin.secret('lost-answer')?.versions.map((v) => v.secretString)).toEqual(['v1', 'v2'])
  })

  it('drop closes the connection without an answer', async () => {
    await create('dropped', 'x')
    standin.addFault({ operation: 'GetSecretValue', kind: 'drop' })
    const error = await failure(sm.send(new GetSecretValueCommand({ SecretId: 'dropped' })))
    expect(error.message).toMatch(/socket hang up|ECONNRESET/)
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'dropped' }))).SecretString).toBe(
      'x'
    )
  })

  it('slow trips a short requestTimeout, and answers normally when waited for', async () => {
    await create('slow', 'x')
    const impatient = client({
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true }
    })
    standin.addFault({ operation: 'GetSecretValue', kind: 'slow', slowMs: 2_000 })
    const error = await failure(impatient.send(new GetSecretValueCommand({ SecretId: 'slow' })))
    expect(error.name).toBe('TimeoutError')

    standin.addFault({ operation: 'DescribeSecret', kind: 'slow', slowMs: 150 })
    const started = Date.now()
    await sm.send(new DescribeSecretCommand({ SecretId: 'slow' }))
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('writeRatePerSecond throttles writes beyond the quota', async () => {
    const limited = await Standin.start({ writeRatePerSecond: 5 })
    const writer = new SecretsManagerClient({
      endpoint: limited.url,
      region: 'eu-west-3',
      credentials,
      maxAttempts: 1
    })
    try {
      await writer.send(new CreateSecretCommand({ Name: 'quota', SecretString: 'v0' }))
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          writer.send(new PutSecretValueCommand({ SecretId: 'quota', SecretString: `v${i + 1}` }))
        )
      )
      const throttled = results.filter(
        (r) => r.status === 'rejected' && (r.reason as Error).name === 'ThrottlingException'
      )
      const written = results.filter((r) => r.status === 'fulfilled')
      expect(written.length).toBeGreaterThanOrEqual(3)
      expect(written.length).toBeLessThanOrEqual(5)
      expect(throttled.length).toBe(10 - written.length)
      // Reads are not part of the write quota.
      await writer.send(new GetSecretValueCommand({ SecretId: 'quota' }))
      await new Promise((resolve) => setTimeout(resolve, 250))
      await writer.send(new PutSecretValueCommand({ SecretId: 'quota', SecretString: 'later' }))
    } finally {
      writer.destroy()
      await limited.stop()
    }
  })
})

describe('call accounting', () => {
  it('counts calls per operation, faulted ones included', async () => {
    await create('counted', 'x')
    standin.addFault({ operation: 'GetSecretValue', kind: 'throttle' })
    await failure(sm.send(new GetSecretValueCommand({ SecretId: 'counted' })))
    await sm.send(new GetSecretValueCommand({ SecretId: 'counted' }))
    await sm.send(new DescribeSecretCommand({ SecretId: 'counted' }))
    expect(standin.calls()).toEqual({ CreateSecret: 1, GetSecretValue: 2, DescribeSecret: 1 })
    expect(standin.log().map((c) => c.operation)).toEqual([
      'CreateSecret',
      'GetSecretValue',
      'GetSecretValue',
      'DescribeSecret'
    ])
    expect(standin.log()[1]?.secretIds).toEqual(['counted'])
    standin.resetCalls()
    expect(standin.calls()).toEqual({})
  })

  it('roundTripDepth counts sequential round trips, not parallel calls', async () => {
    for (let i = 0; i < 3; i++) await create(`depth/${i}`, 'x')
    standin.resetCalls()
    standin.setLatency(30)
    await Promise.all(
      [0, 1, 2].map((i) => sm.send(new GetSecretValueCommand({ SecretId: `depth/${i}` })))
    )
    await sm.send(new DescribeSecretCommand({ SecretId: 'depth/0' }))
    expect(standin.log()).toHaveLength(4)
    expect(roundTripDepth(standin.log())).toBe(2)
  })

  it('roundTripDepth on a hand-made log', () => {
    const call = (start: number, end: number): CallRecord => ({
      operation: 'X',
      start,
      end,
      secretIds: []
    })
    expect(roundTripDepth([])).toBe(0)
    expect(roundTripDepth([call(0, 10), call(10, 20), call(20, 30)])).toBe(3)
    expect(roundTripDepth([call(0, 10), call(5, 15), call(12, 20), call(0, 30)])).toBe(2)
  })

  it('secret() is a deep copy', async () => {
    await create('copied', 'x')
    const copy = standin.secret('copied')
    copy?.versions.pop()
    expect(standin.secret('copied')?.versions).toHaveLength(1)
    expect(standin.secret(copy?.arn ?? '')?.name).toBe('copied')
  })
})
