import { basename, isAbsolute } from 'node:path';
import { Document, isMap, isSeq } from 'yaml';
import type { Pipeline } from '../ir.js';
import type { Resolution, ResolvedFlow } from './intents.js';
import { positions, registryName, toV1Document } from './print.js';
import { DEFAULT_REGISTRY } from './registry.js';
import type { Registry } from './types.js';

/** Everything `flowctl resolve` prints, as compile() returns it. */
export interface Resolved {
  readonly normalized: Pipeline;
  readonly pipeline: Pipeline;
  readonly registry?: Registry;
  readonly resolution?: Resolution;
}

/**
 * The concrete flowctl/v1 pipeline as commented YAML: a header saying where it came from and,
 * for topologies, which chain each flow resolved to and what it beat; above each component,
 * why it is there. Deterministic; file names are printed as given (absolute ones by basename).
 */
export function renderResolvedYaml(r: Resolved): string {
  const doc = new Document(toV1Document(r.normalized, r.pipeline), {
    compat: 'yaml-1.1',
    aliasDuplicateObjects: false,
  });
  doc.commentBefore = header(r)
    .map((l) => (l === '' ? '' : ` ${l}`))
    .join('\n');
  const where = positions(r.normalized);
  r.normalized.components.forEach((c, i) => {
    const lines = componentLines(r, c.id, i);
    if (lines.length === 0) return;
    const [section, index] = where[i];
    const list = doc.getIn(['spec', section], true);
    if (!isSeq(list)) return;
    const node = list.items[index];
    if (isMap(node)) node.commentBefore = lines.map((l) => ` ${l}`).join('\n');
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}

/** The same document as JSON (comments cannot travel in JSON; it is still valid input). */
export function renderResolvedJson(r: Resolved): string {
  return `${JSON.stringify(toV1Document(r.normalized, r.pipeline), null, 2)}\n`;
}

function shown(file: string): string {
  return isAbsolute(file) ? basename(file) : file;
}

function header(r: Resolved): string[] {
  const p = r.normalized;
  const kind =
    p.format === 'v2' ? 'a flowctl/v2 topology' : p.format === 'legacy' ? 'a legacy pipeline' : 'flowctl/v1';
  const lines = [`flowctl/v1 pipeline printed by 'flowctl resolve' from ${shown(p.file)} (${kind}).`];
  if (p.format === 'legacy')
    lines.push('It is the same pipeline in the current format: replace the legacy file with it.');
  const files = r.registry?.files ?? [];
  if (files.length > 0) {
    const names = files.map((f) => (f === DEFAULT_REGISTRY ? 'the default registry' : shown(f)));
    const user = files.filter((f) => f !== DEFAULT_REGISTRY).map(shown);
    lines.push(
      `Registry: ${names.join(', then ')}.${user.length > 0 ? ` Give other commands the same: ${user.map((f) => `--registry ${f}`).join(' ')}.` : ''}`,
    );
  }
  for (const f of r.resolution?.flows ?? []) lines.push('', ...flowLines(f));
  return lines;
}

function flowLines(f: ResolvedFlow): string[] {
  const n = f.chain.length;
  const tied = f.alternatives.length + 1;
  const lines = [
    f.named ? `Flow '${f.name}': ${f.from} → ${f.to}` : `Flow ${f.name}`,
    `  ${f.chain.join(' → ')} (${n} components: ${tied === 1 ? 'the only shortest chain' : `one of ${f.more ? 'at least ' : ''}${tied} shortest chains`})`,
  ];
  if (f.alternatives.length > 0) {
    for (const alt of f.alternatives) lines.push(`  equally short, not chosen: ${alt.join(' → ')}`);
    if (f.more) lines.push('  (and more equally short chains)');
    lines.push(
      `  chosen because its components come first in registry order; 'via: [${(f.pin ?? []).join(', ')}]' pins it`,
    );
  }
  return lines;
}

function componentLines(r: Resolved, id: string, i: number): string[] {
  const why = r.resolution?.reasons.get(id);
  if (why) return [...why];
  const from = r.pipeline.components[i]?.resolvedFrom;
  if (!from) return [];
  const entry = r.registry?.entries.find((e) => e.name === from.name && e.version === from.version);
  const description = entry?.description ? `: ${entry.description.replace(/\.$/, '')}` : '';
  return [`${from.name}@${from.version} from ${registryName(shown(from.registry))}${description}`];
}
