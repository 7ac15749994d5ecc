/** Typos: the candidate a mistyped word was meant to be. */

/** The edit distance (insertions, deletions, substitutions, swaps of neighbours) of two texts. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  )
  const at = (i: number, j: number) => d[i]?.[j] ?? 0
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      const row = d[i]
      if (row) row[j] = best
    }
  }
  return at(a.length, b.length)
}

/**
 * The candidate closest to `word` (case aside), when it is near enough to be a typo of it: at
 * most 2 edits, and fewer than a third of the word's length; undefined when none is, or two are.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(2, Math.ceil(word.length / 3) - 1)
  let best: string | undefined
  let bestDistance = Infinity
  let tie = false
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase())
    if (d > limit || d > bestDistance) continue
    tie = d === bestDistance && candidate !== best
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return tie ? undefined : best
}
