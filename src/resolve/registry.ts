import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/types.js';
import type { SourceSet } from '../diagnostics/sources.js';
import { at, type JsonValue, type Loc } from '../ir.js';
import { readYamlFile } from '../load/read.js';
import type { LoadLimits } from '../load/yaml.js';
import {
  first,
  type Raw,
  readCommand,
  readEnv,
  readHealth,
  readPorts,
  readResources,
  readStringMap,
  readStrings,
  str,
  toInt,
} from '../normalize/fields.js';
import { checkSchema } from '../schema/validate.js';
import { normalizeVersion, type Registry, type RegistryEntry } from './types.js';

/** The registry shipped in the package (registry/default.yaml), always consulted last. */
export const DEFAULT_REGISTRY = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'registry',
  'default.yaml',
);
export const DEFAULT_REGISTRY_LABEL = 'default';

/**
 * Load registry files in order, then the default registry. Earlier entries take precedence
 * (first match wins), so a user's file overrides the shipped one.
 */
export function loadRegistry(
  files: readonly string[],
  sources: SourceSet,
  opts: { includeDefault?: boolean; limits?: LoadLimits } = {},
): { registry: Registry; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries: RegistryEntry[] = [];
  const all = [...files, ...(opts.includeDefault === false ? [] : [DEFAULT_REGISTRY])];
  for (const path of all) {
    const loaded = readYamlFile(path, sources, opts.limits);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value === undefined) continue;
    const schemaDiags = checkSchema('registry', loaded.value, loaded.file);
    diagnostics.push(...schemaDiags);
    if (schemaDiags.some((d) => d.severity === 'error')) continue;
    const label = path === DEFAULT_REGISTRY ? DEFAULT_REGISTRY_LABEL : loaded.file;
    // A list of entries, a Registry document, or a single entry (a Go flowctl metadata.json).
    const doc = loaded.value as Raw;
    const single = !Array.isArray(doc) && doc.components === undefined;
    const list = Array.isArray(doc) ? doc : single ? [doc] : (doc.components as unknown[]);
    const base: (string | number)[] = Array.isArray(doc) || single ? [] : ['components'];
    list.forEach((raw, i) => {
      const path = single ? [] : [...base, i];
      entries.push(readEntry(raw as Raw, label, { file: loaded.file, path }, diagnostics));
    });
  }
  return { registry: { entries, files: all }, diagnostics };
}

export function readEntry(raw: Raw, registry: string, loc: Loc, out: Diagnostic[]): RegistryEntry {
  const role = String(first(raw, 'role', 'type')?.value ?? 'processor') as RegistryEntry['role'];
  const schema = raw.config_schema as Raw | undefined;
  const { configSchema, envFromSchema } = schema
    ? toJsonSchema(schema)
    : { configSchema: undefined, envFromSchema: {} };
  const ports = readPorts(raw.ports, at(loc, 'ports'));
  const port = toInt(raw.port);
  const command = readCommand(raw.command);
  const health = readHealth(raw, loc, out);
  const resources = readResources(raw.resources, at(loc, 'resources'));
  const replicas = toInt(raw.replicas);
  return {
    name: String(raw.name),
    version: normalizeVersion(String(raw.version)),
    role,
    ...(raw.description !== undefined ? { description: String(raw.description) } : {}),
    produces: readStrings(first(raw, 'produces', 'output_types')?.value),
    consumes: readStrings(first(raw, 'consumes', 'input_types')?.value),
    provides: readStrings(raw.provides),
    labels: readStringMap(raw.labels),
    schemes: readStrings(raw.schemes),
    ...(configSchema ? { configSchema } : {}),
    envMapping: { ...envFromSchema, ...readStringMap(raw.env_mapping) },
    ...(raw.image !== undefined ? { image: str(raw.image) } : {}),
    ...(command ? { command } : {}),
    args: readStrings(raw.args),
    env: readEnv(raw.env, at(loc, 'env')),
    ports:
      ports.length > 0 || port === undefined
        ? ports
        : [{ name: 'grpc', containerPort: port, protocol: 'tcp', loc: at(loc, 'port') }],
    ...(health ? { health } : {}),
    ...(resources ? { resources } : {}),
    ...(replicas !== undefined ? { replicas } : {}),
    registry,
    loc,
  };
}

const JSON_SCHEMA_KEYS = [
  'type',
  'properties',
  '$schema',
  'required',
  'additionalProperties',
  'allOf',
  'anyOf',
  'oneOf',
  '$ref',
];

/**
 * config_schema is either a JSON Schema or the Go flowctl's flat form
 * `{key: {type, description, default, env, required}}`; the flat form becomes an object schema
 * and its `env` words become env_mapping.
 */
export function toJsonSchema(schema: Raw): {
  configSchema: { [k: string]: JsonValue };
  envFromSchema: Record<string, string>;
} {
  if (JSON_SCHEMA_KEYS.some((k) => k in schema))
    return { configSchema: schema as { [k: string]: JsonValue }, envFromSchema: {} };
  const properties: Record<string, JsonValue> = {};
  const required: string[] = [];
  const envFromSchema: Record<string, string> = {};
  for (const [key, def] of Object.entries(schema)) {
    const d = (def ?? {}) as Raw;
    const prop: Record<string, JsonValue> = {};
    if (typeof d.type === 'string') prop.type = d.type === 'int' ? 'integer' : d.type;
    if (d.description !== undefined) prop.description = String(d.description);
    if (d.default !== undefined) prop.default = d.default as JsonValue;
    if (Array.isArray(d.enum)) prop.enum = d.enum as JsonValue[];
    properties[key] = prop;
    if (d.required === true) required.push(key);
    if (typeof d.env === 'string') envFromSchema[key] = d.env;
  }
  return {
    configSchema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) },
    envFromSchema,
  };
}
