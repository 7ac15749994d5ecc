// The Secrets Manager operations: request in, response out, over the data model in model.ts.
//
// Behaviour follows the AWS Secrets Manager API reference (and the botocore service model for
// member constraints). Where the reference is silent, messages are the ones AWS was recorded
// returning (LocalStack's AWS-validated snapshots, moto's AWS-verified tests), notably:
//   - not found: ResourceNotFoundException "Secrets Manager can't find the specified secret." (HTTP 400)
//   - scheduled for deletion: InvalidRequestException "You can't perform this operation on the
//     secret because it was marked for deletion."; CreateSecret of such a name: InvalidRequestException
//     "You can't create this secret because a secret with this name is already scheduled for deletion."
//   - name taken: ResourceExistsException "The operation failed because the secret NAME already exists."
//   - CreateSecret retried with the ClientRequestToken of an existing version of that secret and the
//     same value: success, answering the same ARN/Name/VersionId; with another value:
//     ResourceExistsException "You can't use ClientRequestToken T because that value is already in
//     use for a version of secret ARN"; PutSecretValue behaves the same way.
//   - a value without ClientRequestToken: InvalidRequestException "You must provide a
//     ClientRequestToken value. We recommend a UUID-type value." (SDKs always generate one.)
//   - bad name: ValidationException "Invalid name. Must be a valid name containing alphanumeric
//     characters, or any of the following: -/_+=.@!"
//   - model constraints (lengths, list sizes, ranges, enums): one ValidationException in the
//     "N validation error(s) detected: …" form, see validation.ts.
// Not simulated: KMS, replication, resource policies, the 24-hour version retention (only the
// 100-version cap), and Lambda rotation (RotateSecret only records the configuration).

import {
  ServiceError,
  invalidParameter,
  invalidRequest,
  markedForDeletion,
  notFound
} from './errors.js'
import {
  AWSCURRENT,
  SecretsModel,
  attachStage,
  isDeleted,
  pruneDeprecated,
  sameValue,
  sortedStages,
  versionWithStage,
  type SecretRecord,
  type VersionRecord
} from './model.js'
import { Input, Validator, type Filter, type JsonObject, type Tag } from './validation.js'

/** Operations that change state: a fault with applyBeforeEffect=false lets them happen first. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateSecret',
  'PutSecretValue',
  'UpdateSecretVersionStage',
  'DeleteSecret',
  'RestoreSecret',
  'TagResource',
  'UntagResource',
  'RotateSecret'
])

/** Operations that share the account's write quota (writeRatePerSecond). */
export const RATE_LIMITED_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateSecret',
  'PutSecretValue',
  'UpdateSecretVersionStage'
])

const MAX_VALUE_BYTES = 65_536
const MAX_TAGS = 50
const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/
const TAG_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u
const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all'
] as const
// The model's pattern for filter values: ^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$
const FILTER_VALUE_PATTERN = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/
const SORT_BY = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'] as const
const DAY_MS = 86_400_000

const TOKEN_REQUIRED =
  'You must provide a ClientRequestToken value. We recommend a UUID-type value.'
const BOTH_VALUES =
  "You can't specify both a binary secret value and a string secret value in the same secret."

type Handler = (input: Input) => JsonObject

/** Epoch seconds, as the JSON protocol carries timestamps. */
const epoch = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : ms / 1000

/** LastAccessedDate has a resolution of one day. */
const startOfDay = (ms: number): number => ms - (ms % DAY_MS)

export class SecretsManager {
  private readonly handlers: Record<string, Handler> = {
    CreateSecret: (input) => this.createSecret(input),
    PutSecretValue: (input) => this.putSecretValue(input),
    GetSecretValue: (input) => this.getSecretValue(input),
    BatchGetSecretValue: (input) => this.batchGetSecretValue(input),
    DescribeSecret: (input) => this.describeSecret(input),
    ListSecrets: (input) => this.listSecrets(input),
    ListSecretVersionIds: (input) => this.listSecretVersionIds(input),
    TagResource: (input) => this.tagResource(input),
    UntagResource: (input) => this.untagResource(input),
    UpdateSecretVersionStage: (input) => this.updateSecretVersionStage(input),
    DeleteSecret: (input) => this.deleteSecret(input),
    RestoreSecret: (input) => this.restoreSecret(input),
    RotateSecret: (input) => this.rotateSecret(input)
  }

