// Generate a flowctl/v1 pipeline of `n` components for benchmarks and scale tests.
// Shape: chains of ten (one source, eight processors, one sink), each component with an
// image and event types; sources add env and a port, sinks a health check (~120 bytes each,
// like the 1.2 MB 10,000-component file of DESIGN §8).
// Deterministic: the same n gives the same text.

/** The YAML text of an n-component pipeline (n rounded up to a multiple of 10). */
export function generatePipeline(n) {
  const chains = Math.max(1, Math.ceil(n / 10));
  const sources = [];
  const processors = [];
  const sinks = [];
  for (let c = 0; c < chains; c++) {
    sources.push(component(`src-${c}`, [], 'ledger', c * 10));
    let prev = `src-${c}`;
    for (let p = 0; p < 8; p++) {
      const id = `proc-${c}-${p}`;
      processors.push(
        component(id, [prev], p === 7 ? 'event' : 'ledger', c * 10 + p + 1, p === 0 ? 'ledger' : undefined),
      );
      prev = id;
    }
    sinks.push(component(`sink-${c}`, [prev], undefined, c * 10 + 9, 'event'));
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

function component(id, inputs, produces, i, consumes) {
  const lines = [`    - id: ${id}`, `      image: bench/${id.split('-')[0]}:1.${i % 7}`];
  if (inputs.length > 0) lines.push(`      inputs: [${inputs.join(', ')}]`);
  if (consumes) lines.push(`      input_event_types: [bench.${consumes}.v1]`);
  if (produces) lines.push(`      output_event_types: [bench.${produces}.v1]`);
  if (i % 10 === 0) lines.push('      env: {LOG_LEVEL: info}', '      ports: [{containerPort: 8080}]');
  if (i % 10 === 9) lines.push('      health_check: /health', '      health_port: 8080');
  return lines.join('\n');
}
