/** How an input is read, and what a wrong one is. */
import type { Problem, ProblemCode } from '../engine/index.js'

/** One input by name ('' when not given). */
export type Get = (name: string) => string

/** An input's problem: any input's (input-wrong) unless said. */
export const wrongInput = (message: string, code: ProblemCode = 'input-wrong'): Problem => ({
  code,
  message
})
