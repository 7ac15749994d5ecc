/**
 * The stand-in's Lambda calls, through the real SDK client: what the Lambda API reference says
 * GetFunctionConfiguration and UpdateFunctionConfiguration answer (see standin/lambda.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand
} from '@aws-sdk/client-lambda'
import { Standin } from '../standin/server.js'

let standin: Standin
let lambda: LambdaClient

beforeAll(async () => {
  standin = await Standin.start()
  lambda = new LambdaClient({
    endpoint: standin.url,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
    maxAttempts: 1
  })
})
afterAll(async () => {
  lambda.destroy()
  await standin.stop()
})
beforeEach(() => {
  standin.reset()
  standin.resetCalls()
  standin.setLambdaUpdateMs(0)
  standin.putFunction({ name: 'payments', variables: { TABLE: 't', TOKEN: 'v' } })
})

const get = (name: string) =>
  lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))
const update = (name: string, variables: Record<string, string>, revisionId?: string) =>
  lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: name,
      Environment: { Variables: variables },
      ...(revisionId ? { RevisionId: revisionId } : {})
    })
  )

describe('Lambda GetFunctionConfiguration / UpdateFunctionConfiguration', () => {
  it('answers the configuration of $LATEST, by name or ARN', async () => {
    const out = await get('payments')
    expect(out).toMatchObject({
      FunctionName: 'payments',
      FunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:payments',
      Version: '$LATEST',
      State: 'Active',
      Environment: { Variables: { TABLE: 't', TOKEN: 'v' } }
    })
    expect(out.RevisionId).toMatch(/^[0-9a-f-]{36}$/)
    const byArn = await get('arn:aws:lambda:eu-west-3:123456789012:function:payments')
    expect(byArn.RevisionId).toBe(out.RevisionId)
    expect(standin.log().map((c) => [c.operation, c.secretIds])).toEqual([
      ['lambda:GetFunctionConfiguration', ['payments']],
      [
        'lambda:GetFunctionConfiguration',
        ['arn:aws:lambda:eu-west-3:123456789012:function:payments']
      ]
    ])
  })

  it('a missing function, or a version or alias (none is published here), is not found', async () => {
    for (const name of ['nope', 'payments:live', 'payments:3']) {
      const error = await get(name).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ResourceNotFoundException)
      expect((error as Error).message).toMatch(
        /^Function not found: arn:aws:lambda:eu-west-3:123456789012:function:/
      )
    }
  })

  it('an update replaces the variables, gets a new RevisionId, is InProgress, then Successful', async () => {
    standin.setLambdaUpdateMs(300)
    const before = await get('payments')
    const answer = await update('payments', { TABLE: 't', NEW: '1' }, before.RevisionId)
    expect(answer.LastUpdateStatus).toBe('InProgress')
    expect(answer.RevisionId).not.toBe(before.RevisionId)
    expect((await get('payments')).LastUpdateStatus).toBe('InProgress')
    // Another update meanwhile is refused.
    const busy = await update('payments', { A: '1' }).catch((e: unknown) => e)
    expect(busy).toBeInstanceOf(ResourceConflictException)
    expect((busy as Error).message).toContain(
      'An update is in progress for resource: arn:aws:lambda:'
    )
    await new Promise((r) => setTimeout(r, 350))
    const after = await get('payments')
    expect(after.LastUpdateStatus).toBe('Successful')
    expect(after.Environment?.Variables).toEqual({ TABLE: 't', NEW: '1' })
  })

  it('an update naming an older RevisionId is refused, and changes nothing', async () => {
    const before = await get('payments')
    await update('payments', { TABLE: 'changed' })
    const stale = await update('payments', { TABLE: 'mine' }, before.RevisionId).catch(
      (e: unknown) => e
    )
    expect(stale).toBeInstanceOf(PreconditionFailedException)
    expect((stale as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(412)
    expect((await get('payments')).Environment?.Variables).toEqual({ TABLE: 'changed' })
  })

  it('variables over 4 KB are refused, the answer quoting them (values included) as AWS does', async () => {
    const error = await update('payments', { BIG: 'y'.repeat(4096) }).catch((e: unknown) => e)
    expect((error as Error).name).toBe('InvalidParameterValueException')
    expect((error as Error).message).toContain(
      'exceeded the 4KB limit. String measured: {"BIG":"yyy'
    )
    const reserved = await update('payments', { AWS_REGION: 'x' }).catch((e: unknown) => e)
    expect((reserved as Error).message).toContain('Reserved keys used in this request: AWS_REGION')
  })

  it('a variable Lambda cannot decrypt: Error in Environment, no Variables', async () => {
    standin.putFunction({
      name: 'sealed',
      variables: { A: 'b' },
      variablesError: 'KMSAccessDeniedException'
    })
    const out = await get('sealed')
    expect(out.Environment?.Variables).toBeUndefined()
    expect(out.Environment?.Error?.ErrorCode).toBe('KMSAccessDeniedException')
  })
})
