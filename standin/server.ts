// A Secrets Manager (and STS GetCallerIdentity) stand-in on 127.0.0.1 that the real AWS SDK
// clients talk to unmodified: `new SecretsManagerClient({ endpoint: standin.url, region,
// credentials })`. SigV4 signatures are not checked.
//
// Protocols: Secrets Manager's awsJson1.1 (POST /, X-Amz-Target: secretsmanager.<Operation>,
// errors as {"__type", "Message"} with an x-amzn-errortype header) and STS's awsQuery (POST /,
// form-encoded Action=GetCallerIdentity, XML answer) on the same port, so AWS_ENDPOINT_URL can
// point both clients at it. Every answer carries x-amzn-RequestId. Lambda's GetFunctionConfiguration
// and UpdateFunctionConfiguration (restJson1, /2015-03-31/functions/…/configuration) are there too,
// for the consumer refresh: see lambda.ts; seed functions with putFunction().

import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ServiceError, serialization } from './errors.js'
import { FaultSchedule, TokenBucket, type Fault } from './faults.js'
import {
  LAMBDA_PATH,
  LambdaFunctions,
  type StandinFunction,
  type StandinFunctionSeed
} from './lambda.js'
import { SecretsModel, snapshot, type StandinSecret } from './model.js'
import { RATE_LIMITED_OPERATIONS, SecretsManager, WRITE_OPERATIONS } from './operations.js'
import { callerIdentityXml, queryErrorXml } from './sts.js'
import { isObject, type JsonObject } from './validation.js'

export type { Fault, FaultKind } from './faults.js'
export type { StandinSecret } from './model.js'
export type { StandinFunction, StandinFunctionSeed } from './lambda.js'

export interface StandinOptions {
  /** default 0 (an ephemeral port) */
  port?: number | undefined
  /** added to every response */
  latencyMs?: number | undefined
  /** default '123456789012' */
  accountId?: string | undefined
  /** default 'eu-west-3' */
  region?: string | undefined
  /** default arn:aws:sts::<account>:assumed-role/impressionnistes-deploy/GitHubActions */
  callerArn?: string | undefined
  /**
   * When set, PutSecretValue/CreateSecret/UpdateSecretVersionStage beyond this rate (token
   * bucket, burst = rate) get ThrottlingException, like the AWS quota (50/s).
   */
  writeRatePerSecond?: number | undefined
  /** At most this many entries in any list answer (see setPageSize); default: AWS's own sizes. */
  pageSize?: number | undefined
  /** How long a Lambda function's configuration update stays InProgress; default 0. */
  lambdaUpdateMs?: number | undefined
}

export interface CallRecord {
  /** e.g. 'PutSecretValue', 'sts:GetCallerIdentity', 'lambda:UpdateFunctionConfiguration' */
  operation: string
  /** epoch milliseconds (fractional) when the request arrived */
  start: number
  /** epoch milliseconds (fractional) when the answer was sent or the connection dropped */
  end: number
  /** SecretId / Name / SecretIdList of the request; a Lambda call's FunctionName */
  secretIds: string[]
  /** HTTP status of the answer; undefined when the connection was dropped without one */
  status?: number
  /** Secrets Manager's error code (x-amzn-errortype) when it answered one, e.g. 'ThrottlingException' */
  errorCode?: string
  /** The region the request was signed for (its SigV4 credential scope), when signed */
  region?: string
}

/** The region of a SigV4 Authorization header: `Credential=AKID/DATE/REGION/SERVICE/aws4_request`. */
const signedRegion = (authorization: string | undefined): string | undefined =>
  /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization ?? '')?.[1]

/**
 * How many sequential round trips a run cost: the length of the longest chain of calls in which
 * each call started after the previous one ended.
 */
export function roundTripDepth(log: readonly CallRecord[]): number {
  const calls = [...log].sort((a, b) => a.end - b.end)
  const depth: number[] = []
  let deepest = 0
  calls.forEach((call, i) => {
    let before = 0
    // Sorted by end: the calls that ended before this one started are all at lower indexes.
    for (let j = 0; j < i; j++) {
      const earlier = calls[j]
      if (earlier === undefined || earlier.end > call.start) break
      before = Math.max(before, depth[j] ?? 0)
    }
    depth[i] = before + 1
    deepest = Math.max(deepest, before + 1)
  })
  return deepest
}