  /**
   * A test switch, like the faults: when set, no list answer holds more than this many entries.
   * The API reference says a list answer may hold fewer entries than MaxResults, and carry a
   * NextToken "even when the response includes no values at all, such as when you ask for a
   * filtered view of a long list"; for BatchGetSecretValue only MaxResults needs Filters, not
   * NextToken. So with a page size set, ListSecrets and BatchGetSecretValue's Filters scan that
   * many secrets a call and answer those that match (a page can be empty); ListSecretVersionIds
   * scans that many versions; a SecretIdList is answered that many ids at a time.
   */
  pageSize: number | undefined

  constructor(private readonly model: SecretsModel) {}

  /** Runs one operation; failures are thrown as ServiceError. */
  handle(operation: string, body: JsonObject): JsonObject {
    const handler = Object.hasOwn(this.handlers, operation) ? this.handlers[operation] : undefined
    if (handler === undefined) {
      throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`)
    }
    return handler(new Input(body))
  }

  /** The secrets a request names (for the call log and AccessDenied messages). */
  static secretIds(body: JsonObject): string[] {
    const ids = [body['SecretId'], body['Name']].filter((id) => typeof id === 'string')
    const list = body['SecretIdList']
    if (Array.isArray(list)) ids.push(...list.filter((id) => typeof id === 'string'))
    return ids as string[]
  }

  /** The ARN IAM would name for a secret id (the secret's own ARN when it exists). */
  resourceArn(id: string, region: string, accountId: string): string {
    const secret = this.model.find(id)
    if (secret !== undefined) return secret.arn
    return id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${region}:${accountId}:secret:${id}`
  }

  // ---- operations -------------------------------------------------------------------------

  private createSecret(input: Input): JsonObject {
    const name = input.string('Name')
    const token = input.string('ClientRequestToken')
    const description = input.string('Description')
    const kmsKeyId = input.string('KmsKeyId')
    const secretString = input.string('SecretString')
    const secretBinary = input.blob('SecretBinary')
    const tags = input.tags('Tags')
    input.boolean('ForceOverwriteReplicaSecret') // accepted, ignored: there are no replicas

    const v = new Validator()
    if (v.required('name', name)) v.length('name', name, { min: 1, max: 512 })
    v.length('clientRequestToken', token, { min: 32, max: 64 })
    v.length('description', description, { max: 2048 })
    v.length('kmsKeyId', kmsKeyId, { max: 2048 })
    checkValueLengths(v, secretString, secretBinary)
    v.tags('tags', tags)
    v.throwIfAny()
    if (name === undefined) throw new Error('unreachable: Name is required')

    if (!NAME_PATTERN.test(name)) {
      throw new ServiceError(
        'ValidationException',
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!'
      )
    }
    checkValue(secretString, secretBinary)
    const hasValue = secretString !== undefined || secretBinary !== undefined
    if (hasValue && token === undefined) throw invalidRequest(TOKEN_REQUIRED)
    checkTagRules(tags ?? [], new Map())

    const existing = this.model.find(name)
    if (existing !== undefined) {
      if (isDeleted(existing)) {
        throw invalidRequest(
          "You can't create this secret because a secret with this name is already scheduled for deletion."
        )
      }
      const retried = token === undefined ? undefined : existing.versions.get(token)
      if (retried === undefined) {
        throw new ServiceError(
          'ResourceExistsException',
          `The operation failed because the secret ${name} already exists.`
        )
      }
      // A retry of the CreateSecret that made this secret: idempotent when the value is the same.
      if (!sameValue(retried, secretString, secretBinary)) throw tokenInUse(retried, existing)
      return { ARN: existing.arn, Name: existing.name, VersionId: retried.versionId }
    }

    const now = Date.now()
    const secret: SecretRecord = {
      arn: this.model.newArn(name),
      name,
      description,
      kmsKeyId,
      tags: new Map((tags ?? []).map((tag) => [tag.Key, tag.Value ?? ''])),
      versions: new Map(),
      createdDate: now,
      lastChangedDate: now
    }
    let versionId: string | undefined
    if (hasValue && token !== undefined) {
      const version = newVersion(token, secretString, secretBinary, now)
      secret.versions.set(token, version)
      attachStage(secret, AWSCURRENT, version)
      versionId = token
    }
    this.model.add(secret)
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId }
  }

