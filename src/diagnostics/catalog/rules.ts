import { code, type CodeTable } from '../types.js';

const q = (s: string) => `'${s}'`;

/** FC3xxx: semantic rules over the resolved pipeline, one rule per file in check/rules. */
export const ruleCodes = {
  FC3001: code<{ id: string }>(
    'error',
    'duplicate-id',
    (a) => `the component id ${q(a.id)} is used twice; give each component a unique id.`,
    'Component ids name services, containers and processes in every target, so they must be unique across sources, processors, sinks and pipelines.',
  ),
  FC3002: code<{ id: string; input: string; suggestion?: string }>(
    'error',
    'unknown-input',
    (a) =>
      `${q(a.id)} takes input from ${q(a.input)}, but no component has that id${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '.'}`,
    'Every entry of `inputs` must be the id of another component in the same pipeline.',
  ),
  FC3003: code<{ path: string }>(
    'error',
    'cycle',
    (a) => `the inputs form a cycle: ${a.path}; remove one of these inputs.`,
    'A pipeline is a directed acyclic graph: data flows from sources through processors to sinks. The cycle is printed as a path, starting and ending at the same component.',
  ),
  FC3004: code<{ id: string }>(
    'error',
    'source-with-inputs',
    (a) =>
      `the source ${q(a.id)} has inputs, but sources only produce; make it a processor or remove its inputs.`,
    'Sources are where events enter the pipeline; they take no inputs.',
  ),
  FC3005: code<{ id: string; role: string }>(
    'error',
    'missing-inputs',
    (a) => `the ${a.role} ${q(a.id)} has no inputs; add 'inputs: [<id of an upstream component>]'.`,
    'Processors and sinks consume events, so each must name at least one upstream component in `inputs`.',
  ),
  FC3006: code<{ from: string; to: string; produces: string; consumes: string }>(
    'error',
    'type-mismatch',
    (a) =>
      `${q(a.from)} produces ${a.produces} but ${q(a.to)} consumes ${a.consumes}; insert a processor that converts between them, or fix the event types.`,
    'When both ends of an edge declare event types, at least one type produced upstream must be consumed downstream. Event types come from output_event_types / input_event_types or from the registry entry.',
  ),
  FC3007: code<{ id: string; role: string }>(
    'warning',
    'unused-output',
    (a) =>
      `the ${a.role} ${q(a.id)} feeds no other component, so its output is unused; add it to a sink's inputs or remove it.`,
    'A source or processor whose output no component consumes does work for nothing.',
  ),
  FC3008: code<{ port: number; what: string }>(
    'error',
    'port-clash',
    (a) => `${a.what} ${a.port} is used twice; choose another port.`,
    'Two host ports on one machine, or two container ports in one component, cannot share a number.',
  ),
  FC3009: code<{ id: string }>(
    'error',
    'health-port-unknown',
    (a) =>
      `${q(a.id)} has a health check but no port to check it on; set 'health_port' or put the port in the health_check URL.`,
    'HTTP and TCP health checks need a port. flowctl takes it from health_port, from the port in a health_check URL, or from the only declared port.',
  ),
  FC3010: code<{ value: string; field: string }>(
    'error',
    'bad-quantity',
    (a) =>
      `${a.field} ${q(a.value)} is not a resource quantity; write cpu like 500m or 1.5 and memory like 256Mi or 1Gi.`,
    'Resource quantities use Kubernetes notation: cpu in cores or millicores (250m), memory with a binary (Ki, Mi, Gi) or decimal (k, M, G) suffix.',
  ),
  FC3011: code<{ id: string }>(
    'error',
    'bad-id',
    (a) =>
      `the id ${q(a.id)} cannot be used as a name by every target; use letters, digits, '-', '_' and '.', starting with a letter or digit.`,
    'Ids become Compose service names, Kubernetes object names (DNS-1123), Nomad group names and shell file names.',
  ),
  FC3012: code<{ id: string; other: string; name: string }>(
    'error',
    'id-collision',
    (a) =>
      `the ids ${q(a.id)} and ${q(a.other)} both become ${q(a.name)} in Kubernetes and Nomad; rename one.`,
    'Kubernetes and Nomad names are lower-case DNS-1123 labels, so ids that differ only in case, or in _ versus -, collide.',
  ),
  FC3013: code<{ id: string; name: string }>(
    'warning',
    'inlined-secret',
    (a) =>
      `${q(a.name)} of ${q(a.id)} looks like a secret written in the pipeline file; move it to 'secrets:' so that artifacts only reference it.`,
    'Values whose names suggest credentials (password, token, secret, api key) are copied verbatim into every artifact when written as env or config. Declare them under secrets so that each target references them instead.',
  ),
  FC3014: code<{ id: string; dep: string; suggestion?: string }>(
    'error',
    'unknown-dependency',
    (a) =>
      `${q(a.id)} depends on ${q(a.dep)}, but no component has that id${a.suggestion ? `; did you mean ${q(a.suggestion)}?` : '.'}`,
    'Every entry of depends_on must be the id of another component in the same pipeline.',
  ),
  FC3015: code<{ id: string; from: string }>(
    'warning',
    'unreachable',
    (a) =>
      `${q(a.id)} cannot be reached from any source (it reads from ${q(a.from)}, which has no upstream source).`,
    'Every processor and sink should be fed, directly or indirectly, by a source.',
  ),
  FC3016: code<{ id: string; input: string }>(
    'error',
    'input-from-sink',
    (a) =>
      `${q(a.id)} takes input from the sink ${q(a.input)}, but sinks produce nothing; use a processor instead.`,
    'Sinks are the ends of the pipeline; nothing can read from them.',
  ),
  FC3017: code<{ id: string; field?: string }>(
    'error',
    'self-input',
    (a) =>
      a.field
        ? `${q(a.id)} lists itself in ${a.field}; remove it.`
        : `${q(a.id)} lists itself as an input; remove it.`,
    'A component cannot consume its own output or wait for itself, so it cannot name its own id in inputs or depends_on.',
  ),
  FC3018: code<{ id: string; key: string; name: string }>(
    'warning',
    'config-env-clash',
    (a) =>
      `config '${a.key}' of '${a.id}' reaches the component as the environment variable '${a.name}', which replaces the process's own; map it to another name with the registry entry's env_mapping, or rename the key.`,
    'Config keys become environment variables (env_mapping, else the upper-cased key). Keys such as path, home or shell would become PATH, HOME or SHELL and break the process on every target; flowctl warns instead of silently passing them.',
  ),
} satisfies CodeTable;
