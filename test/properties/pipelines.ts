/**
 * fast-check arbitraries for structurally random pipelines. Two flavours:
 * - chaotic: the right shape with wrong types, unknown keys and stray values mixed in, to
 *   exercise load, schema and normalize;
 * - well-typed: schema-valid v1 and legacy pipelines with random ids, dangling and cyclic
 *   references, registry references, clashing ports, odd quantities and health checks, so
 *   that resolve and every semantic rule run.
 */
import fc from 'fast-check';

const ids = ['src', 'proc', 'sink', 'a', 'b', 'Src', 'x.y', 'bad id', 'stellar-source'];

function arbitraries(chaos: boolean): fc.Arbitrary<unknown> {
  const scalar: fc.Arbitrary<unknown> = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer({ min: -5, max: 70_000 }),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  /** Usually `arb`; in chaos mode sometimes any scalar instead. */
  const mostly = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    chaos ? fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: scalar }) : arb;
  /** A value the schema does not constrain (any scalar), or a plain string when well-typed. */
  const free = chaos ? scalar : fc.constantFrom('x', '1', 'yes', '$HOME', "it's");
  const record = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.record(fields, { requiredKeys: [] });
  const id = fc.constantFrom(...ids);
  const port = chaos
    ? fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom('8080', '80x'))
    : fc.oneof(fc.integer({ min: 1, max: 9_005 }), fc.constantFrom('8080', '9000'));
  const eventTypes = mostly(fc.array(fc.constantFrom('t.v1', 'u.v1', 'stellar.ledger.v1'), { maxLength: 2 }));
  const quantity = mostly(fc.constantFrom('1', '500m', '1.5', '1Gi', '128Mi', 'lots', '-1', '0.5cores'));
  const health = fc.oneof(
    fc.constantFrom('/health', 'http://localhost:8089/healthz', 'tcp://:9000', 'http://[::1', ''),
    record({
      http: mostly(fc.constant('/ready')),
      tcp: mostly(port),
      command: mostly(fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 })),
      port: mostly(port),
      interval: mostly(fc.constantFrom('5s', '1m', 'soon', '10')),
      retries: mostly(fc.integer({ min: 1, max: 5 })),
    }),
    ...(chaos ? [scalar] : []),
  );

  const component = fc
    .record(
      {
        id: mostly(id),
        type: mostly(
          fc.constantFrom(
            'stellar-live-source@v1.0.0',
            'contract-events-processor',
            'duckdb-consumer@2.0.0',
            'postgres-consumer@1.0.0',
            'nope@1',
            'source',
            'pipeline',
          ),
        ),
        image: mostly(fc.constantFrom('img:1', 'registry.example.com/x/y:2', '')),
        command: mostly(fc.oneof(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), fc.string())),
        args: mostly(
          fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), { maxLength: 2 }),
        ),
        env: mostly(
          fc.dictionary(fc.constantFrom('A', 'DB_PASSWORD', 'b-c', '1X', ''), free, { maxKeys: 3 }),
        ),
        config: mostly(
          fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        ),
        inputs: mostly(fc.array(mostly(id), { maxLength: 3 })),
        depends_on: mostly(fc.array(id, { maxLength: 2 })),
        input_event_types: eventTypes,
        output_event_types: eventTypes,
        ports: mostly(
          fc.array(
            record({
              name: mostly(fc.constantFrom('http', 'grpc')),
              containerPort: mostly(port),
              hostPort: mostly(port),
              protocol: mostly(fc.constantFrom('tcp', 'udp', 'UDP', ...(chaos ? ['sctp'] : []))),
            }),
            { maxLength: 3 },
          ),
        ),
        volumes: mostly(
          fc.array(
            fc.record(
              {
                name: mostly(fc.constantFrom('v', 'data')),
                mountPath: mostly(fc.constant('/data')),
                host_path: mostly(fc.constantFrom('./d', '/srv', '$PWD/x')),
                readonly: mostly(fc.boolean()),
              },
              { requiredKeys: chaos ? [] : ['name'] },
            ),
            { maxLength: 2 },
          ),
        ),
        secrets: mostly(
          fc.array(
            fc.record(
              {
                name: mostly(fc.constant('s')),
                host_path: mostly(fc.constant('/secrets/s')),
                env: mostly(fc.constantFrom('S', 'TOKEN')),
                mode: mostly(fc.constantFrom('0400', '0644')),
                type: mostly(fc.constantFrom('file', 'env')),
              },
              { requiredKeys: chaos ? [] : ['name'] },
            ),
            { maxLength: 2 },
          ),
        ),
        health_check: health,
        health: chaos ? health : record({ http: fc.constant('/h'), port }),
        health_port: mostly(port),
        replicas: mostly(fc.integer({ min: chaos ? -1 : 0, max: 10 })),
        resources: mostly(
          record({
            requests: mostly(record({ cpu: quantity, memory: quantity })),
            limits: mostly(record({ cpu: quantity, memory: quantity })),
          }),
        ),
        autoscaling: mostly(
          record({
            min_replicas: mostly(fc.integer({ min: 1, max: 3 })),
            max_replicas: mostly(fc.integer({ min: 1, max: 6 })),
            target_cpu_utilization: mostly(fc.integer({ min: 1, max: 100 })),
          }),
        ),
        restart_policy: mostly(fc.constantFrom('always', 'no', 'never', ...(chaos ? ['sometimes'] : []))),
        labels: mostly(fc.dictionary(fc.string({ maxLength: 4 }), free, { maxKeys: 2 })),
        ...(chaos ? { imgae: scalar } : {}),
      },
      { requiredKeys: chaos ? [] : ['id'] },
    )
    // Either health form, not both (the schema allows both; normalize picks one).
    .map((c) => {
      const x = { ...c } as Record<string, unknown>;
      if (!chaos && 'health' in x && 'health_check' in x) delete x.health;
      return x;
    });

  const section = mostly(fc.array(component, { maxLength: 4 }));
  const v1 = fc.record(
    {
      apiVersion: chaos
        ? fc.constantFrom('flowctl/v1', 'flowctl/v1', 'flowctl/v2', 'v1')
        : fc.constant('flowctl/v1'),
      kind: chaos ? fc.constantFrom('Pipeline', 'Pipeline', 'Topology', 'Registry') : fc.constant('Pipeline'),
      metadata: mostly(
        fc.record(
          {
            name: mostly(fc.constantFrom('p', 'my-pipeline', 'Upper_Case')),
            namespace: mostly(fc.constantFrom('data', 'default')),
            labels: mostly(fc.dictionary(fc.constantFrom('team', 'a.b/c'), free, { maxKeys: 2 })),
          },
          { requiredKeys: chaos ? [] : ['name'] },
        ),
      ),
      spec: mostly(
        record({
          driver: mostly(fc.constantFrom('docker', 'k8s', 'process', ...(chaos ? ['swarm'] : []))),
          config: mostly(
            fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
          ),
          sources: section,
          processors: section,
          sinks: section,
          pipelines: section,
          ...(chaos
            ? { flows: fc.array(record({ from: scalar, to: scalar }), { maxLength: 2 }), from: scalar }
            : {}),
        }),
      ),
    },
    { requiredKeys: chaos ? ['apiVersion', 'kind'] : ['apiVersion', 'kind', 'metadata', 'spec'] },
  );

  const legacyStep = record({
    type: mostly(fc.constantFrom('stellar-live-source', 'postgres')),
    name: mostly(id),
    params: mostly(
      record({
        image: mostly(fc.constant('img:1')),
        command: mostly(fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 })),
        env: mostly(fc.dictionary(fc.constantFrom('A', 'B'), free, { maxKeys: 2 })),
        ports: mostly(fc.array(port, { maxLength: 2 })),
        health_check: mostly(fc.constantFrom('/health', 'http://x:81/h')),
        health_port: mostly(port),
      }),
    ),
  });
  const legacy = fc.record(
    {
      version: mostly(fc.constantFrom('0.1', '1')),
      source: mostly(legacyStep),
      processors: mostly(fc.array(legacyStep, { maxLength: 3 })),
      sink: mostly(legacyStep),
      log_level: mostly(fc.constant('info')),
    },
    { requiredKeys: ['version'] },
  );
  return fc.oneof({ weight: 4, arbitrary: v1 }, { weight: 1, arbitrary: legacy });
}

/** A random document shaped like a v1, v2 or legacy pipeline, with wrong types mixed in. */
export const arbChaoticPipeline = arbitraries(true);
/** A schema-valid v1 or legacy pipeline with random references, ports, health and resources. */
export const arbWellTypedPipeline = arbitraries(false);