  private putSecretValue(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const token = input.string('ClientRequestToken')
    const secretString = input.string('SecretString')
    const secretBinary = input.blob('SecretBinary')
    const versionStages = input.stringList('VersionStages')
    input.string('RotationToken') // accepted, ignored: there is no rotation function

    const v = new Validator()
    checkSecretId(v, secretId)
    v.length('clientRequestToken', token, { min: 32, max: 64 })
    checkValueLengths(v, secretString, secretBinary)
    v.length('versionStages', versionStages, { min: 1, max: 20 })
    versionStages?.forEach((stage, i) =>
      v.length(`versionStages.${i + 1}.member`, stage, { min: 1, max: 256 })
    )
    v.throwIfAny()

    checkValue(secretString, secretBinary)
    if (secretString === undefined && secretBinary === undefined) {
      throw invalidRequest('You must provide either SecretString or SecretBinary.')
    }
    if (token === undefined) throw invalidRequest(TOKEN_REQUIRED)
    const secret = this.liveSecret(secretId)

    const existing = secret.versions.get(token)
    if (existing !== undefined) {
      // Same token, same value: a retry that changes nothing. Another value: versions are immutable.
      if (!sameValue(existing, secretString, secretBinary)) throw tokenInUse(existing, secret)
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: existing.versionId,
        VersionStages: sortedStages(existing)
      }
    }

