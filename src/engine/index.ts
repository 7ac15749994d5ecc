/**
 * The engine's one door: everything the fronts (src/action, src/cli) use of the engine, and
 * nothing else. eslint.config.js and test/unit/architecture.test.ts refuse a front's import of
 * any other engine module.
 */

// Preparing a run, and running it.
export {
  prepareCatalogue,
  prepareConsumers,
  preparePin,
  prepareSources
} from './prepare/prepare.js'
export { checkPin, type ConfirmedAccount } from './account/account.js'
export type { Pin } from './environments/schema.js'
export { runEngine, type RunRequest } from './run.js'
export { selectEntries, type Catalogue } from './catalogue/catalogue.js'
export type { Provenance } from './apply/provenance.js'

// The probes: what a front gives a run that asks Stripe and Slack.
export { PROBE_MODES, type ProbeMode } from './probe/plan.js'
export type { ProviderPort } from './probe/port.js'
export type { ProbeSettings } from './probe/stage.js'
export { DEFAULT_ROTATION_OVERLAP_DAYS } from './probe/rotation.js'
export { probeCurrent, probeLine, probeRead } from './inventory/probe-current.js'

// The CLI's own commands: list and show.
export { readInventory, type Inventory, type InventoryRow } from './inventory/inventory.js'
export { ageInDays, describeAge } from './staleness/age.js'
export { isStripe, readValues, type ShownValue } from './inventory/values.js'
export { fingerprint } from './model/fingerprint.js'

// The vocabulary: names, scope, tags, problems, reports.
export { ENVIRONMENT_NAME, normalPrefix, relativeTarget } from './model/names.js'
export { DEFAULT_REGION, scopeProblems } from './model/scope.js'
export { parseTags } from './model/tags.js'
export { problemText, storeProblems, type Problem, type ProblemCode } from './model/problem.js'
export {
  CHECK_MODES,
  failureLine,
  MODES,
  stoppedReport,
  Stopped,
  verdictOf,
  type Mode,
  type Report
} from './model/report.js'

// Text: what may be quoted back, typos, dates, lines, masking.
export { echo, NOT_SHOWN, quotable, QUOTABLE, shown } from './model/quote.js'
export { readRegularFile } from './model/regular-file.js'
export { nearest } from './model/typo.js'
export { formatWhen } from './model/dates.js'
export { oneLine, printableLines } from './model/lines.js'
export type { Mask } from './model/mask.js'

// Renderings of a report, redaction, hints and help.
export { outputsOf, redactReport, summaryMarkdown, textLines } from './report/render.js'
export {
  isAlertOf,
  legacyMode,
  needsAlert,
  nextAlert,
  type AlertChange
} from './report/alert-issue.js'
export { table } from './report/table.js'
export { Redactor, secretForms } from './report/redact.js'
export { withHint, type HintContext } from './report/hints.js'
export { helpAnchor, titleOf, TROUBLESHOOTING } from './report/help.js'
