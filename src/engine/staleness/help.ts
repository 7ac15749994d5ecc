/**
 * Where the fix for each staleness message is explained: [heading's anchor in
 * docs/troubleshooting.md, what the message says], part of ../report/help.ts's HELP;
 * test/unit/staleness-troubleshooting.test.ts keeps the two sides together.
 */
export const STALENESS_HELP: readonly (readonly [string, RegExp])[] = [
  [
    'a-github-secret-edited-after-the-last-sync',
    /was edited on GitHub at .*, after the value in AWS was written at /
  ],
  ['a-value-older-than-its-policy', /older than its policy of .* days \(maxAgeDays\)/],
  ['a-github-secret-the-catalogue-does-not-name', /^GitHub holds a secret the catalogue does not/],
  [
    'a-catalogue-secret-missing-on-github',
    /but GitHub has no such environment or repository secret/
  ],
  ['github-edits-not-checked', /^GitHub edits were not checked: /]
]
