/**
 * A value's honest age: from the creation of the version that is AWSCURRENT, the moment the value
 * was written. Not the secret's LastChangedDate, which every tag write (ours included) moves, nor
 * its CreatedDate, which is the first version's.
 */

const DAY_MS = 24 * 60 * 60 * 1000

/** Whole days from the current version's creation to `now`; 0 under a day, or for a later date. */
export const ageInDays = (createdDate: Date, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - createdDate.getTime()) / DAY_MS))

/** Whether a value written at `createdDate` is older than `maxAgeDays` whole days at `now`. */
export const olderThan = (createdDate: Date, maxAgeDays: number, now: Date): boolean =>
  now.getTime() - createdDate.getTime() > maxAgeDays * DAY_MS

/** "less than a day", "1 day", "12 days": for list, the summary and the alert issue. */
export const describeAge = (days: number): string =>
  days < 1 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`
