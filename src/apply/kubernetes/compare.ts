import type { Obj } from './client.js';

/** Metadata the server maintains itself; a change there is not a change of the object. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'uid',
  'selfLink',
];

type Json = unknown;

const isMap = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object without status and server-maintained metadata. */
function comparable(o: Obj): Record<string, Json> {
  const { status: _status, metadata, ...rest } = o;
  const meta: Record<string, Json> = { ...metadata };
  for (const k of SERVER_METADATA) delete meta[k];
  return { ...rest, metadata: meta };
}

function same(a: Json, b: Json): boolean {
  if (isMap(a) && isMap(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!same(a[k], b[k])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}

function walk(a: Json, b: Json, path: string, out: string[]): void {
  if (isMap(a) && isMap(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (!same(a, b)) out.push(path);
}

/**
 * The fields in which `after` (the result of a server-side dry-run apply) differs from `live`,
 * as dotted paths in sorted order (`spec.replicas`, `metadata.labels.app`); empty when apply
 * would change nothing. Lists compare whole; status and server-maintained metadata are
 * ignored. Paths name fields, never values, so they are safe to print for Secrets.
 */
export function changedFields(live: Obj, after: Obj): string[] {
  const out: string[] = [];
  walk(comparable(live), comparable(after), '', out);
  return out;
}

/** A short reason for a plan line: the first changed fields, then how many more. */
export function changeReason(fields: readonly string[], max = 3): string {
  const shown = fields.slice(0, max).join(', ');
  return fields.length > max ? `${shown} and ${fields.length - max} more` : shown;
}
