/**
 * What the engine needs from a secret store. The AWS implementation (aws.ts) is the only module
 * that imports the AWS SDK; the engine sees these shapes and nothing else.
 */

export interface SecretMetadata {
  name: string
  arn: string
  description?: string
  /** Set when the secret is scheduled for deletion. */
  deletedDate?: Date
  rotationEnabled: boolean
  rotationLambdaArn?: string
  lastChangedDate?: Date
  createdDate?: Date
  tags: Record<string, string>
  /** Version id → staging labels. */
  versionStages: Record<string, string[]>
}

export type SecretValue =
  | { ok: true; versionId: string; secretString?: string; createdDate?: Date }
  | { ok: false; errorCode: string }

export interface CreateRequest {
  name: string
  secretString: string
  description?: string
  kmsKeyId?: string
  tags: Record<string, string>
  clientRequestToken: string
}

export interface PutRequest {
  name: string
  secretString: string
  clientRequestToken: string
}

export interface WriteResult {
  arn: string
  versionId: string
}

export interface CallerIdentity {
  account: string
  arn: string
}

export interface SecretStore {
  /** Metadata of each name; undefined for a name that does not exist. */
  describe(names: readonly string[]): Promise<Map<string, SecretMetadata | undefined>>
  /** AWSCURRENT value of each name, in as few calls as the API allows. */
  currentValues(names: readonly string[]): Promise<Map<string, SecretValue>>
  create(request: CreateRequest): Promise<WriteResult>
  put(request: PutRequest): Promise<WriteResult>
  tag(name: string, tags: Record<string, string>): Promise<void>
  callerIdentity(): Promise<CallerIdentity>
  /** Every secret whose name starts with `namePrefix`, scheduled deletions included. No values. */
  list(namePrefix: string): Promise<SecretMetadata[]>
  /** How many versions the secret keeps, unlabelled (deprecated) ones included. */
  versionCount(name: string): Promise<number>
  /**
   * Moves AWSCURRENT from one version to another (UpdateSecretVersionStage); Secrets Manager then
   * labels the version it left AWSPREVIOUS. No value passes through.
   */
  moveCurrent(name: string, toVersionId: string, fromVersionId: string): Promise<void>
}

export type StoreErrorKind =
  | 'access-denied'
  | 'credentials'
  | 'not-found'
  | 'already-exists'
  | 'throttling'
  | 'network'
  | 'invalid'
  | 'kms'
  /** Lambda: the function changed since it was read (RevisionId), or an update was in progress. */
  | 'conflict'
  | 'other'

/** A failed store call, said in terms a user can act on. Never carries a secret value. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    /** The IAM action, e.g. "secretsmanager:PutSecretValue". */
    readonly action: string,
    /** The secret concerned, when there is one. */
    readonly secretId: string | undefined,
    /** The AWS error code, e.g. "AccessDeniedException". */
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

/** Several store calls failed: each is reported, not just the first. */
export class StoreFailures extends Error {
  constructor(readonly failures: StoreError[]) {
    super(failures.map((f) => f.message).join('\n'))
    this.name = 'StoreFailures'
  }
}

/** Awaits every promise; throws StoreFailures with every StoreError when any failed. */
export async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises)
  const failures: StoreError[] = []
  const values: T[] = []
  for (const r of settled) {
    if (r.status === 'fulfilled') {
      values.push(r.value)
      continue
    }
    const errors = storeErrorsOf(r.reason)
    if (!errors) throw r.reason
    failures.push(...errors)
  }
  if (failures.length) throw new StoreFailures(failures)
  return values
}

/** The store errors a failure carries (one, or several at once); undefined for anything else. */
export function storeErrorsOf(error: unknown): StoreError[] | undefined {
  if (error instanceof StoreFailures) return error.failures
  if (error instanceof StoreError) return [error]
  return undefined
}
