import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SourceSet } from '../../src/diagnostics/sources.js';
import { hasErrors } from '../../src/diagnostics/types.js';
import { applyLayers } from '../../src/layers/index.js';
import { readYamlFile } from '../../src/load/read.js';
import { listCases, ROOT } from '../support/fixtures.js';
import { cueRejects, PIPELINE_CUE } from './cue.js';

// schemas/pipeline.cue states the contract of schemas/pipeline.schema.json for CUE users.
// Proof that they agree: every fixture's document (as the schema check sees it, after the
// layers), and a set of edge cases, is accepted by both or rejected by both.

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'pipeline.schema.json'), 'utf8'));
const validate = new Ajv({ strict: false }).compile(schema);

function fixtureDocuments(): Record<string, unknown> {
  const docs: Record<string, unknown> = {};
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    for (const c of listCases()) {
      const sources = new SourceSet();
      const loaded = readYamlFile(c.file, sources);
      if (loaded.value === undefined) continue; // YAML-level errors leave no document
      // The document the schema check sees: after extends, environments and ${VAR}.
      const layered = applyLayers(loaded.value, loaded.file, sources, {
        ...(c.options.env ? { env: c.options.env } : {}),
        vars: c.options.vars ?? {},
        varFiles: [],
        environment: c.options.environment ?? {},
      });
      docs[c.name] = hasErrors(layered.diagnostics) ? loaded.value : layered.value;
    }
  } finally {
    process.chdir(cwd);
  }
  return docs;
}

const minimal = {
  apiVersion: 'flowctl/v1',
  kind: 'Pipeline',
  metadata: { name: 'p' },
  spec: { sources: [{ id: 'src', image: 'x:1' }] },
};
const withSource = (extra: Record<string, unknown>) => ({
  ...minimal,
  spec: { sources: [{ id: 'src', image: 'x:1', ...extra }] },
});
const v2 = (spec: Record<string, unknown>) => ({
  apiVersion: 'flowctl/v2',
  kind: 'Topology',
  metadata: { name: 't' },
  spec,
});

/** Edge cases where the two languages could part: unions, patterns, bounds, closedness. */
const synthetic: Record<string, unknown> = {
  'port-as-digits': withSource({ ports: [{ containerPort: '8080', protocol: 'UDP' }] }),
  'port-not-digits': withSource({ ports: [{ containerPort: '80x' }] }),
  'port-zero': withSource({ ports: [{ hostPort: 0 }] }),
  'port-too-big': withSource({ health_port: 65536 }),
  'port-fraction': withSource({ health_port: 80.5 }),
  'replicas-string': withSource({ replicas: '3' }),
  'replicas-negative': withSource({ replicas: -1 }),
  'env-null': withSource({ env: { A: null } }),
  'env-scalars': withSource({ env: { A: 1, B: true, C: 'x' }, args: [1, 'two', false] }),
  'command-string': withSource({ command: 'run --fast' }),
  'health-object': withSource({ health_check: { anything: 1 }, health: { tcp: '9000', retries: 1 } }),
  'health-retries-zero': withSource({ health: { retries: 0 } }),
  'autoscaling-101': withSource({ autoscaling: { targetCPUUtilization: 101 } }),
  'secret-without-name': withSource({ secrets: [{ host_path: '/s' }] }),
  'config-list': withSource({ config: [1] }),
  'unknown-top-key': { ...minimal, extend: 'base.yaml' },
  'layer-keys': { ...minimal, extends: 'base.yaml', environments: { dev: { spec: {} }, empty: null } },
  'layer-keys-wrong-type': { ...minimal, extends: ['base.yaml'] },
  'missing-metadata-name': { ...minimal, metadata: {} },
  'v1-wrong-version': { ...minimal, apiVersion: 'flowctl/v3' },
  'top-level-list': [minimal],
  'v2-flow': v2({ from: 'stellar.ledger.v1', to: 'postgres', via: [], where: { network: 'testnet' } }),
  'v2-blank-endpoint': v2({ from: '  ', to: 'x' }),
  'v2-no-flows': v2({ flows: [] }),
  'v2-depth-1': v2({ from: 'a', to: 'b', max_depth: 1 }),
  'legacy-extra-params': { version: 1, source: { type: 's', params: { image: 'x', anything: [1] } } },
  'legacy-bad-port': { version: '0.1', sink: { params: { ports: ['http'] } } },
  'legacy-no-version': { source: { type: 's' } },
};

describe('schemas/pipeline.cue agrees with schemas/pipeline.schema.json', () => {
  it('on every fixture and every edge case', async () => {
    const fixtures = fixtureDocuments();
    expect(Object.keys(fixtures).length).toBeGreaterThan(30);
    const docs: Record<string, unknown> = { ...fixtures };
    for (const [k, v] of Object.entries(synthetic)) docs[`synthetic-${k}`] = v;

    const ajvRejected = Object.keys(docs)
      .filter((k) => !validate(docs[k]))
      .sort();
    const { rejected: cueRejected, calls } = await cueRejects(docs);
    expect(calls).toBeLessThan(10);
    expect(cueRejected).toEqual(ajvRejected);

    // The proof is not vacuous: both sides reject the schema-invalid fixtures and accept the rest.
    for (const name of ['schema-bad-enum', 'schema-missing-key', 'schema-unknown-key', 'schema-wrong-type'])
      expect(ajvRejected).toContain(name);
    expect(ajvRejected).toContain('synthetic-legacy-no-version');
    expect(ajvRejected).not.toContain('compat-full-v1');
    expect(ajvRejected.length).toBeLessThan(Object.keys(docs).length / 2);
  }, 180_000);

  it('names every key the JSON Schema defines', () => {
    const cueText = readFileSync(PIPELINE_CUE, 'utf8');
    const keys = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.properties && typeof o.properties === 'object')
          for (const k of Object.keys(o.properties as object)) keys.add(k);
        Object.values(o).forEach(walk);
      }
    };
    walk(schema);
    const missing = [...keys].filter((k) => {
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k);
      return !new RegExp(`(^|\\s)${name.replace(/[$]/g, '\\$')}\\??:`, 'm').test(cueText);
    });
    expect(missing).toEqual([]);
  });
});
