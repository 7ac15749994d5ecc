/**
 * What the end-to-end tests read back: a client straight to the back end (backends.ts), what a
 * Lambda would read there, and whether a run's output masked before anything else. The runner
 * itself is stood in for by standin/runner.ts.
 */
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  SecretsManagerClient
} from '@aws-sdk/client-secrets-manager'

/** Masking comes first: no line of output precedes the last ::add-mask:: command. */
export function masksComeFirst(stdout: string): boolean {
  const lines = stdout.split('\n').filter(Boolean)
  const lastMask = lines.map((l) => l.startsWith('::add-mask::')).lastIndexOf(true)
  if (lastMask < 0) return true // nothing to mask (an empty input, say)
  return lines.slice(0, lastMask).every((l) => l.startsWith('::add-mask::'))
}

export function client(url: string): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: url,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
    maxAttempts: 1
  })
}

/** What a Lambda would read, and the version history, straight from the back end. */
export async function inspect(sm: SecretsManagerClient, name: string) {
  const current = await sm.send(
    new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSCURRENT' })
  )
  const versions = await sm.send(
    new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true })
  )
  let previous: string | undefined
  try {
    previous = (
      await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))
    ).SecretString
  } catch {
    previous = undefined
  }
  return {
    value: current.SecretString,
    json: JSON.parse(current.SecretString ?? 'null') as Record<string, unknown>,
    versionId: current.VersionId,
    versions: versions.Versions?.length ?? 0,
    previous
  }
}

export async function secretNames(sm: SecretsManagerClient): Promise<string[]> {
  const out = await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))
  return (out.SecretList ?? []).map((s) => s.Name ?? '').sort()
}
