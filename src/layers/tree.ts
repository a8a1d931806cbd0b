import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Loc, NodePath } from '../ir.js';

/**
 * A document being layered: every node remembers where it was written (`origin`, a path in
 * its own file). Maps are `Map`s, so no key can reach an object prototype while merging.
 */
export type LNode = LScalar | LMap | LList | LDelete | LPlain;

/**
 * Where a node was written: its file and a parent chain of keys and indexes. The path is
 * built only when asked for (`locOf`), so lifting a large document allocates little.
 */
export interface Where {
  readonly file: string;
  readonly parent?: Where;
  readonly seg?: string | number;
}

/** The Loc of a Where. */
export function locOf(w: Where): Loc {
  const path: (string | number)[] = [];
  for (let x: Where | undefined = w; x?.parent; x = x.parent) path.push(x.seg!);
  return { file: w.file, path: path.reverse() };
}

function child(w: Where, seg: string | number): Where {
  return { file: w.file, parent: w, seg };
}

interface Base {
  readonly origin: Where;
  /** Set when this node replaced a base value of another shape: it never merges into one below. */
  readonly replace?: boolean;
}
export interface LScalar extends Base {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
}
export interface LMap extends Base {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, LNode>;
}
export interface LList extends Base {
  readonly kind: 'list';
  readonly items: readonly LNode[];
}
/**
 * A mapping or list from one file, holding no `$delete` marker, kept as the loaded value until
 * a merge needs to look inside it: layering a large file touches only what overlays change.
 */
export interface LPlain extends Base {
  readonly kind: 'plain';
  readonly value: object;
}
/** `{$delete: true}`: removes what is below it. `hit` records that it removed something. */
export interface LDelete extends Base {
  readonly kind: 'delete';
  readonly ident: Readonly<Record<string, string>>;
  readonly hit: boolean;
}

export const DELETE = '$delete';
const IDENTS = ['id', 'name'] as const;

/** A loaded plain value → layered tree. `$delete` markers are checked here. */
export function lift(value: unknown, origin: Where, out: Diagnostic[]): LNode {
  if (value !== null && typeof value === 'object' && !hasDeleteMarker(value)) {
    return { kind: 'plain', origin, value };
  }
  return liftOne(value, origin, (v, w) => lift(v, w, out), out);
}

/** One level of a node: children made by `inner`. */
function liftOne(
  value: unknown,
  origin: Where,
  inner: (v: unknown, w: Where) => LNode,
  out: Diagnostic[],
): LNode {
  if (Array.isArray(value)) {
    return { kind: 'list', origin, items: value.map((v, i) => inner(v, child(origin, i))) };
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (Object.hasOwn(obj, DELETE)) return liftDelete(obj, origin, out);
    const entries = new Map<string, LNode>();
    for (const k of Object.keys(obj)) entries.set(k, inner(obj[k], child(origin, k)));
    return { kind: 'map', origin, entries };
  }
  return { kind: 'scalar', origin, value: value as LScalar['value'] };
}

/** A node with one more level lifted when it is `plain` (its children stay plain). */
export function open(n: LNode): LNode {
  if (n.kind !== 'plain') return n;
  const inner = (v: unknown, w: Where): LNode =>
    v !== null && typeof v === 'object' ? { kind: 'plain', origin: w, value: v } : liftOne(v, w, inner, []);
  const lifted = liftOne(n.value, n.origin, inner, []);
  return n.replace ? { ...lifted, replace: true } : lifted;
}

/** Whether a loaded value holds a `$delete` key anywhere. */
export function hasDeleteMarker(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasDeleteMarker);
  if (v === null || typeof v !== 'object') return false;
  if (Object.hasOwn(v, DELETE)) return true;
  const obj = v as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (hasDeleteMarker(obj[k])) return true;
  return false;
}

function liftDelete(obj: Record<string, unknown>, origin: Where, out: Diagnostic[]): LDelete {
  const ident: Record<string, string> = {};
  const markerLoc = locOf(child(origin, DELETE));
  if (obj[DELETE] !== true) {
    out.push(diag('FC1111', { detail: `'$delete' must be true` }, markerLoc));
  }
  for (const k of Object.keys(obj)) {
    if (k === DELETE) continue;
    const v = obj[k];
    if ((k === 'id' || k === 'name') && typeof v === 'string') ident[k] = v;
    else
      out.push(
        diag(
          'FC1111',
          { detail: `a '$delete' marker holds only the marker and an id or name, not ${JSON.stringify(k)}` },
          { ...locOf(child(origin, k)), key: true },
        ),
      );
  }
  return { kind: 'delete', origin, ident, hit: false };
}

/**
 * `overlay` merged over `base`: maps key by key; lists whose items (in both) all carry an
 * `id`, or else all a `name`, item by item (base order, new items appended); anything else
 * is replaced. Associative: merge(merge(a, b), c) and merge(a, merge(b, c)) finalize alike.
 */