const STS_PREFIX = 'sts:'
const LAMBDA_PREFIX = 'lambda:'
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1'
const MAX_BODY_BYTES = 16 * 1024 * 1024
const DEFAULT_SLOW_MS = 10_000

/** A parsed request. */
interface Call {
  /** Secrets Manager operation name, 'sts:<Action>' or 'lambda:<Operation>' */
  operation: string
  protocol: 'json' | 'query' | 'lambda'
  body: JsonObject
  /** lambda: the method, the FunctionName of the path and the query */
  rest?: { method: string; functionName: string; query: URLSearchParams }
  /** set when the request can't be run (malformed JSON, unknown target) */
  error?: ServiceError
}

interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

/** The message of an echoValue fault: a piece of the request's SecretString, quoted. */
function echoed(fault: Fault, body: Record<string, unknown>): string {
  const text = typeof body.SecretString === 'string' ? body.SecretString : ''
  const from = fault.echo?.from ?? Math.floor(text.length / 3)
  const piece = text.slice(from, from + (fault.echo?.length ?? 24))
  return `The parameter SecretString is not valid near '${piece}'.`
}

/** Raised into pending waits when the stand-in stops. */
class Stopped extends Error {}

const clock = (): number => performance.timeOrigin + performance.now()

export class Standin {
  private readonly server: http.Server
  private readonly model: SecretsModel
  private readonly secretsManager: SecretsManager
  private readonly lambda: LambdaFunctions
  private readonly faults = new FaultSchedule()
  private readonly writeBucket: TokenBucket | undefined
  private readonly accountId: string
  private readonly region: string
  private readonly callerArn: string
  private latencyMs: number
  private address = ''
  private counts = new Map<string, number>()
  private records: CallRecord[] = []
  /** The x-amzn-errortype each answer carried, for the call log. */
  private readonly errorCodes = new WeakMap<http.ServerResponse, string>()
  private readonly waits = new Set<{ timer: NodeJS.Timeout; reject: (error: Error) => void }>()
  private stopping: Promise<void> | undefined

  private constructor(opts: StandinOptions) {
    this.accountId = opts.accountId ?? '123456789012'
    this.region = opts.region ?? 'eu-west-3'
    this.callerArn =
      opts.callerArn ??
      `arn:aws:sts::${this.accountId}:assumed-role/impressionnistes-deploy/GitHubActions`
    this.latencyMs = opts.latencyMs ?? 0
    this.writeBucket =
      opts.writeRatePerSecond === undefined ? undefined : new TokenBucket(opts.writeRatePerSecond)
    this.model = new SecretsModel(this.region, this.accountId)
    this.secretsManager = new SecretsManager(this.model)
    this.lambda = new LambdaFunctions(this.region, this.accountId)
    this.lambda.updateMs = opts.lambdaUpdateMs ?? 0
    this.setPageSize(opts.pageSize)
    this.server = http.createServer((req, res) => void this.onRequest(req, res))
  }

  static async start(opts: StandinOptions = {}): Promise<Standin> {
    const standin = new Standin(opts)
    await new Promise<void>((resolve, reject) => {
      standin.server.once('error', reject)
      standin.server.listen(opts.port ?? 0, '127.0.0.1', () => {
        standin.server.off('error', reject)
        resolve()
      })
    })
    const { port } = standin.server.address() as AddressInfo
    standin.address = `http://127.0.0.1:${port}`
    return standin
  }

  /** e.g. http://127.0.0.1:PORT */
  get url(): string {
    return this.address
  }

  /** Closes the server and every open socket; pending slow answers are abandoned. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      for (const wait of this.waits) {
        clearTimeout(wait.timer)
        wait.reject(new Stopped())
      }
      this.waits.clear()
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
    return this.stopping
  }

  /** Calls per operation name (incl. 'sts:GetCallerIdentity'); faulted calls count too. */
  calls(): Record<string, number> {
    return Object.fromEntries(this.counts)
  }

  /** Every finished call (answered or dropped), in the order they arrived. */
  log(): CallRecord[] {
    return this.records
      .filter((record) => Number.isFinite(record.end))
      .map((record) => ({ ...record, secretIds: [...record.secretIds] }))
  }

  resetCalls(): void {
    this.counts = new Map()
    this.records = []
  }

