import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, type CompileOptions, type CompileResult } from '../../src/compile.js';
import { renderText } from '../../src/diagnostics/render.js';
import type { RegistryEntry } from '../../src/resolve/types.js';

/** A registry entry with every field defaulted, for search tests. */
export function entry(e: Partial<RegistryEntry> & Pick<RegistryEntry, 'name' | 'role'>): RegistryEntry {
  return {
    version: '1.0.0',
    produces: [],
    consumes: [],
    provides: [],
    labels: {},
    schemes: [],
    envMapping: {},
    args: [],
    env: [],
    ports: [],
    registry: 'test',
    loc: { file: 'test', path: [] },
    ...e,
  };
}

/** Strip the common indentation of a template literal. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}

/**
 * Compile topology text written to a temporary topology.yaml (plus registry.yaml when given,
 * consulted before the default registry). Returns the result and the rendered diagnostics.
 */
export async function compileTopology(
  text: string,
  opts: { registry?: string; files?: Record<string, string> } & CompileOptions = {},
): Promise<{ result: CompileResult; text: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-intents-'));
  try {
    const file = join(dir, 'topology.yaml');
    writeFileSync(file, text);
    for (const [name, body] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), body);
    const registries = opts.registry !== undefined ? [join(dir, 'registry.yaml')] : [];
    if (opts.registry !== undefined) writeFileSync(registries[0], opts.registry);
    const { registry: _r, files: _f, ...rest } = opts;
    const result = await compile(file, { registries, environment: {}, ...rest });
    return { result, text: renderText(result.diagnostics, result.sources, { color: false }), dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The codes of a result's diagnostics, in order. */
export function codes(r: CompileResult): string[] {
  return r.diagnostics.map((d) => d.code);
}
