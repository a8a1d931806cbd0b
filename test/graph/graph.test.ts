import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { dotString, edgesOf, mermaidText, toDot, toMermaid } from '../../src/graph/index.js';
import { flowctl } from '../support/cli.js';

async function pipelineOf(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-graph-'));
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, yaml);
  const r = await compile(file, { environment: {} });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.pipeline!;
}

const FAN = `apiVersion: flowctl/v1
kind: Pipeline
metadata: {name: fan}
spec:
  sources:
    - {id: ledgers, image: "src:1", output_event_types: [stellar.ledger.v1, other.v1]}
  processors:
    - {id: events, image: "p:1", inputs: [ledgers], input_event_types: [stellar.ledger.v1], output_event_types: [stellar.contract.events.v1]}
    - {id: transfers, image: "p:1", inputs: [ledgers], output_event_types: [token.transfer.v1]}
  sinks:
    - {id: db, image: "s:1", inputs: [events, transfers], input_event_types: [stellar.contract.events.v1, token.transfer.v1]}
  pipelines:
    - {id: batch, image: "b:1", depends_on: [db]}
`;

describe('graph', () => {
  it('labels each edge with the event types it carries', async () => {
    const p = await pipelineOf(FAN);
    expect(edgesOf(p).map((e) => `${e.from}->${e.to}:${e.types.join('+')}:${e.kind}`)).toEqual([
      'ledgers->events:stellar.ledger.v1:input',
      'ledgers->transfers:stellar.ledger.v1+other.v1:input',
      'events->db:stellar.contract.events.v1:input',
      'transfers->db:token.transfer.v1:input',
      'db->batch::depends_on',
    ]);
  });

  it('renders mermaid with one node per component and dashed depends_on edges', async () => {
    const text = toMermaid(await pipelineOf(FAN));
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text.match(/^ {2}n\d+[[(]/gm)).toHaveLength(5);
    expect(text).toContain('n0 -->|"stellar.ledger.v1"| n1');
    expect(text).toMatch(/n3 -\.-> n4/);
  });

  it('renders DOT that graphviz accepts, with the same edges', async () => {
    const dot = toDot(await pipelineOf(FAN));
    const r = spawnSync('dot', ['-Tplain'], { input: dot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const edges = r.stdout.split('\n').filter((l) => l.startsWith('edge '));
    expect(edges).toHaveLength(5);
  });

  it('escapes text that would break the graph languages', () => {
    expect(mermaidText('a"b|c[d]')).toBe('a#34;b#124;c#91;d#93;');
    expect(dotString('say "hi" \\ now\nthen')).toBe('"say \\"hi\\" \\\\ now\\nthen"');
  });

  it('is reachable from the CLI, and a broken pipeline exits 1 with diagnostics', () => {
    const ok = flowctl(['graph', '-f', 'fixtures/valid-features/pipeline.yaml', '--format', 'dot']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('"webhook" -> "enrich" [label="webhook.event.v1"];');
    const bad = flowctl(['graph', '-f', 'fixtures/rule-cycle/pipeline.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('FC3003');
  });
});
