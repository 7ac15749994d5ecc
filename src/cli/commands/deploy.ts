/** deploy, plan, verify: the engine over the values of a local secrets.json. */
import {
  NOT_SHOWN,
  prepareSources,
  QUOTABLE,
  readRegularFile,
  shown,
  Stopped,
  type Mode
} from '../../engine/index.js'
import { optionText, stop, type Context } from '../context.js'
import { exampleFile } from '../example.js'
import { print } from '../io.js'
import { runCommand } from '../run-command.js'

const DEFAULT_FILE = 'secrets.json'

async function readSourcesFile(ctx: Context): Promise<Record<string, unknown>> {
  const path = optionText(ctx.options.file) ?? DEFAULT_FILE
  // The path is named only when it looks like one: a value given to --file by mistake is not.
  const named = shown(path, QUOTABLE.path)
  const file = await readRegularFile(path)
  if (!file.ok && file.missing) {
    throw stop(
      'sources-file-not-found',
      named === NOT_SHOWN
        ? `The file given to --file does not exist ${NOT_SHOWN}.`
        : `${path} not found. Create it from the example and fill in your values:\n` +
            `  cp ${exampleFile()} ${path}\n` +
            `  chmod 600 ${path}   # it holds live keys: keep it to yourself, never commit it`
    )
  }
  if (!file.ok) {
    throw stop(
      'file-input-unusable',
      named === NOT_SHOWN
        ? `The file given to --file ${NOT_SHOWN} ${file.problem}.`
        : `--file ${path} ${file.problem}.`
    )
  }
  if (process.platform !== 'win32' && (file.mode & 0o077) !== 0) {
    print(
      ctx,
      'stderr',
      named === NOT_SHOWN
        ? 'warning: the file given to --file can be read by other users of this computer; it holds live keys: chmod 600 it'
        : `warning: ${path} can be read by other users of this computer; it holds live keys: chmod 600 ${path}`
    )
  }
  const read = prepareSources(file.text, (value, kind) => ctx.redactor.add(value, kind), {
    what: named === NOT_SHOWN ? `The file given to --file ${NOT_SHOWN}` : named
  })
  if (!read.ok) throw new Stopped('validate', [read.problem])
  return read.value
}

export async function deploy(ctx: Context, mode: Mode): Promise<number> {
  return runCommand(ctx, mode, await readSourcesFile(ctx))
}
