/**
 * The action's one writer: every line it prints (log, debug, annotations, failure) passes
 * through the run's redactor here, then is made inert (src/engine/model/lines.ts `inert`): no text
 * from outside can start a line the runner would run as a workflow command. Values are
 * registered with the runner's masking here too. Nothing else in the action prints.
 */
import * as core from './runner.js'
import { oneLine, printableLines, Redactor, secretForms, type Mask } from '../engine/index.js'

export interface ActionLog {
  /** Registers a value with the runner's masking and with our redactor. */
  mask: Mask
  redact: (text: string) => string
  info: (text: string) => void
  debug: (text: string) => void
  warning: (text: string, title: string) => void
  error: (text: string, title: string) => void
  fail: (text: string) => void
}

/** A writer for one run: its own redactor, its own set of masked forms. */
export function createLog(): ActionLog {
  const redactor = new Redactor()
  const masked = new Set<string>()
  const redact = (text: string) => redactor.redact(text)
  /** Redacted first (a form must be found as it is), then split and made inert. */
  const lines = (text: string) => printableLines(redact(text))
  /** An annotation's message: runner.ts escapes its line breaks; each line is inert too. */
  const message = (text: string) => lines(text).join('\n')
  const title = (text: string) => lines(oneLine(text)).join(' ')
  return {
    mask: (value, kind) => {
      redactor.add(value, kind)
      for (const form of secretForms(value)) {
        if (masked.has(form)) continue
        masked.add(form)
        core.setSecret(form)
      }
    },
    redact,
    info: (text) => {
      for (const line of lines(text)) core.info(line)
    },
    debug: (text) => {
      for (const line of lines(text)) core.debug(line)
    },
    warning: (text, t) => core.warning(message(text), { title: title(t) }),
    error: (text, t) => core.error(message(text), { title: title(t) }),
    fail: (text) => core.setFailed(message(text))
  }
}
