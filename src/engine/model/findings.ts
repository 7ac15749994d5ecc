/**
 * What a secret's state means for each flow, said in one place: scheduled for deletion, rotated
 * by a function, tagged for another environment. Each flow's words differ (a sync refuses, audit
 * flags, list notes), so each sentence is one function with one variant per flow.
 */
import { formatDay } from './dates.js'
import type { SecretMetadata } from './ports/secret-store.js'
import { TAG } from './tags.js'

const restore = (name: string) => `aws secretsmanager restore-secret --secret-id ${name}`
const cancelRotation = (name: string) =>
  `aws secretsmanager cancel-rotate-secret --secret-id ${name}`

/** A secret scheduled for deletion, in the words of `flow`. */
export function scheduledForDeletion(
  m: Pick<SecretMetadata, 'name' | 'deletedDate'>,
  flow: 'sync' | 'rollback' | 'audit' | 'list',
  name = m.name
): string {
  const since = m.deletedDate ? formatDay(m.deletedDate) : ''
  switch (flow) {
    case 'sync':
      return (
        `${name} is scheduled for deletion (since ${since}), so it cannot be written. ` +
        `If it should stay, restore it first: ${restore(name)} ` +
        `(or Secrets Manager console → the secret → Cancel deletion), then rerun.`
      )
    case 'rollback':
      return `${name} is scheduled for deletion; restore it first (${restore(name)}), then roll back.`
    case 'audit':
      return (
        `${name} is scheduled for deletion (since ${since}): the Lambdas ` +
        `cannot read it. If it should stay: ${restore(name)}`
      )
    case 'list':
      return `scheduled for deletion since ${since}; restore it with ${restore(name)}`
  }
}

/** A secret with automatic rotation on, in the words of `flow`. */
export function rotationOn(
  m: Pick<SecretMetadata, 'rotationLambdaArn'>,
  name: string,
  flow: 'sync' | 'audit' | 'list'
): string {
  if (flow === 'list') return 'rotation is on: a sync refuses to write it'
  const by = m.rotationLambdaArn ? ` (${m.rotationLambdaArn})` : ''
  return flow === 'sync'
    ? `${name} has automatic rotation turned on${by}. A rotation function and this sync would ` +
        `keep overwriting each other, so it is left alone. Either turn rotation off ` +
        `(${cancelRotation(name)}) and let GitHub be the source, or remove it from the catalogue.`
    : `${name} has automatic rotation turned on${by}: a function changes it behind this tool's ` +
        `back, and a sync refuses to write it. Turn it off (${cancelRotation(name)}) if GitHub is the source.`
}

/** One of our secrets tagged for another environment, as audit and list say it. */
export function taggedElsewhere(
  m: Pick<SecretMetadata, 'tags'>,
  name: string,
  environment: string,
  flow: 'audit' | 'list'
): string {
  const tagged = m.tags[TAG.environment]
  return flow === 'audit'
    ? `${name} is tagged for environment "${tagged}", not "${environment}": ` +
        `the credentials are probably the other environment's account (check the role), or the tag is wrong.`
    : `tagged for environment "${tagged}", not "${environment}"`
}
