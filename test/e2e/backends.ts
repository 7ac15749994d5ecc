/**
 * The back ends every end-to-end suite runs against: the stand-in, and moto's server. Kept apart
 * from harness.ts, which the demo and benchmark scripts load outside jest.
 */
import { describe } from '@jest/globals'
import { startMoto, startStandin, type Backend } from './harness.js'
import { MOTO, runsWith } from '../tools.js'

type BackendSuite = (label: string, start: () => Promise<Backend>) => void

/**
 * One describe block per back end: the stand-in always, and moto. Without moto the moto block is
 * registered with jest's skip, and the run's closing lines say how to install it (test/tools.ts);
 * under CI=true it runs instead, and fails.
 */
export function describeEachBackend(title: string, suite: BackendSuite): void {
  describe.each([['stand-in', startStandin]])(title, suite)
  const withMoto = runsWith(MOTO) ? describe.each : describe.skip.each
  withMoto([['moto', startMoto]])(title, suite)
}