export function merge(base: LNode | undefined, overlay: LNode): LNode {
  if (base === undefined) return overlay;
  if (overlay.kind === 'delete') return { ...overlay, hit: base.kind !== 'delete' || base.hit };
  if (!overlay.replace && isCollection(base) && isCollection(overlay)) {
    base = open(base);
    overlay = open(overlay);
    if (overlay.kind === 'map' && base.kind === 'map') return mergeMaps(base, overlay);
    if (overlay.kind === 'list' && base.kind === 'list') {
      const key = commonKey(base.items, overlay.items);
      if (key) return mergeLists(base, overlay, key);
    }
  }
  return overlay.replace ? overlay : { ...overlay, replace: true };
}

function isCollection(n: LNode): boolean {
  return n.kind === 'map' || n.kind === 'list' || n.kind === 'plain';
}

function mergeMaps(base: LMap, overlay: LMap): LMap {
  const entries = new Map<string, LNode>();
  for (const [k, v] of base.entries) {
    const o = overlay.entries.get(k);
    entries.set(k, o === undefined ? v : merge(v, o));
  }
  for (const [k, o] of overlay.entries) if (!entries.has(k)) entries.set(k, o);
  return { ...base, entries };
}

function mergeLists(base: LList, overlay: LList, key: string): LList {
  const items = [...base.items];
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const k = identOf(item, key)!;
    if (!index.has(k)) index.set(k, i);
  });
  const matched = new Set<string>();
  for (const o of overlay.items) {
    const k = identOf(o, key)!;
    const at = index.get(k);
    if (at !== undefined && !matched.has(k)) {
      items[at] = merge(items[at], o);
      matched.add(k);
    } else {
      // A new item, or a repeated id in the overlay: kept as written for the id rules to see.
      if (at === undefined) index.set(k, items.length);
      matched.add(k);
      items.push(o);
    }
  }
  return { ...base, items };
}

function commonKey(a: readonly LNode[], b: readonly LNode[]): string | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  for (const key of IDENTS) {
    if (a.every((n) => identOf(n, key) !== undefined) && b.every((n) => identOf(n, key) !== undefined))
      return key;
  }
  return undefined;
}

function identOf(n: LNode, key: string): string | undefined {
  if (n.kind === 'delete') return n.ident[key];
  if (n.kind === 'plain') {
    const v = Array.isArray(n.value) ? undefined : (n.value as Record<string, unknown>)[key];
    return typeof v === 'string' && Object.hasOwn(n.value, key) ? v : undefined;
  }
  if (n.kind !== 'map') return undefined;
  const v = n.entries.get(key);
  return v?.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
}

// Items of a list without its $delete markers: indexes of the finalized list.
const liveItems = new WeakMap<LList, readonly LNode[]>();
function live(l: LList): readonly LNode[] {
  let items = liveItems.get(l);
  if (!items) {
    items = l.items.some((i) => i.kind === 'delete') ? l.items.filter((i) => i.kind !== 'delete') : l.items;
    liveItems.set(l, items);
  }
  return items;
}

/**
 * Where the value at `path` of `finalize(root)` was written: its deepest node that exists,
 * plus the rest of the path (a key that is missing is looked for under its parent).
 */
export function lookupOrigin(root: LNode, path: NodePath): Loc {
  let n = root;
  let i = 0;
  for (; i < path.length; i++) {
    let c: LNode | undefined;
    if (n.kind === 'map') c = n.entries.get(String(path[i]));
    else if (n.kind === 'list') c = live(n)[Number(path[i])];
    if (!c || c.kind === 'delete') break;
    n = c;
    if (n.kind === 'plain') {
      i++; // the rest of the path lies inside one file, as written
      break;
    }
  }
  const loc = locOf(n.origin);
  return i === path.length ? loc : { file: loc.file, path: [...loc.path, ...path.slice(i)] };
}

/**
 * The plain value of a layered tree. Remaining `$delete` markers are dropped; one that
 * removed nothing is reported to `unused`. Paths of the value resolve with `lookupOrigin`.
 */
export function finalize(n: LNode, unused: (d: LDelete) => void): unknown {
  if (n.kind === 'scalar' || n.kind === 'plain') return n.value;
  if (n.kind === 'delete') return null;
  if (n.kind === 'list') {
    const value: unknown[] = [];
    for (const item of n.items) {
      if (item.kind !== 'delete') value.push(finalize(item, unused));
      else if (!item.hit) unused(item);
    }
    return value;
  }
  const value: Record<string, unknown> = {};
  for (const [k, v] of n.entries) {
    if (v.kind !== 'delete') setOwn(value, k, finalize(v, unused));
    else if (!v.hit) unused(v);
  }
  return value;
}

/** obj[k] = v, as an own property even for '__proto__' (which the loader refuses anyway). */
export function setOwn(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}
