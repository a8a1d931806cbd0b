import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/ir.js';
import { codes, compileTopology, yaml } from './support.js';

const head = (spec: string) => `apiVersion: flowctl/v2\nkind: Topology\nmetadata:\n  name: t\nspec:\n${spec}`;

/** id → [ref, inputs] of a resolved pipeline. */
function shape(p: Pipeline | undefined): Record<string, [string, string[]]> {
  return Object.fromEntries(
    (p?.components ?? []).map((c) => [
      c.id,
      [`${c.ref?.name}@${c.ref?.version}`, c.inputs.map((i) => i.value)],
    ]),
  );
}

function config(p: Pipeline | undefined, id: string): Record<string, unknown> {
  const c = p?.components.find((x) => x.id === id);
  return Object.fromEntries((c?.config ?? []).map((x) => [x.key, x.value]));
}

describe('v2 topologies with the default registry', () => {
  it('resolves stellar.ledger.v1 to postgres through ttp-processor, warning about the tie', async () => {
    const { result, text } = await compileTopology(head('  from: stellar.ledger.v1\n  to: postgres\n'));
    expect(shape(result.pipeline)).toEqual({
      'stellar-live-source': ['stellar-live-source@1.0.0', []],
      'ttp-processor': ['ttp-processor@1.0.0', ['stellar-live-source']],
      'postgres-consumer': ['postgres-consumer@1.0.0', ['ttp-processor']],
    });
    expect(codes(result)).toEqual(['FC2102']);
    expect(text).toContain('(1) stellar-live-source → ttp-processor → postgres-consumer');
    expect(text).toContain('(2) stellar-live-source → contract-events-processor → postgres-consumer');
    expect(text).toContain("'via: [ttp-processor]' for (1), 'via: [contract-events-processor]' for (2)");
    // The reference stage filled in what the registry knows.
    const sink = result.pipeline!.components[2];
    expect(sink.image?.value).toBe('withobsrvr/postgres-consumer:v1.0.0');
    expect(sink.consumes).toContain('stellar.token.transfer.v1');
  });

  it('makes the tie an error under --strict', async () => {
    const { result } = await compileTopology(head('  from: stellar.ledger.v1\n  to: postgres\n'), {
      strict: true,
    });
    expect(result.pipeline).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['FC2102', 'error']]);
  });

  it('takes the chain pinned with via, without a warning', async () => {
    const { result } = await compileTopology(
      head('  from: stellar.ledger.v1\n  to: postgres\n  via: [contract-events-processor]\n'),
      { strict: true },
    );
    expect(codes(result)).toEqual([]);
    expect(Object.keys(shape(result.pipeline))).toEqual([
      'stellar-live-source',
      'contract-events-processor',
      'postgres-consumer',
    ]);
  });

  it('points each component at the topology node that caused it', async () => {
    const { result } = await compileTopology(
      head('  from: stellar.ledger.v1\n  to: postgres\n  via: ttp-processor\n'),
    );
    expect(result.pipeline!.components.map((c) => c.loc.path)).toEqual([
      ['spec', 'from'],
      ['spec', 'via'],
      ['spec', 'to'],
    ]);
  });

  it('shares the source between flows, and a sink fed by two flows', async () => {
    const { result } = await compileTopology(
      head(
        yaml`
        flows:
          - {name: transfers, from: stellar.ledger.v1, to: postgres, via: [ttp-processor]}
          - {name: events, from: stellar.ledger.v1, to: postgres, via: [contract-events-processor]}
          - {name: archive, from: stellar.ledger.v1, to: duckdb}
      `.replace(/^/gm, '  '),
      ),
      { strict: true },
    );
    expect(shape(result.pipeline)).toEqual({
      'stellar-live-source': ['stellar-live-source@1.0.0', []],
      'ttp-processor': ['ttp-processor@1.0.0', ['stellar-live-source']],
      'contract-events-processor': ['contract-events-processor@1.0.0', ['stellar-live-source']],
      'postgres-consumer': ['postgres-consumer@1.0.0', ['ttp-processor', 'contract-events-processor']],
      'duckdb-consumer': ['duckdb-consumer@1.0.0', ['stellar-live-source']],
    });
  });

  it('keeps components apart when their upstream data differs', async () => {
    const { result } = await compileTopology(
      head(
        yaml`
        flows:
          - {source: 'kafka://k:9092/a', process: filter, sink: stdout}
          - {source: 'kafka://k:9092/b', process: filter, sink: stdout}
        config:
          filter: {expression: .ok}
      `.replace(/^/gm, '  '),
      ),
      { strict: true },
    );
    expect(shape(result.pipeline)).toEqual({
      'kafka-source': ['kafka-source@1.0.0', []],
      'kafka-source-2': ['kafka-source@1.0.0', []],
      filter: ['filter@1.0.0', ['kafka-source']],
      'filter-2': ['filter@1.0.0', ['kafka-source-2']],
      'stdout-sink': ['stdout-sink@1.0.0', ['filter', 'filter-2']],
    });
    expect(config(result.pipeline, 'filter-2')).toEqual({ expression: '.ok' });
  });

  it('turns URI parts into config of the component serving the scheme', async () => {
    const { result } = await compileTopology(
      head(
        yaml`
        source: kafka://b1:9092,b2:9092/payments?group=billing
        process: [filter, transform]
        sink: postgres://db.internal:5433/analytics?table=payments
        config:
          filter: {expression: '.amount > 100'}
          transform: {expression: '{id, amount}'}
          postgres-sink: {table: overridden}
      `.replace(/^/gm, '  '),
      ),
      { strict: true },
    );
    expect(Object.keys(shape(result.pipeline))).toEqual([
      'kafka-source',
      'filter',
      'transform',
      'postgres-sink',
    ]);
    expect(config(result.pipeline, 'kafka-source')).toMatchObject({
      brokers: 'b1:9092,b2:9092',
      topic: 'payments',
      group: 'billing',
    });
    expect(config(result.pipeline, 'postgres-sink')).toMatchObject({
      host: 'db.internal',
      port: 5433,
      database: 'analytics',
      table: 'overridden',
      user: 'postgres',
    });
  });

  it('warns about config for a component the topology does not have, with did-you-mean', async () => {
    const { result, text } = await compileTopology(
      head('  from: stellar.ledger.v1\n  to: duckdb\n  config:\n    duckdb-consumr: {database_path: x}\n'),
    );
    expect(codes(result)).toEqual(['FC2107']);
    expect(text).toContain(
      "'spec.config' sets 'duckdb-consumr', but no component of this topology is named so; did you mean 'duckdb-consumer'?",
    );
    expect(text).toMatch(/topology\.yaml:9:5: warning FC2107/);
  });

  it('reports a misspelt event type with did-you-mean at its position', async () => {
    const { result, text } = await compileTopology(head('  from: stellar.ledgr.v1\n  to: postgres\n'));
    expect(result.pipeline).toBeUndefined();
    expect(text).toMatch(
      /topology\.yaml:6:9: error FC2103 'stellar\.ledgr\.v1' in 'from' is not an event type, capability, component or URI in the registry; did you mean 'stellar\.ledger\.v1'\?/,
    );
  });

  it('says so when there is no registry to resolve against', async () => {
    const { text } = await compileTopology(head('  from: stellar.ledger.v1\n  to: postgres\n'), {
      defaultRegistry: false,
    });
    expect(text).toContain('the registry is empty: give a registry file with --registry');
  });

  it('reports a misspelt via component with did-you-mean', async () => {
    const { text } = await compileTopology(
      head('  from: stellar.ledger.v1\n  to: postgres\n  via: [ttp-procesor]\n'),
    );
    expect(text).toContain(
      "error FC2103 'ttp-procesor' in 'via' is not a component in the registry; did you mean 'ttp-processor'?",
    );
  });

  it('lists known words when a word is nothing like them', async () => {
    const { text } = await compileTopology(head('  from: zzzzzzzzzz\n  to: postgres\n'));
    expect(text).toContain("known event types include 'record.v1', 'stellar.contract.events.v1'");
  });

  it('explains a missing path by what each side reaches and accepts', async () => {
    const { result, text } = await compileTopology(head('  from: stellar.ledger.v1\n  to: stdout\n'));
    expect(codes(result)).toEqual(['FC2101']);
    expect(text).toContain(
      "from 'stellar.ledger.v1' the registry reaches 'stellar.contract.events.v1', 'stellar.ledger.v1' and 'stellar.token.transfer.v1' and the sinks 'duckdb-consumer' and 'postgres-consumer', while 'stdout' ('stdout-sink') accepts 'record.v1'; write 'to: duckdb-consumer'",
    );
  });

  it('says when via, where or max_depth is what stands in the way', async () => {
    const via = await compileTopology(head('  from: stellar.ledger.v1\n  to: postgres\n  via: [filter]\n'));
    expect(via.text).toContain("none passes through 'filter' in that order; change or drop 'via'");
    const depth = await compileTopology(head('  from: stellar.ledger.v1\n  to: postgres\n  max_depth: 2\n'));
    expect(depth.text).toContain("has 3 components; set 'max_depth: 3' on the flow");
    const where = await compileTopology(
      head('  from: stellar.ledger.v1\n  to: postgres\n  where: {ecosystem: generic}\n'),
    );
    expect(where.text).toContain(
      "'stellar.ledger.v1' in 'from' is left out by 'where: {ecosystem: generic}', because stellar-live-source has the label ecosystem: stellar",
    );
  });

  it('tells where a processor or sink belongs when it is written as an end', async () => {
    const a = await compileTopology(head('  from: ttp-processor\n  to: postgres\n'));
    expect(a.text).toContain(
      "'ttp-processor' in 'from' is a processor; a flow starts at a source: write 'from: stellar.ledger.v1' and 'via: [ttp-processor]'.",
    );
    const b = await compileTopology(head('  from: postgres-consumer\n  to: stellar-live-source\n'));
    expect(b.text).toContain("write it as 'to: postgres-consumer'");
    expect(b.text).toContain("write it as 'from: stellar-live-source'");
    const c = await compileTopology(head('  from: stellar.token.transfer.v1\n  to: postgres\n'));
    expect(c.text).toContain(
      "'stellar.token.transfer.v1' in 'from' is an event type no source produces; write 'from: stellar.ledger.v1' and 'via: [ttp-processor]'.",
    );
  });

  it('suggests a scheme the registry serves for an unknown one', async () => {
    const { text } = await compileTopology(head('  source: kafak://b/t\n  sink: stdout\n'));
    expect(text).toContain(
      "no source in the registry serves 'kafak://' URIs, as 'source' asks; did you mean 'kafka://'?",
    );
    const bad = await compileTopology(head('  source: kafka://b/t%zz\n  sink: stdout\n'));
    expect(bad.text).toContain("'kafka://b/t%zz' is not a valid URI (it has a malformed %-escape)");
  });

  it('refuses two spellings of one key, and a flow beside flows', async () => {
    const a = await compileTopology(
      head('  from: stellar.ledger.v1\n  source: stellar.ledger.v1\n  to: duckdb\n'),
    );
    expect(a.text).toContain("error FC2112 'source' and 'from' say the same thing; keep one of them.");
    const b = await compileTopology(
      head('  from: stellar.ledger.v1\n  flows: [{from: stellar.ledger.v1, to: duckdb}]\n'),
    );
    expect(b.text).toContain(
      "'from' is written beside 'flows'; move it into one of the flows listed under 'flows'.",
    );
    const c = await compileTopology(head('  from: stellar.ledger.v1\n'));
    expect(c.text).toContain("'spec' is missing the required key 'to (or sink)'");
  });

  it('rejects unknown keys in a flow with did-you-mean (schema)', async () => {
    const { text } = await compileTopology(head('  from: stellar.ledger.v1\n  too: duckdb\n'));
    expect(text).toContain("unknown key 'too'");
    expect(text).toContain("did you mean 'to'?");
  });

  it('pins versions with name@version, and names the versions that exist', async () => {
    const ok = await compileTopology(
      head('  from: stellar.ledger.v1\n  to: postgres\n  via: [ttp-processor@v1.0.0]\n'),
      {
        strict: true,
      },
    );
    expect(shape(ok.result.pipeline)['ttp-processor']).toEqual([
      'ttp-processor@1.0.0',
      ['stellar-live-source'],
    ]);
    const bad = await compileTopology(
      head('  from: stellar.ledger.v1\n  to: postgres\n  via: [ttp-processor@2.0.0]\n'),
    );
    expect(bad.text).toContain("the registry has 'ttp-processor' in versions 1.0.0, not '2.0.0'");
  });
});

