/** The title of each error annotation the action writes. */
import type { Problem, ProblemKind } from '../engine/index.js'

const TITLES: Partial<Record<ProblemKind, string>> = {
  'access-denied': 'AWS access denied',
  credentials: 'No usable AWS credentials',
  throttling: 'AWS throttling',
  network: 'AWS unreachable',
  kms: 'KMS key problem',
  drift: 'Secrets Manager differs from GitHub',
  'unconfirmed-account': 'AWS account not confirmed',
  audit: 'Secret not as this tool left it'
}

/** The annotation's title. */
export function titleOf(problem: Problem): string {
  if (problem.kind) return TITLES[problem.kind] ?? 'AWS error'
  if (problem.source) return `Fix GitHub secret ${problem.source}`
  return 'impressionnistes-secrets'
}
