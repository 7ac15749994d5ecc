/**
 * A rollback's probes: each version it would make current is read (GetSecretValue by id),
 * masked, and asked about. A dead one refuses the rollback, naming why; a forced rollback goes
 * on and says so.
 */
import type { Problem } from '../model/problem.js'
import { rollbackForced, rollbackRefused } from '../probe/messages.js'
import { probeStage, type HeldValue } from '../probe/stage.js'
import type { RollbackGate } from '../rollback/rollback.js'
import { maskedField, probePins, type FlowContext } from './flow.js'

/** How a probe names the version it read: "Version <id> of <secret>". */
const versionSource = (name: string, version: string) => `Version ${version} of ${name}`

/** The values a version holds, for each catalogue entry writing its target. */
async function heldValues(ctx: FlowContext, name: string, target: string, to: string) {
  const { request, store, selection } = ctx
  const got = await store.versionValue(name, to)
  if (!got.ok) return []
  return selection.entries
    .filter((e) => e.target === target)
    .flatMap((e): HeldValue[] => {
      const value = maskedField(request.mask, got.secretString, e.field)
      return value === undefined
        ? []
        : [{ rule: e.rule, source: versionSource(name, to), value, changing: true }]
    })
}

export function probeGate(ctx: FlowContext): RollbackGate | undefined {
  const { request } = ctx
  if (!request.probe || request.probe.mode === 'off') return undefined
  return async (moves) => {
    const held = await Promise.all(moves.map(({ t, to }) => heldValues(ctx, t.name, t.target, to)))
    const probed = await probeStage(request.probe, request.environment, held.flat(), probePins(ctx))
    const dead = moves.filter(({ t, to }) =>
      probed.problems.some((p) => p.source === versionSource(t.name, to))
    )
    const said = (
      code: 'rollback-forced' | 'rollback-probe-failed',
      text: (name: string, version: string) => string
    ): Problem[] => dead.map(({ t, to }) => ({ code, target: t.target, message: text(t.name, to) }))
    if (request.forceRollback)
      return {
        problems: [],
        warnings: [
          ...probed.warnings,
          ...probed.problems,
          ...said('rollback-forced', rollbackForced)
        ]
      }
    return {
      problems: [...probed.problems, ...said('rollback-probe-failed', rollbackRefused)],
      warnings: probed.warnings
    }
  }
}