  addFault(fault: Fault): void {
    this.faults.add(fault)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  setLatency(ms: number): void {
    this.latencyMs = ms
  }

  /**
   * Makes every list call page: ListSecrets, ListSecretVersionIds and BatchGetSecretValue (with
   * a SecretIdList too) answer at most `size` entries a call, with a NextToken for the rest;
   * filtered lists scan `size` secrets a call, so a page can be empty. undefined: AWS's sizes.
   */
  setPageSize(size: number | undefined): void {
    if (size !== undefined && !(Number.isInteger(size) && size >= 1))
      throw new RangeError(`page size must be a whole number from 1, got ${size}`)
    this.secretsManager.pageSize = size
  }

  /** A deep copy of a secret (by name or ARN), also while it is scheduled for deletion. */
  secret(nameOrArn: string): StandinSecret | undefined {
    const secret = this.model.find(nameOrArn)
    return secret === undefined ? undefined : snapshot(secret)
  }

  /**
   * Sets tags as AWS itself does, with keys a client may not use: CloudFormation's
   * `aws:cloudformation:stack-name`, `…:stack-id` and `…:logical-id` on a secret a stack made.
   * TagResource refuses the aws: prefix, as AWS does, so tests that need such a secret seed it here.
   */
  setAwsTags(nameOrArn: string, tags: Record<string, string>): void {
    const secret = this.model.find(nameOrArn)
    if (!secret) throw new Error(`no secret ${nameOrArn}`)
    for (const [key, value] of Object.entries(tags)) {
      if (!key.startsWith('aws:')) throw new Error(`${key} is not an aws: tag; use TagResource`)
      secret.tags.set(key, value)
    }
  }

  /**
   * Sets when a version was created, as if written then: for ages and policies counted in days.
   * The secret's LastChangedDate is left as it is.
   */
  setVersionCreated(nameOrArn: string, versionId: string, date: Date): void {
    const version = this.model.find(nameOrArn)?.versions.get(versionId)
    if (!version) throw new Error(`no version ${versionId} of ${nameOrArn}`)
    version.createdDate = date.getTime()
  }

  /** Drops all secrets and Lambda functions. */
  reset(): void {
    this.model.clear()
    this.lambda.clear()
  }

  /** Creates (or replaces) a Lambda function, for the consumer refresh. */
  putFunction(seed: StandinFunctionSeed): void {
    this.lambda.put(seed)
  }

  /** A copy of a Lambda function's state: RevisionId, variables, successful updates. */
  lambdaFunction(name: string): StandinFunction | undefined {
    return this.lambda.get(name)
  }

  /**
   * A concurrent deploy: the next UpdateFunctionConfiguration of `name` finds the function
   * already changed by `change` (and at a new RevisionId).
   */
  interfere(name: string, change: (variables: Record<string, string>) => void): void {
    this.lambda.interfere(name, change)
  }

  /** How long a configuration update stays InProgress from now on. */
  setLambdaUpdateMs(ms: number): void {
    this.lambda.updateMs = ms
  }

  // ---- request handling -----------------------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record: CallRecord = { operation: '(unknown)', start: clock(), end: NaN, secretIds: [] }
    const region = signedRegion(req.headers.authorization)
    if (region !== undefined) record.region = region
    this.records.push(record)
    res.on('close', () => {
      record.end = clock()
      if (!res.headersSent) return
      record.status = res.statusCode
      const code = this.errorCodes.get(res)
      if (code !== undefined) record.errorCode = code
    })
    try {
      const call = this.parse(req, await readBody(req))
      record.operation = call.operation
      record.secretIds = call.rest ? [call.rest.functionName] : SecretsManager.secretIds(call.body)
      this.counts.set(call.operation, (this.counts.get(call.operation) ?? 0) + 1)
      await this.serve(call, req, res)
    } catch (error) {
      if (error instanceof Stopped) return
      if (!res.headersSent && !res.destroyed) {
        const message = error instanceof Error ? error.message : String(error)
        this.send(res, jsonError(new ServiceError('InternalServiceError', message, 500)))
      }
    }
  }

