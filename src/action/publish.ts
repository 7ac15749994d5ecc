/**
 * Every channel a run reports on (step log, annotations, outputs, job summary, the alert issue),
 * from one report, redacted once.
 */
import * as core from './runner.js'
import {
  failureLine,
  helpAnchor,
  outputsOf,
  problemText,
  redactReport,
  summaryMarkdown,
  textLines,
  titleOf,
  withHint,
  type Problem,
  type Report
} from '../engine/index.js'
import { troubleshootingUrl } from './github-context.js'
import type { ActionLog } from './log.js'

/**
 * Step log, annotations, outputs and job summary: every channel, from one report; `alert` (the
 * alert issue) gets the redacted report before the step is marked failed.
 */
export async function publish(
  log: ActionLog,
  raw: Report,
  env: NodeJS.ProcessEnv,
  alert?: (report: Report) => Promise<void>
): Promise<void> {
  const where = {
    front: 'action',
    env,
    region: raw.region,
    prefix: raw.prefix,
    ...(raw.account ? { account: raw.account } : {})
  } as const
  const withHints: Report = { ...raw, problems: raw.problems.map((p) => withHint(p, where)) }
  // Redact the free texts before anything escapes them (a value with "|" would escape the match).
  const report = redactReport(withHints, log.redact)
  for (const line of textLines(report)) log.info(line)
  log.debug(`${report.mode} stopped at stage "${report.stage}"; ok=${report.ok}`)
  const help = troubleshootingUrl(env)
  const withLink = (p: Problem) => {
    const anchor = helpAnchor(p)
    return `${problemText(p)}${anchor ? ` How to fix: ${help}#${anchor}` : ''}`
  }
  for (const w of report.warnings)
    log.warning(withLink(w), w.source ? `GitHub secret ${w.source}` : 'Warning')
  for (const p of report.problems) log.error(withLink(p), titleOf(p))
  // Outputs are built from names, actions and version ids only: no value can be in them, and
  // redacting them could corrupt their JSON.
  for (const [name, value] of Object.entries(outputsOf(report))) core.setOutput(name, value)
  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(log.redact(summaryMarkdown(report, help)), true).write()
  } else {
    log.debug('GITHUB_STEP_SUMMARY is not set: no job summary written.')
  }
  if (alert) await alert(report)
  const failure = failureLine(report)
  if (failure) log.fail(withLink(failure))
}
