/**
 * The probes of what an environment holds now (CLI `probe`, `show --stripe --probe`): each
 * current value is read, masked by the caller's `mask`, and asked about; nothing is written.
 */
import { selectEntries, type Catalogue, type SelectedEntry } from '../catalogue/catalogue.js'
import type { Mask } from '../model/mask.js'
import type { SecretStore } from '../model/ports/secret-store.js'
import type { ProbeResult } from '../probe/classify.js'
import type { ProbeReport } from '../probe/probe.js'
import { probeStage, type ProbeSettings } from '../probe/stage.js'
import { readValues, type ShownValue } from './values.js'

export interface CurrentProbes extends ProbeReport {
  /** Secrets whose value could not be read (not there yet, another environment's): not probed. */
  unread: { name: string; problem: string }[]
}

type Where = { catalogue: Catalogue; environment: string; prefix: string }

/** Every current value of the environment, probed as if a run were making it current. */
export async function probeCurrent(
  store: SecretStore,
  where: Where,
  settings: ProbeSettings,
  mask: Mask,
  keep?: (entry: SelectedEntry) => boolean
): Promise<CurrentProbes> {
  const values = await readValues(store, where.catalogue, where.environment, where.prefix, keep)
  return probeRead(values, where, settings, mask, keep)
}

/**
 * Values already read (show's), probed: those of the entries `keep` picks, each masked first.
 * A caller that has read them need not read them again.
 */
export async function probeRead(
  read: readonly ShownValue[],
  where: Omit<Where, 'prefix'>,
  settings: ProbeSettings,
  mask: Mask,
  keep: (entry: SelectedEntry) => boolean = () => true
): Promise<CurrentProbes> {
  const entries = selectEntries(where.catalogue, where.environment).entries.filter(keep)
  const rules = new Map(entries.map((e) => [e.target, e.rule]))
  const values = read.filter((v) => rules.has(v.target))
  for (const v of values) if (v.value !== undefined) mask(v.value)
  const held = values.flatMap((v) =>
    v.value === undefined
      ? []
      : [{ rule: rules.get(v.target), source: v.name, value: v.value, changing: true }]
  )
  const report = await probeStage(settings, where.environment, held)
  return {
    ...report,
    unread: values.flatMap((v) => (v.problem ? [{ name: v.name, problem: v.problem }] : []))
  }
}

/** One line per probed value: the secret, its status, the account; the note (if any) apart. */
export const probeLine = (r: ProbeResult): [string, string] => [
  r.source,
  `${r.status}${r.account ? ` (${r.account}${r.mode ? `, ${r.mode} mode` : ''})` : ''}`
]
