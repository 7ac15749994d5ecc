/**
 * Read the current state of every target: metadata (DescribeSecret, one call each) and AWSCURRENT
 * values (BatchGetSecretValue, 20 a call), all issued at once, so reading costs one round trip.
 */
import {
  type SecretMetadata,
  type SecretStore,
  type SecretValue
} from '../model/ports/secret-store.js'
import { settleAll } from '../model/ports/store-error.js'

export type CurrentState =
  { exists: false } | { exists: true; metadata: SecretMetadata; value: SecretValue | undefined }

export async function readCurrent(
  store: SecretStore,
  names: readonly string[]
): Promise<Map<string, CurrentState>> {
  const described = store.describe(names)
  const read = store.currentValues(names)
  await settleAll<unknown>([described, read]) // every failure of either, not just the first
  const [metadata, values] = [await described, await read]
  return new Map(
    names.map((name): [string, CurrentState] => {
      const meta = metadata.get(name)
      return [
        name,
        meta ? { exists: true, metadata: meta, value: values.get(name) } : { exists: false }
      ]
    })
  )
}
