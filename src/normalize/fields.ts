import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import {
  at,
  type ComponentRef,
  type EnvVar,
  type Health,
  type HealthCheck,
  type Loc,
  type Located,
  type Port,
  type Resources,
  type ResourceSet,
  type RestartPolicy,
  type Secret,
  type Volume,
  type ConfigEntry,
  type JsonValue,
  type Autoscaling,
} from '../ir.js';

/**
 * Readers for component fields shared by every input format (v1, legacy, registry entries).
 * Each takes the schema-checked raw value and its Loc, and returns IR values; problems the
 * schema cannot express are pushed to `out`.
 */
export type Raw = Record<string, unknown>;

export const ROLE_WORDS = new Set(['source', 'processor', 'sink', 'pipeline']);

export function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

export function located<T>(value: T | undefined, loc: Loc): Located<T> | undefined {
  return value === undefined ? undefined : { value, loc };
}

export function first(raw: Raw, ...keys: string[]): { key: string; value: unknown } | undefined {
  for (const k of keys) if (raw[k] !== undefined && raw[k] !== null) return { key: k, value: raw[k] };
  return undefined;
}

export function toInt(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

export function readStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => String(x)) : [];
}

/** `command` as a list; a single string runs through /bin/sh -c. */
export function readCommand(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return ['/bin/sh', '-c', v];
  return readStrings(v);
}

export function readEnv(v: unknown, loc: Loc): EnvVar[] {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Raw).map(([name, value]) => ({
    name,
    value: value === null ? '' : String(value),
    loc: at(loc, name),
  }));
}

export function readConfig(v: unknown, loc: Loc): ConfigEntry[] {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Raw).map(([key, value]) => ({
    key,
    value: value as JsonValue,
    loc: at(loc, key),
  }));
}

export function readStringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Raw)) out[k] = x === null ? '' : String(x);
  return out;
}

export function readPorts(v: unknown, loc: Loc): Port[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((p, i): Port[] => {
    const l = at(loc, i);
    if (typeof p === 'number' || typeof p === 'string') {
      const n = toInt(p);
      return n === undefined ? [] : [{ containerPort: n, protocol: 'tcp', loc: l }];
    }
    const r = p as Raw;
    const cp = toInt(first(r, 'containerPort', 'container_port')?.value);
    if (cp === undefined) return [];
    const hp = toInt(first(r, 'hostPort', 'host_port')?.value);
    const proto = String(r.protocol ?? 'tcp').toLowerCase() === 'udp' ? 'udp' : 'tcp';
    return [
      {
        ...(r.name ? { name: String(r.name) } : {}),
        containerPort: cp,
        ...(hp !== undefined ? { hostPort: hp } : {}),
        protocol: proto,
        loc: l,
      },
    ];
  });
}

export function readVolumes(v: unknown, loc: Loc, owner: string, out: Diagnostic[]): Volume[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((raw, i): Volume[] => {
    const r = raw as Raw;
    const l = at(loc, i);
    const mount = first(r, 'mountPath', 'mount_path', 'container_path');
    if (!mount) {
      out.push(
        diag('FC1013', { key: 'mountPath', where: `volume '${String(r.name)}' of component '${owner}'` }, l),
      );
      return [];
    }
    const host = first(r, 'host_path', 'hostPath');
    const ro = first(r, 'readonly', 'readOnly', 'read_only');
    return [
      {
        name: String(r.name),
        mountPath: String(mount.value),
        ...(host ? { hostPath: String(host.value) } : {}),
        readOnly: ro?.value === true,
        loc: l,
      },
    ];
  });
}

export function readSecrets(v: unknown, loc: Loc): Secret[] {
  if (!Array.isArray(v)) return [];
  return v.map((raw, i) => {
    const r = raw as Raw;
    const file = first(r, 'host_path', 'file');
    const mount = first(r, 'container_path', 'mountPath');
    const fromEnv = str(r.from_env);
    const envName = str(r.env);
    return {
      name: String(r.name),
      from: { ...(file ? { file: String(file.value) } : {}), ...(fromEnv ? { env: fromEnv } : {}) },
      ...(mount ? { mountPath: String(mount.value) } : {}),
      ...(envName ? { envName } : {}),
      ...(r.mode !== undefined ? { mode: String(r.mode) } : {}),
      required: r.required !== false,
      loc: at(loc, i),
    };
  });
}

