/**
 * The intermediate representation every stage after `normalize` works on.
 *
 * Contract: every type is readonly; no stage mutates an IR value, it builds a new one.
 * Every user-written node carries a `Loc`: the file and the path of the YAML node it came
 * from. A Loc is resolved to line:col only when a diagnostic is rendered (see
 * diagnostics/sources.ts), so the fast path never pays for positions it does not print.
 */

/** Path of a YAML node inside its document: mapping keys and sequence indexes. */
export type NodePath = readonly (string | number)[];

/** Where a value was written. `key: true` points at the mapping key instead of its value. */
export interface Loc {
  readonly file: string;
  readonly path: NodePath;
  readonly key?: boolean;
}

export type Role = 'source' | 'processor' | 'sink' | 'pipeline';
export const ROLES: readonly Role[] = ['source', 'processor', 'sink', 'pipeline'];

export type InputFormat = 'v1' | 'legacy' | 'v2';

export interface Located<T> {
  readonly value: T;
  readonly loc: Loc;
}

export interface EnvVar {
  readonly name: string;
  readonly value: string;
  readonly loc: Loc;
}

export interface Port {
  readonly name?: string;
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly protocol: 'tcp' | 'udp';
  readonly loc: Loc;
}

export interface Volume {
  readonly name: string;
  /** Path inside the container. */
  readonly mountPath: string;
  /** Bind mount source on the host; absent for a named volume. */
  readonly hostPath?: string;
  readonly readOnly: boolean;
  readonly loc: Loc;
}

/**
 * A secret is only ever a reference: artifacts name where the value comes from (a host file,
 * an environment variable of the deployer) and where it lands (a file, an env var), never
 * the value itself.
 */
export interface Secret {
  readonly name: string;
  /** Where the deployer provides the value. */
  readonly from: { readonly file?: string; readonly env?: string };
  /** Where the component sees it: a file path inside the container and/or an env var. */
  readonly mountPath?: string;
  readonly envName?: string;
  readonly mode?: string;
  readonly required: boolean;
  readonly loc: Loc;
}

export type HealthCheck =
  | {
      readonly kind: 'http';
      readonly path: string;
      readonly port?: number;
      readonly loc: Loc;
    }
  | { readonly kind: 'tcp'; readonly port?: number; readonly loc: Loc }
  | { readonly kind: 'command'; readonly command: readonly string[]; readonly loc: Loc };

export interface Health {
  readonly check: HealthCheck;
  /** Port the health endpoint listens on (health_port), when known. */
  readonly port?: Located<number>;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
}

export interface ResourceSet {
  readonly cpu?: Located<string>;
  readonly memory?: Located<string>;
}

export interface Resources {
  readonly requests: ResourceSet;
  readonly limits: ResourceSet;
}

export interface Autoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCPUUtilization: number;
  readonly loc: Loc;
}

export type RestartPolicy = 'always' | 'on-failure' | 'unless-stopped' | 'no';

/** A `type: name@version` reference into the registry, before or after resolution. */
export interface ComponentRef {
  readonly name: string;
  readonly version?: string;
  readonly loc: Loc;
}

export interface Component {
  readonly id: string;
  readonly loc: Loc;
  readonly role: Role;
  /** Free-form `type` label of the Go format (e.g. `source`, `pipeline`) when not a reference. */
  readonly typeLabel?: string;
  readonly ref?: ComponentRef;
  /** Registry entry this component was resolved against, once resolved. */
  readonly resolvedFrom?: { readonly name: string; readonly version: string; readonly registry: string };
  readonly image?: Located<string>;
  readonly command?: Located<readonly string[]>;
  readonly args: readonly string[];
  /** Environment as written, in written order; emitters sort. */
  readonly env: readonly EnvVar[];
  /** Component config (JSON value per key), in written order. */
  readonly config: readonly ConfigEntry[];
  readonly inputs: readonly Located<string>[];
  readonly dependsOn: readonly Located<string>[];
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  readonly ports: readonly Port[];
  readonly volumes: readonly Volume[];
  readonly secrets: readonly Secret[];
  readonly health?: Health;
  readonly replicas: Located<number> | undefined;
  readonly resources?: Resources;
  readonly autoscaling?: Autoscaling;
  readonly restart?: Located<RestartPolicy>;
  /** Labels written on the component (new in v1: an addition, never a rename). */
  readonly labels: Readonly<Record<string, string>>;
  /** Config keys mapped to env var names (registry env_mapping). */
  readonly envMapping: Readonly<Record<string, string>>;
}

export interface ConfigEntry {
  readonly key: string;
  readonly value: JsonValue;
  readonly loc: Loc;
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

export interface Pipeline {
  readonly format: InputFormat;
  readonly file: string;
  readonly name: string;
  readonly nameLoc: Loc;
  readonly namespace?: string;
  readonly description?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly driver?: Located<string>;
  /** Pipeline-wide config (spec.config). */
  readonly config: readonly ConfigEntry[];
  /** Control-plane endpoint, reaching every component as FLOWCTL_ENDPOINT. */
  readonly endpoint?: string;
  readonly components: readonly Component[];
  /** The environment overlay chosen with --env, when one was (see src/layers). */
  readonly environment?: EnvironmentInfo;
}

/** Targets an environment may name as apply's default (aliases are canonicalised). */
export type EnvironmentTarget = 'docker' | 'kubernetes' | 'nomad' | 'local';

export interface EnvironmentInfo {
  readonly name: string;
  /** `environments.<name>.target`: the target apply uses when -t is not given. */
  readonly target?: Located<EnvironmentTarget>;
}

/** Replicas of a component, defaulting to one. */
export function replicasOf(c: Component): number {
  return c.replicas?.value ?? 1;
}

/** Path helper: the Loc of a child node. */
export function at(loc: Loc, ...path: (string | number)[]): Loc {
  return { file: loc.file, path: [...loc.path, ...path] };
}

/** The Loc of a mapping key rather than its value. */
export function keyOf(loc: Loc): Loc {
  return { ...loc, key: true };
}

/** Marks a Loc whose path is a raw [start, end] character range rather than a node path. */
export const OFFSET_MARK = '\u0000offset';

/** A Loc for a raw character range of a file (parser errors, keys that have no path). */
export function offsetLoc(file: string, start: number, end: number): Loc {
  return { file, path: [OFFSET_MARK, start, end] };
}
