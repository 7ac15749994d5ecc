/**
 * Rollback: move AWSCURRENT of a managed secret back to AWSPREVIOUS (or to a version given by
 * id) with UpdateSecretVersionStage. No value is written (the gate, the probes, may read the
 * version to make current). Every target is checked before the first move.
 *
 * Moving AWSCURRENT makes AWS label the version it left AWSPREVIOUS, so a plain "go back to
 * AWSPREVIOUS" is a toggle: run twice (a re-run job, a retried command) it would put the bad
 * value back. Before moving, the secret is tagged with the move ("<from> to <to>"); a rollback
 * that finds that very move already made (AWSCURRENT on <to>, AWSPREVIOUS on <from>) does
 * nothing; a tag left by a failed move blocks nothing. A version id given is always honoured.
 */
import { type SecretMetadata, type SecretStore } from '../model/ports/secret-store.js'
import { StoreError } from '../model/ports/store-error.js'
import type { Problem } from '../model/problem.js'
import type { Target } from '../model/names.js'
import type { ReportRow } from '../model/report.js'
import { TAG, versionTag } from '../model/tags.js'
import { CURRENT, labelled } from '../model/versions.js'
import { planRollback, rollbackTag, type RollbackStep } from './steps.js'

export interface RollbackResult {
  rows: ReportRow[]
  /** Targets that cannot be rolled back: when there is any, nothing was moved. */
  refusals: Problem[]
  /** Moves that failed (the others went ahead). */
  failures: StoreError[]
  warnings: Problem[]
}

/** Moves AWSCURRENT; when that fails, counts it done if AWSCURRENT is there (a lost answer). */
async function moveOrFind(
  store: SecretStore,
  name: string,
  step: { from: string; to: string }
): Promise<void> {
  try {
    await store.moveCurrent(name, step.to, step.from)
  } catch (error) {
    const now = (await store.describe([name]).catch(() => undefined))?.get(name)
    if (now && labelled(now, CURRENT) === step.to) return
    throw error
  }
}

/**
 * Records `versionId` as the version this tool made current (TAG.writtenVersion), unless the
 * metadata shows it recorded already. A failure is returned (a warning), never thrown.
 */
async function recordVersion(
  store: SecretStore,
  name: string,
  metadata: SecretMetadata | undefined,
  versionId: string
): Promise<StoreError | undefined> {
  if (metadata?.tags[TAG.writtenVersion] === versionId) return undefined
  try {
    await store.tag(name, versionTag(versionId))
    return undefined
  } catch (error) {
    if (error instanceof StoreError) return error
    throw error
  }
}

const base = ({ name, target, sourceKey }: Target): Omit<ReportRow, 'action'> => ({
  ...{ name, target, sourceKey, changedFields: [] }
})

type Planned = { t: Target; step: RollbackStep }
type Done = ReportRow & { failure?: StoreError; unrecorded?: StoreError }

/** Some target cannot be rolled back: nothing moves, and each says why or what it would do. */
const refusedResult = (steps: readonly Planned[]): RollbackResult => ({
  rows: steps.map(({ t, step }) => ({
    ...base(t),
    action: step.kind === 'refused' ? 'refused' : step.kind === 'move' ? 'skipped' : 'unchanged'
  })),
  refusals: steps.flatMap(({ t, step }) =>
    step.kind === 'refused' ? [{ target: t.target, code: step.code, message: step.message }] : []
  ),
  failures: [],
  warnings: []
})

/** One target: moved (tag first, then the move, then the version recorded), or left as it is. */
async function rollOne(
  store: SecretStore,
  { t, step }: Planned,
  metadata: SecretMetadata | undefined
): Promise<Done> {
  if (step.kind !== 'move') {
    const unrecorded =
      step.kind === 'unchanged'
        ? await recordVersion(store, t.name, metadata, step.versionId)
        : undefined
    return {
      ...base(t),
      action: 'unchanged',
      ...(step.kind === 'unchanged' ? { versionId: step.versionId } : {}),
      ...(unrecorded ? { unrecorded } : {})
    }
  }
  try {
    // Tag first: should the move's answer be lost, a rerun still knows it was done.
    await store.tag(t.name, { [TAG.rolledBack]: rollbackTag(step.from, step.to) })
    await moveOrFind(store, t.name, step)
  } catch (error) {
    if (!(error instanceof StoreError)) throw error
    return { ...base(t), action: 'failed', error: error.message, failure: error }
  }
  // After the move, not before: a move that failed must not leave a record of it.
  const unrecorded = await recordVersion(store, t.name, undefined, step.to)
  return {
    ...base(t),
    action: 'rolled-back',
    versionId: step.to,
    previousVersionId: step.from,
    ...(unrecorded ? { unrecorded } : {})
  }
}

/** What to know after the moves: a rollback undone, a source to fix, a version not recorded. */
function rollbackWarnings(steps: readonly Planned[], rows: readonly Done[]): Problem[] {
  const notes = steps.flatMap(({ t, step }) =>
    step.kind === 'unchanged' && step.note
      ? [{ target: t.target, code: 'already-rolled-back' as const, message: step.note }]
      : []
  )
  const warnings = rows
    .filter((r) => r.action === 'rolled-back')
    .map((r) => ({
      target: r.target,
      code: 'rolled-back' as const,
      message:
        `${r.name} is back on version ${r.versionId ?? ''}. Put the value you want in ` +
        `${r.sourceKey} before the next sync: a sync writes whatever the source holds.`
    }))
  const unrecorded = rows.flatMap((r) =>
    r.unrecorded
      ? [
          {
            target: r.target,
            code: 'rolled-back-unrecorded' as const,
            message:
              `${r.name} is on version ${r.versionId ?? ''}, but this could not be recorded ` +
              `(tag ${TAG.writtenVersion}): ${r.unrecorded.message} Until it is (run the same ` +
              `rollback again), audit reports it as changed outside this tool.`
          }
        ]
      : []
  )
  return [...notes, ...warnings, ...unrecorded]
}

/** Asked about the moves before the first (the probes): any problem refuses them all. */
export type RollbackGate = (
  moves: readonly { t: Target; to: string }[]
) => Promise<{ problems: Problem[]; warnings: Problem[] }>

/** Describes every target (one round trip), plans, and moves AWSCURRENT only when all can move. */
export async function rollback(
  store: SecretStore,
  targets: readonly Target[],
  toVersionId: string | undefined,
  environment: string,
  gate?: RollbackGate
): Promise<RollbackResult> {
  const metadata = await store.describe(targets.map((t) => t.name))
  const steps = targets.map((t) => ({
    t,
    step: planRollback(t.name, metadata.get(t.name), toVersionId, environment)
  }))
  if (steps.some((s) => s.step.kind === 'refused')) return refusedResult(steps)
  const moves = steps.flatMap(({ t, step }) => (step.kind === 'move' ? [{ t, to: step.to }] : []))
  const gated = gate && moves.length ? await gate(moves) : { problems: [], warnings: [] }
  if (gated.problems.length)
    return { ...refusedResult(steps), refusals: gated.problems, warnings: gated.warnings }
  const rows = await Promise.all(steps.map((s) => rollOne(store, s, metadata.get(s.t.name))))
  return {
    rows: rows.map(({ failure: _f, unrecorded: _u, ...row }) => row),
    refusals: [],
    failures: rows.flatMap((r) => (r.failure ? [r.failure] : [])),
    warnings: [...gated.warnings, ...rollbackWarnings(steps, rows)]
  }
}
