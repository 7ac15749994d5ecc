/** update-stripe: a new Stripe API key and/or webhook secret, validated like a deploy. */
import { isStripe, selectEntries } from '../../engine/index.js'
import { BIN, EXIT } from '../args.js'
import { optionText, stop, type Context } from '../context.js'
import { print } from '../io.js'
import { runCommand } from '../run-command.js'

const KINDS = [
  { flag: '--api-key', variable: 'STRIPE_API_KEY', rule: /^stripe-(test|live)-key$/ },
  { flag: '--webhook-secret', variable: 'STRIPE_WEBHOOK_SECRET', rule: /^stripe-webhook-secret$/ }
]

export async function updateStripe(ctx: Context): Promise<number> {
  const option = (flag: string) => ctx.options[flag.slice(2)]
  for (const k of KINDS) {
    if (option(k.flag) === '')
      throw stop(
        'update-stripe-no-value',
        `${k.flag} is empty: give the value, or leave the option out.`,
        'usage'
      )
  }
  // Options, when any is given, say exactly what to write: a STRIPE_API_KEY left in the shell
  // (the Stripe CLI reads it too) is then not written along with a --webhook-secret.
  const byFlag = KINDS.some((k) => option(k.flag) !== undefined)
  const given = KINDS.map((k) => {
    const value = byFlag ? optionText(option(k.flag)) : ctx.io.env[k.variable] || undefined
    if (value) ctx.redactor.add(value)
    return { ...k, value, label: byFlag ? k.flag : k.variable }
  })
  if (!given.some((g) => g.value)) {
    throw stop(
      'update-stripe-no-value',
      'Give the new value: STRIPE_API_KEY=sk_… (and/or STRIPE_WEBHOOK_SECRET=whsec_…) in the ' +
        `environment, or --api-key / --webhook-secret. See ${BIN} update-stripe --help.`,
      'usage'
    )
  }
  const entries = selectEntries(ctx.catalogue, ctx.environment).entries.filter(isStripe)
  const sources: Record<string, string> = {}
  const only: string[] = []
  const labels = new Map<string, string>()
  for (const g of given) {
    if (!g.value) continue
    const entry = entries.find((e) => typeof e.rule === 'string' && g.rule.test(e.rule))
    if (!entry)
      throw stop(
        'update-stripe-no-entry',
        `The catalogue has no Stripe entry for ${g.flag} in ${ctx.environment}.`
      )
    sources[entry.sourceKey] = g.value
    only.push(entry.target)
    labels.set(entry.sourceKey, g.label)
  }
  const code = await runCommand(
    ctx,
    'sync',
    sources,
    { only, display: (key) => labels.get(key) ?? key },
    'update-stripe'
  )
  if (code === EXIT.ok && !ctx.json) {
    print(
      ctx,
      'stderr',
      'note: put the same value in the GitHub secret (and in secrets.json, if you deploy from it): ' +
        'the next sync or deploy writes whatever its source holds.'
    )
  }
  return code
}
