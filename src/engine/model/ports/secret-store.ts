/**
 * The engine's port to a secret store: what it needs, in its own shapes. The AWS adapter
 * (src/store/aws.ts) is the only module that imports the AWS SDK; the engine sees these shapes
 * and nothing else.
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

/** The version that is AWSCURRENT and its creation: when the value was written (its honest age). */
export interface CurrentVersion {
  versionId: string
  createdDate: Date
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

/** What one listing of a secret's versions tells. */
export interface VersionHistory {
  count: number
  current?: CurrentVersion
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
  /**
   * One listing of the secret's versions (ListSecretVersionIds, deprecated ones included): how
   * many it keeps, and its AWSCURRENT version with when it was created. No value is read.
   */
  versionHistory(name: string): Promise<VersionHistory>
  /**
   * Each name's AWSCURRENT version and when it was created (ListSecretVersionIds), undefined for
   * a name that does not exist. No value is read.
   */
  currentVersions(names: readonly string[]): Promise<Map<string, CurrentVersion | undefined>>
  /**
   * Moves AWSCURRENT from one version to another (UpdateSecretVersionStage); Secrets Manager then
   * labels the version it left AWSPREVIOUS. No value passes through.
   */
  moveCurrent(name: string, toVersionId: string, fromVersionId: string): Promise<void>
  /** One version's value (GetSecretValue by version id): what a rollback would make current. */
  versionValue(name: string, versionId: string): Promise<SecretValue>
}
