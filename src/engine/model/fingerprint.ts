/**
 * A fingerprint tells two keys apart and matches one against the Stripe dashboard without
 * showing the key: its type prefix (sk_live_, whsec_…), its last 4 characters (what the
 * dashboard shows) and a short SHA-256. Today's view printed the first 20 characters + last 4,
 * i.e. a dozen real characters of the key.
 */
import { createHash } from 'node:crypto'

const TYPE = /^(?:sk|rk|pk)_(?:live|test)_|^whsec_|^https:\/\/hooks\.slack\.com\/services\//

/** Below this length the last 4 characters would be too much of the value: they are left out. */
export const MIN_FOR_LAST4 = 16

export function fingerprint(value: string): string {
  const type = TYPE.exec(value)?.[0] ?? ''
  const last4 = value.length >= MIN_FOR_LAST4 ? value.slice(-4) : ''
  const hash = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8)
  return `${type}…${last4} (sha256 ${hash})`
}
