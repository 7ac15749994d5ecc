/**
 * The only module that talks to AWS: Secrets Manager for the secrets, STS for "whose credentials
 * are these". Endpoint, credentials and region come from the SDK's standard configuration
 * (AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL, the credential chain), so the same code
 * runs against AWS, LocalStack or the test stand-in.
 */
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
  type DescribeSecretCommandOutput,
  type SecretListEntry
} from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import pLimit from 'p-limit'
import { quotaMiddleware } from './quota.js'
import {
  settleAll,
  StoreError,
  type CreateRequest,
  type PutRequest,
  type SecretMetadata,
  type SecretStore,
  type SecretValue,
  type StoreErrorKind,
  type WriteResult
} from './store.js'

/** BatchGetSecretValue takes at most 20 ids a call. */
export const BATCH_GET_LIMIT = 20

export interface AwsStoreOptions {
  region: string
  /** Total attempts per call, first try included. */
  maxAttempts?: number
  retryMode?: 'standard' | 'adaptive'
  /** Time to open a TCP connection (DNS included); each of the endpoint's addresses gets a fifth. */
  connectionTimeoutMs?: number
  /** Time for a whole request and its answer; a write cut short is retried with the same token. */
  requestTimeoutMs?: number
  /** Calls in flight at once. */
  concurrency?: number
  userAgent?: string
  /** A named profile of ~/.aws/config (the CLI's --profile); else the standard chain. */
  profile?: string
  /** Overrides the SDK's endpoint settings (tests run several stand-ins in one process). */
  endpoint?: string
}

/**
 * Why these numbers (README "Time-outs and retries"): a Secrets Manager call answers in well
 * under a second, even from a runner on the far side of the world (a TCP handshake there takes
 * about 0.3 s). The time-outs users of aws-actions/aws-secretsmanager-get-secrets hit from far
 * regions (its issue #170) came from Node's 250 ms per-address connection attempt ("Happy
 * Eyeballs"), which AWS fixed by giving each address 1 s (PR #205), then made an input (PR #228):
 * here each address gets a fifth of the connection time-out, 1 s by default. Five attempts (the
 * SDK's default is three) ride out a burst of throttling; once AWS throttles writes, they are
 * paced at the write quota (quota.ts: why not the SDK's adaptive mode); 20 s per request only
 * fires on a connection that hangs.
 */
export const STORE_DEFAULTS = {
  maxAttempts: 5,
  retryMode: 'standard',
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 20_000,
  concurrency: 16
} as const

/** Node gives each address of a host this long before trying the next one (its default: 250 ms). */
export const addressAttemptMs = (connectionTimeoutMs: number): number =>
  Math.max(250, Math.floor(connectionTimeoutMs / 5))

const KIND_BY_CODE: Record<string, StoreErrorKind> = {
  AccessDeniedException: 'access-denied',
  AccessDenied: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  UnrecognizedClientException: 'credentials',
  InvalidClientTokenId: 'credentials',
  ExpiredToken: 'credentials',
  ExpiredTokenException: 'credentials',
  InvalidSignatureException: 'credentials',
  SignatureDoesNotMatch: 'credentials',
  CredentialsProviderError: 'credentials',
  ResourceNotFoundException: 'not-found',
  ResourceExistsException: 'already-exists',
  ThrottlingException: 'throttling',
  TooManyRequestsException: 'throttling',
  InvalidRequestException: 'invalid',
  InvalidParameterException: 'invalid',
  ValidationException: 'invalid',
  LimitExceededException: 'invalid',
  EncryptionFailure: 'kms',
  DecryptionFailure: 'kms',
  TimeoutError: 'network',
  RequestTimeout: 'network'
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN'
])

function describeFailure(
  kind: StoreErrorKind,
  action: string,
  secretId: string | undefined
): string {
  const on = secretId && kind !== 'credentials' ? ` on ${secretId}` : ''
  switch (kind) {
    case 'access-denied':
      return `AWS denied ${action}${on}.`
    case 'credentials':
      return `AWS rejected or could not find credentials for ${action}.`
    case 'throttling':
      return `AWS kept throttling ${action}${on} after every retry; rerun later.`
    case 'network':
      return `${action}${on} did not get an answer from AWS (network error or time-out) after every retry; rerun.`
    case 'not-found':
      return `${action}${on}: the secret does not exist.`
    case 'kms':
      return `${action}${on} failed: Secrets Manager could not use the KMS key.`
    case 'already-exists':
      return `${action}${on}: the secret or this version already exists (another run may have written it); rerun.`
    default:
      return `${action}${on} failed.`
  }
}

/** "…is not authorized to perform: kms:GenerateDataKey on resource…" names the action really denied. */
const DENIED_ACTION = /not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9]+)/

