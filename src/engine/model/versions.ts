/** A secret's versions, by the staging labels Secrets Manager moves between them. */
import type { SecretMetadata } from './ports/secret-store.js'

export const CURRENT = 'AWSCURRENT'
export const PREVIOUS = 'AWSPREVIOUS'

/** The version that carries `stage` (AWSCURRENT by default); undefined when none does. */
export const labelled = (m: SecretMetadata, stage: string = CURRENT): string | undefined =>
  Object.entries(m.versionStages).find(([, stages]) => stages.includes(stage))?.[0]
