/** The example secrets.json a user copies, named in the hint of a missing file. */
import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The example secrets.json to copy: beside the user, or in this repository. This module sits
 * two folders below the repository's root both as source (src/cli/) and bundled (dist/cli/).
 */
export function exampleFile(): string {
  if (existsSync('secrets.json.example')) return 'secrets.json.example'
  // Built from parts: a literal path next to import.meta.url would make ncc copy the file.
  const beside = join(
    dirname(fileURLToPath(import.meta.url)),
    ...['..', '..', 'secrets.json.example']
  )
  return relative(process.cwd(), beside) || beside
}
