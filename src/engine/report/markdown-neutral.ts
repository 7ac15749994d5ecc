/**
 * Outside text (tags, names, AWS's words) made unable to notify or link anyone once it is
 * Markdown on GitHub (the job summary, the alert issue's title and body): an invisible word
 * joiner (U+2060) goes after every "@" that would start a mention (@octocat, @org/team) or an
 * e-mail address, inside every "://" that would start an autolink, and before every dot that
 * would join a domain name (www.evil.example, evil.example/x). The text reads the same; nothing
 * in it is a link or a mention.
 */

const JOINER = '\u2060'

export const neutral = (text: string): string =>
  text
    .replace(/@(?=[\p{L}\p{N}_])/gu, `@${JOINER}`)
    .replace(/:(?=\/\/)/g, `:${JOINER}`)
    .replace(/(?<=[\p{L}\p{N}_-])\.(?=[\p{L}\p{N}_-]*\p{L})/gu, `${JOINER}.`)
