/**
 * The values of secrets.json.example, kept as SHA-256 hashes (no key-shaped text in the bundle):
 * copied into secrets.json and never replaced, they would be written as if real.
 * test/unit/resolve.test.ts holds this list equal to the file's values.
 */
import { createHash } from 'node:crypto'

export const EXAMPLE_VALUE_HASHES: ReadonlySet<string> = new Set([
  '3bd4d748fd7359ed588be8dde94455f620d41795d2b4f4d54ebf3cb823aa036f',
  '9d69fef983bc17b9b0f85a9897f9df751ff87be5671f0a39010f254bd5eb8e22',
  'f902b1147d65be768622636ca7cc691bd310205f8e50c63b7732fc5eda611e1d',
  '70de343c034b4be9ce2394d18ba98bf225e85a6d9ad3c8d4b37c4b191d82972f',
  '4a38f9ebbead9a3678cad6977df1e24e2a46e78ffc419a85432e6877f02d6a6b',
  'd5f55aaff8ceca3c805793012009baec9e5f4680ac9cec1d4ccc309ad294c837'
])

export const exampleValueHash = (value: string): string =>
  createHash('sha256').update(value, 'utf8').digest('hex')

/** Whether `value` is one of secrets.json.example's placeholders. */
export const isExampleValue = (value: string): boolean =>
  EXAMPLE_VALUE_HASHES.has(exampleValueHash(value))
