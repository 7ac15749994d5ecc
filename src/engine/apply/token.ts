/**
 * The ClientRequestToken of each write: it becomes the new version's id, and makes a write the
 * SDK retries land once.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { Provenance } from './provenance.js'

/**
 * Keys the token hash. Version ids appear in logs and outputs, and a plain hash of the content
 * would let anyone who reads them test guesses of a weak value offline; keyed with a secret that
 * lives only in this process, the id says nothing about the value. SDK retries of one write run in
 * this process, so they still carry the same token.
 */
const TOKEN_KEY = randomBytes(32)

/**
 * A UUID (RFC 9562 version 8, from HMAC-SHA-256 of run, attempt, target, current version and
 * content), the form the API recommends; it becomes the new version's id. The current version is
 * part of it so that writing A, then B, then A again within one run still writes the last A.
 */
export function clientRequestToken(
  p: Provenance,
  name: string,
  document: string,
  currentVersionId = ''
): string {
  const hex = createHmac('sha256', TOKEN_KEY)
    .update([p.runId, p.attempt, name, currentVersionId, document].join('\u0000'))
    .digest('hex')
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
