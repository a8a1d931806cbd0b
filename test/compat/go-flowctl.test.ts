import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { renderText } from '../../src/diagnostics/render.js';
import { FIXTURES, ROOT } from '../support/fixtures.js';

// The Go flowctl's real inputs (../shared/compat) must keep working. This test fails, never
// skips, when ../shared is missing: without it there is nothing to prove compatibility with.

const COMPAT = join(ROOT, '..', 'shared', 'compat', 'go-flowctl');
const METADATA = join(COMPAT, 'metadata');

function compatFiles(): string[] {
  if (!existsSync(COMPAT)) return [];
  return readdirSync(COMPAT)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

describe('../shared/compat/go-flowctl', () => {
  const files = compatFiles();

  it('is present, with pipelines and metadata', () => {
    expect(existsSync(COMPAT), `${COMPAT} is missing: the compat inputs come from ../shared`).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(readdirSync(METADATA).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('every pipeline validates with no errors (registry references given the metadata beside them)', async () => {
    expect(files).not.toEqual([]);
    const metadata = readdirSync(METADATA)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(METADATA, f));
    for (const f of files) {
      const path = join(COMPAT, f);
      const referencesRegistry = /^\s*(-\s+)?type:\s*\S+@\S+/m.test(readFileSync(path, 'utf8'));
      const r = await compile(path, {
        registries: referencesRegistry ? metadata : [],
        environment: {},
      });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(renderText(errors, r.sources), f).toBe('');
      expect(r.pipeline, f).toBeDefined();
      expect(r.pipeline!.components.length, f).toBeGreaterThan(0);
    }
  });

  it('the init-style pipelines take event types and config mapping from the metadata registry', async () => {
    const r = await compile(join(COMPAT, 'testnet-duckdb-pipeline.yaml'), {
      registries: [join(METADATA, 'contract-events-processor.json'), join(METADATA, 'duckdb-consumer.json')],
      environment: {},
    });
    const sink = r.pipeline!.components.find((c) => c.id === 'duckdb-sink')!;
    expect(sink.resolvedFrom?.registry).toContain('duckdb-consumer.json');
    expect(sink.consumes).toEqual(['stellar.ledger.v1', 'stellar.contract.events.v1']);
    // The flat config_schema's `env` words become the env mapping; the pipeline's value wins.
    expect(sink.envMapping).toEqual({ database_path: 'DUCKDB_PATH' });
    expect(sink.config.map((x) => [x.key, x.value])).toEqual([
      ['database_path', './stellar-pipeline.duckdb'],
    ]);
  });

  it('fixtures/compat-* are byte-identical copies, one per compat pipeline', () => {
    expect(files).not.toEqual([]);
    const copies = readdirSync(FIXTURES)
      .filter((d) => d.startsWith('compat-'))
      .sort();
    expect(copies).toEqual(files.map((f) => `compat-${basename(f, '.yaml')}`));
    for (const f of files) {
      const dir = join(FIXTURES, `compat-${basename(f, '.yaml')}`);
      expect(readFileSync(join(dir, 'pipeline.yaml')).equals(readFileSync(join(COMPAT, f))), f).toBe(true);
      for (const extra of readdirSync(dir).filter((x) => x.endsWith('.json') && x !== 'options.json')) {
        expect(
          readFileSync(join(dir, extra)).equals(readFileSync(join(METADATA, extra))),
          `${dir}/${extra}`,
        ).toBe(true);
      }
    }
  });
});
