import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { diag } from '../diagnostics/catalog/index.js';
import { suggest } from '../diagnostics/suggest.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Loc, NodePath } from '../ir.js';
import {
  type Validator,
  validateLegacy,
  validateRegistry,
  validateV1,
  validateV2,
} from './generated/validators.js';

export type SchemaName = 'v1' | 'legacy' | 'v2' | 'registry';

const VALIDATORS: Record<SchemaName, Validator> = {
  v1: validateV1,
  legacy: validateLegacy,
  v2: validateV2,
  registry: validateRegistry,
};

// Fields that must be strings: a number there is almost always an unquoted YAML scalar.
const QUOTE_HINT = new Set(['image', 'version', 'mode', 'tag', 'name', 'id', 'apiVersion']);

/**
 * Validate a loaded document against one of the precompiled schemas. Unknown keys become
 * FC1012 warnings with "did you mean"; everything else is an error at the offending node.
 */
export function checkSchema(schema: SchemaName, value: unknown, file: string): Diagnostic[] {
  const validate = VALIDATORS[schema];
  if (validate(value)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    // if/then/else wrappers repeat their branch's errors.
    if (e.keyword === 'if' || e.keyword === '$ref') continue;
    const d = toDiagnostic(e, value, file, schema);
    const k = `${d.code}|${JSON.stringify(d.loc)}|${d.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}

function toDiagnostic(e: ErrorObject, root: unknown, file: string, schema: SchemaName): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const loc: Loc = { file, path };
  const what = describePath(path, root);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = knownKeys(schema, e.schemaPath);
      return diag(
        'FC1012',
        { key, where: what, suggestion: suggest(key, known) },
        { file, path: [...path, key], key: true },
      );
    }
    case 'required':
      return diag('FC1013', { key: String(p.missingProperty), where: what }, loc);
    case 'type': {
      const expected = String(p.type)
        .split(',')
        .map((t) => article(t))
        .join(' or ');
      const got = typeName(valueAt(root, path));
      const last = path[path.length - 1];
      const hint =
        typeof last === 'string' && QUOTE_HINT.has(last) && typeof valueAt(root, path) === 'number'
          ? 'quote it, because YAML reads unquoted digits as a number (1.10 becomes 1.1)'
          : undefined;
      return diag('FC1014', { what, expected, got, hint }, loc);
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const value = String(valueAt(root, path));
      return diag(
        'FC1015',
        { what, value, allowed: allowed.join(', '), suggestion: suggest(value, allowed) },
        loc,
      );
    }
    case 'pattern':
    case 'minimum':
    case 'maximum':
      if ((p.pattern ?? '') === '^[0-9]+$' || e.keyword !== 'pattern') {
        const bound =
          e.keyword === 'minimum'
            ? ` of at least ${p.limit}`
            : e.keyword === 'maximum'
              ? ` of at most ${p.limit}`
              : '';
        return diag(
          'FC1014',
          { what, expected: `a whole number${bound}`, got: typeName(valueAt(root, path)) },
          loc,
        );
      }
      return diag('FC1016', { what, detail: e.message ?? 'is not valid' }, loc);
    case 'const':
      return diag(
        'FC1015',
        { what, value: String(valueAt(root, path)), allowed: String(p.allowedValue) },
        loc,
      );
    default:
      return diag('FC1016', { what, detail: e.message ?? 'is not valid' }, loc);
  }
}

function article(t: string): string {
  const a: Record<string, string> = {
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    null: 'empty',
  };
  return a[t] ?? t;
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string '${v}'`;
  if (typeof v === 'number') return `the number ${v}`;
  return String(v);
}

export function pointerToPath(pointer: string): NodePath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: NodePath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** A readable name for a node: `component 'x'`, `'image' of component 'x'`, `metadata`. */
export function describePath(path: NodePath, root: unknown): string {
  if (path.length === 0) return 'the top level';
  // spec.<role>[i](.field...)
  if (path[0] === 'spec' && typeof path[2] === 'number') {
    const comp = valueAt(root, path.slice(0, 3)) as { id?: unknown } | undefined;
    const id = typeof comp?.id === 'string' ? `component '${comp.id}'` : `${String(path[1])}[${path[2]}]`;
    if (path.length === 3) return id;
    return `'${dotted(path.slice(3))}' of ${id}`;
  }
  return `'${dotted(path)}'`;
}

function dotted(path: NodePath): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

const SCHEMA_FILES: Record<SchemaName, string> = {
  v1: 'pipeline.schema.json',
  legacy: 'pipeline.schema.json',
  v2: 'pipeline.schema.json',
  registry: 'registry.schema.json',
};
const schemaCache = new Map<string, unknown>();

/**
 * The keys a mapping may have, for "did you mean". Standalone validators do not carry their
 * schema, so on this (error-only) path the schema file is read and the error's schemaPath
 * (`#/definitions/component/additionalProperties`) followed to its `properties`.
 */
function knownKeys(schema: SchemaName, schemaPath: string): string[] {
  const name = SCHEMA_FILES[schema];
  if (!schemaCache.has(name)) {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');
    schemaCache.set(name, JSON.parse(readFileSync(join(dir, name), 'utf8')));
  }
  const root = schemaCache.get(name) as Record<string, unknown> | undefined;
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  const walk = (start: unknown) => {
    let node = start as Record<string, unknown> | undefined;
    for (const p of parts)
      node = (node?.[p.replace(/~1/g, '/').replace(/~0/g, '~')] ?? undefined) as
        | Record<string, unknown>
        | undefined;
    return node?.properties as object | undefined;
  };
  // Paths of the v1/v2/legacy validators are relative to their definition, not the file.
  const defs = root?.definitions as Record<string, unknown> | undefined;
  return Object.keys(walk(root) ?? walk(defs?.[schema]) ?? {});
}
