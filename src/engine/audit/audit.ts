/**
 * Audit: is every managed secret still as this tool left it? Reads metadata only (DescribeSecret:
 * tags, rotation, deletion, which version is AWSCURRENT), never a value, so it needs no
 * GitHub secrets and a role that may only describe. Each secret is checked against what the tool
 * records at write time: its tags, and the version it last made current (TAG.writtenVersion).
 */
import type { SecretMetadata, SecretStore } from '../model/ports/secret-store.js'
import { isOurs, otherEnvironment } from '../model/ownership.js'
import type { Problem, ProblemCode } from '../model/problem.js'
import type { Target } from '../model/names.js'
import type { ReportRow } from '../model/report.js'
import { MANAGED_BY, TAG } from '../model/tags.js'
import { rotationOn, scheduledForDeletion, taggedElsewhere } from '../model/findings.js'
import { CURRENT, labelled } from '../model/versions.js'

/** What audit found wrong with one secret: a short word for tables, and what to do about it. */
export interface Finding {
  word: string
  code: ProblemCode
  message: string
}

/** Pure: what is wrong with `name`, given its metadata (undefined: it does not exist). */
export function findingsOf(
  name: string,
  metadata: SecretMetadata | undefined,
  environment: string
): Finding[] {
  if (!metadata) {
    return [
      {
        word: 'missing',
        code: 'audit-missing',
        message: `${name} does not exist in Secrets Manager. Run a sync (the deploy workflow) to create it.`
      }
    ]
  }
  const found: Finding[] = []
  if (metadata.deletedDate) {
    found.push({
      word: 'scheduled for deletion',
      code: 'audit-deleted',
      message: scheduledForDeletion(metadata, 'audit', name)
    })
  }
  if (metadata.rotationEnabled) {
    found.push({
      word: 'rotation on',
      code: 'audit-rotation-on',
      message: rotationOn(metadata, name, 'audit')
    })
  }
  const manager = metadata.tags[TAG.managedBy]
  if (!isOurs(metadata.tags)) {
    found.push({
      word: 'other manager',
      code: manager === undefined ? 'audit-not-tagged' : 'audit-other-manager',
      message:
        manager === undefined
          ? `${name} is not tagged managed-by=${MANAGED_BY} (made by hand or by another tool). A sync adopts it, if it should be ours.`
          : `${name} is tagged managed-by=${manager}, not ${MANAGED_BY}: another tool manages it. Take it out of the catalogue, or fix the tag.`
    })
  } else if (otherEnvironment(name, metadata, environment)) {
    found.push({
      word: 'other environment',
      code: 'audit-other-environment',
      message: taggedElsewhere(metadata, name, environment, 'audit')
    })
  }
  if (!isOurs(metadata.tags)) return found // whose versions are not ours to check
  const version = versionFinding(name, metadata)
  return version ? [...found, version] : found
}

/** Whether AWSCURRENT is the version this tool last made current (TAG.writtenVersion). */
function versionFinding(name: string, metadata: SecretMetadata): Finding | undefined {
  const current = labelled(metadata)
  const recorded = metadata.tags[TAG.writtenVersion]
  if (!current)
    return {
      word: 'no current version',
      code: 'audit-no-current-version',
      message: `${name} has no ${CURRENT} version: the Lambdas cannot read it. Run a sync.`
    }
  if (!recorded)
    return {
      word: 'version not recorded',
      code: 'audit-version-not-recorded',
      message:
        `${name} carries no record of the version this tool last wrote (tag ${TAG.writtenVersion}: ` +
        `written before audit existed, or removed). A sync records it when the value matches GitHub.`
    }
  if (recorded === current) return undefined
  return {
    word: 'changed outside',
    code: 'audit-changed-outside',
    message:
      `${name}: its current version (${current}) is not the one this tool last wrote or rolled ` +
      `back to (${recorded}): someone changed it outside this tool (console, AWS CLI, another tool). ` +
      `Find out who in CloudTrail (PutSecretValue, UpdateSecretVersionStage on ${name}), then run a sync, or a rollback to ${recorded}.`
  }
}

export interface AuditResult {
  rows: ReportRow[]
  problems: Problem[]
  /** The names with a finding. */
  flagged: string[]
  /** What DescribeSecret answered for each name (undefined: it does not exist). */
  metadata: ReadonlyMap<string, SecretMetadata | undefined>
}

/** Describes every target (DescribeSecret, one call each, all at once) and checks each. */
export async function audit(
  store: SecretStore,
  targets: readonly Target[],
  environment: string
): Promise<AuditResult> {
  const metadata = await store.describe(targets.map((t) => t.name))
  const rows: ReportRow[] = []
  const problems: Problem[] = []
  const flagged: string[] = []
  for (const t of targets) {
    const m = metadata.get(t.name)
    const findings = findingsOf(t.name, m, environment)
    const current = m && labelled(m)
    rows.push({
      name: t.name,
      target: t.target,
      sourceKey: t.sourceKey,
      action: findings.length ? 'flagged' : 'unchanged',
      changedFields: [],
      ...(findings.length ? { findings: findings.map((f) => f.word) } : {}),
      ...(current ? { versionId: current } : {}),
      ...(m?.lastChangedDate ? { lastChanged: m.lastChangedDate } : {})
    })
    if (findings.length) flagged.push(t.name)
    problems.push(
      ...findings.map((f) => ({
        target: t.target,
        kind: 'audit' as const,
        code: f.code,
        message: f.message
      }))
    )
  }
  return { rows, problems, flagged, metadata }
}
