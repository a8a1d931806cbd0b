/**
 * A structure check of the Nomad job specifications flowctl emits, over the JSON form that
 * HashiCorp's HCL parser (@cdktf/hcl2json) gives them. Written from the Nomad job-specification
 * documentation (job, group, network/port, service/check/check_restart, restart, reschedule,
 * update, scaling, volume, task, docker and exec driver config, mount, volume_mount, env,
 * template, resources, meta): every block and attribute we emit is listed with its type, the
 * documented required fields and enumerations, and the cross-references Nomad validates
 * (service and check ports name network ports, volume mounts name group volumes, a scaled count
 * lies within min..max, memory_max is at least memory). Unknown keys are errors, so a typo in a
 * template cannot pass.
 *
 * In the parsed form a block is an array of bodies (keyed by label first when it has one); an
 * attribute holding a map is a plain object.
 */
import { parse } from '@cdktf/hcl2json';

type Json = unknown;
type Attr =
  | 'string'
  | 'number'
  | 'bool'
  | 'strings'
  | 'map'
  | 'duration'
  | { readonly oneOf: readonly string[] }
  | 'any';

interface Spec {
  readonly attrs?: Readonly<Record<string, Attr>>;
  readonly required?: readonly string[];
  /** Child blocks: labelled or not, and how many bodies are allowed. */
  readonly blocks?: Readonly<Record<string, { spec: Spec; labelled?: boolean; min?: number; max?: number }>>;
  /** Opaque body (e.g. a scaling policy, read by the Nomad Autoscaler, not by Nomad). */
  readonly opaque?: boolean;
}

