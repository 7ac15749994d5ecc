/**
 * A file input read as the fronts must read one (the action's catalogue, the CLI's --file,
 * --consumers-file and --catalogue): only a regular file, and at most MAX_FILE_BYTES of it. A
 * named pipe with no writer would hang the run, /dev/zero would fill the memory, and a directory
 * would fail with EISDIR: each is refused by name instead. Opened without blocking (a pipe's
 * open waits for a writer otherwise), then checked on the open file itself, so that what is read
 * is what was checked.
 */
import { constants, type Stats } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

/** The most a file input may take: a catalogue or a secrets file takes a few KB. */
export const MAX_FILE_BYTES = 1024 * 1024

export type FileRead =
  | { ok: true; text: string; /** Its permission bits (stat's mode). */ mode: number }
  | { ok: false; missing: boolean; problem: string }

/** What a file that is not regular is, in words. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory'
  if (stat.isFIFO()) return 'a named pipe'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isSocket()) return 'a socket'
  return 'something other than a file'
}

const LIMIT = `file inputs are read only from regular files of at most ${MAX_FILE_BYTES / 1024 / 1024} MiB`

/** Up to `max` + 1 bytes of an open file: one more than allowed says it is too large. */
async function readAtMost(handle: FileHandle, max: number): Promise<Buffer> {
  const buffer = Buffer.alloc(max + 1)
  let total = 0
  for (;;) {
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null)
    if (bytesRead === 0) return buffer.subarray(0, total)
    total += bytesRead
    if (total > max) return buffer.subarray(0, total)
  }
}

/**
 * The text of the regular file at `path`, or a problem worded to follow its subject ("--file
 * secrets.json" + " is a directory, not a regular file, …").
 */
export async function readRegularFile(path: string, max = MAX_FILE_BYTES): Promise<FileRead> {
  let handle: FileHandle
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return { ok: false, missing: code === 'ENOENT', problem: `cannot be read (${code})` }
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) {
      const kind = kindOf(stat)
      return {
        ok: false,
        missing: false,
        problem: `is ${kind}, not a regular file, so it was not read (${LIMIT})`
      }
    }
    const bytes = stat.size > max ? undefined : await readAtMost(handle, max)
    if (!bytes || bytes.length > max) {
      return {
        ok: false,
        missing: false,
        problem: `is larger than the most a file input may take, so it was not read (${LIMIT})`
      }
    }
    return { ok: true, text: bytes.toString('utf8'), mode: stat.mode }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return { ok: false, missing: false, problem: `cannot be read (${code})` }
  } finally {
    await handle.close()
  }
}
