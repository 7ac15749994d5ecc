/**
 * The probes as a stage of a run: which catalogue values get which probe (by the rule that
 * validates them), and the one call a sync or a rollback makes before its first write. Nothing
 * here reads or writes the store: the flows hand in the values they are about to make current.
 */
import type { Pins, ProbeEnvironment, ProbeKind, ProbeMode, ProbeValue } from './plan.js'
import type { ProviderPort } from './port.js'
import { probeValues, type ProbeReport } from './probe.js'

/** What a front gives a run that probes: the adapter, the mode, each probe's time limit. */
export interface ProbeSettings {
  port: ProviderPort
  mode: ProbeMode
  timeoutMs?: number
}

const KIND_BY_RULE: Readonly<Record<string, ProbeKind>> = {
  'stripe-test-key': 'stripe-key',
  'stripe-live-key': 'stripe-key',
  'stripe-webhook-secret': 'stripe-webhook-secret',
  'slack-webhook-url': 'slack-webhook'
}

/**
 * The probe a value gets, by its catalogue rule (a rule's name, or a pattern: never probed);
 * undefined for a value no provider can test.
 */
export const probeKindOf = (rule: unknown): ProbeKind | undefined =>
  typeof rule === 'string' ? KIND_BY_RULE[rule] : undefined

/** A value a run holds: where it comes from, its rule, and whether the run makes it current. */
export interface HeldValue {
  rule: unknown
  source: string
  value: string
  changing: boolean
}

/** The held values as the probes' environment (values no probe knows left out). */
export function probeEnvironment(
  environment: string,
  held: readonly HeldValue[],
  pins?: Pins
): ProbeEnvironment {
  const values = held.flatMap((h): ProbeValue[] => {
    const kind = probeKindOf(h.rule)
    return kind ? [{ kind, source: h.source, value: h.value, changing: h.changing }] : []
  })
  return { environment, ...(pins ? { pins } : {}), values }
}

const NOTHING: ProbeReport = { results: [], problems: [], warnings: [] }

/** The probes of a run: nothing when the run has none to make (no settings, or mode off). */
export async function probeStage(
  settings: ProbeSettings | undefined,
  environment: string,
  held: readonly HeldValue[],
  pins?: Pins
): Promise<ProbeReport> {
  if (!settings || settings.mode === 'off') return NOTHING
  const probed = probeEnvironment(environment, held, pins)
  if (!probed.values.some((v) => v.changing)) return NOTHING
  return probeValues(settings.port, [probed], {
    mode: settings.mode,
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs })
  })
}
