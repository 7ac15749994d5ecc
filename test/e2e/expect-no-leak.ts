/** Jest-side checks over an ActionRun (kept apart from standin/runner.ts, which `npm start` also loads). */
import { expect } from '@jest/globals'
import { masksComeFirst } from './harness.js'
import { type ActionRun } from '../../standin/runner.js'

/** No canary in any channel a user or a later step can see, and masks registered before any output. */
export function expectNothingLeaked(run: ActionRun, canary: string): void {
  expect(run.visible).not.toContain(canary)
  expect(masksComeFirst(run.stdout)).toBe(true)
}