    const now = Date.now()
    const version = newVersion(token, secretString, secretBinary, now)
    secret.versions.set(token, version)
    for (const stage of versionStages ?? [AWSCURRENT]) attachStage(secret, stage, version)
    // The first version of a secret always becomes AWSCURRENT.
    if (versionWithStage(secret, AWSCURRENT) === undefined) {
      attachStage(secret, AWSCURRENT, version)
    }
    pruneDeprecated(secret)
    secret.lastChangedDate = now
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      VersionStages: sortedStages(version)
    }
  }

  private getSecretValue(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const versionId = input.string('VersionId')
    const versionStage = input.string('VersionStage')

    const v = new Validator()
    checkSecretId(v, secretId)
    v.length('versionId', versionId, { min: 32, max: 64 })
    v.length('versionStage', versionStage, { min: 1, max: 256 })
    v.throwIfAny()

    const secret = this.liveSecret(secretId)
    return this.secretValue(secret, versionId, versionStage)
  }

  private batchGetSecretValue(input: Input): JsonObject {
    const secretIdList = input.stringList('SecretIdList')
    const filters = input.filters('Filters')
    const maxResults = input.number('MaxResults')
    const nextToken = input.string('NextToken')

    const v = new Validator()
    v.length('secretIdList', secretIdList, { min: 1, max: 20 })
    secretIdList?.forEach((id, i) =>
      v.length(`secretIdList.${i + 1}.member`, id, { min: 1, max: 2048 })
    )
    checkFilters(v, filters)
    v.range('maxResults', maxResults, 1, 20)
    v.length('nextToken', nextToken, { min: 1, max: 4096 })
    v.throwIfAny()

    if ((secretIdList === undefined) === (filters === undefined)) {
      throw invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.")
    }
    if (maxResults !== undefined && filters === undefined) {
      throw invalidParameter(
        "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided."
      )
    }

    const values: JsonObject[] = []
    const errors: JsonObject[] = []
    // One secret's failure is reported in Errors; it does not fail the call.
    const collect = (secretId: string, read: () => JsonObject): void => {
      try {
        values.push(read())
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error
        errors.push({ SecretId: secretId, ErrorCode: error.code, Message: error.message })
      }
    }

    let next: string | undefined
    if (secretIdList !== undefined) {
      const page = paginate(secretIdList, nextToken, this.pageSize ?? secretIdList.length)
      for (const id of page.items) collect(id, () => this.secretValue(this.liveSecret(id)))
      next = page.nextToken
    } else {
      const live = this.model
        .all()
        .filter((secret) => !isDeleted(secret))
        .sort((a, b) => a.createdDate - b.createdDate)
      const matches = (secret: SecretRecord): boolean => matchesFilters(secret, filters ?? [])
      const page = this.page(live, matches, nextToken, maxResults ?? 20)
      for (const secret of page.items) collect(secret.name, () => this.secretValue(secret))
      next = page.nextToken
    }
    return { SecretValues: values, Errors: errors, NextToken: next }
  }

  private describeSecret(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const v = new Validator()
    checkSecretId(v, secretId)
    v.throwIfAny()

    const secret = this.existingSecret(secretId) // also answers for a secret scheduled for deletion
    return {
      ...this.secretMetadata(secret),
      VersionIdsToStages: versionsToStages(secret)
    }
  }

  private listSecrets(input: Input): JsonObject {
    const includePlannedDeletion = input.boolean('IncludePlannedDeletion') ?? false
    const maxResults = input.number('MaxResults')
    const nextToken = input.string('NextToken')
    const filters = input.filters('Filters')
    const sortOrder = input.string('SortOrder')
    const sortBy = input.string('SortBy')

    const v = new Validator()
    v.range('maxResults', maxResults, 1, 100)
    v.length('nextToken', nextToken, { min: 1, max: 4096 })
    checkFilters(v, filters)
    v.oneOf('sortOrder', sortOrder, ['asc', 'desc'])
    v.oneOf('sortBy', sortBy, SORT_BY)
    v.throwIfAny()

    const key = sortKey(sortBy ?? 'created-date')
    const direction = sortOrder === 'desc' ? -1 : 1
    const secrets = this.model
      .all()
      .filter((secret) => includePlannedDeletion || !isDeleted(secret))
      .sort((a, b) => direction * compare(key(a), key(b)))
    const matches = (secret: SecretRecord): boolean => matchesFilters(secret, filters ?? [])
    const page = this.page(secrets, matches, nextToken, maxResults ?? 100)
    return {
      SecretList: page.items.map((secret) => ({
        ...this.secretMetadata(secret),
        SecretVersionsToStages: versionsToStages(secret)
      })),
      NextToken: page.nextToken
    }
  }

  private listSecretVersionIds(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const maxResults = input.number('MaxResults')
    const nextToken = input.string('NextToken')
    const includeDeprecated = input.boolean('IncludeDeprecated') ?? false

    const v = new Validator()
    checkSecretId(v, secretId)
    v.range('maxResults', maxResults, 1, 100)
    v.length('nextToken', nextToken, { min: 1, max: 4096 })
    v.throwIfAny()

    const secret = this.existingSecret(secretId)
    const listed = (version: VersionRecord): boolean => includeDeprecated || version.stages.size > 0
    const page = this.page([...secret.versions.values()], listed, nextToken, maxResults ?? 100)
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: page.items.map((version) => ({
        VersionId: version.versionId,
        VersionStages: version.stages.size > 0 ? sortedStages(version) : undefined,
        LastAccessedDate: epoch(version.lastAccessedDate),
        CreatedDate: epoch(version.createdDate),
        KmsKeyIds: [secret.kmsKeyId ?? 'DefaultEncryptionKey']
      })),
      NextToken: page.nextToken
    }
  }

  private tagResource(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const tags = input.tags('Tags')

    const v = new Validator()
    checkSecretId(v, secretId)
    v.required('tags', tags)
    v.tags('tags', tags)
    v.throwIfAny()

    const secret = this.liveSecret(secretId)
    checkTagRules(tags ?? [], secret.tags)
    for (const tag of tags ?? []) secret.tags.set(tag.Key, tag.Value ?? '')
    secret.lastChangedDate = Date.now()
    return {}
  }

  private untagResource(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const tagKeys = input.stringList('TagKeys')

    const v = new Validator()
    checkSecretId(v, secretId)
    v.required('tagKeys', tagKeys)
    tagKeys?.forEach((key, i) => v.length(`tagKeys.${i + 1}.member`, key, { min: 1, max: 128 }))
    v.throwIfAny()

    const secret = this.liveSecret(secretId)
    // Removing a tag that is not there is not an error.
    for (const key of tagKeys ?? []) secret.tags.delete(key)
    secret.lastChangedDate = Date.now()
    return {}
  }

  private updateSecretVersionStage(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const stage = input.string('VersionStage')
    const removeFromVersionId = input.string('RemoveFromVersionId')
    const moveToVersionId = input.string('MoveToVersionId')

    const v = new Validator()
    checkSecretId(v, secretId)
    if (v.required('versionStage', stage)) v.length('versionStage', stage, { min: 1, max: 256 })
    v.length('removeFromVersionId', removeFromVersionId, { min: 32, max: 64 })
    v.length('moveToVersionId', moveToVersionId, { min: 32, max: 64 })
    v.throwIfAny()
    if (stage === undefined) throw new Error('unreachable: VersionStage is required')

    const secret = this.liveSecret(secretId)
    const holder = versionWithStage(secret, stage)
    const removeFrom =
      removeFromVersionId === undefined ? undefined : knownVersion(secret, removeFromVersionId)
    const moveTo = moveToVersionId === undefined ? undefined : knownVersion(secret, moveToVersionId)

    if (moveTo !== undefined) {
      // Taking a label from another version must name that version in RemoveFromVersionId.
      if (holder !== undefined && holder !== moveTo && holder !== removeFrom) {
        throw invalidParameter(
          removeFrom === undefined
            ? `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`
            : `The parameter RemoveFromVersionId doesn't match. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`
        )
      }
      attachStage(secret, stage, moveTo) // moving AWSCURRENT also moves AWSPREVIOUS
    } else if (removeFrom !== undefined) {
      if (stage === AWSCURRENT) {
        throw invalidParameter(
          "You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed."
        )
      }
      if (holder !== removeFrom) {
        throw invalidParameter(
          `Staging label ${stage} is not attached to version ${removeFrom.versionId}.`
        )
      }
      removeFrom.stages.delete(stage) // a version left without labels is deprecated
    } else {
      throw invalidParameter('You must specify MoveToVersionId or RemoveFromVersionId.')
    }
    pruneDeprecated(secret)
    secret.lastChangedDate = Date.now()
    return { ARN: secret.arn, Name: secret.name }
  }

  private deleteSecret(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const recoveryWindowInDays = input.number('RecoveryWindowInDays')
    const force = input.boolean('ForceDeleteWithoutRecovery') ?? false

    const v = new Validator()
    checkSecretId(v, secretId)
    v.throwIfAny()
    if (secretId === undefined) throw new Error('unreachable: SecretId is required')

    if (recoveryWindowInDays !== undefined && force) {
      throw invalidParameter(
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."
      )
    }
    if (
      recoveryWindowInDays !== undefined &&
      (recoveryWindowInDays < 7 || recoveryWindowInDays > 30)
    ) {
      throw invalidParameter(
        'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).'
      )
    }

    const now = Date.now()
    const secret = this.model.find(secretId)
    if (secret === undefined) {
      // Documented: a forced delete of a missing secret does not return ResourceNotFoundException.
      if (force) return { Name: secretId, DeletionDate: epoch(now) }
      throw notFound()
    }
    if (force) {
      this.model.remove(secret)
      return { ARN: secret.arn, Name: secret.name, DeletionDate: epoch(now) }
    }
    if (isDeleted(secret)) throw markedForDeletion()

    secret.deletedDate = now
    secret.deletionDate = now + (recoveryWindowInDays ?? 30) * DAY_MS
    secret.lastChangedDate = now
    return { ARN: secret.arn, Name: secret.name, DeletionDate: epoch(secret.deletionDate) }
  }

  private restoreSecret(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const v = new Validator()
    checkSecretId(v, secretId)
    v.throwIfAny()

    const secret = this.existingSecret(secretId)
    secret.deletedDate = undefined
    secret.deletionDate = undefined
    secret.lastChangedDate = Date.now()
    return { ARN: secret.arn, Name: secret.name }
  }

  /**
   * Only records the rotation configuration (RotationEnabled, RotationLambdaARN, RotationRules)
   * so that tests can see it in DescribeSecret/ListSecrets. No Lambda function is invoked and no
   * AWSPENDING version is created, so the response carries no VersionId.
   */
  private rotateSecret(input: Input): JsonObject {
    const secretId = input.string('SecretId')
    const token = input.string('ClientRequestToken')
    const lambdaArn = input.string('RotationLambdaARN')
    const rules = input.object('RotationRules')
    input.boolean('RotateImmediately')

    const v = new Validator()
    checkSecretId(v, secretId)
    v.length('clientRequestToken', token, { min: 32, max: 64 })
    v.length('rotationLambdaARN', lambdaArn, { max: 2048 })
    v.throwIfAny()

    const secret = this.liveSecret(secretId)
    const configuredLambda = lambdaArn ?? secret.rotationLambdaArn
    if (configuredLambda === undefined) {
      throw invalidRequest(
        "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call."
      )
    }
    secret.rotationLambdaArn = configuredLambda
    if (rules !== undefined) secret.rotationRules = rules
    secret.rotationEnabled = true
    secret.lastChangedDate = Date.now()
    return { ARN: secret.arn, Name: secret.name }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * One page of the `items` that match: up to `limit` of them; with a page size set, those among
   * the next min(limit, pageSize) items, so a page can come back short or empty.
   */
  private page<T>(
    items: T[],
    matches: (item: T) => boolean,
    nextToken: string | undefined,
    limit: number
  ): Page<T> {
    if (this.pageSize === undefined) return paginate(items.filter(matches), nextToken, limit)
    const scanned = paginate(items, nextToken, Math.min(limit, this.pageSize))
    return { items: scanned.items.filter(matches), nextToken: scanned.nextToken }
  }

  /** A secret that exists, scheduled for deletion or not. */
  private existingSecret(id: string | undefined): SecretRecord {
    const secret = id === undefined ? undefined : this.model.find(id)
    if (secret === undefined) throw notFound()
    return secret
  }

  /** A secret that exists and is not scheduled for deletion. */
  private liveSecret(id: string | undefined): SecretRecord {
    const secret = this.existingSecret(id)
    if (isDeleted(secret)) throw markedForDeletion()
    return secret
  }

  /** GetSecretValue's answer (also one BatchGetSecretValue entry); records the access. */
  private secretValue(secret: SecretRecord, versionId?: string, versionStage?: string): JsonObject {
    const version = resolveVersion(secret, versionId, versionStage)
    const today = startOfDay(Date.now())
    secret.lastAccessedDate = today
    version.lastAccessedDate = today
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      SecretString: version.secretString,
      SecretBinary: version.secretBinary?.toString('base64'),
      VersionStages: sortedStages(version),
      CreatedDate: epoch(version.createdDate)
    }
  }

  /** The members DescribeSecret and ListSecrets share; absent values are omitted, as AWS does. */
  private secretMetadata(secret: SecretRecord): JsonObject {
    return {
      ARN: secret.arn,
      Name: secret.name,
      Description: secret.description,
      KmsKeyId: secret.kmsKeyId,
      RotationEnabled: secret.rotationEnabled,
      RotationLambdaARN: secret.rotationLambdaArn,
      RotationRules: secret.rotationRules,
      LastChangedDate: epoch(secret.lastChangedDate),
      LastAccessedDate: epoch(secret.lastAccessedDate),
      DeletedDate: epoch(secret.deletedDate),
      Tags:
        secret.tags.size > 0 ? [...secret.tags].map(([Key, Value]) => ({ Key, Value })) : undefined,
      CreatedDate: epoch(secret.createdDate)
    }
  }
}