  /** Runs a call, with the first fault that fires on it, if any. */
  private async serve(
    call: Call,
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    const fault = this.faults.next(call.operation)
    const afterEffect = fault?.applyBeforeEffect === false && WRITE_OPERATIONS.has(call.operation)
    if (fault?.kind === 'slow') {
      // Slow answers are normal answers; the write happens before or after the wait.
      if (!afterEffect) await this.sleep(fault.slowMs ?? DEFAULT_SLOW_MS)
      const reply = this.execute(call)
      if (afterEffect) await this.sleep(fault.slowMs ?? DEFAULT_SLOW_MS)
      return this.answer(res, reply)
    }
    if (fault !== undefined && !afterEffect) return this.inject(fault, call, req, res)
    const reply = this.execute(call)
    if (fault !== undefined) return this.inject(fault, call, req, res) // the write happened
    return this.answer(res, reply)
  }

  private parse(req: http.IncomingMessage, raw: string): Call {
    const lambdaPath = LAMBDA_PATH.exec(req.url ?? '')
    if (lambdaPath) {
      const method = req.method ?? 'GET'
      const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '')
      const rest = { method, functionName: decodeURIComponent(lambdaPath[1] ?? ''), query }
      const operation = `${LAMBDA_PREFIX}${method === 'PUT' ? 'Update' : 'Get'}FunctionConfiguration`
      try {
        const body: unknown = raw.trim() === '' ? {} : JSON.parse(raw)
        if (!isObject(body)) throw serialization('The request body must be a JSON object.')
        return { operation, protocol: 'lambda', body, rest }
      } catch (error) {
        const parseError =
          error instanceof ServiceError
            ? error
            : serialization('The request body is not valid JSON.')
        return { operation, protocol: 'lambda', body: {}, rest, error: parseError }
      }
    }
    const target = req.headers['x-amz-target']
    if (typeof target === 'string') {
      const dot = target.indexOf('.')
      const service = target.slice(0, dot)
      const operation = target.slice(dot + 1)
      if (dot < 0 || service !== 'secretsmanager') {
        return {
          operation: target,
          protocol: 'json',
          body: {},
          error: new ServiceError('UnknownOperationException', `Unknown operation ${target}`)
        }
      }
      try {
        const body: unknown = raw.trim() === '' ? {} : JSON.parse(raw)
        if (!isObject(body)) throw serialization('The request body must be a JSON object.')
        return { operation, protocol: 'json', body }
      } catch (error) {
        const parseError =
          error instanceof ServiceError
            ? error
            : serialization('The request body is not valid JSON.')
        return { operation, protocol: 'json', body: {}, error: parseError }
      }
    }
    const contentType = req.headers['content-type'] ?? ''
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const action = new URLSearchParams(raw).get('Action') ?? ''
      return { operation: `${STS_PREFIX}${action}`, protocol: 'query', body: {} }
    }
    return {
      operation: '(unknown)',
      protocol: 'json',
      body: {},
      error: new ServiceError('UnknownOperationException', 'Missing X-Amz-Target header.')
    }
  }

  /** The answer a call gets without faults. */
  private execute(call: Call): Reply {
    if (call.protocol === 'query') return this.executeQuery(call)
    if (call.protocol === 'lambda') {
      if (call.error !== undefined) return lambdaError(call.error)
      const { method, functionName, query } = call.rest ?? {
        method: 'GET',
        functionName: '',
        query: new URLSearchParams()
      }
      try {
        return restReply(200, this.lambda.handle(method, functionName, query, call.body))
      } catch (error) {
        if (error instanceof ServiceError) return lambdaError(error)
        throw error
      }
    }
    if (call.error !== undefined) return jsonError(call.error)
    if (RATE_LIMITED_OPERATIONS.has(call.operation) && this.writeBucket?.take() === false) {
      return jsonError(new ServiceError('ThrottlingException', 'Rate exceeded'))
    }
    try {
      return jsonReply(200, this.secretsManager.handle(call.operation, call.body))
    } catch (error) {
      if (error instanceof ServiceError) return jsonError(error)
      throw error
    }
  }

  private executeQuery(call: Call): Reply {
    const requestId = randomUUID()
    if (call.operation !== `${STS_PREFIX}GetCallerIdentity`) {
      const action = call.operation.slice(STS_PREFIX.length)
      const message = `Could not find operation ${action} for version 2011-06-15`
      return xmlReply(400, queryErrorXml('InvalidAction', message, requestId), requestId)
    }
    const identity = { arn: this.callerArn, accountId: this.accountId }
    return xmlReply(200, callerIdentityXml(identity, requestId), requestId)
  }

  private async inject(
    fault: Fault,
    call: Call,
    req: http.IncomingMessage,
    res: http.ServerResponse
  ): Promise<void> {
    if (fault.kind === 'drop') {
      req.socket.destroy()
      return
    }
    await this.answer(res, this.faultReply(fault, call))
  }

  private faultReply(fault: Fault, call: Call): Reply {
    if (call.protocol === 'query') {
      const requestId = randomUUID()
      const xml = (status: number, code: string, message: string, type: 'Sender' | 'Receiver') =>
        xmlReply(status, queryErrorXml(code, message, requestId, type), requestId)
      const action = call.operation.slice(STS_PREFIX.length)
      switch (fault.kind) {
        case 'throttle':
          return xml(400, 'Throttling', 'Rate exceeded', 'Sender')
        case 'internal':
          return xml(500, 'InternalFailure', 'An internal error occurred.', 'Receiver')
        case 'unavailable':
          return xml(503, 'ServiceUnavailable', 'Service is unavailable.', 'Receiver')
        default:
          return xml(
            403,
            'AccessDenied',
            `User: ${this.callerArn} is not authorized to perform: sts:${action}`,
            'Sender'
          )
      }
    }
    if (call.protocol === 'lambda') {
      switch (fault.kind) {
        case 'throttle':
          return lambdaError(new ServiceError('TooManyRequestsException', 'Rate exceeded', 429))
        case 'internal':
        case 'unavailable':
          return lambdaError(
            new ServiceError('ServiceException', 'An internal error occurred.', 500)
          )
        default: {
          const action = call.operation
          const resource = `arn:aws:lambda:${this.region}:${this.accountId}:function:${call.rest?.functionName ?? ''}`
          return lambdaError(
            new ServiceError(
              'AccessDeniedException',
              `User: ${this.callerArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
              403
            )
          )
        }
      }
    }
    switch (fault.kind) {
      case 'throttle':
        return jsonError(new ServiceError('ThrottlingException', 'Rate exceeded'))
      case 'internal':
        return jsonError(
          new ServiceError('InternalServiceError', 'An error occurred on the server side.', 500)
        )
      case 'unavailable':
        return jsonError(new ServiceError('ServiceUnavailable', 'Service is unavailable.', 503))
      case 'echoValue':
        return jsonError(new ServiceError('InvalidParameterException', echoed(fault, call.body)))
      default:
        return jsonError(new ServiceError('AccessDeniedException', this.accessDenied(call)))
    }
  }

  private accessDenied(call: Call): string {
    const action = `secretsmanager:${call.operation}`
    const ids = SecretsManager.secretIds(call.body)
    const [only] = ids
    const resource =
      ids.length === 1 && only !== undefined
        ? this.secretsManager.resourceArn(only, this.region, this.accountId)
        : '*'
    return `User: ${this.callerArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`
  }

  private async answer(res: http.ServerResponse, reply: Reply): Promise<void> {
    await this.sleep(this.latencyMs)
    this.send(res, reply)
  }

  private send(res: http.ServerResponse, reply: Reply): void {
    if (res.destroyed) return
    const errorCode = reply.headers['x-amzn-errortype']
    if (errorCode !== undefined) this.errorCodes.set(res, errorCode)
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(Buffer.byteLength(reply.body))
    })
    res.end(reply.body)
  }

  /** A wait that stop() cuts short (by rejecting with Stopped). */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      const wait = {
        timer: setTimeout(() => {
          this.waits.delete(wait)
          resolve()
        }, ms),
        reject
      }
      this.waits.add(wait)
    })
  }
}

function jsonReply(status: number, body: JsonObject): Reply {
  return {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-RequestId': randomUUID() },
    body: JSON.stringify(body)
  }
}

function jsonError(error: ServiceError): Reply {
  const reply = jsonReply(error.status, { __type: error.code, Message: error.message })
  reply.headers['x-amzn-errortype'] = error.code
  return reply
}

function restReply(status: number, body: JsonObject): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-RequestId': randomUUID() },
    body: JSON.stringify(body)
  }
}

/** Lambda's error body: ResourceNotFoundException says "Message", the others "message". */
function lambdaError(error: ServiceError): Reply {
  const key = error.code === 'ResourceNotFoundException' ? 'Message' : 'message'
  const reply = restReply(error.status, { Type: 'User', [key]: error.message })
  reply.headers['x-amzn-errortype'] = error.code
  return reply
}

function xmlReply(status: number, body: string, requestId: string): Reply {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId }, body }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.destroy(new Error('request body too large'))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
