/** Small IR builders and parsed-jobspec accessors for the Nomad tests. */
import type { Component, Loc, Pipeline } from '../../src/ir.js';
import { nomadTarget } from '../../src/emit/targets/nomad.js';
import type { EmitOptions } from '../../src/emit/types.js';
import { parseHcl } from './nomad-jobspec.js';

export const LOC: Loc = { file: 'pipeline.yaml', path: [] };

/** A component with every optional field empty; override what a test needs. */
export function component(over: Partial<Component> & { id: string }): Component {
  return {
    loc: LOC,
    role: 'source',
    args: [],
    env: [],
    config: [],
    inputs: [],
    dependsOn: [],
    consumes: [],
    produces: [],
    ports: [],
    volumes: [],
    secrets: [],
    replicas: undefined,
    labels: {},
    envMapping: {},
    image: { value: 'example/app:1', loc: LOC },
    ...over,
  };
}

export function pipeline(components: Component[], over: Partial<Pipeline> = {}): Pipeline {
  return {
    format: 'v1',
    file: 'pipeline.yaml',
    name: 'demo',
    nameLoc: LOC,
    labels: {},
    annotations: {},
    config: [],
    components,
    ...over,
  };
}

/** Emit a pipeline and return the one job file's text and the diagnostic codes. */
export function emitNomad(p: Pipeline, opts: EmitOptions = {}) {
  const out = nomadTarget.emit(p, opts);
  const [text] = [...out.files.values()];
  return { text, files: out.files, codes: out.diagnostics.map((d) => d.code), diagnostics: out.diagnostics };
}

type Obj = Record<string, unknown>;

/** The body of `job.<name>.group.<group>.task.<task>` etc. in hcl2json's form. */
export async function parsedJob(text: string) {
  const parsed = (await parseHcl('job.nomad.hcl', text)) as { job: Record<string, Obj[]> };
  const [name] = Object.keys(parsed.job);
  const job = parsed.job[name][0];
  const group = (g: string) => (job.group as Record<string, Obj[]>)[g][0];
  const task = (g: string) => (group(g).task as Record<string, Obj[]>)[g][0];
  const config = (g: string) => (task(g).config as Obj[])[0];
  return { parsed, name, job, group, task, config };
}