// ---- request checks ---------------------------------------------------------------------------

function checkSecretId(v: Validator, secretId: string | undefined): void {
  if (v.required('secretId', secretId)) v.length('secretId', secretId, { min: 1, max: 2048 })
}

function checkValueLengths(
  v: Validator,
  secretString: string | undefined,
  secretBinary: Buffer | undefined
): void {
  v.length('secretString', secretString, { min: 1, max: MAX_VALUE_BYTES, sensitive: true })
  v.length('secretBinary', secretBinary, { min: 1, max: MAX_VALUE_BYTES, sensitive: true })
}

/** Rules on the value beyond the model's length constraints. */
function checkValue(secretString: string | undefined, secretBinary: Buffer | undefined): void {
  if (secretString !== undefined && secretBinary !== undefined) throw invalidParameter(BOTH_VALUES)
  // The quota is 65,536 bytes; a string within 65,536 characters can still be longer in UTF-8.
  if (secretString !== undefined && Buffer.byteLength(secretString, 'utf8') > MAX_VALUE_BYTES) {
    throw invalidParameter(`The secret value can't be larger than ${MAX_VALUE_BYTES} bytes.`)
  }
}

/** Tag rules the model does not express: allowed characters, the aws: prefix, 50 per secret. */
function checkTagRules(tags: Tag[], current: ReadonlyMap<string, string>): void {
  const v = new Validator()
  tags.forEach((tag, i) => {
    v.pattern(`tags.${i + 1}.member.key`, tag.Key, TAG_PATTERN)
    v.pattern(`tags.${i + 1}.member.value`, tag.Value, TAG_PATTERN)
  })
  v.throwIfAny()
  const reserved = tags.find((tag) => tag.Key.toLowerCase().startsWith('aws:'))
  if (reserved !== undefined) {
    throw invalidParameter(
      `Invalid tag key ${reserved.Key}: the aws: prefix is reserved for AWS use.`
    )
  }
  const keys = new Set([...current.keys(), ...tags.map((tag) => tag.Key)])
  const counted = [...keys].filter((key) => !key.toLowerCase().startsWith('aws:'))
  if (counted.length > MAX_TAGS) {
    throw invalidParameter(`A secret can have at most ${MAX_TAGS} tags.`)
  }
}

