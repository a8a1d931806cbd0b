import { diag } from '../diagnostics/catalog/index.js';
import { suggest } from '../diagnostics/suggest.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { at, type Component, type ConfigEntry, type JsonValue, type Pipeline } from '../ir.js';
import { compareVersions, normalizeVersion, type Registry, type RegistryEntry } from './types.js';

/** Find the entry a reference names: first registry in order wins; no version → highest. */
export function lookup(
  registry: Registry,
  name: string,
  version?: string,
): { entry?: RegistryEntry; versions: string[] } {
  const byName = registry.entries.filter((e) => e.name === name);
  const versions = [...new Set(byName.map((e) => e.version))].sort(compareVersions);
  if (version === undefined) {
    const highest = versions[versions.length - 1];
    return { entry: byName.find((e) => e.version === highest), versions };
  }
  const v = normalizeVersion(version);
  return { entry: byName.find((e) => e.version === v), versions };
}

/**
 * Resolve every `type: name@version` reference: the component takes runtime, event types,
 * ports, health and defaults from its entry; what it writes itself wins. Components without
 * a reference must have an image or a command.
 */
export async function resolveReferences(
  p: Pipeline,
  registry: Registry,
): Promise<{ pipeline: Pipeline; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const components: Component[] = [];
  for (const c of p.components) {
    if (!c.ref) {
      if (!c.image && !c.command) diagnostics.push(diag('FC2007', { id: c.id }, c.loc));
      components.push(c);
      continue;
    }
    const { entry, versions } = lookup(registry, c.ref.name, c.ref.version);
    if (!entry) {
      const refText = c.ref.version ? `${c.ref.name}@${c.ref.version}` : c.ref.name;
      if (versions.length > 0) {
        diagnostics.push(
          diag(
            'FC2002',
            { name: c.ref.name, version: c.ref.version ?? '', available: versions.join(', ') },
            c.ref.loc,
          ),
        );
      } else {
        const names = new Set(registry.entries.map((e) => e.name));
        diagnostics.push(diag('FC2001', { ref: refText, suggestion: suggest(c.ref.name, names) }, c.ref.loc));
      }
      components.push(c);
      continue;
    }
    if (c.role !== 'pipeline' && c.role !== entry.role) {
      diagnostics.push(
        diag(
          'FC2006',
          { id: c.id, role: c.role, entry: `${entry.name}@${entry.version}`, entryRole: entry.role },
          c.ref.loc,
        ),
      );
    }
    const merged = mergeEntry(c, entry);
    diagnostics.push(...(await checkConfig(merged, entry)));
    components.push(merged);
  }
  return { pipeline: { ...p, components }, diagnostics };
}

function mergeEntry(c: Component, e: RegistryEntry): Component {
  const refLoc = c.ref!.loc;
  const env = [
    ...e.env.filter((x) => !c.env.some((y) => y.name === x.name)).map((x) => ({ ...x, loc: refLoc })),
    ...c.env,
  ];
  const given = new Set(c.config.map((x) => x.key));
  const defaults: ConfigEntry[] = [];
  const props = (e.configSchema?.properties ?? {}) as Record<string, { default?: JsonValue }>;
  for (const [key, def] of Object.entries(props)) {
    if (!given.has(key) && def && def.default !== undefined)
      defaults.push({ key, value: def.default, loc: refLoc });
  }
  const health = c.health ?? e.health;
  return {
    ...c,
    resolvedFrom: { name: e.name, version: e.version, registry: e.registry },
    ...(c.image ? {} : e.image ? { image: { value: e.image, loc: refLoc } } : {}),
    ...(c.command ? {} : e.command ? { command: { value: e.command, loc: refLoc } } : {}),
    args: c.args.length > 0 ? c.args : e.args,
    env,
    config: [...c.config, ...defaults],
    consumes: c.consumes.length > 0 ? c.consumes : e.consumes,
    produces: c.produces.length > 0 ? c.produces : e.produces,
    ports: c.ports.length > 0 ? c.ports : e.ports.map((x) => ({ ...x, loc: refLoc })),
    ...(health ? { health } : {}),
    ...((c.resources ?? e.resources) ? { resources: c.resources ?? e.resources } : {}),
    replicas: c.replicas ?? (e.replicas !== undefined ? { value: e.replicas, loc: refLoc } : undefined),
    envMapping: e.envMapping,
  };
}

/** Check a component's config against its entry's config_schema (ajv, loaded only here). */
async function checkConfig(c: Component, e: RegistryEntry): Promise<Diagnostic[]> {
  if (!e.configSchema) return [];
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(e.configSchema);
  } catch {
    return [];
  }
  const value = Object.fromEntries(c.config.map((x) => [x.key, x.value]));
  const out: Diagnostic[] = [];
  const entryName = `${e.name}@${e.version}`;
  const configLoc = c.config.find((x) => x.loc !== c.ref?.loc)?.loc;
  const props = Object.keys((e.configSchema.properties ?? {}) as object);
  if (!validate(value)) {
    for (const err of validate.errors ?? []) {
      const key = err.instancePath.split('/')[1] ?? '';
      const entryLoc = c.config.find((x) => x.key === key)?.loc;
      if (err.keyword === 'required') {
        const missing = String((err.params as { missingProperty: string }).missingProperty);
        const loc = configLoc ? { ...at(c.loc, 'config'), key: true } : (c.ref?.loc ?? c.loc);
        out.push(diag('FC2003', { id: c.id, key: missing, entry: entryName }, loc));
      } else if (err.keyword === 'additionalProperties') {
        const extra = String((err.params as { additionalProperty: string }).additionalProperty);
        const loc = c.config.find((x) => x.key === extra)?.loc;
        out.push(
          diag(
            'FC2005',
            { id: c.id, key: extra, entry: entryName, suggestion: suggest(extra, props) },
            loc && { ...loc, key: true },
          ),
        );
      } else {
        out.push(diag('FC2004', { id: c.id, key, detail: err.message ?? 'is not valid' }, entryLoc ?? c.loc));
      }
    }
  }
  // Undeclared keys are warnings even when the schema allows additional properties.
  if (
    (e.configSchema as { additionalProperties?: unknown }).additionalProperties === undefined &&
    props.length > 0
  ) {
    for (const x of c.config) {
      if (!props.includes(x.key) && x.loc !== c.ref?.loc) {
        out.push(
          diag(
            'FC2005',
            { id: c.id, key: x.key, entry: entryName, suggestion: suggest(x.key, props) },
            { ...x.loc, key: true },
          ),
        );
      }
    }
  }
  return out;
}
