import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flowctl, flowctlInProcess } from '../support/cli.js';
import { yaml } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'flowctl-resolve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const TOPOLOGY = yaml`
  apiVersion: flowctl/v2
  kind: Topology
  metadata:
    name: ledgers-to-postgres
  spec:
    from: stellar.ledger.v1
    to: postgres
`;

describe('flowctl resolve', () => {
  it('prints the concrete v1 pipeline, with the tie on standard error', async () => {
    const file = write('ledgers.yaml', TOPOLOGY);
    const r = await flowctlInProcess(['resolve', '-f', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning FC2102');
    const doc = parse(r.stdout);
    expect(doc.apiVersion).toBe('flowctl/v1');
    expect(doc.spec.processors).toEqual([
      { id: 'ttp-processor', type: 'ttp-processor@1.0.0', inputs: ['stellar-live-source'] },
    ]);
    expect(r.stdout).toContain(
      '# step 2 of 3: consumes stellar.ledger.v1 from stellar-live-source; produces stellar.token.transfer.v1',
    );
    expect(r.stdout).toContain("'via: [ttp-processor]' pins it");
  });

  it('fails under --strict and prints nothing', async () => {
    const file = write('ledgers-strict.yaml', TOPOLOGY);
    const r = await flowctlInProcess(['resolve', '-f', file, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error FC2102');
  });

  it('prints JSON that is itself valid input', async () => {
    const file = write('ledgers-json.yaml', TOPOLOGY);
    const r = await flowctlInProcess(['resolve', '-f', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.spec.sinks[0]).toEqual({
      id: 'postgres-consumer',
      type: 'postgres-consumer@1.0.0',
      inputs: ['ttp-processor'],
    });
    const back = write('ledgers.json', r.stdout);
    const v = await flowctlInProcess(['validate', back]);
    expect(v.code).toBe(0);
  });

  it('pipes into validate and translates to the same artifacts as the topology, for every target', async () => {
    const file = write('ledgers-pipe.yaml', TOPOLOGY);
    const resolved = flowctl(['resolve', '-f', file]);
    expect(resolved.code).toBe(0);
    const validated = flowctl(['validate', '-'], { input: resolved.stdout });
    expect(validated.stderr).toContain('<stdin>: valid, 3 components');
    expect(validated.code).toBe(0);
    const printed = write('ledgers-printed.yaml', resolved.stdout);
    for (const target of ['compose', 'kubernetes', 'nomad', 'local']) {
      const a = await flowctlInProcess(['translate', '-f', file, '-o', target]);
      const b = await flowctlInProcess(['translate', '-f', printed, '-o', target]);
      expect(b.code, `${target}: ${b.stderr}`).toBe(a.code);
      expect(b.stdout, target).toBe(a.stdout);
    }
  });

  it('migrates a legacy file: the output is v1 and no longer deprecated', async () => {
    const r = await flowctlInProcess(['resolve', '-f', 'fixtures/compat-legacy/pipeline.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning FC1011');
    expect(r.stdout).toContain(
      '# It is the same pipeline in the current format: replace the legacy file with it.',
    );
    const v = flowctl(['validate', '-'], { input: r.stdout });
    expect(v.code).toBe(0);
    expect(v.stderr).not.toContain('FC1011');
  });

  it('locks the chains and stops when a registry change would switch them', async () => {
    const file = write('locked.yaml', TOPOLOGY.replace('  from:', '  via: [ttp-processor]\n  from:'));
    expect((await flowctlInProcess(['resolve', '-f', file, '--lock'])).code).toBe(0);
    const lock = readFileSync(`${file}.lock`, 'utf8');
    expect(parse(lock).flows).toEqual([
      {
        flow: 'stellar.ledger.v1 → postgres',
        chain: ['stellar-live-source@1.0.0', 'ttp-processor@1.0.0', 'postgres-consumer@1.0.0'],
      },
    ]);
    // A user registry now offers a ttp-processor in another version: the chain would change.
    const registry = write(
      'newer.yaml',
      '- {name: ttp-processor, version: "1.1.0", role: processor, consumes: [stellar.ledger.v1], produces: [stellar.token.transfer.v1], image: x}\n',
    );
    const changed = await flowctlInProcess([
      'translate',
      '-f',
      file,
      '-o',
      'compose',
      '--registry',
      registry,
    ]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain(
      "error FC2109 flow 'stellar.ledger.v1 → postgres' now resolves to 'stellar-live-source@1.0.0 → ttp-processor@1.1.0 → postgres-consumer@1.0.0', but 'locked.yaml.lock' records 'stellar-live-source@1.0.0 → ttp-processor@1.0.0 → postgres-consumer@1.0.0'; write 'via: [ttp-processor@1.0.0]' in the flow to keep the locked chain",
    );
    const updated = await flowctlInProcess(['resolve', '-f', file, '--update-lock', '--registry', registry]);
    expect(updated.code).toBe(0);
    expect(readFileSync(`${file}.lock`, 'utf8')).toContain('ttp-processor@1.1.0');
    expect((await flowctlInProcess(['validate', file, '--registry', registry])).code).toBe(0);
  });

  it('reports a damaged lock and a flow the lock does not know', async () => {
    const file = write('damaged.yaml', TOPOLOGY);
    writeFileSync(`${file}.lock`, 'kind: Something\n');
    const bad = await flowctlInProcess(['validate', file]);
    expect(bad.stderr).toContain("error FC2111 the lock file 'damaged.yaml.lock' cannot be read");
    writeFileSync(`${file}.lock`, 'apiVersion: flowctl/v1\nkind: TopologyLock\nflows: []\n');
    const missing = await flowctlInProcess(['validate', file]);
    expect(missing.stderr).toContain("warning FC2110 flow 'stellar.ledger.v1 → postgres' is not recorded in");
  });

  it('refuses --lock on standard input and says when there is nothing to lock', async () => {
    expect((await flowctlInProcess(['resolve', '-f', '-', '--lock'])).code).toBe(2);
    const v1 = await flowctlInProcess([
      'resolve',
      '-f',
      'fixtures/compat-minimal-v1/pipeline.yaml',
      '--lock',
    ]);
    expect(v1.code).toBe(0);
    expect(v1.stderr).toContain('is not a flowctl/v2 topology, so it has no chains to lock');
    expect(existsSync('fixtures/compat-minimal-v1/pipeline.yaml.lock')).toBe(false);
  });
});

describe('flowctl topology suggest', () => {
  it('prints the chosen chain with the type on each link', async () => {
    const r = await flowctlInProcess([
      'topology',
      'suggest',
      '--from',
      'stellar.ledger.v1',
      '--to',
      'postgres',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'stellar-live-source -[stellar.ledger.v1]-> ttp-processor -[stellar.token.transfer.v1]-> postgres-consumer\n',
    );
    expect(r.stderr).toContain('warning FC2102');
  });

  it('prints every shortest chain with --all, the chosen one first', async () => {
    const r = await flowctlInProcess([
      'topology',
      'suggest',
      '--from',
      'stellar.ledger.v1',
      '--to',
      'postgres',
      '--all',
    ]);
    expect(r.stdout).toBe(
      [
        '1. stellar-live-source -[stellar.ledger.v1]-> ttp-processor -[stellar.token.transfer.v1]-> postgres-consumer   (chosen)',
        '2. stellar-live-source -[stellar.ledger.v1]-> contract-events-processor -[stellar.contract.events.v1]-> postgres-consumer',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
  });

  it('takes --via and --where', async () => {
    const r = await flowctlInProcess([
      'topology',
      'suggest',
      '--from',
      'kafka',
      '--to',
      'stdout',
      '--via',
      'transform',
    ]);
    expect(r.stdout).toBe('kafka-source -[record.v1]-> transform -[record.v1]-> stdout-sink\n');
    const w = await flowctlInProcess([
      'topology',
      'suggest',
      '--from',
      'stellar.ledger.v1',
      '--to',
      'postgres',
      '--where',
      'ecosystem=generic',
    ]);
    expect(w.code).toBe(1);
    expect(w.stderr).toContain("left out by 'where: {ecosystem: generic}'");
    expect(
      (await flowctlInProcess(['topology', 'suggest', '--from', 'a', '--to', 'b', '--where', 'x'])).code,
    ).toBe(2);
  });

  it('says what to write instead of a misspelt type', async () => {
    const r = await flowctlInProcess([
      'topology',
      'suggest',
      '--from',
      'stellar.ledgr.v1',
      '--to',
      'postgres',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "flowctl: error FC2103 'stellar.ledgr.v1' in 'from' is not an event type, capability, component or URI in the registry; did you mean 'stellar.ledger.v1'?",
    );
  });
});