function checkFilters(v: Validator, filters: Filter[] | undefined): void {
  v.length('filters', filters, { max: 10 })
  filters?.forEach((filter, i) => {
    const at = `filters.${i + 1}.member`
    v.oneOf(`${at}.key`, filter.Key, FILTER_KEYS)
    v.length(`${at}.values`, filter.Values, { min: 1, max: 10 })
    filter.Values.forEach((value, j) => {
      v.length(`${at}.values.${j + 1}.member`, value, { max: 512 })
      v.pattern(`${at}.values.${j + 1}.member`, value, FILTER_VALUE_PATTERN)
    })
  })
}

function tokenInUse(version: VersionRecord, secret: SecretRecord): ServiceError {
  return new ServiceError(
    'ResourceExistsException',
    `You can't use ClientRequestToken ${version.versionId} because that value is already in use for a version of secret ${secret.arn}`
  )
}

// ---- versions -------------------------------------------------------------------------------

function newVersion(
  versionId: string,
  secretString: string | undefined,
  secretBinary: Buffer | undefined,
  now: number
): VersionRecord {
  return { versionId, secretString, secretBinary, stages: new Set(), createdDate: now }
}

function knownVersion(secret: SecretRecord, versionId: string): VersionRecord {
  const version = secret.versions.get(versionId)
  if (version === undefined) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`
    )
  }
  return version
}

function resolveVersion(
  secret: SecretRecord,
  versionId: string | undefined,
  versionStage: string | undefined
): VersionRecord {
  if (versionId !== undefined) {
    const version = knownVersion(secret, versionId)
    if (versionStage !== undefined && !version.stages.has(versionStage)) {
      throw invalidRequest(
        'You provided a VersionStage that is not associated to the provided VersionId.'
      )
    }
    return version
  }
  const stage = versionStage ?? AWSCURRENT
  const version = versionWithStage(secret, stage)
  if (version === undefined) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${stage}`
    )
  }
  return version
}

