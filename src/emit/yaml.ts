import { Document, isScalar, visit } from 'yaml';

// Characters a YAML 1.1 reader (PyYAML in docker-compose, go-yaml in kubectl) refuses raw
// (C0/C1 controls, DEL, U+FFFE/U+FFFF) or reads as line breaks (NEL, U+2028, U+2029), plus the
// BOM. eemeli/yaml writes them raw even inside double quotes, so such strings are forced into
// double quotes and the characters written as \uXXXX escapes. Tabs end a plain scalar for
// PyYAML, so strings with tabs are double-quoted too (where JSON-style escaping writes `\t`),
// and so is `=`, which PyYAML resolves to the YAML 1.1 `value` type and refuses to load.
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters to escape.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters to quote.
const FORCE_QUOTE = /[\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

// A multi-line string of nothing but spaces and line breaks: eemeli/yaml writes it as a block
// scalar without an indentation indicator (" \n" becomes `|+` over a blank line), which reads
// back as a different string. Such strings are short, and double quotes read back exactly.
const SPACES_AND_BREAKS = /^[ \n]+$/;
const blankLines = (s: string) => s.includes('\n') && s.includes(' ') && SPACES_AND_BREAKS.test(s);

/**
 * Serialise a value as YAML for tools that may read YAML 1.1 (kubectl's decoder,
 * docker-compose v1): keys sorted at every level, strings that a 1.1 reader would retype
 * (`yes`, `NO`, `0755`, `12:30`, `1_000`, `~`) quoted, no anchors, no line folding.
 * Arrays keep their order; build objects, never concatenate YAML text.
 */
export function toYaml(value: unknown, opts: { sortKeys?: boolean } = {}): string {
  const options = {
    compat: 'yaml-1.1',
    aliasDuplicateObjects: false,
    lineWidth: 0,
    minContentWidth: 0,
    indentSeq: true,
    // Double-quoted strings stay on one line, with \n escapes: the multi-line form folds line
    // breaks into indentation-sensitive text that re-indenting writers (and readers) get wrong.
    doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
  } as const;
  const doc = new Document(opts.sortKeys === false ? value : sortKeysDeep(value), options);
  visit(doc, (_, node) => {
    if (
      isScalar(node) &&
      typeof node.value === 'string' &&
      (FORCE_QUOTE.test(node.value) || node.value === '=' || blankLines(node.value))
    )
      node.type = 'QUOTE_DOUBLE';
  });
  const text = doc.toString(options);
  return text.replace(UNSAFE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeysDeep(x);
    }
    return out;
  }
  return v;
}

/** Canonical JSON: sorted keys, no whitespace. Used for hashes and FLOWCTL_CONFIG. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeysDeep(v));
}