// Go's time.ParseDuration, as Nomad reads durations.
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Seconds in a Go duration string (units as time.ParseDuration reads them). */
function seconds(d: string): number {
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of d.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

const checkRestart: Spec = { attrs: { limit: 'number', grace: 'duration', ignore_warnings: 'bool' } };
const check: Spec = {
  attrs: {
    name: 'string',
    type: { oneOf: ['http', 'tcp', 'grpc', 'script'] },
    path: 'string',
    port: 'string',
    interval: 'duration',
    timeout: 'duration',
    method: 'string',
  },
  required: ['type', 'interval', 'timeout'],
  blocks: { check_restart: { spec: checkRestart, max: 1 } },
};
const service: Spec = {
  attrs: { provider: { oneOf: ['consul', 'nomad'] }, name: 'string', port: 'string', tags: 'strings' },
  blocks: { check: { spec: check } },
};
const mount: Spec = {
  attrs: {
    type: { oneOf: ['bind', 'volume', 'tmpfs'] },
    source: 'string',
    target: 'string',
    readonly: 'bool',
  },
  required: ['target'],
};
const dockerConfig: Spec = {
  attrs: { image: 'string', entrypoint: 'strings', command: 'string', args: 'strings', ports: 'strings' },
  required: ['image'],
  blocks: { mount: { spec: mount } },
};
const execConfig: Spec = { attrs: { command: 'string', args: 'strings' }, required: ['command'] };
const template: Spec = {
  attrs: {
    data: 'string',
    destination: 'string',
    env: 'bool',
    perms: 'string',
    change_mode: { oneOf: ['restart', 'signal', 'noop', 'script'] },
  },
  required: ['destination'],
};
const task: Spec = {
  attrs: { driver: { oneOf: ['docker', 'exec', 'raw_exec'] }, env: 'map', meta: 'map' },
  required: ['driver'],
  blocks: {
    config: { spec: { opaque: true }, min: 1, max: 1 },
    template: { spec: template },
    resources: { spec: { attrs: { cpu: 'number', memory: 'number', memory_max: 'number' } }, max: 1 },
    volume_mount: {
      spec: {
        attrs: { volume: 'string', destination: 'string', read_only: 'bool' },
        required: ['volume', 'destination'],
      },
    },
  },
};
const group: Spec = {
  attrs: { count: 'number', meta: 'map' },
  blocks: {
    network: {
      spec: {
        attrs: { mode: 'string' },
        blocks: { port: { spec: { attrs: { static: 'number', to: 'number' } }, labelled: true } },
      },
      max: 1,
    },
    volume: {
      spec: {
        attrs: { type: { oneOf: ['host', 'csi'] }, source: 'string', read_only: 'bool' },
        required: ['type', 'source'],
      },
      labelled: true,
    },
    service: { spec: service },
    restart: {
      spec: {
        attrs: {
          attempts: 'number',
          interval: 'duration',
          delay: 'duration',
          mode: { oneOf: ['delay', 'fail'] },
        },
      },
      max: 1,
    },
    reschedule: { spec: { attrs: { attempts: 'number', unlimited: 'bool', interval: 'duration' } }, max: 1 },
    update: {
      spec: {
        attrs: {
          max_parallel: 'number',
          health_check: { oneOf: ['checks', 'task_states', 'manual'] },
          min_healthy_time: 'duration',
          healthy_deadline: 'duration',
          auto_revert: 'bool',
        },
      },
      max: 1,
    },
    scaling: {
      spec: {
        attrs: { enabled: 'bool', min: 'number', max: 'number' },
        required: ['max'],
        blocks: { policy: { spec: { opaque: true }, max: 1 } },
      },
      max: 1,
    },
    task: { spec: task, labelled: true, min: 1 },
  },
};
const job: Spec = {
  attrs: {
    type: { oneOf: ['service', 'batch', 'system', 'sysbatch'] },
    datacenters: 'strings',
    region: 'string',
    namespace: 'string',
    meta: 'map',
  },
  blocks: { group: { spec: group, labelled: true, min: 1 } },
};

const isObj = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function attrError(t: Attr, v: Json): string | undefined {
  if (t === 'any') return undefined;
  if (t === 'string') return typeof v === 'string' ? undefined : 'a string';
  if (t === 'number') return typeof v === 'number' ? undefined : 'a number';
  if (t === 'bool') return typeof v === 'boolean' ? undefined : 'a bool';
  if (t === 'strings')
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'a list of strings';
  if (t === 'map')
    return isObj(v) && Object.values(v).every((x) => typeof x === 'string') ? undefined : 'a map of strings';
  if (t === 'duration')
    return typeof v === 'string' && DURATION.test(v) ? undefined : 'a duration such as "10s"';
  return typeof v === 'string' && t.oneOf.includes(v) ? undefined : `one of ${t.oneOf.join(', ')}`;
}

function bodies(v: Json, labelled: boolean | undefined, where: string, errors: string[]) {
  const out: { where: string; body: Record<string, Json> }[] = [];
  const list = (x: Json, w: string) => {
    if (!Array.isArray(x) || !x.every(isObj)) errors.push(`${w}: expected a block`);
    else for (const b of x) out.push({ where: w, body: b });
  };
  if (!labelled) list(v, where);
  else if (!isObj(v)) errors.push(`${where}: expected labelled blocks`);
  else
    for (const [label, x] of Object.entries(v)) {
      if (Array.isArray(x) && x.length > 1) errors.push(`${where} "${label}": defined ${x.length} times`);
      list(x, `${where} "${label}"`);
    }
  return out;
}

function checkBody(spec: Spec, body: Record<string, Json>, where: string, errors: string[]): void {
  if (spec.opaque) return;
  for (const r of spec.required ?? []) if (!(r in body)) errors.push(`${where}: missing required '${r}'`);
  for (const [k, v] of Object.entries(body)) {
    const a = spec.attrs?.[k];
    const b = spec.blocks?.[k];
    if (a) {
      const e = attrError(a, v);
      if (e) errors.push(`${where}.${k}: expected ${e}, got ${JSON.stringify(v)}`);
    } else if (b) {
      const bs = bodies(v, b.labelled, `${where}.${k}`, errors);
      if (b.max !== undefined && !b.labelled && bs.length > b.max)
        errors.push(`${where}: at most ${b.max} '${k}'`);
      for (const x of bs) checkBody(b.spec, x.body, x.where, errors);
    } else errors.push(`${where}: unknown key '${k}'`);
  }
  for (const [k, b] of Object.entries(spec.blocks ?? {}))
    if ((b.min ?? 0) > 0 && !(k in body)) errors.push(`${where}: needs at least ${b.min} '${k}'`);
}

type Body = Record<string, Json>;
const labelled = (v: Json): [string, Body][] =>
  isObj(v)
    ? Object.entries(v).flatMap(([l, x]) =>
        Array.isArray(x) ? x.filter(isObj).map((b) => [l, b] as [string, Body]) : [],
      )
    : [];
const blocks = (v: Json): Body[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** What Nomad validates across blocks (beyond each block's own shape). */
function crossCheck(g: Body, where: string, errors: string[]): void {
  const ports = new Set(blocks(g.network).flatMap((n) => labelled(n.port).map(([l]) => l)));
  const volumes = new Set(labelled(g.volume).map(([l]) => l));
  for (const s of blocks(g.service)) {
    if (typeof s.port === 'string' && !ports.has(s.port))
      errors.push(`${where}: service port '${s.port}' is not a network port`);
    for (const c of blocks(s.check)) {
      if (typeof c.port === 'string' && !ports.has(c.port))
        errors.push(`${where}: check port '${c.port}' is not a network port`);
      if (s.provider === 'nomad' && c.type !== 'http' && c.type !== 'tcp')
        errors.push(
          `${where}: the nomad service provider runs only http and tcp checks, not '${String(c.type)}'`,
        );
      if (c.type === 'http' && typeof c.path !== 'string')
        errors.push(`${where}: an http check needs 'path'`);
      for (const k of ['interval', 'timeout'])
        if (typeof c[k] === 'string' && DURATION.test(c[k] as string) && seconds(c[k] as string) < 1)
          errors.push(`${where}: check ${k} below 1s`);
    }
  }
  for (const sc of blocks(g.scaling)) {
    const count = typeof g.count === 'number' ? g.count : 1;
    if (
      typeof sc.min === 'number' &&
      typeof sc.max === 'number' &&
      (count < sc.min || count > sc.max || sc.min > sc.max)
    )
      errors.push(`${where}: count ${count} is outside scaling ${sc.min}..${sc.max}`);
  }
  for (const [name, t] of labelled(g.task)) {
    const w = `${where}.task "${name}"`;
    const cfg = blocks(t.config)[0] ?? {};
    const cfgErrors: string[] = [];
    checkBody(t.driver === 'docker' ? dockerConfig : execConfig, cfg, `${w}.config`, cfgErrors);
    errors.push(...cfgErrors);
    for (const p of Array.isArray(cfg.ports) ? cfg.ports : [])
      if (!ports.has(String(p))) errors.push(`${w}: docker port '${String(p)}' is not a network port`);
    for (const vm of blocks(t.volume_mount))
      if (!volumes.has(String(vm.volume)))
        errors.push(`${w}: volume_mount names no group volume '${String(vm.volume)}'`);
    for (const tp of blocks(t.template))
      if ('data' in tp === 'source' in tp)
        errors.push(`${w}: a template needs exactly one of data and source`);
    for (const r of blocks(t.resources)) {
      if (typeof r.cpu === 'number' && r.cpu < 1) errors.push(`${w}: cpu below 1 MHz`);
      if (typeof r.memory === 'number' && r.memory < 10) errors.push(`${w}: memory below 10 MB`);
      if (typeof r.memory_max === 'number' && typeof r.memory === 'number' && r.memory_max < r.memory)
        errors.push(`${w}: memory_max below memory`);
    }
  }
}

/** Every structural error of a parsed jobspec (hcl2json form); empty when it passes. */
export function checkJobspec(parsed: Json): string[] {
  const errors: string[] = [];
  if (!isObj(parsed)) return ['not an object'];
  for (const k of Object.keys(parsed)) if (k !== 'job') errors.push(`unknown top-level key '${k}'`);
  const jobs = labelled(parsed.job);
  if (jobs.length !== 1) errors.push(`expected exactly one job, found ${jobs.length}`);
  for (const [name, body] of jobs) {
    checkBody(job, body, `job "${name}"`, errors);
    for (const [g, gb] of labelled(body.group)) crossCheck(gb, `job "${name}".group "${g}"`, errors);
  }
  return errors;
}

/** Parse HCL with HashiCorp's parser (Go, compiled to wasm). Rejects on a syntax error. */
export function parseHcl(file: string, text: string): Promise<Json> {
  return parse(file, text);
}