/** Labelled versions only: a version without labels is deprecated. */
function versionsToStages(secret: SecretRecord): Record<string, string[]> | undefined {
  const labelled = [...secret.versions.values()].filter((version) => version.stages.size > 0)
  if (labelled.length === 0) return undefined
  return Object.fromEntries(labelled.map((version) => [version.versionId, sortedStages(version)]))
}

// ---- listing --------------------------------------------------------------------------------

/**
 * ListSecrets/BatchGetSecretValue filters: every filter must match; within one filter any value
 * may match, and a value starting with ! must not. Matching is by prefix (description and `all`
 * ignore case; `all` looks at every word of the name, description, tag keys and tag values).
 */
function matchesFilters(secret: SecretRecord, filters: Filter[]): boolean {
  return filters.every((filter) => {
    const positive = filter.Values.filter((value) => !value.startsWith('!'))
    const negative = filter.Values.filter((value) => value.startsWith('!')).map((value) =>
      value.slice(1)
    )
    const matches = (value: string): boolean => filterMatches(secret, filter.Key, value)
    return (positive.length === 0 || positive.some(matches)) && !negative.some(matches)
  })
}

function filterMatches(secret: SecretRecord, key: string, value: string): boolean {
  const prefixOf = (candidates: Iterable<string>, ignoreCase = false): boolean => {
    const wanted = ignoreCase ? value.toLowerCase() : value
    for (const candidate of candidates) {
      if ((ignoreCase ? candidate.toLowerCase() : candidate).startsWith(wanted)) return true
    }
    return false
  }
  switch (key) {
    case 'name':
      return prefixOf([secret.name])
    case 'description':
      return prefixOf(secret.description === undefined ? [] : [secret.description], true)
    case 'tag-key':
      return prefixOf(secret.tags.keys())
    case 'tag-value':
      return prefixOf(secret.tags.values())
    case 'all': {
      const text = [
        secret.name,
        secret.description ?? '',
        ...secret.tags.keys(),
        ...secret.tags.values()
      ]
      return prefixOf(
        text.flatMap((item) => item.split(/[^\p{L}\p{N}]+/u)),
        true
      )
    }
    default:
      return false // primary-region, owning-service: these secrets have neither
  }
}

function sortKey(sortBy: string): (secret: SecretRecord) => string | number {
  switch (sortBy) {
    case 'name':
      return (secret) => secret.name
    case 'last-accessed-date':
      return (secret) => secret.lastAccessedDate ?? 0
    case 'last-changed-date':
      return (secret) => secret.lastChangedDate
    default:
      return (secret) => secret.createdDate
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0
}

interface Page<T> {
  items: T[]
  nextToken?: string | undefined
}

/** Offset pagination behind an opaque NextToken. */
function paginate<T>(items: T[], nextToken: string | undefined, maxResults: number): Page<T> {
  let offset = 0
  if (nextToken !== undefined) {
    const decoded = Buffer.from(nextToken, 'base64url').toString('utf8')
    const match = /^offset:(\d+)$/.exec(decoded)
    if (match?.[1] === undefined) {
      throw new ServiceError('InvalidNextTokenException', 'The NextToken value is invalid.')
    }
    offset = Number(match[1])
  }
  const end = offset + maxResults
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString('base64url') : undefined
  }
}
