/**
 * `${VAR}`, `${VAR:-default}` and `${VAR:?message}` inside one string. `$${` is a literal
 * `${`. Nothing else is touched: `$VAR`, a lone `$`, `$$` not followed by `{` stay as written.
 * A default or message may itself hold references (`${A:-${B:-x}}`); it cannot hold `}`.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** One `${…}` in a string; start/end are offsets of `${` and just past `}` in the whole string. */
export interface Reference {
  readonly name: string;
  readonly op?: ':-' | ':?';
  /** The default or message as written (may hold references), with its offset. */
  readonly word?: string;
  readonly wordStart?: number;
  readonly start: number;
  readonly end: number;
}

export type Piece = string | Reference;

export interface Malformed {
  readonly start: number;
  readonly end: number;
  readonly detail: string;
}

export type Problem =
  | { readonly kind: 'unset'; readonly ref: Reference }
  | { readonly kind: 'required'; readonly ref: Reference; readonly message: string }
  | { readonly kind: 'secret'; readonly ref: Reference; readonly secret: string }
  | ({ readonly kind: 'malformed' } & Malformed);

export interface Expansion {
  readonly value: string;
  readonly problems: readonly Problem[];
  /** True when the string was exactly one reference and nothing else. */
  readonly whole: boolean;
}

/** Whether a string needs expanding at all (a reference or a `$${` escape). */
export function hasTemplate(s: string): boolean {
  return s.includes('${');
}

/** Split a string into literal text and references; `base` offsets every position. */
export function parseTemplate(s: string, base = 0): { pieces: Piece[] } | { error: Malformed } {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const d = s.indexOf('$', i);
    if (d < 0) {
      text += s.slice(i);
      break;
    }
    text += s.slice(i, d);
    if (s.startsWith('$${', d)) {
      text += '${';
      i = d + 3;
    } else if (s.startsWith('${', d)) {
      const ref = parseReference(s, d, base);
      if ('detail' in ref) return { error: ref };
      if (text) pieces.push(text);
      text = '';
      pieces.push(ref);
      i = ref.end - base;
    } else {
      text += '$';
      i = d + 1;
    }
  }
  if (text) pieces.push(text);
  return { pieces };
}

function parseReference(s: string, d: number, base: number): Reference | Malformed {
  let j = d + 2;
  let depth = 1;
  while (j < s.length) {
    if (s.startsWith('$${', j)) j += 3;
    else if (s.startsWith('${', j)) {
      depth++;
      j += 2;
    } else if (s[j] === '}') {
      if (--depth === 0) break;
      j++;
    } else j++;
  }
  if (depth > 0) return { start: base + d, end: base + s.length, detail: "it has no closing '}'" };
  const inner = s.slice(d + 2, j);
  const span = { start: base + d, end: base + j + 1 };
  const name = NAME.exec(inner)?.[0];
  if (!name) {
    const detail =
      inner === ''
        ? 'it names no variable'
        : 'a variable name starts with a letter or _ and holds only A-Z, 0-9, _';
    return { ...span, detail };
  }
  const rest = inner.slice(name.length);
  if (rest === '') return { name, ...span };
  const op = rest.slice(0, 2);
  if (op !== ':-' && op !== ':?') {
    return { ...span, detail: `'${rest}' after the name is not ':-default' or ':?message'` };
  }
  return { name, op, word: rest.slice(2), wordStart: base + d + 2 + name.length + 2, ...span };
}

/** Value of a variable; undefined when unset. */
export type Lookup = (name: string) => string | undefined;

/**
 * Expand every reference in `s`. `secretOf(name)` names the secret a variable holds (such
 * variables are never expanded). An unset variable without default is a problem, never ''.
 */
export function expand(s: string, vars: Lookup, secretOf: Lookup = () => undefined, base = 0): Expansion {
  const parsed = parseTemplate(s, base);
  if ('error' in parsed)
    return { value: s, problems: [{ kind: 'malformed', ...parsed.error }], whole: false };
  const problems: Problem[] = [];
  let value = '';
  for (const p of parsed.pieces) {
    if (typeof p === 'string') value += p;
    else value += resolveReference(p, vars, secretOf, problems);
  }
  const whole = parsed.pieces.length === 1 && typeof parsed.pieces[0] !== 'string';
  return { value, problems, whole };
}

function resolveReference(ref: Reference, vars: Lookup, secretOf: Lookup, problems: Problem[]): string {
  // On a problem the reference stays as written: never an empty string, never a secret.
  const written = `\${${ref.name}${ref.op ?? ''}${ref.word ?? ''}}`;
  const secret = secretOf(ref.name);
  if (secret !== undefined) {
    problems.push({ kind: 'secret', ref, secret });
    return written;
  }
  const v = vars(ref.name);
  if (ref.op === undefined) {
    if (v === undefined) problems.push({ kind: 'unset', ref });
    return v ?? written;
  }
  if (v !== undefined && v !== '') return v;
  const word = expand(ref.word ?? '', vars, secretOf, ref.wordStart);
  problems.push(...word.problems);
  if (ref.op === ':?') problems.push({ kind: 'required', ref, message: word.value });
  return word.value;
}

/**
 * What YAML 1.2 (core schema) would have read had `text` been written as a plain scalar:
 * null, a boolean, an integer, a float, or the string itself.
 */
export function plainScalar(text: string): string | number | boolean | null {
  if (/^(?:|~|null|Null|NULL)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number.parseInt(text, 10);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return Number.NaN;
  return text;
}
