/** Dates as every rendering shows them: UTC, to the minute or to the day. */

/** "2026-11-29 22:05 UTC", or "—" when there is no date. */
export const formatWhen = (d?: Date): string =>
  d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—'

/** "2026-11-29". */
export const formatDay = (d: Date): string => d.toISOString().slice(0, 10)
