import { Document } from 'yaml';
import { toYaml } from '../yaml.js';

/**
 * A fast writer for the JSON shapes Kubernetes objects have (maps, sequences of scalars or
 * maps, strings, integers, booleans), whose output is byte-identical to `toYaml` (sorted keys,
 * YAML 1.1-safe quoting, two-space indentation, indented sequences). `toYaml` builds a
 * document node per value and costs ~3 ms per component; this writes common scalars directly
 * and asks `toYaml` only about strings that may need quoting or a block (cached per call).
 * Any shape it does not know (a sequence directly inside a sequence, a non-integer number)
 * falls back to `toYaml` for the whole object. Equality with `toYaml` is a tested property.
 */
export function fastYaml(value: Record<string, unknown>, cache: Map<string, Lines> = new Map()): string {
  const lines: string[] = [];
  try {
    writeMap(value, '', lines, cache);
  } catch (e) {
    if (e !== UNSUPPORTED) throw e;
    return toYaml(value);
  }
  return lines.length === 0 ? toYaml(value) : `${lines.join('\n')}\n`;
}

const UNSUPPORTED = new Error('unsupported shape');

/** A scalar's lines: the first follows its key or dash; null is an empty line of a block. */
type Lines = readonly (string | null)[];

// Strings of this alphabet need no escaping and break no plain-scalar rule (no space, quote,
// '#', leading indicator or '-', document marker, trailing ':'): toYaml writes them plain,
// or double-quoted when a YAML 1.2 or 1.1 tag other than str would resolve them (the test
// eemeli/yaml applies, with the schema's own regular expressions).
const SIMPLE = /^(?!\.\.)[A-Za-z0-9_./+][A-Za-z0-9_./@:+-]*$/;
const TYPED = (() => {
  const schema = new Document(null, { compat: 'yaml-1.1' }).schema;
  return [...schema.tags, ...(schema.compat ?? [])]
    .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test)
    .map((t) => t.test as RegExp);
})();
// JSON text (FLOWCTL_CONFIG, config values) starts with an indicator, so toYaml quotes it, and
// with '"' but no "'" inside it picks single quotes; nothing in it needs escaping unless it
// holds a line break, tab, control or other character toYaml forces into double quotes.
const FLOW_START = /^[[{]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that force double quotes.
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\u{D800}-\u{DFFF}]/u;

/** A string scalar as lines: one line, or a block header followed by its content lines. */
function stringLines(s: string, cache: Map<string, Lines>): Lines {
  const hit = cache.get(s);
  if (hit) return hit;
  let lines: Lines;
  if (SIMPLE.test(s) && !s.endsWith(':')) lines = [TYPED.some((t) => t.test(s)) ? `"${s}"` : s];
  else if (FLOW_START.test(s) && s.includes('"') && !s.includes("'") && !NEEDS_ESCAPE.test(s))
    lines = [`'${s}'`];
  else {
    // Stringify as a nested map value so depth-dependent rules see the same context.
    const body = toYaml({ a: { k: s } })
      .slice('a:\n  k: '.length, -1)
      .split('\n');
    // Block lines keep their indentation relative to the key; null marks a truly empty line.
    lines = body.length === 1 ? body : [body[0], ...body.slice(1).map((l) => (l === '' ? null : l.slice(4)))];
  }
  cache.set(s, lines);
  return lines;
}

function scalarLines(v: unknown, cache: Map<string, Lines>): Lines | undefined {
  if (typeof v === 'string') return stringLines(v, cache);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw UNSUPPORTED;
    return [String(v)];
  }
  if (typeof v === 'boolean') return [v ? 'true' : 'false'];
  if (v === null) return ['null'];
  return undefined;
}

function keyText(k: string, cache: Map<string, Lines>): string {
  const l = stringLines(k, cache);
  const text = l[0];
  if (l.length !== 1 || text === null || text.startsWith('|') || text.startsWith('>')) throw UNSUPPORTED;
  return text;
}

/** `prefix` starts the first line (a key with ': ' or '- '); later block lines indent under `indent`. */
function writeScalar(prefix: string, s: Lines, indent: string, lines: string[]): void {
  lines.push(prefix + s[0]);
  for (let i = 1; i < s.length; i++) lines.push(s[i] === null ? '' : indent + s[i]);
}

/** `lead` starts the first entry's line: the indent, or `<indent>- ` inside a sequence item. */
function writeMap(
  m: Record<string, unknown>,
  indent: string,
  lines: string[],
  cache: Map<string, Lines>,
  lead = indent,
): void {
  let prefix = lead;
  for (const k of Object.keys(m).sort()) {
    const v = m[k];
    if (v === undefined) continue;
    writeEntry(`${prefix}${keyText(k, cache)}:`, v, indent, lines, cache);
    prefix = indent;
  }
}

function writeEntry(
  head: string,
  v: unknown,
  indent: string,
  lines: string[],
  cache: Map<string, Lines>,
): void {
  const s = scalarLines(v, cache);
  if (s) writeScalar(`${head} `, s, `${indent}  `, lines);
  else if (Array.isArray(v)) {
    if (v.length === 0) lines.push(`${head} []`);
    else {
      lines.push(head);
      writeSeq(v, `${indent}  `, lines, cache);
    }
  } else {
    const obj = v as Record<string, unknown>;
    if (Object.keys(obj).every((k) => obj[k] === undefined)) lines.push(`${head} {}`);
    else {
      lines.push(head);
      writeMap(obj, `${indent}  `, lines, cache);
    }
  }
}

function writeSeq(items: unknown[], indent: string, lines: string[], cache: Map<string, Lines>): void {
  for (const item of items) {
    const s = scalarLines(item, cache);
    if (s) {
      writeScalar(`${indent}- `, s, `${indent}  `, lines);
      continue;
    }
    if (Array.isArray(item) || item === undefined) throw UNSUPPORTED;
    const obj = item as Record<string, unknown>;
    if (Object.keys(obj).every((k) => obj[k] === undefined)) {
      lines.push(`${indent}- {}`);
      continue;
    }
    writeMap(obj, `${indent}  `, lines, cache, `${indent}- `);
  }
}
