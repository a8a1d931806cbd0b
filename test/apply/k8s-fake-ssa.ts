// Server-side apply for the fake API server (k8s-fake.ts), simplified the way the real
// structured-merge-diff behaves for the objects flowctl applies: maps merge key by key, lists and
// scalars are atomic leaves; each field manager owns a set of leaves; applying a value that differs
// from a leaf another manager owns is a conflict unless forced; leaves the applier owned before and
// no longer sends are removed unless another manager also owns them.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** A leaf path, e.g. ["spec","replicas"], encoded as JSON so it can live in a Set. */
export type Leaf = string;

export interface Manager {
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly leaves: Set<Leaf>;
}

export interface Conflict {
  readonly manager: string;
  readonly apiVersion: string;
  /** As the API server prints it: `.spec.replicas`. */
  readonly field: string;
}

const IDENTITY: ReadonlySet<string> = new Set([
  '["apiVersion"]',
  '["kind"]',
  '["metadata","name"]',
  '["metadata","namespace"]',
]);

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function equal(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: Json | undefined): Json | undefined {
  if (Array.isArray(v)) return v.map((x) => canonical(x) as Json);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]) as Json;
  return out;
}

/** Every leaf of an applied configuration, except identity fields and status. */
export function leavesOf(config: JsonObject): Set<Leaf> {
  const out = new Set<Leaf>();
  const walk = (v: Json, path: string[]) => {
    if (isObject(v) && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      return;
    }
    const leaf = JSON.stringify(path);
    if (!IDENTITY.has(leaf)) out.add(leaf);
  };
  for (const [k, v] of Object.entries(config)) if (k !== 'status') walk(v, [k]);
  return out;
}

export function getAt(o: Json, path: readonly string[]): Json | undefined {
  let cur: Json | undefined = o;
  for (const k of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function setAt(o: JsonObject, path: readonly string[], value: Json): void {
  let cur = o;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as JsonObject;
  }
  const last = path[path.length - 1];
  // An empty map owns the field, it does not clear what others put in it.
  if (isObject(value) && Object.keys(value).length === 0 && isObject(cur[last])) return;
  cur[last] = clone(value);
}

function deleteAt(o: JsonObject, path: readonly string[]): void {
  const parents: JsonObject[] = [o];
  let cur: Json | undefined = o;
  for (const k of path.slice(0, -1)) {
    cur = isObject(cur) ? cur[k] : undefined;
    if (!isObject(cur)) return;
    parents.push(cur);
  }
  delete parents[parents.length - 1][path[path.length - 1]];
  // Drop maps left empty by the removal (never the root).
  for (let i = parents.length - 1; i > 0; i--)
    if (Object.keys(parents[i]).length === 0) delete parents[i - 1][path[i - 1]];
}

/** The field path as the API server prints it in conflicts. */
export function fieldPath(leaf: Leaf): string {
  return (JSON.parse(leaf) as string[]).map((k) => `.${k}`).join('');
}

/**
 * Apply `config` as `manager` to `live` (undefined: create). Returns the new object and managers,
 * or the conflicts. Conflicts are leaves other managers own whose live value differs from the
 * applied one; `force` takes them over instead.
 */
export function serverSideApply(
  live: { obj: JsonObject; managers: Map<string, Manager> } | undefined,
  config: JsonObject,
  manager: string,
  apiVersion: string,
  force: boolean,
): { obj: JsonObject; managers: Map<string, Manager> } | { conflicts: Conflict[] } {
  const obj = live ? clone(live.obj) : {};
  const managers = new Map<string, Manager>();
  for (const [name, m] of live?.managers ?? []) managers.set(name, { ...m, leaves: new Set(m.leaves) });
  const leaves = leavesOf(config);
  const conflicts: Conflict[] = [];
  for (const leaf of leaves) {
    const path = JSON.parse(leaf) as string[];
    const wanted = getAt(config, path);
    for (const [name, m] of managers) {
      if (name === manager || !m.leaves.has(leaf)) continue;
      if (equal(getAt(obj, path), wanted)) continue;
      if (force) m.leaves.delete(leaf);
      else conflicts.push({ manager: name, apiVersion: m.apiVersion, field: fieldPath(leaf) });
    }
  }
  if (conflicts.length > 0) return { conflicts };
  const before = managers.get(manager)?.leaves ?? new Set<Leaf>();
  for (const leaf of before) {
    if (leaves.has(leaf)) continue;
    const sharedWith = [...managers].some(([name, m]) => name !== manager && m.leaves.has(leaf));
    if (!sharedWith) deleteAt(obj, JSON.parse(leaf) as string[]);
  }
  for (const leaf of leaves) {
    const path = JSON.parse(leaf) as string[];
    setAt(obj, path, getAt(config, path) as Json);
  }
  for (const k of ['apiVersion', 'kind'] as const) obj[k] = config[k] as Json;
  const meta = (isObject(obj.metadata) ? obj.metadata : {}) as JsonObject;
  meta.name = (config.metadata as JsonObject).name;
  obj.metadata = meta;
  managers.set(manager, { operation: 'Apply', apiVersion, leaves });
  for (const [name, m] of managers) if (m.leaves.size === 0) managers.delete(name);
  return { obj, managers };
}

/**
 * A non-apply write (PUT or a kubectl edit/scale) by `manager`: every leaf whose value changes
 * moves to `manager`, as the real server records an Update.
 */
export function recordUpdate(
  before: JsonObject,
  after: JsonObject,
  managers: Map<string, Manager>,
  manager: string,
  apiVersion: string,
): Map<string, Manager> {
  const out = new Map<string, Manager>();
  for (const [name, m] of managers) out.set(name, { ...m, leaves: new Set(m.leaves) });
  const mine = out.get(manager)?.leaves ?? new Set<Leaf>();
  for (const leaf of leavesOf(after)) {
    const path = JSON.parse(leaf) as string[];
    if (equal(getAt(before, path), getAt(after, path))) continue;
    for (const m of out.values()) m.leaves.delete(leaf);
    mine.add(leaf);
  }
  out.set(manager, { operation: 'Update', apiVersion, leaves: mine });
  for (const [name, m] of out) if (m.leaves.size === 0) out.delete(name);
  return out;
}

/** managedFields as the API server renders them (FieldsV1: nested `f:` keys). */
export function renderManagedFields(managers: Map<string, Manager>, time: string): Json[] {
  return [...managers.keys()].sort().map((name) => {
    const m = managers.get(name) as Manager;
    const fields: JsonObject = {};
    for (const leaf of [...m.leaves].sort()) {
      let cur = fields;
      for (const k of JSON.parse(leaf) as string[]) {
        const key = `f:${k}`;
        if (!isObject(cur[key])) cur[key] = {};
        cur = cur[key] as JsonObject;
      }
    }
    return {
      manager: name,
      operation: m.operation,
      apiVersion: m.apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: fields,
    };
  });
}