describe('v2 topologies with a user registry', () => {
  const registry = yaml`
    - {name: testnet-ledgers, version: "1.0.0", role: source, produces: [ledger], labels: {network: testnet}, image: t}
    - {name: pubnet-ledgers, version: "1.0.0", role: source, produces: [ledger], labels: {network: pubnet}, image: p}
    - {name: ttp-processor, version: "1.0.0", role: processor, consumes: [ledger], produces: [transfer], image: mine}
    - {name: store, version: "1.0.0", role: sink, consumes: [transfer], provides: [warehouse], image: s}
  `;

  it('filters by where, and prefers the user entry over the default registry', async () => {
    const { result } = await compileTopology(
      head('  from: ledger\n  to: warehouse\n  where: {network: pubnet}\n'),
      {
        registry,
        strict: true,
      },
    );
    expect(Object.keys(shape(result.pipeline))).toEqual(['pubnet-ledgers', 'ttp-processor', 'store']);
    expect(result.pipeline!.components[1].image?.value).toBe('mine');
    expect(result.pipeline!.components[1].resolvedFrom?.registry).toMatch(/registry\.yaml$/);
  });

  it('without where, the two sources tie and the first in registry order wins', async () => {
    const { result, text } = await compileTopology(head('  from: ledger\n  to: warehouse\n'), { registry });
    expect(Object.keys(shape(result.pipeline))[0]).toBe('testnet-ledgers');
    expect(text).toContain("'via: [testnet-ledgers]' for (1), 'via: [pubnet-ledgers]' for (2)");
  });

  it('says which label of which component where leaves out', async () => {
    const { text } = await compileTopology(
      head('  from: testnet-ledgers\n  to: warehouse\n  where: {network: pubnet}\n'),
      {
        registry,
      },
    );
    expect(text).toContain(
      "'testnet-ledgers' in 'from' is left out by 'where: {network: pubnet}', because testnet-ledgers has the label network: testnet",
    );
  });
});
