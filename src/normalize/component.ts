import type { Diagnostic } from '../diagnostics/types.js';
import { at, type Component, type Loc, type Role } from '../ir.js';
import {
  first,
  located,
  type Raw,
  readAutoscaling,
  readCommand,
  readConfig,
  readEnv,
  readHealth,
  readPorts,
  readRef,
  readResources,
  readRestart,
  readSecrets,
  readStringMap,
  readStrings,
  readVolumes,
  str,
  toInt,
} from './fields.js';

/** A v1 component mapping → IR component. `loc` points at the component's mapping. */
export function readComponent(raw: Raw, role: Role, loc: Loc, out: Diagnostic[]): Component {
  const id = String(raw.id ?? '');
  const image = str(raw.image);
  const command = readCommand(raw.command);
  const { ref, typeLabel } = readRef(raw.type, image !== undefined || command !== undefined, at(loc, 'type'));
  const replicas = toInt(raw.replicas);
  const restart = first(raw, 'restart_policy', 'restart');
  return {
    id,
    loc,
    role,
    ...(typeLabel ? { typeLabel } : {}),
    ...(ref ? { ref } : {}),
    ...(image !== undefined ? { image: { value: image, loc: at(loc, 'image') } } : {}),
    ...(command ? { command: { value: command, loc: at(loc, 'command') } } : {}),
    args: readStrings(raw.args),
    env: readEnv(raw.env, at(loc, 'env')),
    config: readConfig(raw.config, at(loc, 'config')),
    inputs: readStrings(raw.inputs).map((value, i) => ({ value, loc: at(loc, 'inputs', i) })),
    dependsOn: readStrings(raw.depends_on).map((value, i) => ({ value, loc: at(loc, 'depends_on', i) })),
    consumes: readStrings(raw.input_event_types),
    produces: readStrings(raw.output_event_types),
    ports: readPorts(raw.ports, at(loc, 'ports')),
    volumes: readVolumes(raw.volumes, at(loc, 'volumes'), id, out),
    secrets: readSecrets(raw.secrets, at(loc, 'secrets')),
    ...optional('health', readHealth(raw, loc, out)),
    replicas: located(replicas, at(loc, 'replicas')),
    ...optional('resources', readResources(raw.resources, at(loc, 'resources'))),
    ...optional('autoscaling', readAutoscaling(raw.autoscaling, at(loc, 'autoscaling'))),
    ...optional('restart', restart ? readRestart(restart.value, at(loc, restart.key)) : undefined),
    labels: readStringMap(raw.labels),
    envMapping: {},
  };
}

export function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