export function readResources(v: unknown, loc: Loc): Resources | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Raw;
  const set = (x: unknown, l: Loc): ResourceSet => {
    const s = (x ?? {}) as Raw;
    return {
      ...(s.cpu !== undefined ? { cpu: { value: String(s.cpu), loc: at(l, 'cpu') } } : {}),
      ...(s.memory !== undefined ? { memory: { value: String(s.memory), loc: at(l, 'memory') } } : {}),
    };
  };
  return { requests: set(r.requests, at(loc, 'requests')), limits: set(r.limits, at(loc, 'limits')) };
}

export function readAutoscaling(v: unknown, loc: Loc): Autoscaling | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Raw;
  const min = toInt(first(r, 'min_replicas', 'minReplicas')?.value) ?? 1;
  const max = toInt(first(r, 'max_replicas', 'maxReplicas')?.value) ?? Math.max(min, 1);
  const cpu = toInt(first(r, 'target_cpu_utilization', 'targetCPUUtilization')?.value) ?? 80;
  return { minReplicas: min, maxReplicas: max, targetCPUUtilization: cpu, loc };
}

export function readRestart(v: unknown, loc: Loc): Located<RestartPolicy> | undefined {
  if (typeof v !== 'string') return undefined;
  const value = (v === 'never' ? 'no' : v) as RestartPolicy;
  return { value, loc };
}

/** `type: name@version` as a reference; role words and labels of components with a runtime are not. */
export function readRef(
  type: unknown,
  hasRuntime: boolean,
  loc: Loc,
): { ref?: ComponentRef; typeLabel?: string } {
  if (typeof type !== 'string' || type === '') return {};
  const atIdx = type.lastIndexOf('@');
  if (atIdx > 0) return { ref: { name: type.slice(0, atIdx), version: type.slice(atIdx + 1), loc } };
  if (ROLE_WORDS.has(type) || hasRuntime) return { typeLabel: type };
  return { ref: { name: type, loc } };
}

/** Seconds from `10`, `10s`, `500ms`, `1m`; undefined when unreadable. */
export function seconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n;
}

/**
 * Health from `health_check` (path, URL or object), `health` (object) and `health_port`.
 * The port is resolved later by the health-port rule's helper, not guessed here.
 */
export function readHealth(raw: Raw, loc: Loc, out: Diagnostic[]): Health | undefined {
  const hc = first(raw, 'health', 'health_check');
  const hp = first(raw, 'health_port');
  if (!hc) return undefined;
  const l = at(loc, hc.key);
  const portField = hp ? toInt(hp.value) : undefined;
  const port = portField !== undefined ? { port: { value: portField, loc: at(loc, 'health_port') } } : {};
  let check: HealthCheck | undefined;
  let interval = 10;
  let timeout = 5;
  let retries = 3;
  if (typeof hc.value === 'string') {
    check = checkFromString(hc.value, l);
  } else if (hc.value && typeof hc.value === 'object') {
    const o = hc.value as Raw;
    if (o.http !== undefined) check = checkFromString(String(o.http), at(l, 'http'));
    else if (o.tcp !== undefined) check = { kind: 'tcp', port: toInt(o.tcp), loc: at(l, 'tcp') };
    else if (o.command !== undefined)
      check = { kind: 'command', command: readCommand(o.command) ?? [], loc: at(l, 'command') };
    const objPort = toInt(o.port);
    if (check && objPort !== undefined && check.kind !== 'command' && check.port === undefined)
      check = { ...check, port: objPort };
    interval = seconds(o.interval) ?? interval;
    timeout = seconds(o.timeout) ?? timeout;
    retries = toInt(o.retries) ?? retries;
  }
  if (!check) {
    out.push(diag('FC1013', { key: 'http, tcp or command', where: `'${hc.key}'` }, l));
    return undefined;
  }
  return { check, ...port, intervalSeconds: interval, timeoutSeconds: timeout, retries };
}

function checkFromString(s: string, loc: Loc): HealthCheck {
  const url = /^https?:\/\/[^/:]+(?::(\d+))?(\/.*)?$/.exec(s);
  if (url) return { kind: 'http', path: url[2] ?? '/', ...(url[1] ? { port: Number(url[1]) } : {}), loc };
  if (s.startsWith('/')) return { kind: 'http', path: s, loc };
  return { kind: 'command', command: ['/bin/sh', '-c', s], loc };
}

/** The port a health check probes: explicit, else health_port, else the only declared port. */
export function healthPort(h: Health, ports: readonly Port[]): number | undefined {
  if (h.check.kind === 'command') return undefined;
  return h.check.port ?? h.port?.value ?? (ports.length === 1 ? ports[0].containerPort : undefined);
}
