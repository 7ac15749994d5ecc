/**
 * The values behind `show`: our field of each managed secret of one environment, read with
 * BatchGetSecretValue. The caller decides what to print (a fingerprint, or the value itself
 * after confirmation) and masks every value before printing anything.
 */
import type { SecretStore } from '../model/ports/secret-store.js'
import { selectEntries, type Catalogue, type SelectedEntry } from '../catalogue/catalogue.js'
import { copiesOf, parseObject } from '../model/document.js'
import { secretName } from '../model/names.js'
import { otherEnvironment } from '../model/ownership.js'

export interface ShownValue {
  name: string
  target: string
  field: string
  versionId?: string
  versionCreated?: Date
  value?: string
  /** Why there is no value to show. */
  problem?: string
}

/** Entries whose rule (in this environment) is one of the Stripe rules. */
export const isStripe = (entry: SelectedEntry): boolean =>
  typeof entry.rule === 'string' && entry.rule.startsWith('stripe-')

export async function readValues(
  store: SecretStore,
  catalogue: Catalogue,
  environment: string,
  prefix: string,
  keep: (entry: SelectedEntry) => boolean = () => true
): Promise<ShownValue[]> {
  const entries = selectEntries(catalogue, environment).entries.filter(keep)
  const names = entries.map((e) => secretName(prefix, e.target))
  // Metadata too: a secret this tool wrote for another environment is not shown as this one's.
  const [metadata, values] = await Promise.all([store.describe(names), store.currentValues(names)])
  return entries.map((entry, i): ShownValue => {
    const name = names[i] ?? ''
    const row = { name, target: entry.target, field: entry.field }
    const meta = metadata.get(name)
    const elsewhere = meta ? otherEnvironment(name, meta, environment) : undefined
    if (elsewhere) return { ...row, problem: elsewhere }
    const got = values.get(name)
    if (!got) return { ...row, problem: 'no answer from Secrets Manager' }
    if (!got.ok) {
      return {
        ...row,
        problem:
          got.errorCode === 'ResourceNotFoundException'
            ? 'not in Secrets Manager yet'
            : `cannot be read (${got.errorCode})`
      }
    }
    const version = {
      versionId: got.versionId,
      ...(got.createdDate ? { versionCreated: got.createdDate } : {})
    }
    if (got.secretString !== undefined && copiesOf(got.secretString, entry.field) > 1)
      return { ...row, ...version, problem: `holds the field "${entry.field}" more than once` }
    const field = parseObject(got.secretString)?.[entry.field]
    if (typeof field !== 'string')
      return { ...row, ...version, problem: `has no text field "${entry.field}"` }
    return { ...row, ...version, value: field }
  })
}
