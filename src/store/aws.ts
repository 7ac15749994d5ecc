/**
 * The only module that talks to AWS: Secrets Manager for the secrets, STS for "whose credentials
 * are these". The clients and their settings are in clients.ts, what a failure means in
 * errors.ts; here each store call becomes SDK calls, paged with the SDK's own paginators.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
  paginateBatchGetSecretValue,
  paginateListSecrets,
  type DescribeSecretCommandOutput,
  type SecretListEntry,
  type SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import pLimit from 'p-limit'
import { STORE_DEFAULTS, createClients, type AwsStoreOptions } from './clients.js'
import { toStoreError } from './errors.js'
import {
  type CreateRequest,
  type PutRequest,
  type SecretMetadata,
  type SecretStore,
  type SecretValue,
  type VersionHistory,
  type WriteResult
} from '../engine/model/ports/secret-store.js'
import { settleAll, StoreError } from '../engine/model/ports/store-error.js'
import { currentVersions, versionHistory, versionValue } from './versions.js'

export { STORE_DEFAULTS, addressAttemptMs, type AwsStoreOptions } from './clients.js'

/** BatchGetSecretValue takes at most 20 ids a call. */
export const BATCH_GET_LIMIT = 20

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

export class AwsStore implements SecretStore {
  private readonly sm: SecretsManagerClient
  private readonly sts: STSClient
  private readonly limit: ReturnType<typeof pLimit>

  constructor(options: AwsStoreOptions) {
    const { sm, sts } = createClients(options)
    this.sm = sm
    this.sts = sts
    this.limit = pLimit(STORE_DEFAULTS.concurrency)
  }

  /** Closes the clients' connections (a long-lived process making many stores calls this). */
  destroy(): void {
    this.sm.destroy()
    this.sts.destroy()
  }

  /**
   * One store call in one of the `concurrency` slots; whatever it throws becomes a StoreError. A
   * paged call holds its slot for all its pages, which the SDK's paginator requests one after
   * the other, each through the client's middleware (retries, write quota) like any call.
   */
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
            // MaxResults needs Filters, but an answer to a SecretIdList may still come in pages.
            const pages = paginateBatchGetSecretValue({ client: this.sm }, { SecretIdList: batch })
            for await (const page of pages) {
              for (const v of page.SecretValues ?? []) {
                const key = batch.find((id) => id === v.Name || id === v.ARN) ?? v.Name ?? ''
                values.set(key, {
                  ok: true,
                  versionId: v.VersionId ?? '',
                  ...(v.SecretString !== undefined ? { secretString: v.SecretString } : {}),
                  ...(v.CreatedDate ? { createdDate: v.CreatedDate } : {})
                })
              }
              for (const err of page.Errors ?? []) {
                values.set(err.SecretId ?? '', { ok: false, errorCode: err.ErrorCode ?? 'Error' })
              }
            }
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
      const pages = paginateListSecrets(
        { client: this.sm, pageSize: 100 },
        {
          // The name filter matches names that start with the value.
          Filters: [{ Key: 'name', Values: [namePrefix] }],
          IncludePlannedDeletion: true
        }
      )
      for await (const page of pages) {
        for (const entry of page.SecretList ?? []) {
          // The filter is a prefix match on words too: keep only names really under the prefix.
          if (entry.Name?.startsWith(namePrefix)) found.push(metadataOf(entry, entry.Name))
        }
      }
    })
    return found.sort((a, b) => a.name.localeCompare(b.name))
  }

  versionHistory(name: string): Promise<VersionHistory> {
    return versionHistory(this.sm, (action, id, run) => this.call(action, id, run), name)
  }

  /** Each name's AWSCURRENT version and its creation (versions.ts); no value is read. */
  currentVersions(names: readonly string[]) {
    return currentVersions(this.sm, (action, id, run) => this.call(action, id, run), names)
  }

  versionValue(name: string, versionId: string): Promise<SecretValue> {
    return versionValue(this.sm, (action, id, run) => this.call(action, id, run), name, versionId)
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
