/**
 * HCL (HashiCorp Configuration Language, version 2) string escaping, for every target that
 * writes HCL text. Total: any JavaScript string becomes a quoted HCL string whose value, as
 * HashiCorp's parser reads it, is the original string (see HAZARDS.md "Output").
 *
 * Order matters: backslash first (so later escapes are not doubled), then quote, then
 * control characters, then the template sequences `${` and `%{`, which HCL would otherwise
 * interpolate even inside a quoted string. Non-ASCII characters are written as `\uXXXX`
 * (`\UXXXXXXXX` beyond the Basic Multilingual Plane), so every generated file is plain ASCII
 * and no invisible or bidirectional character can hide in it. A lone UTF-16 surrogate (which
 * no UTF-8 input can produce) is written as U+FFFD.
 */

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

function escapeCodePoint(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '"':
      return '\\"';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f) return `\\u${hex(cp, 4)}`;
  if (cp < 0x7f) return ch;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\uFFFD';
  return cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`;
}

// One code point at a time: astral characters are a surrogate pair, lone surrogates one unit.
const CODE_POINTS = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;
// Anything outside printable ASCII, or a backslash or quote.
const NEEDS_ESCAPE = /[^\u0020-\u007e]|[\\"]/;

/** The body of a quoted HCL string (without the quotes) whose value is `s`. */
export function hclEscape(s: string): string {
  const body = NEEDS_ESCAPE.test(s) ? s.replace(CODE_POINTS, (ch) => escapeCodePoint(ch)) : s;
  // `${` and `%{` open template interpolations/directives; doubling the introducer escapes them.
  return body.replace(/([$%])\{/g, (_m, intro: string) => `${intro}${intro}{`);
}

/** A quoted HCL string literal whose value is exactly `s`. The `hcl` helper of the templates. */
export function hcl(s: string): string {
  return `"${hclEscape(s)}"`;
}

/** An HCL tuple of quoted strings, on one line: `["a", "b"]`. */
export function hclList(items: readonly string[]): string {
  return `[${items.map(hcl).join(', ')}]`;
}

/**
 * A `#` comment line's text: newlines and other control characters escaped as in a string, so
 * user text in a comment can never end the comment and inject HCL.
 */
export function hclComment(s: string): string {
  return `# ${s.replace(COMMENT_UNSAFE, (ch) => escapeCodePoint(ch))}`;
}

// Everything but printable ASCII: a newline would end the comment, the rest keeps files ASCII.
const COMMENT_UNSAFE = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\u0020-\u007e]/g;

/**
 * The inverse of the template escapes, for tests that compare a parsed value with the original:
 * HashiCorp's hcl2json prints template literals with `${`/`%{` still escaped.
 */
export function hclUnescapeTemplate(s: string): string {
  return s.replace(/([$%])\1\{/g, (_m, intro: string) => `${intro}{`);
}
