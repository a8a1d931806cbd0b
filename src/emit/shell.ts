/**
 * Shell quoting for generated scripts (bash and POSIX sh). Every dynamic word a script holds goes
 * through `sh`; environment variable names are validated with `isEnvName` instead of quoted.
 */

/**
 * A single-quoted shell word whose value is exactly `s`, byte for byte: every `'` is written as
 * `'\''` and nothing else is special inside single quotes (`$`, backticks, `\`, globs and
 * newlines stay literal). The empty string becomes `''`. A NUL cannot be carried by any shell
 * word, argv entry or environment value: callers reject it first (see `hasNul`).
 */
export function sh(s: string): string {
  return `'${s.replaceAll("'", () => "'\\''")}'`;
}

/** Several words quoted with `sh` and joined by single spaces. */
export function shWords(words: readonly string[]): string {
  return words.map(sh).join(' ');
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` can be an exported shell variable (`^[A-Za-z_][A-Za-z0-9_]*$`). */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Whether `s` holds a NUL character, which no argv entry or environment value can carry. */
export function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/**
 * Text safe inside a `#` comment line: JSON string syntax, so newlines and other control
 * characters are escaped and the comment cannot end early. Carriage returns, U+2028 and U+2029
 * are escaped too.
 */
export function shComment(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
