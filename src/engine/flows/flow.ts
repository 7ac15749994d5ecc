/**
 * What every flow (sync, rollback, audit) is given and gives back. The dispatcher (../run.ts)
 * validates what each flow found before any read, confirms the account, then runs it.
 */
import type { Selection } from '../catalogue/catalogue.js'
import { isPlaceholder } from '../environments/schema.js'
import { parseObject } from '../model/document.js'
import type { Mask } from '../model/mask.js'
import { secretName, type Target } from '../model/names.js'
import type { SecretStore } from '../model/ports/secret-store.js'
import { storeProblems, type Problem } from '../model/problem.js'
import { Stopped, type Report, type Stage } from '../model/report.js'
import { unknownConsumerTargets } from '../refresh/consumers.js'
import type { Pins } from '../probe/plan.js'
import type { RunRequest } from './request.js'

/** One run: the request, its catalogue entries (selected once), and the report being made. */
export interface FlowContext {
  store: SecretStore
  request: RunRequest
  selection: Selection
  report: Report
}

/** How a flow ended: merged into the report. */
export type Ending = Partial<Report> & Pick<Report, 'stage' | 'ok'>

export interface Flow {
  /** What this flow found wrong before anything is read: with the front's, it stops the run. */
  problems: Problem[]
  /** The rest, after the account check; `accountConfirmed`: it was the expected account. */
  run(accountConfirmed: boolean): Promise<Ending>
}

/** The store failure behind `error`, as a stop at `stage`; anything else is rethrown. */
export function stoppedBy(stage: Stage, error: unknown): Stopped {
  const problems = storeProblems(error)
  if (!problems) throw error
  return new Stopped(stage, problems)
}

/** The selected entries as the secrets to act on; a target several entries write, once. */
export function targetsOf({ request, selection }: FlowContext): Target[] {
  const display = request.display ?? ((key: string) => key)
  return [...new Map(selection.entries.map((e) => [e.target, e])).values()].map((e) => ({
    name: secretName(request.prefix, e.target),
    target: e.target,
    sourceKey: display(e.sourceKey)
  }))
}

/** Consumers naming a target this environment's catalogue does not have. */
export function consumerProblems({ request, selection }: FlowContext): Problem[] {
  const consumers = request.refresh?.consumers
  if (!consumers?.size) return []
  return unknownConsumerTargets(consumers, selection.targets, request.environment).map(
    (message) => ({ code: 'consumer-unknown-target', message })
  )
}

/** The environment's provider pins the probes check (a set-up placeholder is no pin). */
export function probePins({ request }: FlowContext): Pins {
  const pins: Pins = {}
  const { stripeAccount, slackWorkspace } = request.pin ?? {}
  if (stripeAccount && !isPlaceholder(stripeAccount)) pins.stripeAccount = stripeAccount
  if (slackWorkspace && !isPlaceholder(slackWorkspace)) pins.slackWorkspace = slackWorkspace
  return pins
}

/**
 * Our field of a document read from AWS, masked before anything can print it: the whole document
 * as a container, then the field's value; undefined when there is no document or no text there.
 */
export function maskedField(
  mask: Mask,
  secretString: string | undefined,
  field: string
): string | undefined {
  if (secretString === undefined) return undefined
  mask(secretString, 'container')
  const value = parseObject(secretString)?.[field]
  if (typeof value !== 'string' || value === '') return undefined
  mask(value)
  return value
}
