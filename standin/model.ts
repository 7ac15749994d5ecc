// The stand-in's data: secrets, their versions and staging labels, and the rules that move labels
// between versions. No HTTP and no request validation here (see operations.ts).

import { randomInt } from 'node:crypto'

export const AWSCURRENT = 'AWSCURRENT'
export const AWSPREVIOUS = 'AWSPREVIOUS'

/** Secrets Manager keeps about this many versions; beyond it, unlabelled (deprecated) ones go. */
export const MAX_VERSIONS = 100

export interface VersionRecord {
  versionId: string
  secretString?: string | undefined
  secretBinary?: Buffer | undefined
  stages: Set<string>
  /** epoch milliseconds */
  createdDate: number
  lastAccessedDate?: number | undefined
}

export interface SecretRecord {
  arn: string
  name: string
  description?: string | undefined
  kmsKeyId?: string | undefined
  tags: Map<string, string>
  /** in creation order */
  versions: Map<string, VersionRecord>
  createdDate: number
  lastChangedDate: number
  lastAccessedDate?: number | undefined
  /** when DeleteSecret was called; set while the secret is scheduled for deletion */
  deletedDate?: number | undefined
  /** when the secret will be removed for good (DeletedDate + recovery window) */
  deletionDate?: number | undefined
  rotationEnabled?: boolean | undefined
  rotationLambdaArn?: string | undefined
  rotationRules?: Record<string, unknown> | undefined
}

/** What `Standin.secret()` returns: a plain, deep copy of a secret for assertions. */
export interface StandinVersion {
  versionId: string
  secretString?: string | undefined
  secretBinary?: Uint8Array | undefined
  /** staging labels, sorted; empty for a deprecated version */
  stages: string[]
  createdDate: Date
}

export interface StandinSecret {
  arn: string
  name: string
  description?: string | undefined
  kmsKeyId?: string | undefined
  tags: Record<string, string>
  rotationEnabled: boolean
  rotationLambdaArn?: string | undefined
  createdDate: Date
  lastChangedDate: Date
  /** set while the secret is scheduled for deletion */
  deletedDate?: Date | undefined
  /** when a secret scheduled for deletion goes for good */
  deletionDate?: Date | undefined
  /** every version still kept, deprecated ones included, oldest first */
  versions: StandinVersion[]
}

export const isDeleted = (secret: SecretRecord): boolean => secret.deletedDate !== undefined

export function versionWithStage(secret: SecretRecord, stage: string): VersionRecord | undefined {
  for (const version of secret.versions.values()) if (version.stages.has(stage)) return version
  return undefined
}

export function sortedStages(version: VersionRecord): string[] {
  return [...version.stages].sort()
}

export function sameValue(
  version: VersionRecord,
  secretString: string | undefined,
  secretBinary: Buffer | undefined
): boolean {
  const sameBinary =
    version.secretBinary === undefined || secretBinary === undefined
      ? version.secretBinary === secretBinary
      : version.secretBinary.equals(secretBinary)
  return version.secretString === secretString && sameBinary
}

/**
 * Attaches `stage` to `target`, taking it off whichever version had it. Moving AWSCURRENT gives
 * the version it left AWSPREVIOUS (which in turn leaves its former holder), as AWS does.
 */
export function attachStage(secret: SecretRecord, stage: string, target: VersionRecord): void {
  const holder = versionWithStage(secret, stage)
  if (holder === target) return
  holder?.stages.delete(stage)
  target.stages.add(stage)
  if (stage === AWSCURRENT && holder !== undefined) {
    versionWithStage(secret, AWSPREVIOUS)?.stages.delete(AWSPREVIOUS)
    holder.stages.add(AWSPREVIOUS)
  }
  if (stage === AWSCURRENT) target.stages.delete(AWSPREVIOUS)
}

/** Drops the oldest deprecated (unlabelled) versions while there are more than MAX_VERSIONS. */
export function pruneDeprecated(secret: SecretRecord): void {
  for (const [id, version] of secret.versions) {
    if (secret.versions.size <= MAX_VERSIONS) return
    if (version.stages.size === 0) secret.versions.delete(id)
  }
}

const ARN_SUFFIX_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** Secrets by name, found by name, full ARN or partial ARN (the ARN without its -XXXXXX suffix). */
export class SecretsModel {
  private readonly secrets = new Map<string, SecretRecord>()

  constructor(
    private readonly region: string,
    private readonly accountId: string
  ) {}

  newArn(name: string): string {
    let suffix = ''
    for (let i = 0; i < 6; i++) suffix += ARN_SUFFIX_CHARS[randomInt(ARN_SUFFIX_CHARS.length)]
    return `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${suffix}`
  }

  /** A secret, including one scheduled for deletion (callers decide what that allows). */
  find(id: string): SecretRecord | undefined {
    this.purgeExpired()
    if (!id.startsWith('arn:')) return this.secrets.get(id)
    for (const secret of this.secrets.values()) {
      if (secret.arn === id || secret.arn.slice(0, -7) === id) return secret
    }
    return undefined
  }

  add(secret: SecretRecord): void {
    this.secrets.set(secret.name, secret)
  }

  remove(secret: SecretRecord): void {
    this.secrets.delete(secret.name)
  }

  all(): SecretRecord[] {
    this.purgeExpired()
    return [...this.secrets.values()]
  }

  clear(): void {
    this.secrets.clear()
  }

  /** Secrets whose recovery window has passed are gone for good. */
  private purgeExpired(now = Date.now()): void {
    for (const [name, secret] of this.secrets) {
      if (secret.deletionDate !== undefined && secret.deletionDate <= now) this.secrets.delete(name)
    }
  }
}

export function snapshot(secret: SecretRecord): StandinSecret {
  const date = (ms: number | undefined): Date | undefined =>
    ms === undefined ? undefined : new Date(ms)
  return {
    arn: secret.arn,
    name: secret.name,
    description: secret.description,
    kmsKeyId: secret.kmsKeyId,
    tags: Object.fromEntries(secret.tags),
    rotationEnabled: secret.rotationEnabled ?? false,
    rotationLambdaArn: secret.rotationLambdaArn,
    createdDate: new Date(secret.createdDate),
    lastChangedDate: new Date(secret.lastChangedDate),
    deletedDate: date(secret.deletedDate),
    deletionDate: date(secret.deletionDate),
    versions: [...secret.versions.values()].map((version) => ({
      versionId: version.versionId,
      secretString: version.secretString,
      secretBinary:
        version.secretBinary === undefined ? undefined : new Uint8Array(version.secretBinary),
      stages: sortedStages(version),
      createdDate: new Date(version.createdDate)
    }))
  }
}