/** Turns whatever the SDK threw into a StoreError that names the action and the secret. */
export function toStoreError(error: unknown, action: string, secretId?: string): StoreError {
  if (error instanceof StoreError) return error
  const e = (error ?? {}) as {
    name?: string
    code?: string
    message?: string
    $metadata?: { httpStatusCode?: number }
  }
  // An error from another realm (a test runner's VM context) reaches us as the SDK's text wrapper.
  const wrapped = /^AWS SDK error wrapper for (\w+): /.exec(e.message ?? '')?.[1]
  const code = wrapped ?? (e.name && e.name !== 'Error' ? e.name : (e.code ?? 'Error'))
  let kind: StoreErrorKind = KIND_BY_CODE[code] ?? 'other'
  if (kind === 'other' && (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(code)))
    kind = 'network'
  if (kind === 'other' && /could not load credentials/i.test(e.message ?? '')) kind = 'credentials'
  const said = (e.message ?? '').trim()
  const denied = kind === 'access-denied' ? DENIED_ACTION.exec(said)?.[1] : undefined
  // Only the service's own words are quoted: a client-side error (a response that would not
  // parse, say) may carry a piece of the payload.
  const fromService =
    e.$metadata?.httpStatusCode !== undefined && code !== 'SyntaxError' && /^[A-Z]\w+$/.test(code)
  const aws =
    said && fromService && kind !== 'credentials'
      ? ` AWS said: ${said}${/[.!?]$/.test(said) ? '' : '.'}`
      : ''
  const failing = denied ?? action
  return new StoreError(
    kind,
    failing,
    secretId,
    code,
    `${describeFailure(kind, failing, secretId)}${aws}`
  )
}

function metadataOf(
  out: DescribeSecretCommandOutput | SecretListEntry,
  name: string
): SecretMetadata {
  // DescribeSecret says VersionIdsToStages, ListSecrets says SecretVersionsToStages.
  const stages: Record<string, string[]> | undefined =
    (out as DescribeSecretCommandOutput).VersionIdsToStages ??
    (out as SecretListEntry).SecretVersionsToStages
  return {
    name: out.Name ?? name,
    arn: out.ARN ?? '',
    ...(out.Description !== undefined ? { description: out.Description } : {}),
    ...(out.DeletedDate ? { deletedDate: out.DeletedDate } : {}),
    rotationEnabled: out.RotationEnabled === true,
    ...(out.RotationLambdaARN ? { rotationLambdaArn: out.RotationLambdaARN } : {}),
    ...(out.LastChangedDate ? { lastChangedDate: out.LastChangedDate } : {}),
    ...(out.CreatedDate ? { createdDate: out.CreatedDate } : {}),
    tags: Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    versionStages: Object.fromEntries(
      Object.entries(stages ?? {}).map(([id, stages]) => [id, [...stages]])
    )
  }
}

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))

/**
 * The region the SDK's standard chain finds (AWS_REGION, then the profile's `region` in
 * ~/.aws/config), else `fallback`: what the CLI uses when --region is not given.
 */
export async function regionFromChain(fallback: string, profile?: string): Promise<string> {
  try {
    return await new SecretsManagerClient(profile ? { profile } : {}).config.region()
  } catch {
    return fallback
  }
}

export class AwsStore implements SecretStore {
  private readonly sm: SecretsManagerClient
  private readonly sts: STSClient
  private readonly limit: ReturnType<typeof pLimit>

