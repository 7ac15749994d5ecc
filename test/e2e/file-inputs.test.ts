/**
 * File inputs that never end or are not files, end to end through both bundles: the CLI's
 * --file, --consumers-file and --catalogue and the action's `catalogue:` input read only a
 * regular file of at most 1 MiB. A named pipe with no writer, /dev/zero, a directory (a folder
 * named secrets.json) and a larger file are each refused by name, quickly, with no chmod warning
 * and no unexpected failure.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, runnerEnv } from '../../standin/runner.js'
import { startStandin, type Backend } from './backends.js'
import { laptopEnv, runCli, secretsFolder } from './cli-harness.js'
import { SECRETS_FILE, secretsInput } from './fixtures.js'

/** Well under the 10 s a hung run is given before it is killed. */
const QUICK_MS = 5_000
const NOT_READ = 'not a regular file, so it was not read'

describe('file inputs that are not regular files', () => {
  let backend: Backend
  let dir: string
  let fifo: string
  let folder: string
  let big: string
  let folderFile: string

  beforeAll(async () => {
    backend = await startStandin()
    dir = mkdtempSync(join(tmpdir(), 'imp-files-'))
    fifo = join(dir, 'pipe.json')
    execFileSync('mkfifo', [fifo])
    big = join(dir, 'big.json')
    writeFileSync(big, `{"pad": "${'x'.repeat(1024 * 1024)}"}`, { mode: 0o600 })
    folder = secretsFolder(SECRETS_FILE)
    // A folder named secrets.json, where the CLI looks by default.
    folderFile = mkdtempSync(join(tmpdir(), 'imp-files-'))
    mkdirSync(join(folderFile, 'secrets.json'))
  }, 30_000)
  afterAll(async () => {
    await backend?.stop()
    for (const d of [dir, folder, folderFile]) rmSync(d, { recursive: true, force: true })
  })

  const cli = async (args: string[], cwd = folder) => {
    const started = Date.now()
    const run = await runCli(args, { env: laptopEnv(backend.url), cwd, timeoutMs: 10_000 })
    return { ...run, ms: Date.now() - started }
  }
  /** Refused by name, quickly, with no chmod warning and no unexpected failure. */
  const refused = (run: Awaited<ReturnType<typeof cli>>, says: string) => {
    expect(run.ms).toBeLessThan(QUICK_MS)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(says)
    expect(run.all).not.toMatch(/chmod|unexpected failure|EISDIR/i)
  }

  test.each([
    ['a named pipe with no writer', () => fifo, `is a named pipe, ${NOT_READ}`],
    ['/dev/zero', () => '/dev/zero', `is a device, ${NOT_READ}`],
    ['a directory', () => dir, `is a directory, ${NOT_READ}`],
    ['a file over 1 MiB', () => big, 'is larger than the most a file input may take']
  ])('--file naming %s is refused by name', async (_what, path, says) => {
    refused(await cli(['deploy', '--env', 'dev', '--file', path()]), `--file ${path()} ${says}`)
  })

  test('a folder named secrets.json, where deploy looks by default, is refused by name', async () => {
    refused(
      await cli(['deploy', '--env', 'dev'], folderFile),
      `--file secrets.json is a directory, ${NOT_READ}`
    )
  })

  test.each([
    ['a named pipe with no writer', () => fifo, 'is a named pipe'],
    ['/dev/zero', () => '/dev/zero', 'is a device'],
    ['a directory', () => dir, 'is a directory']
  ])(
    '--consumers-file and --catalogue naming %s are refused by name',
    async (_what, path, says) => {
      const consumers = await cli(['deploy', '--env', 'dev', '--consumers-file', path()])
      refused(consumers, `--consumers-file ${path()} ${says}, ${NOT_READ}`)
      const catalogue = await cli(['deploy', '--env', 'dev', '--catalogue', path()])
      refused(catalogue, `${says}, ${NOT_READ}`)
    }
  )

  test.each([
    ['a named pipe with no writer', () => fifo, 'is a named pipe'],
    ['/dev/zero', () => '/dev/zero', 'is a device'],
    ['a directory', () => dir, 'is a directory'],
    ['a file over 1 MiB', () => big, 'is larger than the most a file input may take']
  ])('the action’s catalogue input naming %s is refused by name', async (_what, path, says) => {
    const started = Date.now()
    const run = await runAction(
      { environment: 'dev', secrets: secretsInput(), catalogue: path() },
      runnerEnv(backend.url),
      10_000
    )
    expect(Date.now() - started).toBeLessThan(QUICK_MS)
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(says)
    expect(run.errors.join('\n')).toContain('#a-file-input-that-is-not-a-regular-file-or-too-large')
    expect(run.visible).not.toMatch(/unexpected failure/i)
  })
})
