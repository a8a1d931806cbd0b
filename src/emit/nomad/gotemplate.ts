/**
 * Escaping for text that Nomad renders through Go's text/template (consul-template): the `data`
 * of a `template` block. Generated actions (`{{ range nomadService ... }}`) are written as-is;
 * user text must never be read as an action.
 */

/**
 * Go-template literal text that renders as exactly `s`. A `{` that is followed by another `{`, or
 * ends the text, becomes the action `{{"{"}}`; every other character is literal. So no `{{`
 * (nor a `{{-` trim marker) can form from user text, even where it meets the next action.
 * Callers must not put it right after a literal `{` of their own (generated actions end in `}}`).
 */
export function goTemplateText(s: string): string {
  return s.replace(/\{(?=\{|$)/g, () => '{{"{"}}');
}

/**
 * A Go string literal (as used inside an action, e.g. a Nomad service or variable name):
 * JSON's escapes are a subset of Go's for well-formed strings.
 */
export function goStringLiteral(s: string): string {
  return JSON.stringify(s.replace(LONE_SURROGATE, () => '\uFFFD'));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A line of an env file that Nomad reads back with `env = true` (hashicorp/go-envparse, which
 * decodes JSON string escapes): `NAME="json"`, with the JSON made template-safe.
 */
export function envFileLine(name: string, value: string): string {
  return `${name}=${goTemplateText(goStringLiteral(value))}`;
}
