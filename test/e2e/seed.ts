/**
 * Secrets as other tools and people leave them, seeded through the real SDK: any document text
 * (byte for byte), any tags, extra versions, and CloudFormation's own `aws:cloudformation:*` tags,
 * which AWS lets no client set (the stand-in takes them by its back door; moto's TagResource
 * takes them as they are).
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  type SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'
import type { Backend } from './backends.js'

export interface Seeded {
  name: string
  /** The SecretString, exactly as stored. */
  doc: string
  tags?: Record<string, string>
  /** CloudFormation's own tags: see cloudFormationTags. */
  awsTags?: Record<string, string>
  /** Documents put after the first, each becoming AWSCURRENT in turn. */
  later?: string[]
}

/** The three tags CloudFormation sets on every resource of a stack. */
export const cloudFormationTags = (stack: string, logicalId: string): Record<string, string> => ({
  'aws:cloudformation:stack-name': stack,
  'aws:cloudformation:stack-id': `arn:aws:cloudformation:eu-west-3:123456789012:stack/${stack}/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
  'aws:cloudformation:logical-id': logicalId
})

const asList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))

export async function seedSecret(
  backend: Backend,
  sm: SecretsManagerClient,
  s: Seeded
): Promise<void> {
  await sm.send(
    new CreateSecretCommand({
      Name: s.name,
      SecretString: s.doc,
      ...(s.tags && Object.keys(s.tags).length ? { Tags: asList(s.tags) } : {})
    })
  )
  for (const doc of s.later ?? [])
    await sm.send(new PutSecretValueCommand({ SecretId: s.name, SecretString: doc }))
  if (s.awsTags) {
    if (backend.standin) backend.standin.setAwsTags(s.name, s.awsTags)
    else await sm.send(new TagResourceCommand({ SecretId: s.name, Tags: asList(s.awsTags) }))
  }
}

/** What a reader sees of a secret: its current document (as stored), version, versions, tags. */
export async function stateOf(sm: SecretsManagerClient, name: string) {
  const described = await sm.send(new DescribeSecretCommand({ SecretId: name }))
  const current = await sm.send(new GetSecretValueCommand({ SecretId: name }))
  return {
    doc: current.SecretString,
    versionId: current.VersionId,
    versions: Object.keys(described.VersionIdsToStages ?? {}).length,
    tags: Object.fromEntries((described.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))
  }
}
