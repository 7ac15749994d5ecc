/** Small text helpers every rendering shares. */

/** "2026-11-29 22:05 UTC", or "—" when there is no date. */
export const formatWhen = (d?: Date): string =>
  d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—'

/** "2026-11-29". */
export const formatDay = (d: Date): string => d.toISOString().slice(0, 10)

/** A catalogue's names may hold line breaks: each row stays on one line of the log or table. */
export const oneLine = (s: string): string => s.replace(/\r\n|[\r\n]/g, ' ')

/**
 * Whether a text a user typed might be a secret pasted in the wrong place (a Stripe key, a
 * webhook secret): such a text is never quoted back.
 */
export const looksLikeSecret = (text: string): boolean => /_(live|test)_|^whsec_/.test(text)
