/**
 * The probe inputs: `probe` (on, off, require), `force-rollback` and `rotation-overlap-days`,
 * each checked before it is shown; and the provider port they give the run. An override of the
 * providers' address that is not this machine stops the run before any call.
 */
import * as core from './runner.js'
import {
  DEFAULT_ROTATION_OVERLAP_DAYS,
  echo,
  PROBE_MODES,
  QUOTABLE,
  type Mode,
  type Problem,
  type ProbeMode,
  type ProbeSettings
} from '../engine/index.js'
import { BaseRefused, providerPort } from '../providers/providers.js'

export interface ProbeInputs {
  probe: ProbeMode
  forceRollback: boolean
  rotationOverlapDays: number
}

const TRUE = /^(true|True|TRUE)$/
const FALSE = /^(false|False|FALSE)$/

const wrong = (message: string): Problem => ({ code: 'probe-input-wrong', message })

/** Reads the three inputs; each problem is pushed, and the default stands in for a bad value. */
export function readProbeInputs(mode: Mode, problems: Problem[]): ProbeInputs {
  const probeText = core.getInput('probe') || 'on'
  const probeOk = (PROBE_MODES as readonly string[]).includes(probeText)
  if (!probeOk)
    problems.push(
      wrong(
        `Input "probe" must be one of ${PROBE_MODES.join(', ')}; got ${echo(probeText, QUOTABLE.id)}.`
      )
    )
  const forceText = core.getInput('force-rollback') || 'false'
  const forceRollback = TRUE.test(forceText)
  if (!forceRollback && !FALSE.test(forceText))
    problems.push(wrong('Input "force-rollback" must be true or false.'))
  if (forceRollback && mode !== 'rollback')
    problems.push(wrong(`Input "force-rollback" applies to mode rollback, not to mode ${mode}.`))
  const daysText = core.getInput('rotation-overlap-days') || String(DEFAULT_ROTATION_OVERLAP_DAYS)
  const days = /^\d{1,3}$/.test(daysText) ? Number(daysText) : 0
  if (days < 1 || days > 365)
    problems.push(
      wrong(
        `Input "rotation-overlap-days" must be a whole number of days from 1 to 365; got ${echo(daysText, QUOTABLE.id)}.`
      )
    )
  return {
    probe: probeOk ? (probeText as ProbeMode) : 'on',
    forceRollback,
    rotationOverlapDays: days >= 1 && days <= 365 ? days : DEFAULT_ROTATION_OVERLAP_DAYS
  }
}

/**
 * The run's probe settings: none with `probe: off`; a problem (and no port) when
 * STRIPE_API_BASE or SLACK_HOOKS_BASE points anywhere but this machine.
 */
export function probeSettingsOf(
  mode: ProbeMode,
  env: NodeJS.ProcessEnv
): { settings?: ProbeSettings; problem?: Problem } {
  if (mode === 'off') return {}
  try {
    return { settings: { port: providerPort(env), mode } }
  } catch (error) {
    if (error instanceof BaseRefused)
      return { problem: { code: error.code, message: error.message } }
    throw error
  }
}
