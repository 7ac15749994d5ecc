/** What a front asks of the engine: one run of one mode, for one environment. */
import type { ConfirmedAccount } from '../account/account.js'
import type { ApplyOptions } from '../apply/apply.js'
import type { Catalogue } from '../catalogue/catalogue.js'
import type { Labels } from '../environments/pin.js'
import type { Pin } from '../environments/schema.js'
import type { Mask } from '../model/mask.js'
import type { FunctionConfigStore } from '../model/ports/function-store.js'
import type { Problem } from '../model/problem.js'
import type { Consumers } from '../model/refresh.js'
import type { Mode } from '../model/report.js'
import type { GitHubSecretsPort } from '../staleness/port.js'
import type { ProbeSettings } from '../probe/stage.js'

/**
 * Whose credentials: the account they must be in, checked by the engine before anything is read
 * (the action's expected-account-id), or the check the front made already (the CLI does for
 * every command, to say whose credentials they are first).
 */
export type AccountEntry = { expected: string } | ConfirmedAccount

export interface RunRequest extends ApplyOptions {
  mode: Mode
  /** The catalogue's environment this run is for (dev, prod). */
  environment: string
  catalogue: Catalogue
  prefix: string
  /** The region the run acts in: the pin's, when there is one (the engine holds to it). */
  region: string
  /**
   * The environment's pin, from the environments file: the account the credentials must be in
   * and the region the run acts in, checked (one STS call) before anything is read; its provider
   * pins (stripeAccount, slackWorkspace) for the checks that need them. Both fronts always give
   * it; `account.expected` is then only a confirmation that must agree with it.
   */
  pin?: Pin
  /** How the front names its region and account settings in the pin's messages. */
  pinLabels?: Labels
  only?: readonly string[]
  sources: Record<string, unknown>
  /** How a source key is shown to the user (GitHub upper-cases secret names). */
  display?: (sourceKey: string) => string
  account?: AccountEntry
  /** Problems the front found in its own inputs: reported with the sources' problems, at once. */
  problems?: Problem[]
  /** rollback: the version to make current again (one target only); default AWSPREVIOUS. */
  toVersionId?: string
  /**
   * sync and rollback: the Lambda functions reading each secret, refreshed when it changed.
   * Checked against the catalogue in every mode.
   */
  refresh?: { consumers: Consumers; functions: FunctionConfigStore }
  /**
   * audit and verify: check for GitHub edits not synced and values older than their policy
   * (flows/staleness.ts); not checked when absent.
   */
  staleness?: StalenessRequest
  /** sync: plan only, write nothing (the pause switch, for incidents and migrations). */
  paused?: boolean
  /**
   * Registers a value that must never be printed, nor any piece of it; a `container` (a whole
   * document) only as a whole. Called before runEngine() returns anything.
   */
  mask: Mask
  /**
   * sync and rollback: ask Stripe and Slack about every value the run makes current, before the
   * first write (probe/). Without it, nothing is asked.
   */
  probe?: ProbeSettings
  /** rollback: go on to a version the probes found dead, and say so. */
  forceRollback?: boolean
  /** audit: days the previous Stripe key may keep working after a write replaced it (default 7). */
  rotationOverlapDays?: number
}

/** What a front gives for the check: GitHub's side (when it has a token) and names to say. */
export interface StalenessRequest {
  /**
   * GitHub's secrets metadata; undefined when no token was given, 'no-repository' when no
   * repository was named (the check says once that it skipped, and why).
   */
  github?: GitHubSecretsPort | 'no-repository'
  /**
   * The deploy workflow that syncs this environment, as the Actions tab names it; default this
   * repository's ("Deploy secrets (dev)").
   */
  workflow?: string
  /**
   * GitHub secrets rightly there but not the catalogue's; default the names the check's own token
   * is kept under.
   */
  expected?: readonly string[]
  /** Now, for the ages (tests set it). */
  now?: Date
}
