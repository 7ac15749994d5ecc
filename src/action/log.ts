/**
 * The action's one writer: every line it prints (log, annotations, failure) passes through the
 * run's redactor here, and values are registered with the runner's masking here too.
 */
import * as core from '@actions/core'
import { Redactor, secretForms } from '../engine/report/redact.js'

export interface ActionLog {
  /** Registers a value with the runner's masking and with our redactor. */
  mask: (value: string) => void
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
  return {
    mask: (value) => {
      redactor.add(value)
      for (const form of secretForms(value)) {
        if (masked.has(form)) continue
        masked.add(form)
        core.setSecret(form)
      }
    },
    redact,
    info: (text) => core.info(redact(text)),
    debug: (text) => core.debug(redact(text)),
    warning: (text, title) => core.warning(redact(text), { title }),
    error: (text, title) => core.error(redact(text), { title }),
    fail: (text) => core.setFailed(redact(text))
  }
}
