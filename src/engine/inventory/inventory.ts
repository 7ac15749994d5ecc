/**
 * What is there, without values: every secret under the prefix, matched against the catalogue
 * of one environment, grouped by type (the first part of the target: stripe, slack, …), with
 * when it last changed, how many versions it keeps, who last wrote it (our tags) and anything
 * that needs a human. Reads metadata only (ListSecrets, ListSecretVersionIds): no value, no
 * secretsmanager:GetSecretValue.
 */
import type { SecretMetadata, SecretStore } from '../model/ports/secret-store.js'
import { selectEntries, type Catalogue } from '../catalogue/catalogue.js'
import { relativeTarget, secretName } from '../model/names.js'
import { isOurs, otherEnvironment } from '../model/ownership.js'
import { TAG } from '../model/tags.js'
import { rotationOn, scheduledForDeletion, taggedElsewhere } from '../model/findings.js'

export interface InventoryRow {
  name: string
  /** Name relative to the prefix. */
  target: string
  exists: boolean
  inCatalogue: boolean
  /** The secret's LastChangedDate: moved by every tag write, ours included. */
  lastChanged?: Date
  /** When the value was written: the current version's creation (its honest age). */
  written?: Date
  versions?: number
  writtenBy?: string
  /** What needs a human, in words. Empty when all is well. */
  issues: string[]
}

export interface InventoryGroup {
  /** "Stripe", "Slack", … from the target's first part; "Other" for names without one. */
  title: string
  rows: InventoryRow[]
}

export interface Inventory {
  environment: string
  prefix: string
  groups: InventoryGroup[]
}

const titleOf = (target: string): string => {
  const head = target.includes('/') ? (target.split('/')[0] ?? '') : ''
  return head ? head.charAt(0).toUpperCase() + head.slice(1) : 'Other'
}

/** Who last wrote it, from the tags both fronts set. */
export function writerOf(tags: Record<string, string>): string | undefined {
  const by = tags[TAG.writtenBy]
  const run = tags[TAG.runUrl]
  if (by && run) return `${by} (${run})`
  return by ?? run ?? tags[TAG.repository]
}

function issuesOf(m: SecretMetadata, environment: string, inCatalogue: boolean): string[] {
  const issues: string[] = []
  if (m.deletedDate) issues.push(scheduledForDeletion(m, 'list'))
  if (m.rotationEnabled) issues.push(rotationOn(m, m.name, 'list'))
  if (!isOurs(m.tags)) issues.push('not managed by impressionnistes-secrets')
  else if (otherEnvironment(m.name, m, environment))
    issues.push(taggedElsewhere(m, m.name, environment, 'list'))
  if (!inCatalogue) issues.push('not in the catalogue')
  return issues
}

/** Pure: the listing of one environment from what ListSecrets and ListSecretVersionIds said. */
export function buildInventory(
  catalogue: Catalogue,
  environment: string,
  prefix: string,
  listed: readonly SecretMetadata[],
  versions: ReadonlyMap<string, number>,
  written: ReadonlyMap<string, Date> = new Map()
): Inventory {
  const wanted = new Map(
    selectEntries(catalogue, environment).entries.map((e) => [secretName(prefix, e.target), e])
  )
  const rows: InventoryRow[] = listed.map((m) => {
    const inCatalogue = wanted.has(m.name)
    const count = versions.get(m.name)
    const writtenAt = written.get(m.name)
    const writtenBy = writerOf(m.tags)
    return {
      name: m.name,
      target: relativeTarget(prefix, m.name),
      exists: true,
      inCatalogue,
      ...(m.lastChangedDate ? { lastChanged: m.lastChangedDate } : {}),
      ...(writtenAt ? { written: writtenAt } : {}),
      ...(count !== undefined ? { versions: count } : {}),
      ...(writtenBy ? { writtenBy } : {}),
      issues: issuesOf(m, environment, inCatalogue)
    }
  })
  const seen = new Set(listed.map((m) => m.name))
  for (const [name, entry] of wanted) {
    if (seen.has(name)) continue
    rows.push({
      name,
      target: entry.target,
      exists: false,
      inCatalogue: true,
      issues: ['not in Secrets Manager yet: run a deploy (or the workflow)']
    })
  }
  const groups = new Map<string, InventoryRow[]>()
  for (const row of rows.sort((a, b) => a.name.localeCompare(b.name))) {
    const title = titleOf(row.target)
    groups.set(title, [...(groups.get(title) ?? []), row])
  }
  const order = (t: string) => (t === 'Other' ? 1 : 0)
  return {
    environment,
    prefix,
    groups: [...groups]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([title, groupRows]) => ({ title, rows: groupRows }))
  }
}

/** Lists the prefix (one call a page) and each secret's versions (one listing a secret, in parallel). */
export async function readInventory(
  store: SecretStore,
  catalogue: Catalogue,
  environment: string,
  prefix: string
): Promise<Inventory> {
  const listed = await store.list(`${prefix}/`)
  // One listing of each live secret's versions gives both its count and when its value was
  // written (the current version's creation, which no tag write moves). One that cannot be read
  // (another team's secret under the prefix, one deleted meanwhile) is left out of its row, not
  // allowed to sink the whole listing.
  const live = listed.filter((m) => !m.deletedDate)
  const histories = await Promise.allSettled(
    live.map(async (m) => [m.name, await store.versionHistory(m.name)] as const)
  )
  const known = histories.flatMap((h) => (h.status === 'fulfilled' ? [h.value] : []))
  const counts = known.map(([name, h]) => [name, h.count] as const)
  const written = known.flatMap(([name, h]) =>
    h.current ? [[name, h.current.createdDate] as const] : []
  )
  return buildInventory(catalogue, environment, prefix, listed, new Map(counts), new Map(written))
}