  constructor(options: AwsStoreOptions) {
    const o = { ...STORE_DEFAULTS, ...options }
    // Agent options reach net.connect: the per-address attempt, for http (tests) and https (AWS).
    const agent = { autoSelectFamilyAttemptTimeout: addressAttemptMs(o.connectionTimeoutMs) }
    const common = {
      region: o.region,
      maxAttempts: o.maxAttempts,
      retryMode: o.retryMode,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
      requestHandler: {
        connectionTimeout: o.connectionTimeoutMs,
        requestTimeout: o.requestTimeoutMs,
        throwOnRequestTimeout: true,
        httpAgent: agent,
        httpsAgent: agent
      },
      ...(o.userAgent ? { customUserAgent: o.userAgent } : {}),
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.profile ? { profile: o.profile } : {})
    }
    this.sm = new SecretsManagerClient(common)
    this.sm.middlewareStack.add(quotaMiddleware() as never, {
      step: 'finalizeRequest',
      priority: 'low',
      name: 'impressionnistesWriteQuota'
    })
    this.sts = new STSClient(common)
    this.limit = pLimit(o.concurrency)
  }

  /** Closes the clients' connections (a long-lived process making many stores calls this). */
  destroy(): void {
    this.sm.destroy()
    this.sts.destroy()
  }

  private call<T>(action: string, secretId: string | undefined, run: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      try {
        return await run()
      } catch (error) {
        throw toStoreError(error, action, secretId)
      }
    })
  }

  async describe(names: readonly string[]): Promise<Map<string, SecretMetadata | undefined>> {
    const entries = await settleAll(
      names.map(async (name) => {
        try {
          const out = await this.call('secretsmanager:DescribeSecret', name, () =>
            this.sm.send(new DescribeSecretCommand({ SecretId: name }))
          )
          return [name, metadataOf(out, name)] as const
        } catch (error) {
          if (error instanceof StoreError && error.kind === 'not-found')
            return [name, undefined] as const
          throw error
        }
      })
    )
    return new Map(entries)
  }

  async currentValues(names: readonly string[]): Promise<Map<string, SecretValue>> {
    const batches: string[][] = []
    for (let i = 0; i < names.length; i += BATCH_GET_LIMIT)
      batches.push(names.slice(i, i + BATCH_GET_LIMIT))
    const values = new Map<string, SecretValue>()
    await settleAll(
      batches.map((batch) =>
        this.call(
          'secretsmanager:BatchGetSecretValue',
          batch.length === 1 ? batch[0] : undefined,
          async () => {
            let nextToken: string | undefined
            do {
              const out = await this.sm.send(
                new BatchGetSecretValueCommand({
                  SecretIdList: batch,
                  ...(nextToken ? { NextToken: nextToken } : {})
                })
              )
              for (const v of out.SecretValues ?? []) {
                const key = batch.find((id) => id === v.Name || id === v.ARN) ?? v.Name ?? ''
                values.set(key, {
                  ok: true,
                  versionId: v.VersionId ?? '',
                  ...(v.SecretString !== undefined ? { secretString: v.SecretString } : {}),
                  ...(v.CreatedDate ? { createdDate: v.CreatedDate } : {})
                })
              }
              for (const err of out.Errors ?? []) {
                values.set(err.SecretId ?? '', { ok: false, errorCode: err.ErrorCode ?? 'Error' })
              }
              nextToken = out.NextToken
            } while (nextToken)
          }
        )
      )
    )
    return values
  }

  async create(request: CreateRequest): Promise<WriteResult> {
    const out = await this.call('secretsmanager:CreateSecret', request.name, () =>
      this.sm.send(
        new CreateSecretCommand({
          Name: request.name,
          SecretString: request.secretString,
          ClientRequestToken: request.clientRequestToken,
          ...(request.description ? { Description: request.description } : {}),
          ...(request.kmsKeyId ? { KmsKeyId: request.kmsKeyId } : {}),
          Tags: tagList(request.tags)
        })
      )
    )
    return { arn: out.ARN ?? '', versionId: out.VersionId ?? '' }
  }

  async put(request: PutRequest): Promise<WriteResult> {
    const out = await this.call('secretsmanager:PutSecretValue', request.name, () =>
      this.sm.send(
        new PutSecretValueCommand({
          SecretId: request.name,
          SecretString: request.secretString,
          ClientRequestToken: request.clientRequestToken
        })
      )
    )
    return { arn: out.ARN ?? '', versionId: out.VersionId ?? '' }
  }

  async tag(name: string, tags: Record<string, string>): Promise<void> {
    await this.call('secretsmanager:TagResource', name, () =>
      this.sm.send(new TagResourceCommand({ SecretId: name, Tags: tagList(tags) }))
    )
  }

  async callerIdentity() {
    const out = await this.call('sts:GetCallerIdentity', undefined, () =>
      this.sts.send(new GetCallerIdentityCommand({}))
    )
    return { account: out.Account ?? '', arn: out.Arn ?? '' }
  }

  async list(namePrefix: string): Promise<SecretMetadata[]> {
    const found: SecretMetadata[] = []
    await this.call('secretsmanager:ListSecrets', undefined, async () => {
      let nextToken: string | undefined
      do {
        const out = await this.sm.send(
          new ListSecretsCommand({
            // The name filter matches names that start with the value.
            Filters: [{ Key: 'name', Values: [namePrefix] }],
            IncludePlannedDeletion: true,
            MaxResults: 100,
            ...(nextToken ? { NextToken: nextToken } : {})
          })
        )
        for (const entry of out.SecretList ?? []) {
          // The filter is a prefix match on words too: keep only names really under the prefix.
          if (entry.Name?.startsWith(namePrefix)) found.push(metadataOf(entry, entry.Name))
        }
        nextToken = out.NextToken
      } while (nextToken)
    })
    return found.sort((a, b) => a.name.localeCompare(b.name))
  }

  async versionCount(name: string): Promise<number> {
    return this.call('secretsmanager:ListSecretVersionIds', name, async () => {
      let count = 0
      let nextToken: string | undefined
      do {
        const out = await this.sm.send(
          new ListSecretVersionIdsCommand({
            SecretId: name,
            IncludeDeprecated: true,
            MaxResults: 100,
            ...(nextToken ? { NextToken: nextToken } : {})
          })
        )
        count += out.Versions?.length ?? 0
        nextToken = out.NextToken
      } while (nextToken)
      return count
    })
  }

  async moveCurrent(name: string, toVersionId: string, fromVersionId: string): Promise<void> {
    await this.call('secretsmanager:UpdateSecretVersionStage', name, () =>
      this.sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: toVersionId,
          RemoveFromVersionId: fromVersionId
        })
      )
    )
  }
}
