/**
 * The version that is AWSCURRENT and when it was created, without reading any value:
 * ListSecretVersionIds gives each version's CreatedDate and labels. That creation is the value's
 * honest age; the secret's LastChangedDate moves with every tag write.
 */
import {
  GetSecretValueCommand,
  paginateListSecretVersionIds,
  type ListSecretVersionIdsCommandOutput,
  type SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import type {
  CurrentVersion,
  SecretValue,
  VersionHistory
} from '../engine/model/ports/secret-store.js'
import { settleAll, StoreError } from '../engine/model/ports/store-error.js'

/** How AwsStore runs one call: in a concurrency slot, its failure made a StoreError. */
type Call = <T>(action: string, secretId: string | undefined, run: () => Promise<T>) => Promise<T>

type Listed = NonNullable<ListSecretVersionIdsCommandOutput['Versions']>[number]

/** The AWSCURRENT version among listed ones, with its creation; undefined when not there. */
function currentAmong(versions: readonly Listed[] | undefined): CurrentVersion | undefined {
  const current = versions?.find((v) => v.VersionStages?.includes('AWSCURRENT'))
  return current?.VersionId && current.CreatedDate
    ? { versionId: current.VersionId, createdDate: current.CreatedDate }
    : undefined
}

async function currentOf(
  sm: SecretsManagerClient,
  call: Call,
  name: string
): Promise<CurrentVersion | undefined> {
  return call('secretsmanager:ListSecretVersionIds', name, async () => {
    const pages = paginateListSecretVersionIds({ client: sm, pageSize: 100 }, { SecretId: name })
    for await (const page of pages) {
      const current = currentAmong(page.Versions)
      if (current) return current
    }
    return undefined
  })
}

/**
 * Every version of one secret, deprecated ones included (list's count), and its current one:
 * one listing serves both.
 */
export function versionHistory(
  sm: SecretsManagerClient,
  call: Call,
  name: string
): Promise<VersionHistory> {
  return call('secretsmanager:ListSecretVersionIds', name, async () => {
    let count = 0
    let current: CurrentVersion | undefined
    const pages = paginateListSecretVersionIds(
      { client: sm, pageSize: 100 },
      { SecretId: name, IncludeDeprecated: true }
    )
    for await (const page of pages) {
      count += page.Versions?.length ?? 0
      current ??= currentAmong(page.Versions)
    }
    return { count, ...(current ? { current } : {}) }
  })
}

/** Each name's current version; undefined for a name that does not exist or has none. */
export async function currentVersions(
  sm: SecretsManagerClient,
  call: Call,
  names: readonly string[]
): Promise<Map<string, CurrentVersion | undefined>> {
  const entries = await settleAll(
    names.map(async (name) => {
      try {
        return [name, await currentOf(sm, call, name)] as const
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'not-found')
          return [name, undefined] as const
        throw error
      }
    })
  )
  return new Map(entries)
}

/** One version's value, by its id (a rollback's probe reads the version it would make current). */
export async function versionValue(
  sm: SecretsManagerClient,
  call: Call,
  name: string,
  versionId: string
): Promise<SecretValue> {
  const out = await call('secretsmanager:GetSecretValue', name, () =>
    sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: versionId }))
  )
  return {
    ok: true,
    versionId: out.VersionId ?? versionId,
    ...(out.SecretString !== undefined ? { secretString: out.SecretString } : {}),
    ...(out.CreatedDate ? { createdDate: out.CreatedDate } : {})
  }
}
