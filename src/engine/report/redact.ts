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
 */
export class Redactor {
  static readonly MIN = 8
  private readonly forms = new Set<string>()
  private sorted: string[] | undefined

  add(value: string): void {
    for (const form of secretForms(value)) {
      if (form.length >= Redactor.MIN && !this.forms.has(form)) {
        this.forms.add(form)
        this.sorted = undefined
      }
    }
  }

  redact(text: string): string {
    if (this.forms.size === 0) return text
    this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length)
    let out = text
    for (const form of this.sorted) if (out.includes(form)) out = out.split(form).join('***')
    return out
  }
}
