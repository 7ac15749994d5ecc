/**
 * Read the current state of every target: metadata (DescribeSecret, one call each) and AWSCURRENT
 * values (BatchGetSecretValue, 20 a call), all issued at once, so reading costs one round trip.
 */
import type { SecretMetadata, SecretStore, SecretValue } from '../../store/store.js'

export type CurrentState =
  { exists: false } | { exists: true; metadata: SecretMetadata; value: SecretValue | undefined }

export async function readCurrent(
  store: SecretStore,
  names: readonly string[]
): Promise<Map<string, CurrentState>> {
  const [metadata, values] = await Promise.all([store.describe(names), store.currentValues(names)])
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
