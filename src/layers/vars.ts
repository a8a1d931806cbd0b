import { readFileSync } from 'node:fs';
import { diag } from '../diagnostics/catalog/index.js';
import type { SourceSet } from '../diagnostics/sources.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { offsetLoc } from '../ir.js';
import { decodeUtf8 } from '../load/decode.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/yaml.js';

export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface VariableSources {
  readonly vars?: Readonly<Record<string, string>>;
  readonly varFiles?: readonly string[];
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * The variables `${…}` sees, lowest precedence first: the environment, then each --var-file in
 * order, then --var. Returned as a Map (no prototype keys). Unreadable or malformed files are
 * diagnostics.
 */
export function collectVariables(
  src: VariableSources,
  sources: SourceSet,
  limits: LoadLimits = DEFAULT_LIMITS,
): { vars: Map<string, string>; diagnostics: Diagnostic[] } {
  const vars = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const [k, v] of Object.entries(src.environment ?? {})) {
    if (v !== undefined && VAR_NAME.test(k)) vars.set(k, v);
  }
  for (const file of src.varFiles ?? []) {
    const r = readVarFile(file, sources, limits);
    diagnostics.push(...r.diagnostics);
    for (const [k, v] of r.vars) vars.set(k, v);
  }
  for (const [k, v] of Object.entries(src.vars ?? {})) {
    if (!VAR_NAME.test(k)) diagnostics.push(diag('FC1114', { name: k }));
    else vars.set(k, v);
  }
  return { vars, diagnostics };
}

function readVarFile(
  file: string,
  sources: SourceSet,
  limits: LoadLimits,
): { vars: [string, string][]; diagnostics: Diagnostic[] } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.code;
    return { vars: [], diagnostics: [diag('FC1002', { file, reason: reason ?? err.message })] };
  }
  if (bytes.length > limits.maxBytes) {
    sources.add(file, '');
    const d = diag('FC1003', { bytes: bytes.length, limit: limits.maxBytes }, offsetLoc(file, 0, 0));
    return { vars: [], diagnostics: [d] };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    sources.add(file, '');
    return { vars: [], diagnostics: [diag('FC1004', { detail: decoded.detail }, offsetLoc(file, 0, 0))] };
  }
  sources.add(file, decoded.text);
  return parseDotenv(decoded.text, file);
}

/**
 * Parse dotenv text: `NAME=value` lines, optional `export `, `#` comments; values unquoted
 * (trimmed, ` #` starts a comment), 'single-quoted' (literal) or "double-quoted" (\n \r \t \\ \"
 * \$ escapes). Values are literal: no `${}` expansion. Later lines win.
 */
export function parseDotenv(
  text: string,
  file: string,
): { vars: [string, string][]; diagnostics: Diagnostic[] } {
  const vars: [string, string][] = [];
  const diagnostics: Diagnostic[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - trimmed.length;
    const body = trimmed.startsWith('export ') ? trimmed.slice(7).trimStart() : trimmed;
    const bodyAt = lineStart + indent + (trimmed.length - body.length);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*/.exec(body);
    const fail = (detail: string, from = bodyAt, to = lineStart + line.length) =>
      diagnostics.push(diag('FC1105', { detail }, offsetLoc(file, from, Math.max(to, from + 1))));
    if (!m) {
      const eq = body.indexOf('=');
      fail(eq < 0 ? "it has no '='" : `${JSON.stringify(body.slice(0, eq).trim())} is not a variable name`);
      continue;
    }
    const value = parseValue(body.slice(m[0].length));
    if ('error' in value) {
      fail(value.error, bodyAt + m[0].length);
      continue;
    }
    vars.push([m[1], value.value]);
  }
  return { vars, diagnostics };
}

function parseValue(s: string): { value: string } | { error: string } {
  const q = s[0];
  if (q === "'" || q === '"') {
    let out = '';
    let i = 1;
    for (; i < s.length && s[i] !== q; i++) {
      if (q === '"' && s[i] === '\\' && i + 1 < s.length) {
        const e = s[++i];
        out += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
      } else out += s[i];
    }
    if (i >= s.length) return { error: `the ${q === '"' ? 'double' : 'single'} quote is not closed` };
    const rest = s.slice(i + 1).trim();
    if (rest !== '' && !rest.startsWith('#')) return { error: 'text follows the closing quote' };
    return { value: out };
  }
  const hash = s.search(/[ \t]#/);
  return { value: (hash < 0 ? s : s.slice(0, hash)).trim() };
}
