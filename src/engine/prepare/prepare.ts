/**
 * What both fronts prepare before a run, each in one place: the catalogue, the environment's pin,
 * the sources (masked before anything is printed) and the consumers. A failure is a Problem the front reports with
 * its others, never an exception to wrap.
 */
import { CatalogueError, loadCatalogue, type Catalogue } from '../catalogue/catalogue.js'
import { EnvironmentsError, loadEnvironments, pinFor } from '../environments/environments.js'
import { environmentsPath, pinProblems, type Labels, type Seen } from '../environments/pin.js'
import type { Pin } from '../environments/schema.js'
import type { Mask } from '../model/mask.js'
import type { Problem } from '../model/problem.js'
import { parseConsumers } from '../refresh/consumers.js'
import { readSources, SourcesError } from '../resolve/sources.js'

export type Prepared<T> = { ok: true; value: T } | { ok: false; problem: Problem }

/** The catalogue file given (a path), else the built-in one. */
export async function prepareCatalogue(path: string | undefined): Promise<Prepared<Catalogue>> {
  try {
    return { ok: true, value: await loadCatalogue(path) }
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error
    return { ok: false, problem: { code: error.code, message: error.message } }
  }
}

/**
 * The sources' text, masked whole and value by value, then parsed. `what` names it in messages
 * (default: the `secrets` input); `advice`, when given, is said after what is wrong.
 */
export function prepareSources(
  text: string,
  mask: Mask,
  what?: { what?: string; advice?: string }
): Prepared<Record<string, unknown>> {
  try {
    return { ok: true, value: readSources(text, mask, what?.what) }
  } catch (error) {
    if (!(error instanceof SourcesError)) throw error
    const advice = what?.advice ? ` ${what.advice}` : ''
    return { ok: false, problem: { code: error.code, message: `${error.message}${advice}` } }
  }
}

/**
 * The Lambda functions reading each target, from every text given (the action's `consumers`
 * input; the CLI's --consumer options and --consumers-file), merged; `label` names each text.
 */
export function prepareConsumers(
  texts: readonly { text: string; label: string }[],
  prefix: string
): { consumers: Map<string, string[]>; problems: Problem[] } {
  const consumers = new Map<string, string[]>()
  const problems: Problem[] = []
  for (const { text, label } of texts) {
    const parsed = parseConsumers(text, prefix, label)
    problems.push(
      ...parsed.problems.map((message) => ({ code: 'consumers-wrong' as const, message }))
    )
    for (const [target, names] of parsed.consumers)
      consumers.set(target, [...new Set([...(consumers.get(target) ?? []), ...names])])
  }
  return { consumers, problems }
}

/**
 * The environment's pin, from the environments file (`given`, else the default, under
 * `workspace`), checked against what the user named explicitly (a region, an account to confirm)
 * before any AWS call: every problem of the file, or of the pin against those settings.
 */
export async function preparePin(
  given: string | undefined,
  workspace: string,
  environment: string,
  explicit: Omit<Seen, 'credentialsAccount'> = {},
  labels?: Labels
): Promise<{ ok: true; value: Pin } | { ok: false; problems: Problem[] }> {
  let pin: Pin
  try {
    pin = pinFor(await loadEnvironments(environmentsPath(given, workspace)), environment)
  } catch (error) {
    if (!(error instanceof EnvironmentsError)) throw error
    return { ok: false, problems: error.problems }
  }
  // The credentials are asked later (one STS call, checkPin).
  const problems = pinProblems(pin, explicit, labels)
  return problems.length ? { ok: false, problems } : { ok: true, value: pin }
}
