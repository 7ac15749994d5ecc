/** list: the secrets under the prefix, grouped, with dates, versions, writer, issues; no values. */
import {
  ageInDays,
  describeAge,
  formatWhen,
  readInventory,
  table,
  type Inventory,
  type InventoryRow
} from '../../engine/index.js'
import { EXIT } from '../args.js'
import { whoAmI, type Context } from '../context.js'
import { print, printJson } from '../io.js'
import { probeStatuses } from '../probe.js'

/** When the value was written (its version's creation) and its age; else when it last changed. */
const dateOf = (r: InventoryRow, now: Date): string =>
  r.written
    ? `written ${formatWhen(r.written)} (${describeAge(ageInDays(r.written, now))} ago)`
    : `changed ${formatWhen(r.lastChanged)}`

function printInventory(
  ctx: Context,
  inventory: Inventory,
  account: string,
  probes?: Map<string, string>
): void {
  if (ctx.json) {
    const probed = probes ? { probes: Object.fromEntries(probes) } : {}
    printJson(ctx, 'stdout', { ...inventory, account, region: ctx.region, ...probed })
    return
  }
  const rows = inventory.groups.flatMap((g) => g.rows)
  const now = new Date()
  const missing = rows.filter((r) => !r.exists).length
  print(
    ctx,
    'stdout',
    `list ${inventory.environment} (${inventory.prefix}/*, ${ctx.region}, account ${account}): ` +
      `${rows.filter((r) => r.exists).length} secret(s) in Secrets Manager` +
      (missing ? `, ${missing} of the catalogue missing` : '')
  )
  // One table for all groups, so that every group's columns line up.
  const lines = table(
    inventory.groups.flatMap((group) =>
      group.rows.flatMap((r) => {
        const facts = r.exists
          ? [
              dateOf(r, now),
              r.versions === undefined ? '' : `${r.versions} version(s)`,
              r.writtenBy ? `by ${r.writtenBy}` : '',
              probes?.get(r.name) ?? ''
            ]
          : ['missing']
        return [[r.name, facts.filter(Boolean).join(' · ')], ...r.issues.map((i) => ['', `⚠ ${i}`])]
      })
    ),
    '  '
  )
  let next = 0
  for (const group of inventory.groups) {
    print(ctx, 'stdout', group.title)
    const count = group.rows.reduce((n, r) => n + 1 + r.issues.length, 0)
    for (const line of lines.slice(next, next + count)) print(ctx, 'stdout', line)
    next += count
  }
}

export async function list(ctx: Context): Promise<number> {
  const { identity } = await whoAmI(ctx)
  const inventory = await readInventory(ctx.store, ctx.catalogue, ctx.environment, ctx.prefix)
  const probed = ctx.options.probe === true ? await probeStatuses(ctx) : undefined
  printInventory(ctx, inventory, identity.account, probed?.statuses)
  return probed?.dead ? EXIT.failure : EXIT.ok
}
