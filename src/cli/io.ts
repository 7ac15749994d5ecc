/**
 * The CLI's one writer: every line it prints passes through the run's redactor, then is made
 * inert (the CLI runs in CI too, where a runner reads its output: no text from outside may start
 * a line that reads as a workflow command).
 */
import { printableLines, type Redactor } from '../engine/index.js'

export interface Io {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
}

/** The streams and the redactor: enough to print, before the options are known to be good. */
export interface Output {
  io: Io
  redactor: Redactor
}

/** Redacts a text, then prints it line by line, each line inert. */
export function print(out: Output, stream: 'stdout' | 'stderr', text: string): void {
  for (const line of printableLines(out.redactor.redact(text))) out.io[stream].write(`${line}\n`)
}

/**
 * JSON text with what a line splitter or a runner could act on escaped inside its strings (the
 * only place it can be): NEL and the Unicode line separators, and the "#" of "##[". It reads
 * back as the same data, and its lines are already inert (none starts with "::").
 */
const inertJson = (json: string): string =>
  json
    .replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '#\\u0023[')

export const asJson = (value: unknown): string => inertJson(JSON.stringify(value, null, 2))

/** Prints a value as JSON (--json): redacted as plain JSON first, then made inert. */
export function printJson(out: Output, stream: 'stdout' | 'stderr', value: unknown): void {
  const text = inertJson(out.redactor.redact(JSON.stringify(value, null, 2)))
  for (const line of text.split('\n')) out.io[stream].write(`${line}\n`)
}
