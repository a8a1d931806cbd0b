// Generate a flowctl/v1 pipeline of `n` components for benchmarks and scale tests.
// Shape: chains of ten (one source, eight processors, one sink), each component with an
// image, a command (the local target needs one) and event types; sources add env and a port,
// sinks a health check (~150 bytes each: 1.5 MB for 10,000, near DESIGN §8's 1.2 MB file).
// Deterministic: the same n gives the same text.

/**
 * The YAML text of an n-component pipeline (n rounded up to a multiple of 10). With
 * `{ images: false }` components have only a command (what the local target runs; with an
 * image too it notes, once per component, that the image is unused).
 */
export function generatePipeline(n, { images = true } = {}) {
  const chains = Math.max(1, Math.ceil(n / 10));
  const sources = [];
  const processors = [];
  const sinks = [];
  for (let c = 0; c < chains; c++) {
    sources.push(component(`src-${c}`, [], 'ledger', c * 10, undefined, images));
    let prev = `src-${c}`;
    for (let p = 0; p < 8; p++) {
      const id = `proc-${c}-${p}`;
      processors.push(
        component(
          id,
          [prev],
          p === 7 ? 'event' : 'ledger',
          c * 10 + p + 1,
          p === 0 ? 'ledger' : undefined,
          images,
        ),
      );
      prev = id;
    }
    sinks.push(component(`sink-${c}`, [prev], undefined, c * 10 + 9, 'event', images));
  }
  return [
    'apiVersion: flowctl/v1',
    'kind: Pipeline',
    'metadata:',
    `  name: bench-${n}`,
    'spec:',
    '  driver: docker',
    '  sources:',
    ...sources,
    '  processors:',
    ...processors,
    '  sinks:',
    ...sinks,
    '',
  ].join('\n');
}

function component(id, inputs, produces, i, consumes, images) {
  const role = id.split('-')[0];
  const chain = Math.floor(i / 10);
  const lines = [`    - id: ${id}`];
  if (images) lines.push(`      image: bench/${role}:1.${i % 7}`);
  lines.push(`      command: [/bin/${role}, -n, "${i}"]`);
  if (inputs.length > 0) lines.push(`      inputs: [${inputs.join(', ')}]`);
  if (consumes) lines.push(`      input_event_types: [bench.${consumes}.v1]`);
  if (produces) lines.push(`      output_event_types: [bench.${produces}.v1]`);
  // Ports unique per chain: the local target runs every process on one host.
  if (i % 10 === 0)
    lines.push('      env: {LOG_LEVEL: info}', `      ports: [{containerPort: ${20_000 + chain}}]`);
  if (i % 10 === 9) lines.push('      health_check: /health', `      health_port: ${30_000 + chain}`);
  return lines.join('\n');
}
