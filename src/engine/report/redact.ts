import type { MaskKind } from '../model/mask.js'

/**
 * Every form in which a secret value could show up in text: as given, trimmed, JSON-escaped (as
 * inside a document we build), and line by line for multi-line values (runners mask per line).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>()
  const add = (v: string) => {
    if (v.length > 0) forms.add(v)
  }
  add(value)
  add(value.trim())
  add(JSON.stringify(value).slice(1, -1))
  add(JSON.stringify(value.trim()).slice(1, -1))
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) if (line.trim().length >= 4) add(line.trim())
  }
  return [...forms]
}

/**
 * A last line of defence behind masking: every text we print passes through redact(). Values
 * shorter than MIN are not redacted: they would shred ordinary text ("true", "null", a prefix),
 * and no secret this tool manages is that short (the runner still masks them where it can).
 *
 * A piece of a value is redacted too: an AWS error message may quote part of a document (cut
 * short, or from the middle), which no whole form matches. Any run of FRAGMENT or more characters
 * of a value's form is found through the set of the forms' FRAGMENT-character substrings, and
 * replaced, with the rest of the run, by "***".
 */
export class Redactor {
  static readonly MIN = 8
  static readonly FRAGMENT = 12
  private readonly forms = new Set<string>()
  private sorted: string[] | undefined
  private readonly grams = new Set<string>()

  add(value: string, kind: MaskKind = 'value'): void {
    for (const form of secretForms(value)) {
      if (form.length >= Redactor.MIN && !this.forms.has(form)) {
        this.forms.add(form)
        this.sorted = undefined
      }
      if (kind !== 'value') continue
      for (let i = 0; i + Redactor.FRAGMENT <= form.length; i++) {
        const gram = form.slice(i, i + Redactor.FRAGMENT)
        // A run of blanks is no secret: it would blank the padding of every table.
        if (gram.trim() !== '') this.grams.add(gram)
      }
    }
  }

  redact(text: string): string {
    if (this.forms.size === 0) return text
    this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length)
    let out = text
    for (const form of this.sorted) if (out.includes(form)) out = out.split(form).join('***')
    return this.grams.size ? this.withoutFragments(out) : out
  }

  /** Replaces every run of characters covered by a known FRAGMENT-character piece with "***". */
  private withoutFragments(text: string): string {
    const n = Redactor.FRAGMENT
    let out = ''
    let kept = 0
    let coveredTo = -1
    let runStart = -1
    for (let i = 0; i + n <= text.length; i++) {
      if (!this.grams.has(text.slice(i, i + n))) continue
      if (i > coveredTo) {
        if (runStart >= 0) {
          out += `${text.slice(kept, runStart)}***`
          kept = coveredTo
        }
        runStart = i
      }
      coveredTo = i + n
    }
    if (runStart < 0) return text
    return `${out}${text.slice(kept, runStart)}***${text.slice(coveredTo)}`
  }
}
