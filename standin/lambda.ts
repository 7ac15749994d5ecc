// Lambda's GetFunctionConfiguration and UpdateFunctionConfiguration, for the consumer refresh.
//
// Protocol (the Lambda API reference, restJson1): GET and PUT /2015-03-31/functions/{FunctionName}/configuration,
// JSON bodies, errors as HTTP status + x-amzn-errortype + {"Type": "User", "message"|"Message"}
// (ResourceNotFoundException says "Message", the others "message", as the SDK's model reads them).
//
// Behaviour, from the API reference and the "Lambda function states" guide:
//   - FunctionName may be a name, an ARN or a partial ARN, optionally with a qualifier; only
//     $LATEST exists here (no published version), so any other qualifier is not found:
//     404 ResourceNotFoundException "Function not found: <arn>".
//   - every update gets a new RevisionId; an update naming another RevisionId gets 412
//     PreconditionFailedException (nothing changes).
//   - an update answers with LastUpdateStatus InProgress; the function reads InProgress for
//     `updateMs`, then Successful (or Failed, keeping the previous configuration, for a function
//     seeded with failUpdates). During that time another update gets 409 ResourceConflictException
//     "The operation cannot be performed at this time. An update is in progress for resource: <arn>".
//   - Environment replaces the whole map; variable names must match [a-zA-Z]([a-zA-Z0-9_])+, the
//     reserved ones (AWS_REGION…) are refused, and the map's JSON may not exceed 4 KB: 400
//     InvalidParameterValueException, whose message quotes that JSON, values included, as AWS does.
// Not simulated: code, versions, aliases, layers, VPC; only the Environment of an update is applied.

import { randomUUID } from 'node:crypto'
import { ServiceError } from './errors.js'
import { isObject, type JsonObject } from './validation.js'

export const LAMBDA_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/configuration(?:\?.*)?$/

export interface StandinFunctionSeed {
  name: string
  variables?: Record<string, string>
  /** SnapStart on published versions (ApplyOn PublishedVersions). */
  snapStart?: boolean
  /** Lambda cannot decrypt the variables: Environment answers Error and no Variables. */
  variablesError?: string
  /** Every update ends Failed with this LastUpdateStatusReasonCode (the old configuration stays). */
  failUpdates?: string
  /** Created with an update (someone else's) in progress for this long. */
  inProgressMs?: number
}

export interface StandinFunction {
  name: string
  arn: string
  revisionId: string
  variables: Record<string, string>
  /** Successful updates so far. */
  updates: number
  /** The RevisionId each UpdateFunctionConfiguration named (undefined: none), in order. */
  revisionIdsGiven: (string | undefined)[]
}

interface FunctionRecord {
  seed: StandinFunctionSeed
  name: string
  arn: string
  revisionId: string
  variables: Record<string, string>
  lastModified: Date
  updates: number
  revisionIdsGiven: (string | undefined)[]
  /** The update in progress: when it ends, and the variables to go back to if it fails. */
  inProgress?: { until: number; previous: Record<string, string> }
  lastUpdateStatus?: 'Successful' | 'Failed'
  /** Runs before the next update of this function reaches it (a concurrent deploy). */
  interference: ((variables: Record<string, string>) => void)[]
}

const NAME_FORMAT =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/
const VARIABLE_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/
const RESERVED = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR'
]
const ENVIRONMENT_LIMIT_BYTES = 4096

const lambdaTime = (d: Date) => d.toISOString().replace('Z', '+0000')

export class LambdaFunctions {
  private readonly functions = new Map<string, FunctionRecord>()
  /** How long an update stays InProgress. */
  updateMs = 0

  constructor(
    private readonly region: string,
    private readonly accountId: string
  ) {}

