/**
 * A fast YAML writer for compose.yaml: JSON-like values only (objects, arrays, strings,
 * finite numbers, booleans, null), keys sorted, block style. eemeli/yaml's stringify was
 * 5-15 times slower on 10,000 services, most of the whole translate. Scalars are written so
 * that YAML 1.1 (PyYAML in docker-compose) and YAML 1.2 readers both read them back exactly:
 * a string is plain only when it is made of a conservative set of characters and cannot be
 * read as anything but a string (`yes`, `~`, `0777`, `1e3`, `12:30`, `.inf` are quoted); every
 * other string is double-quoted JSON, with the characters YAML 1.1 refuses raw or reads as
 * line breaks (DEL, C1 controls, U+2028, U+2029, BOM, U+FFFE, U+FFFF) as `\uXXXX`.
 * Compose escaping happens here too (see composeYaml), in the same single pass.
 */

import { dollars, Interpolation } from './escape.js';

// A plain scalar may start with '-' or ':' only when a non-space follows (`- x` is a list item).
const PLAIN = /^([A-Za-z0-9_./$]|[-:](?=[^ ]))[A-Za-z0-9_./$@%+=,;:() -]*$/;
// Numbers, sexagesimals and timestamps of YAML 1.1 and 1.2, and more (quoting is harmless).
const NUMBER_LIKE = /^[-+.0-9][-+.0-9_:eExXoObBa-fA-FtTzZ ]*$/;
const WORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', '~']);
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters to escape.
const UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

// One line of printable characters a single-quoted scalar holds as is in YAML 1.1 and 1.2.
const SINGLE = /^[\u0020-\u007e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

function plain(s: string): boolean {
  return (
    PLAIN.test(s) &&
    !s.endsWith(' ') &&
    !s.endsWith(':') &&
    !s.includes(': ') &&
    !(NUMBER_LIKE.test(s) && /[0-9]/.test(s)) &&
    !/^[-+]?\.(inf|nan)$/i.test(s) &&
    !WORDS.has(s.toLowerCase())
  );
}

/** One scalar as YAML text. */
export function scalar(v: unknown): string {
  if (typeof v === 'string') {
    if (plain(v)) return v;
    // Quotes or backslashes (JSON in FLOWCTL_CONFIG) read better single-quoted, where only ' doubles.
    if (/["\\]/.test(v) && SINGLE.test(v)) return `'${v.replace(/'/g, () => "''")}'`;
    return JSON.stringify(v).replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} to compose.yaml`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  throw new Error(`cannot write a ${typeof v} to compose.yaml`);
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Interpolation);

function keysOf(m: Record<string, unknown>): string[] {
  return Object.keys(m)
    .filter((k) => m[k] !== undefined)
    .sort();
}

/** A value: `$` escaped as `$$` unless it is a deliberate Interpolation. */
function value(v: unknown): string {
  if (typeof v === 'string') return scalar(dollars(v));
  if (v instanceof Interpolation) return scalar(v.text);
  return scalar(v);
}

/**
 * `key: value` lines of a mapping at `pad`; nested collections start on the next line. The
 * first line starts with `first` instead of `pad` (a mapping that is a sequence item).
 */
function writeMap(m: Record<string, unknown>, pad: string, out: string[], first = pad): void {
  let lead = first;
  for (const k of keysOf(m)) {
    const v = m[k];
    const key = `${lead}${scalar(k)}:`;
    lead = pad;
    if (Array.isArray(v) && v.length > 0) {
      out.push(key);
      writeSeq(v, `${pad}  `, out);
    } else if (isMap(v) && keysOf(v).length > 0) {
      out.push(key);
      writeMap(v, `${pad}  `, out);
    } else out.push(`${key} ${inline(v)}`);
  }
}

/** `- item` lines; a collection item starts on the dash line and continues two columns in. */
function writeSeq(xs: readonly unknown[], pad: string, out: string[]): void {
  for (const x of xs) {
    if (isMap(x) && keysOf(x).length > 0) writeMap(x, `${pad}  `, out, `${pad}- `);
    else if (Array.isArray(x) && x.length > 0) {
      const lines: string[] = [];
      writeSeq(x, `${pad}  `, lines);
      out.push(`${pad}- ${lines[0].slice(pad.length + 2)}`, ...lines.slice(1));
    } else out.push(`${pad}- ${inline(x)}`);
  }
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (isMap(v)) return '{}';
  return value(v);
}

/**
 * A mapping as a YAML document: keys sorted at every level, `undefined` values left out, every
 * `$` of a string value written `$$` (Compose interpolation; keys are not interpolated), and
 * Interpolation values written as they are.
 */
export function composeYaml(doc: Record<string, unknown>): string {
  const out: string[] = [];
  writeMap(doc, '', out);
  return `${out.join('\n')}\n`;
}
