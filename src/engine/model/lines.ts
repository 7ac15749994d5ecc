/** Lines as they are printed: each on one line, none able to act as a workflow command. */

/**
 * Everything that may end a line somewhere: the runner reads its log with .NET's ReadLine (CR,
 * LF, CR LF); a terminal or a browser also breaks at VT, FF, NEL and the Unicode separators.
 */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/

/** A catalogue's names may hold line breaks: each row stays on one line of the log or table. */
export const oneLine = (s: string): string => s.replace(new RegExp(LINE_BREAK, 'g'), ' ')

/**
 * Leading characters the runner skips before it looks for "::" (.NET TrimStart: every Unicode
 * white space, NEL included), and a few invisible ones besides, to be safe.
 */
const LEADING_BLANKS = /^[\s\u0085\u180e\u200b\u2060\ufeff]*/

/**
 * One line made unable to act as a workflow command. The runner runs a line as a command when,
 * past its leading white space, it starts with "::name …::", or when it holds "##[name …]"
 * anywhere (the older form): the first gets a visible "> " in front, the second a space that
 * breaks "##[". Any other line is returned as it is.
 */
export function inert(line: string): string {
  const broken = line.replace(/##\[/g, '## [')
  const start = LEADING_BLANKS.exec(broken)?.[0].length ?? 0
  return broken.startsWith('::', start) ? `> ${broken}` : broken
}

/** A text as the lines to print: split at every line break, each line inert. */
export const printableLines = (text: string): string[] => text.split(LINE_BREAK).map(inert)
