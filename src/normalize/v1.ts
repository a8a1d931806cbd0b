import type { Diagnostic } from '../diagnostics/types.js';
import type { Component, Pipeline, Role } from '../ir.js';
import { readConfig, readStringMap, type Raw, str } from './fields.js';
import { readComponent } from './component.js';

const SECTIONS: readonly [string, Role][] = [
  ['sources', 'source'],
  ['processors', 'processor'],
  ['sinks', 'sink'],
  ['pipelines', 'pipeline'],
];

/** A schema-checked flowctl/v1 document → IR pipeline. Components keep section order. */
export function normalizeV1(doc: Raw, file: string, out: Diagnostic[]): Pipeline {
  const metadata = (doc.metadata ?? {}) as Raw;
  const spec = (doc.spec ?? {}) as Raw;
  const components: Component[] = [];
  for (const [section, role] of SECTIONS) {
    const list = spec[section];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      components.push(readComponent(raw as Raw, role, { file, path: ['spec', section, i] }, out));
    });
  }
  const description = str(spec.description) ?? str(metadata.description);
  return {
    format: 'v1',
    file,
    name: String(metadata.name ?? ''),
    nameLoc: { file, path: ['metadata', 'name'] },
    ...(metadata.namespace ? { namespace: String(metadata.namespace) } : {}),
    ...(description !== undefined ? { description } : {}),
    labels: readStringMap(metadata.labels),
    annotations: readStringMap(metadata.annotations),
    ...(spec.driver
      ? { driver: { value: String(spec.driver), loc: { file, path: ['spec', 'driver'] } } }
      : {}),
    config: readConfig(spec.config, { file, path: ['spec', 'config'] }),
    ...(spec.endpoint ? { endpoint: String(spec.endpoint) } : {}),
    components,
  };
}