  private arnOf(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`
  }

  put(seed: StandinFunctionSeed): void {
    this.functions.set(seed.name, {
      seed,
      name: seed.name,
      arn: this.arnOf(seed.name),
      revisionId: randomUUID(),
      variables: { ...(seed.variables ?? {}) },
      lastModified: new Date(),
      updates: 0,
      revisionIdsGiven: [],
      ...(seed.inProgressMs
        ? {
            inProgress: {
              until: performance.now() + seed.inProgressMs,
              previous: { ...(seed.variables ?? {}) }
            }
          }
        : {}),
      interference: []
    })
  }

  get(name: string): StandinFunction | undefined {
    const fn = this.functions.get(name)
    if (!fn) return undefined
    this.settle(fn)
    return {
      name: fn.name,
      arn: fn.arn,
      revisionId: fn.revisionId,
      variables: { ...fn.variables },
      updates: fn.updates,
      revisionIdsGiven: [...fn.revisionIdsGiven]
    }
  }

  /**
   * The next update of `name` finds the function changed by `change` first, with a new
   * RevisionId; call it n times for the next n updates.
   */
  interfere(name: string, change: (variables: Record<string, string>) => void): void {
    const fn = this.functions.get(name)
    if (!fn) throw new Error(`no function ${name}`)
    fn.interference.push(change)
  }

  clear(): void {
    this.functions.clear()
  }

  handle(method: string, rawName: string, query: URLSearchParams, body: JsonObject): JsonObject {
    if (!NAME_FORMAT.test(rawName) || rawName.length > 170) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '${rawName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAME_FORMAT.source}`
      )
    }
    const match = NAME_FORMAT.exec(rawName)
    const name = match?.[7] ?? rawName
    const qualifier = match?.[9] ?? query.get('Qualifier') ?? undefined
    const fn = this.functions.get(name)
    if (!fn || (qualifier !== undefined && qualifier !== '$LATEST')) {
      const arn = this.arnOf(name) + (qualifier && qualifier !== '$LATEST' ? `:${qualifier}` : '')
      throw new ServiceError('ResourceNotFoundException', `Function not found: ${arn}`, 404)
    }
    if (method === 'GET') return this.configuration(fn)
    if (method === 'PUT') return this.update(fn, body)
    throw new ServiceError('UnknownOperationException', `Unknown operation ${method}`)
  }

  /** Ends the update in progress once its time has come. */
  private settle(fn: FunctionRecord): void {
    if (!fn.inProgress || performance.now() < fn.inProgress.until) return
    if (fn.seed.failUpdates) {
      fn.variables = fn.inProgress.previous
      fn.lastUpdateStatus = 'Failed'
    } else {
      fn.lastUpdateStatus = 'Successful'
      fn.updates += 1
    }
    delete fn.inProgress
  }

  private configuration(fn: FunctionRecord): JsonObject {
    this.settle(fn)
    const status = fn.inProgress ? 'InProgress' : fn.lastUpdateStatus
    const environment = fn.seed.variablesError
      ? {
          Error: {
            ErrorCode: fn.seed.variablesError,
            Message: 'Lambda was unable to decrypt the environment variables.'
          }
        }
      : Object.keys(fn.variables).length
        ? { Variables: { ...fn.variables } }
        : undefined
    return {
      FunctionName: fn.name,
      FunctionArn: fn.arn,
      Runtime: 'nodejs22.x',
      Role: `arn:aws:iam::${this.accountId}:role/${fn.name}-role`,
      Handler: 'index.handler',
      CodeSize: 1024,
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      LastModified: lambdaTime(fn.lastModified),
      CodeSha256: 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU=',
      Version: '$LATEST',
      ...(environment ? { Environment: environment } : {}),
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: fn.revisionId,
      State: 'Active',
      ...(status ? { LastUpdateStatus: status } : {}),
      ...(status === 'Failed'
        ? {
            LastUpdateStatusReason: 'The update could not be applied.',
            LastUpdateStatusReasonCode: fn.seed.failUpdates ?? 'InternalError'
          }
        : {}),
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: fn.seed.snapStart
        ? { ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' }
        : { ApplyOn: 'None', OptimizationStatus: 'Off' }
    }
  }

  private update(fn: FunctionRecord, body: JsonObject): JsonObject {
    // A deploy that lands between the caller's read and this update.
    const change = fn.interference.shift()
    if (change) {
      change(fn.variables)
      fn.revisionId = randomUUID()
      fn.lastModified = new Date()
    }
    this.settle(fn)
    const revision = body.RevisionId
    fn.revisionIdsGiven.push(typeof revision === 'string' ? revision : undefined)
    if (fn.inProgress) {
      throw new ServiceError(
        'ResourceConflictException',
        `The operation cannot be performed at this time. An update is in progress for resource: ${fn.arn}`,
        409
      )
    }
    if (revision !== undefined && revision !== fn.revisionId) {
      throw new ServiceError(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
        412
      )
    }
    const environment = body.Environment
    if (environment === undefined) return this.configuration(fn)
    if (!isObject(environment)) throw invalidValue('Environment must be an object.')
    const given = environment.Variables ?? {}
    if (!isObject(given)) throw invalidValue('Environment.Variables must be a map.')
    const variables: Record<string, string> = {}
    for (const [key, value] of Object.entries(given)) {
      if (typeof value !== 'string') throw invalidValue(`The value of ${key} must be a string.`)
      if (!VARIABLE_NAME.test(key)) {
        throw new ServiceError(
          'ValidationException',
          `1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`
        )
      }
      variables[key] = value
    }
    const reserved = Object.keys(variables).filter((k) => RESERVED.includes(k))
    if (reserved.length) {
      throw invalidValue(
        'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. ' +
          `Reserved keys used in this request: ${reserved.join(',')}`
      )
    }
    const measured = JSON.stringify(variables)
    if (Buffer.byteLength(measured) > ENVIRONMENT_LIMIT_BYTES) {
      throw invalidValue(
        'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. ' +
          `String measured: ${measured}`
      )
    }
    const previous = fn.variables
    fn.variables = variables
    fn.revisionId = randomUUID()
    fn.lastModified = new Date()
    fn.inProgress = { until: performance.now() + this.updateMs, previous }
    const answer = this.configuration(fn)
    // The answer to an update always says InProgress, however short the update.
    return { ...answer, LastUpdateStatus: 'InProgress' }
  }
}

const invalidValue = (message: string) =>
  new ServiceError('InvalidParameterValueException', message)
